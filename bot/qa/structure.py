"""The structure of a Chinese document as it is written: official documents, laws, speeches, plain text.

`bot.qa.source.parse_speech` reads the shipped speech (one line, paragraphs separated by spaces, points
一、 and sub-points 一要 with "…方面:" passages). Every other source has one paragraph per line, and
this module derives its outline from the numbering it uses, in its own terms:

* **laws** (a paragraph opening with 第X条): 第X编 › 第X分编 › 第X章 › 第X节 › 第X条; the paragraphs of an
  article (its 款, and its （一） 项) stay in the article;
* **official documents** (GB/T 9704): 一、 › （一） › 1. › （1）;
* **speeches**: 第一,/首先/其次/再次/最后, 一是/二是, 一要/二要, 一方面/另一方面 at the start of a paragraph;
* **no numbering**: paragraphs only (第1段, 第2段 …).

The levels of official documents and speeches are the order in which their kinds of numbering first
appear (a document that opens with 一是 and nests 1. in it is read that way); a numbered paragraph whose
number does not follow its siblings (or the same kind's numbering in the whole document, as 1.–20.
running on through （一）–（八）) is text, not a heading. Only a paragraph's opening counts: 一是…二是…
inside a paragraph is text.

Sentences split at 。!?;: inside one paragraph, never across paragraphs and never at whitespace (a PDF
line break inside a paragraph or "57 家" stays in its sentence).

The result has the shape of a parsed speech (`ParsedSpeech`): top-level units are sections (kind
``point``), the next level sub-points, deeper units passages whose title path names every level
(第三章 总则 › 第二十一条; 二、任务分工 › （三）…). Ids come from the numbering, so they are stable while
the text is: ``c3`` (第三章), ``a21`` (第二十一条, unique in a law), ``p2.3`` (二、 › （三）), ``intro``
(before the first heading), sentences ``<passage>.s<n>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import KnowledgeError
from bot.qa import lazyre as re
from bot.qa.source import (
    Correction,
    ParsedSpeech,
    Passage,
    Section,
    Sentence,
    SubPoint,
    add_sentences,
    apply_spans,
    correction_spans,
    split_sentences,
)

_CN = "零〇一二三四五六七八九十百千两"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21, 一百零五 → 105, 1 → 1."""
    text = text.translate(_FW_DIGITS)
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "千":
            total += (current or 1) * 1000
            current = 0
    return total + current


# ----- numbering: (kind, pattern); the pattern's group 1 is the number, group "rest" what follows -----
_WS = r"[ \t\u3000\u2002\u2003\u00a0]"
LAW_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("编", re.compile(rf"^第([{_CN}]+)编(?:{_WS}+|$)(?P<rest>.*)$", re.S)),
    ("分编", re.compile(rf"^第([{_CN}]+)分编(?:{_WS}+|$)(?P<rest>.*)$", re.S)),
    ("章", re.compile(rf"^第([{_CN}]+)章(?:{_WS}+|$)(?P<rest>.*)$", re.S)),
    ("节", re.compile(rf"^第([{_CN}]+)节(?:{_WS}+|$)(?P<rest>.*)$", re.S)),
    ("条", re.compile(rf"^第([{_CN}]+)条(?:{_WS}+|(?=[^{_CN}的规款项]))(?P<rest>.*)$", re.S)),
)
_ARTICLE = LAW_KINDS[-1][1]
OTHER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(rf"^([{_CN}]+){_WS}*[、.．]{_WS}*(?P<rest>.*)$", re.S)),
    ("（一）", re.compile(rf"^[（(]([{_CN}]+)[）)]{_WS}*(?P<rest>.*)$", re.S)),
    ("1.", re.compile(r"^([0-9０-９]{1,3})(?:[.．、](?![0-9０-９])|(?=" + _WS + r"))" + _WS + r"*(?P<rest>.*)$", re.S)),
    ("（1）", re.compile(r"^[（(]([0-9０-９]{1,3})[）)]" + _WS + r"*(?P<rest>.*)$", re.S)),
    ("第一", re.compile(rf"^第([{_CN}]{{1,3}})(?:[，,、：:]|{_WS})(?P<rest>.*)$", re.S)),
    ("一是", re.compile(rf"^([{_CN}]{{1,3}})是(?P<rest>.*)$", re.S)),
    ("一要", re.compile(rf"^([{_CN}]{{1,3}})要(?P<rest>.*)$", re.S)),
    ("一方面", re.compile(r"^(一|另一)方面[，,、：:]?(?P<rest>.*)$", re.S)),
)
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "第三": 3, "最后": 0}  # 最后: the next number, whatever it is
_SEQUENCE_RE = re.compile(rf"^(首先|其次|再次|最后)(?:[，,、：:]|{_WS})(?P<rest>.*)$", re.S)
_HEADING_END = "。!?！？;；"
MAX_HEADING = 40  # a numbered paragraph this short without an end mark is a heading only


