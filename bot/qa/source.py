"""Parse a speech body into points → sub-points → passages → sentences, and apply reviewed corrections.

The structure is derived from the text, never retyped: a paragraph opening with 一、/二、… starts a
point, one opening with 一要/二要… a sub-point, a marker such as 非煤矿山方面: starts a passage inside
it, and a last paragraph opening with 同志们 is the closing. Each piece gets a stable id from its
position (``p3.2.1.s2`` = point 3, sub-point 2, passage 1, sentence 2), and every sentence keeps its
original wording beside the corrected one so an answer can always be shown as the source has it.

Given the document's id (as the loader does), every id is global from the start:
``county-safety-2023/p3.2.1.s2``, and the sections, sub-points, passages and sentences refer to each
other by global ids; without it (a speech parsed on its own) the ids are the local ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import KnowledgeError
from bot.qa import lazyre as re
from bot.texts import Msg

CN_NUMERALS = "一二三四五六七八九十"
_POINT_RE = re.compile(rf"^([{CN_NUMERALS}]+)、(.*)$", re.S)
_SUBPOINT_RE = re.compile(rf"^([{CN_NUMERALS}]+)要")
_PASSAGE_MARK_RE = re.compile(r"([\u4e00-\u9fff]{2,8}方面)[::]")
_SENTENCE_RE = re.compile(r"[^。!?!?;;::]*(?:[。!?!?;;::]+[”’〞\"]?|$)")
CLOSING_OPENERS = ("同志们",)


def cn_number(text: str) -> int:
    """一 → 1 … 十 → 10, 十二 → 12 (enough for outline numbering)."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_NUMERALS.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_NUMERALS.index(tens) + 1) * 10 + (CN_NUMERALS.index(ones) + 1 if ones else 0)
    return CN_NUMERALS.index(text) + 1


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一, 105 → 一百零五, 110 → 一百一十, 1200 → 一千二百 (as ordinals are written:
    第一百二十五条); 0 and below as Arabic digits."""
    if n <= 0:
        return str(n)
    if n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + CN_NUMERALS[n - 11]
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


@dataclass(frozen=True)
class Correction:
    """One reviewable repair: `original` becomes `corrected` inside `context` (or everywhere)."""

    id: str
    original: str
    corrected: str
    context: str | None
    count: int | None
    queries: bool
    why: str


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    original: str
    passage_id: str
    position: int  # order in the whole document


@dataclass(frozen=True)
class Passage:
    id: str
    title: str  # "非煤矿山方面" for a marked passage, "" for the lead passage of a point or sub-point
    path: tuple[str, ...]  # title path shown to users
    sentence_ids: tuple[str, ...]
    section_id: str
    subpoint_id: str | None


@dataclass(frozen=True)
class SubPoint:
    id: str
    ordinal: int
    label: str  # 一要
    heading: str  # 持续加大隐患排查整治力度
    passage_ids: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str  # intro, p1 … pN, closing (after the document id and a slash when loaded)
    kind: str  # intro | point | closing
    ordinal: int  # 1 … N for points, 0 otherwise
    label: str  # 第一点 / 开头 / 结束语
    heading: str  # corrected heading of a point ("" for intro and closing)
    heading_original: str
    passage_ids: tuple[str, ...]
    subpoints: tuple[SubPoint, ...]

    @property
    def title(self) -> str:
        return f"{self.label} {self.heading}".strip()


@dataclass(frozen=True)
class ParsedSpeech:
    title: str
    title_original: str
    sections: tuple[Section, ...]
    passages: dict[str, Passage] = field(repr=False)
    sentences: dict[str, Sentence] = field(repr=False)
    applied: dict[str, int] = field(repr=False)  # correction id → occurrences repaired
    kind: str = "speech"  # speech (this module) | law | official | plain (bot.qa.structure)
    units: dict[str, str] = field(default_factory=dict, repr=False)  # label as written (第二十一条) → id


def _find_all(text: str, needle: str) -> list[int]:
    out, start = [], 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return out
        out.append(i)
        start = i + len(needle)


def correction_spans(text: str, corrections: list[Correction], source: str) -> tuple[list[tuple[int, int, str]], dict[str, int]]:
    """Where each correction applies in `text`: (start, end, replacement) spans, and a count per id.

    Raises when an entry's text is not found as many times as it declares, or two entries overlap,
    so a stale correction list cannot silently drift away from the source.
    """
    spans: list[tuple[int, int, str, str]] = []
    counts: dict[str, int] = {}
    for c in corrections:
        found: list[int] = []
        if c.context:
            offset = c.context.find(c.original)
            if offset < 0:
                raise KnowledgeError(source, Msg("check_at", where=Msg("check_where_correction", id=c.id),
                                                  message=Msg("check_context_missing", context=c.context,
                                                              original=c.original)))
            found = [i + offset for i in _find_all(text, c.context)]
        else:
            found = _find_all(text, c.original)
        expected = c.count if c.count is not None else 1
        if len(found) != expected:
            what = c.context or c.original
            raise KnowledgeError(source, Msg("check_at", where=Msg("check_where_correction", id=c.id),
                                             message=Msg("check_correction_count", what=what, found=len(found),
                                                         expected=expected)))
        counts[c.id] = len(found)
        spans.extend((i, i + len(c.original), c.corrected, c.id) for i in found)
    spans.sort()
    for (_s1, e1, _, id1), (s2, _e2, _, id2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            raise KnowledgeError(source, f"corrections {id1} and {id2} overlap at character {s2}")
    return [(s, e, r) for s, e, r, _ in spans], counts


def apply_spans(text: str, spans: list[tuple[int, int, str]], start: int = 0, end: int | None = None) -> str:
    """The corrected form of text[start:end], given spans computed over the whole text."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e, rep in spans:
        if e <= start or s >= end:
            continue
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def split_sentences(text: str) -> list[str]:
    """Split at 。!?;: keeping the punctuation and a closing quote with the sentence."""
    return [m.group(0) for m in _SENTENCE_RE.finditer(text) if m.group(0).strip()]


@dataclass
class _Builder:
    raw: str
    spans: list[tuple[int, int, str]]
    passages: dict[str, Passage] = field(default_factory=dict)
    sentences: dict[str, Sentence] = field(default_factory=dict)

    def fix(self, start: int, end: int) -> str:
        return apply_spans(self.raw, self.spans, start, end)

    def passage(self, pid: str, title: str, path: tuple[str, ...], start: int, end: int,
                section_id: str, subpoint_id: str | None) -> str:
        ids: list[str] = []
        add_sentences(self, pid, start, end, ids)
        self.passages[pid] = Passage(pid, title, path, tuple(ids), section_id, subpoint_id)
        return pid


def add_sentences(builder, pid: str, start: int, end: int, ids: list[str]) -> None:
    """The sentences of ``builder.raw[start:end]`` as ``<pid>.s<n>`` (numbering on from `ids`, which grows):
    each kept corrected (``builder.fix``) and as the source has it, in ``builder.sentences``. Shared by the
    speech's parser and `bot.qa.structure`."""
    raw, pos = builder.raw, start
    for part in split_sentences(raw[start:end]):
        s = raw.index(part, pos)
        pos = s + len(part)
        lead = len(part) - len(part.lstrip())
        trail = len(part) - len(part.rstrip())
        s, e = s + lead, pos - trail
        sid = f"{pid}.s{len(ids) + 1}"
        builder.sentences[sid] = Sentence(sid, builder.fix(s, e), raw[s:e], pid, len(builder.sentences))
        ids.append(sid)