@dataclass
class _Node:
    kind: str
    number: int
    label: str  # 第三章 / 二、 / （三） / 第二十一条 / 一要 / 首先
    heading: str  # corrected
    heading_original: str
    id: str
    level: int
    body: list[tuple[int, int]] = field(default_factory=list)  # paragraphs (spans of the raw text)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def title(self) -> str:
        if not self.heading:
            return self.label
        sep = "" if self.label.endswith(("、", "）", ")", ".", "．")) else " "
        return f"{self.label}{sep}{self.heading}"


_ID_LETTER = {"编": "b", "分编": "f", "章": "c", "节": "j", "条": "a", "一、": "p", "第一": "p", "段": "g"}


def document_kind(paragraphs: list[str]) -> str:
    """law | official | speech | plain, from the numbering at the start of the paragraphs."""
    if sum(1 for p in paragraphs if _ARTICLE.match(p)) >= 2:
        return "law"
    kinds = {k for p in paragraphs for k in (_marker(p, OTHER_KINDS) or ("", 0, ""))[:1] if k}
    if kinds & {"第一", "一是", "一要", "一方面"}:
        return "speech"
    if kinds:
        return "official"
    return "plain"


def _marker(text: str, kinds) -> tuple[str, int, str] | None:
    """(kind, number, label) of a paragraph's opening numbering, or None."""
    for kind, pattern in kinds:
        m = pattern.match(text)
        if m:
            number = 1 if m.group(1) == "一" and kind == "一方面" else (2 if kind == "一方面" else cn_int(m.group(1)))
            label = text[: m.start("rest")].rstrip(" \t\u3000\u2002\u2003\u00a0")
            if kind in ("第一", "一方面"):
                label = label.rstrip("，,、：:")
            return kind, number, label
    if kinds is OTHER_KINDS:
        m = _SEQUENCE_RE.match(text)
        if m:
            return "第一", _SEQUENCE[m.group(1)], m.group(1)  # 首先/其次/最后 count like 第一/第二
    return None