def _paragraphs(raw: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", raw)]


def parse_speech(raw: str, corrections: list[Correction], source: str = "source.txt",
                 corrections_source: str = "corrections.yaml", doc_id: str = "") -> ParsedSpeech:
    """Derive the outline and sentences of a speech body (title, then space-separated paragraphs).

    With `doc_id`, every id is global (``<doc_id>/p3.2.s1``); without, local (``p3.2.s1``).
    """
    prefix = f"{doc_id}/" if doc_id else ""
    raw = raw.strip()
    spans, applied = correction_spans(raw, corrections, corrections_source)
    paras = _paragraphs(raw)
    if len(paras) < 2:
        raise KnowledgeError(source, "expected a title followed by paragraphs separated by spaces or new lines")
    b = _Builder(raw, spans)
    t_start, t_end = paras[0]
    title_original, title = raw[t_start:t_end], b.fix(t_start, t_end)

    # Group paragraphs: before the first point → intro; each point's paragraphs; a trailing 同志们 → closing.
    groups: list[tuple[str, int, list[tuple[int, int]]]] = [("intro", 0, [])]
    for start, end in paras[1:]:
        text = raw[start:end]
        m = _POINT_RE.match(text)
        if m:
            groups.append(("point", cn_number(m.group(1)), [(start, end)]))
        elif text.startswith(CLOSING_OPENERS) and len(groups) > 1:
            groups.append(("closing", 0, [(start, end)]))
        else:
            groups[-1][2].append((start, end))
    points = [g for g in groups if g[0] == "point"]
    if not points:
        raise KnowledgeError(source, "no numbered points (一、 二、 …) found in the speech")
    for expected, (_, ordinal, _) in enumerate(points, start=1):
        if ordinal != expected:
            raise KnowledgeError(source, f"points are out of order: expected point {expected}, found {ordinal}")

    sections: list[Section] = []
    for kind, ordinal, group in groups:
        if kind == "intro":
            if not group:
                continue
            sid, label = f"{prefix}intro", "开头"
            heading = heading_original = ""
            body = group
        elif kind == "closing":
            sid, label, heading, heading_original, body = f"{prefix}closing", "结束语", "", "", group
        else:
            sid, label = f"{prefix}p{ordinal}", f"第{cn_numeral(ordinal)}点"
            h_start, h_end = group[0]
            h_start += len(cn_numeral(ordinal)) + 1  # after "一、"
            heading, heading_original = b.fix(h_start, h_end), raw[h_start:h_end]
            body = group[1:]
        section_title = f"{label} {heading}".strip()
        passage_ids: list[str] = []
        subpoints: list[SubPoint] = []
        for start, end in body:
            text = raw[start:end]
            m = _SUBPOINT_RE.match(text)
            if kind != "point" or not m:
                if subpoints:  # a plain paragraph after sub-points continues the last sub-point
                    raise KnowledgeError(source, f"paragraph after sub-points in {label} is not a sub-point: {text[:20]}…")
                pid = sid if not passage_ids else f"{sid}.0{len(passage_ids)}"
                passage_ids.append(b.passage(pid, "", (section_title,), start, end, sid, None))
                continue
            sub_ord = cn_number(m.group(1))
            sub_id = f"{sid}.{sub_ord}"
            sub_label = f"{m.group(1)}要"
            first = split_sentences(text)[0]
            sub_heading = b.fix(start + len(sub_label), start + len(first.rstrip())).rstrip("。;;:: ")  # noqa: B005 - a set of end punctuation
            sub_title = f"{sub_label} {sub_heading}"
            marks = list(_PASSAGE_MARK_RE.finditer(text))
            bounds = [(None, start, start + (marks[0].start() if marks else len(text)))]
            for i, mk in enumerate(marks):
                p_end = start + (marks[i + 1].start() if i + 1 < len(marks) else len(text))
                bounds.append((mk, start + mk.end(), p_end))
            sub_passages = []
            for i, (mk, p_start, p_end) in enumerate(bounds):
                if mk is None:
                    sub_passages.append(b.passage(sub_id, "", (section_title, sub_title), p_start, p_end, sid, sub_id))
                else:
                    p_title = b.fix(start + mk.start(1), start + mk.end(1))
                    sub_passages.append(
                        b.passage(f"{sub_id}.{i}", p_title, (section_title, sub_title, p_title), p_start, p_end, sid, sub_id)
                    )
            subpoints.append(SubPoint(sub_id, sub_ord, sub_label, sub_heading, tuple(sub_passages)))
        sections.append(Section(sid, kind, ordinal, label, heading, heading_original, tuple(passage_ids), tuple(subpoints)))
    return ParsedSpeech(title, title_original, tuple(sections), b.passages, b.sentences, applied)