def paragraph_spans(raw: str) -> list[tuple[int, int]]:
    """One span per non-empty line, without its surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", raw):
        s, e = m.start(), m.end()
        text = m.group(0)
        lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


@dataclass
class _Builder:
    raw: str
    spans: list[tuple[int, int, str]]
    prefix: str
    passages: dict[str, Passage] = field(default_factory=dict)
    sentences: dict[str, Sentence] = field(default_factory=dict)

    def fix(self, start: int, end: int) -> str:
        return apply_spans(self.raw, self.spans, start, end)

    def passage(self, pid: str, title: str, path: tuple[str, ...], paras: list[tuple[int, int]],
                section_id: str, subpoint_id: str | None) -> str | None:
        ids: list[str] = []
        for start, end in paras:
            add_sentences(self, pid, start, end, ids)
        if not ids:
            return None
        self.passages[pid] = Passage(pid, title, path, tuple(ids), section_id, subpoint_id)
        return pid


def _title_index(texts: list[str], title_hint: str | None) -> int:
    """The paragraph that is the document's title: the one equal to the hint (a letterhead before it is
    not the title), else the first."""
    if title_hint:
        want = re.sub(r"\s+", "", title_hint)
        for i, t in enumerate(texts[:12]):
            if re.sub(r"\s+", "", t).lstrip("#").strip() == want:
                return i
    return 0


def parse_document(raw: str, corrections: list[Correction], source: str = "source.txt",
                   corrections_source: str = "corrections.yaml", doc_id: str = "",
                   title_hint: str | None = None) -> ParsedSpeech:
    """The outline and sentences of a document with one paragraph per line (see the module docstring)."""
    prefix = f"{doc_id}/" if doc_id else ""
    raw = raw.strip()
    spans, applied = correction_spans(raw, corrections, corrections_source)
    paras = paragraph_spans(raw)
    if not paras:
        raise KnowledgeError(source, "the document is empty")
    texts = [raw[s:e] for s, e in paras]
    t = _title_index(texts, title_hint)
    b = _Builder(raw, spans, prefix)
    title_original = texts[t]
    title = b.fix(*paras[t])
    body = list(zip(paras[t + 1:], texts[t + 1:], strict=True))
    kind = document_kind([x for _, x in body])
    kinds = LAW_KINDS if kind == "law" else OTHER_KINDS

    root = _Node("root", 0, "", "", "", "", 0)
    intro = _Node("intro", 0, "开头", "", "", f"{prefix}intro", 0)
    rank: dict[str, int] = {k: i for i, (k, _) in enumerate(LAW_KINDS)} if kind == "law" else {}
    last_global: dict[str, int] = {}
    stack: list[_Node] = [root]
    used: set[str] = set()
    for span, text in body:
        mk = _marker(text, kinds) if kind != "plain" else None
        if mk is not None:
            k, number, label = mk
            if k not in rank:
                rank[k] = len(rank)
            r = rank[k]
            depth = len(stack)
            while depth > 1 and rank.get(stack[depth - 1].kind, -1) >= r:
                depth -= 1
            parent = stack[depth - 1]
            siblings = [c for c in parent.children if c.kind == k]
            if number == 0:  # 最后: after the last of its siblings
                number = (siblings[-1].number + 1) if siblings else 0
            expected_local = siblings[-1].number + 1 if siblings else 1
            ok = number in (expected_local, last_global.get(k, 0) + 1) and number > 0
            if kind == "law" and k == "条":
                ok = number > 0  # articles are numbered through the law (第一百零五条之一 aside)
            if ok:
                stack = stack[:depth]
                rest_start = span[0] + len(label)
                while rest_start < span[1] and raw[rest_start] in " \t\u3000\u2002\u2003\u00a0":
                    rest_start += 1
                rest = raw[rest_start:span[1]]
                heading_only = (k != "条" and len(rest) <= MAX_HEADING
                                and not any(c in rest for c in _HEADING_END))
                if heading_only:
                    heading, heading_original = b.fix(rest_start, span[1]), rest
                else:
                    first = split_sentences(rest)[0] if rest else ""
                    short = first.rstrip(_HEADING_END + "::，, ")
                    if k in ("条",) or len(short) > MAX_HEADING or not first.rstrip().endswith(("。", ".")):
                        heading = heading_original = ""
                    else:
                        heading = b.fix(rest_start, rest_start + len(short))
                        heading_original = short
                letter = _ID_LETTER.get(k, "")
                if k == "条":
                    nid = f"{prefix}a{number}"
                elif parent is root:
                    nid = f"{prefix}{letter or 'p'}{number}"
                else:
                    nid = f"{parent.id}.{letter if letter in ('j', 'a') else ''}{number}"
                while nid in used:
                    nid += "x"
                used.add(nid)
                node = _Node(k, number, label, heading, heading_original, nid, len(stack), parent=parent)
                if not heading_only:
                    node.body.append(span)
                parent.children.append(node)
                stack.append(node)
                last_global[k] = number
                continue
        (stack[-1] if len(stack) > 1 else intro).body.append(span)

    if not root.children:  # no numbering: paragraphs only
        for i, (span, _text) in enumerate(body, start=1):
            if i == 1 and intro.body and intro.body[0] == span:
                intro.body.clear()
            node = _Node("段", i, f"第{i}段", "", "", f"{prefix}g{i}", 1, [span], parent=root)
            root.children.append(node)
        intro.body.clear()
        if not root.children:
            raise KnowledgeError(source, "expected a title followed by at least one paragraph")

    sections: list[Section] = []
    units: dict[str, str] = {}
    if intro.body:
        pid = b.passage(intro.id, "", ("开头",), intro.body, intro.id, None)
        if pid:
            sections.append(Section(intro.id, "intro", 0, "开头", "", "", (pid,), ()))
    for top in root.children:
        units.setdefault(top.label, top.id)
        top_passages: list[str] = []
        lead = b.passage(top.id, "", (top.title,), top.body, top.id, None)
        if lead:
            top_passages.append(lead)
        subpoints: list[SubPoint] = []
        for sub in top.children:
            units.setdefault(sub.label, sub.id)
            sub_passages: list[str] = []
            _collect(b, sub, (top.title, sub.title), top.id, sub.id, sub_passages, units, lead=True)
            if sub_passages:
                subpoints.append(SubPoint(sub.id, sub.number, sub.label, sub.heading, tuple(sub_passages)))
        if not top_passages and not subpoints:
            continue
        sections.append(Section(top.id, "point", top.number, top.label, top.heading, top.heading_original,
                                tuple(top_passages), tuple(subpoints)))
    if not b.sentences:
        raise KnowledgeError(source, "no sentence found after the title")
    return ParsedSpeech(title, title_original, tuple(sections), b.passages, b.sentences, applied,
                        kind=kind, units=units)


def _collect(b: _Builder, node: _Node, path: tuple[str, ...], section_id: str, subpoint_id: str,
             out: list[str], units: dict[str, str], lead: bool = False) -> None:
    """The passages of a sub-point: its own paragraphs (the lead passage, untitled), then each deeper unit
    with its title path."""
    pid = b.passage(node.id, "" if lead else node.title, path, node.body, section_id, subpoint_id)
    if pid:
        out.append(pid)
    for child in node.children:
        units.setdefault(child.label, child.id)
        _collect(b, child, (*path, child.title), section_id, subpoint_id, out, units)
