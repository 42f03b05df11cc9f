"""Load a knowledge folder into an immutable `KnowledgeBase`: the one parse of every knowledge file.

Layout (a second speech is added as data alone: a new sub-folder with the same files):

    knowledge/
      <document-id>/source.txt        the body exactly as received (read by `bot.qa.readers`)
      <document-id>/meta.yaml         title, speaker, meeting, where the text came from, facts
      <document-id>/corrections.yaml  reviewed repairs of the source, applied here at load time
      <document-id>/qa.yaml           curated questions with alternates, pointing at sentence ids
      synonyms.yaml  glossary_en.yaml  userdict.txt  stopwords.txt  (shared by all documents)

Two modes, one parse of each file:

* `load_knowledge(root)` (serving) stops at the first problem and raises it as `KnowledgeError`
  (``<file>: <where>: <problem>``);
* `read_knowledge(root)` (`python -m bot check`) reads on past every problem and returns them all as
  `Problem` values, with the knowledge base of what could be read (the broken entries left out).

Both apply the same rules, so they accept and reject the same folders: readable files of the right
shape with the keys they need, no duplicate ids (corrections, Q&A entries, facts), corrections that
match the source as declared without overlapping, `answer` and `related` naming what exists, a speech
whose structure can be derived. (`check` adds rules of its own that need a matcher: see
`bot.maintenance.check`.)

Ids are global from here on: the loader gives every document id to `parse_speech`, so sentences,
passages, sub-points, sections, Q&A entries and facts carry ``<document-id>/<local id>`` and refer to
each other that way. This module is the only place that composes or splits such ids
(`KnowledgeBase.document`, `KnowledgeBase.local_id`, `Document.outline_id`).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError
from bot.qa import lazyre as re
from bot.qa.source import Correction, ParsedSpeech, Passage, Section, Sentence, correction_spans, parse_speech
from bot.qa.structure import parse_document
from bot.texts import Msg, say
from bot.texts import t as text_of

log = logging.getLogger(__name__)

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster start-up
DOCUMENT_FILES = ("meta.yaml", "corrections.yaml", "qa.yaml")  # beside the source file


# ----- what is loaded -----
@dataclass(frozen=True)
class QAEntry:
    id: str  # global: <doc>/<entry id>
    question: str
    alternates: tuple[str, ...]
    targets: tuple[str, ...]  # global sentence ids, consecutive, in order
    related: tuple[str, ...] = ()  # global QA ids
    doc_id: str = ""
    local_id: str = ""  # the id as written in qa.yaml


@dataclass(frozen=True)
class Fact:
    id: str  # global: <doc>/fact:<id>
    question: str
    alternates: tuple[str, ...]
    answer: str
    doc_id: str = ""
    local_id: str = ""  # the id as written under `facts:` in meta.yaml
    # Phrasings with the document named by its kind (通知是谁发布的): they hold only when a question names
    # it so (这个通知, 最新的讲话: `bot.qa.naming`), so `check` neither self-tests them nor compares them.
    by_kind: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    folder: Path
    meta: dict[str, Any]
    speech: ParsedSpeech  # its ids are global
    corrections: tuple[Correction, ...]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.speech.title)

    @property
    def short_name(self) -> str:
        """The name that tells it from the other documents: meta.yaml `short_name`, else from the title."""
        from bot.qa.importer import short_name

        return str(self.meta.get("short_name") or short_name(self.title))

    @property
    def date(self) -> str:
        """meta.yaml `date` (ISO), else its `year`; "" when neither is given (sorts as the oldest)."""
        return str(self.meta.get("date") or self.meta.get("year") or "")

    @property
    def primary(self) -> bool:
        """meta.yaml `primary: true`: the document a question that names none is about when it answers it
        (nearly) as well as another (`bot.qa.matcher`, `bot.qa.outline`)."""
        return self.meta.get("primary") is True

    @cached_property
    def points(self) -> tuple[Section, ...]:
        return tuple(s for s in self.speech.sections if s.kind == "point")

    @property
    def outline_id(self) -> str:
        """The id of an answer about the whole structure of the document."""
        return f"{self.id}/outline"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge folder: the file, where in it (an entry, a line; None for the whole
    file) and what."""

    file: Path
    where: str | None  # a `Msg` when it can be said in Chinese too
    message: str  # the English text; a `Msg` (key and params of the text table) when it can be said in Chinese

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def render(self, lang: str) -> str:
        """The line of `check` in `lang`: English exactly as `str(self)`; in Chinese, a message not in the
        text table stays English inside the Chinese frame."""
        if lang == "en":
            return str(self)
        text = say(self.message, lang)
        if self.where:
            text = text_of(lang, "check_at", where=say(self.where, lang), message=text)
        return text_of(lang, "check_line", file=self.file, text=text)

    def __str__(self) -> str:
        return f"{self.file}: {self.text}"

    def error(self) -> KnowledgeError:
        return KnowledgeError(str(self.file), self.text)


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    documents: tuple[Document, ...]
    sentences: Records = field(repr=False)  # global id → sentence, in reading order
    passages: Records = field(repr=False)  # global id → passage, in reading order
    qa: tuple[QAEntry, ...] = field(repr=False)
    facts: tuple[Fact, ...] = field(repr=False)
    synonyms: dict[str, tuple[str, ...]] = field(repr=False)  # variant → canonical terms
    glossary: dict[str, tuple[str, ...]] = field(repr=False)  # english phrase (lower case) → chinese terms
    userdict: tuple[tuple[str, int | None, str | None], ...] = field(repr=False)  # (word, freq, tag)
    stopwords: frozenset[str] = field(repr=False)
    # Document folders that could not be read, with why (serving leaves them out; `check` fails on them).
    left_out: tuple[Problem, ...] = field(default=(), repr=False)

    def cite(self, doc_gid: str, path: tuple[str, ...]) -> tuple[str, ...]:
        """The 出处 of a quote or outline answer: its title path, after the document's name when more than
        one document is served."""
        if len(self.documents) < 2:
            return path
        name = f"《{self.document(doc_gid).short_name}》"
        return path if path[:1] == (name,) else (name, *path)

    def alone(self, doc_id: str) -> KnowledgeBase:
        """This knowledge base with one of its documents only (the primary document's questions are decided
        as if it were served alone: `bot.qa.matcher.Matcher`)."""
        doc = self.document(doc_id)
        return replace(self, documents=(doc,),
                       sentences=Records(Sentence, list(doc.speech.sentences.values())),
                       passages=Records(Passage, list(doc.speech.passages.values())),
                       qa=tuple(e for e in self.qa if e.doc_id == doc_id),
                       facts=tuple(f for f in self.facts if f.doc_id == doc_id), left_out=())

    # ----- look-ups used by the front ends: they take and return global ids -----
    def document(self, gid: str) -> Document:
        """The document an id belongs to (a document id itself, or any id inside it)."""
        doc_id = gid.split("/", 1)[0]
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(gid)

    @staticmethod
    def local_id(gid: str) -> str:
        """The id as written inside its document's files (``p3.2.s1``), for people to read."""
        return gid.split("/", 1)[1] if "/" in gid else gid

    def passage_of(self, sentence_gid: str) -> Passage:
        return self.passages[self.sentences[sentence_gid].passage_id]

    def quote_run(self, sentence_ids: list[str] | tuple[str, ...], limit: int,
                  within: Passage | None = None) -> tuple[str, str, tuple[str, ...]]:
        """Consecutive sentences as one quote: (text, the same span as the source has it, their ids), as
        many as fit in `limit` characters (the first always), stopping at the end of `within` if given."""
        own = set(within.sentence_ids) if within is not None else None
        texts: list[str] = []
        originals: list[str] = []
        kept: list[str] = []
        for sid in sentence_ids:
            if own is not None and sid not in own:
                break
            s = self.sentences[sid]
            if kept and sum(map(len, texts)) + len(s.text) > limit:
                break
            texts.append(s.text)
            originals.append(s.original)
            kept.append(sid)
        return "".join(texts), "".join(originals), tuple(kept)

    def passage_text(self, passage_gid: str, *, original: bool = False) -> str:
        parts = [self.sentences[s] for s in self.passages[passage_gid].sentence_ids]
        return "".join(s.original if original else s.text for s in parts)

    def context_of(self, gid: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The whole sub-point (or point, intro, closing) that a sentence or passage stands in: its title
        path and the ids of its passages."""
        passage = self.passage_of(gid) if gid in self.sentences else self.passages[gid]
        for section in self.document(gid).speech.sections:
            if section.id != passage.section_id:
                continue
            if passage.subpoint_id:
                sub = next(s for s in section.subpoints if s.id == passage.subpoint_id)
                return passage.path[:2], sub.passage_ids
            return passage.path[:1], section.passage_ids
        raise KeyError(gid)  # pragma: no cover - passages always belong to a section

    @cached_property
    def document_names(self) -> tuple[tuple[str, str, str], ...]:
        """Per document (in order): its title and short name normalised without spaces, and its title
        normalised; computed once, not per question (outline questions look for them: `bot.qa.outline`)."""
        from bot.qa.text import normalise

        return tuple((normalise(d.title).replace(" ", ""), normalise(d.short_name).replace(" ", ""), normalise(d.title))
                     for d in self.documents)

    @cached_property
    def names_by_start(self) -> dict[str, tuple[tuple[int, int, str], ...]]:
        """The titles and short names (`document_names`, k = 0 and 1) by their first two characters: a
        question is compared only with the names starting at one of its own positions, not with every
        document's (a thousand laws)."""
        out: dict[str, list[tuple[int, int, str]]] = {}
        for i, names in enumerate(self.document_names):
            for k in (0, 1):
                if names[k]:
                    out.setdefault(names[k][:2], []).append((i, k, names[k]))
        return {key: tuple(v) for key, v in out.items()}

    @cached_property
    def primary_documents(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.primary)

    @cached_property
    def name_index(self):
        """The documents' titles and short names as `bot.qa.docnames` finds them in a question, shortened
        (宁波学校安全条例); computed once, not per question."""
        from bot.qa.docnames import NameIndex, customary_names, named_with_number

        return NameIndex((d.id, (d.title, named_with_number(d.title, d.short_name), *customary_names(d.title)))
                         for d in self.documents)

    def qa_entry(self, gid: str) -> QAEntry | None:
        return next((q for q in self.qa if q.id == gid), None)

    def entries_for(self, sentence_gid: str) -> list[QAEntry]:
        """QA entries whose answer includes the sentence, then those in the same passage."""
        same = self._entries_by_sentence.get(sentence_gid, [])
        passage_gid = self.sentences[sentence_gid].passage_id
        return same + [q for q in self._entries_by_passage.get(passage_gid, []) if q not in same]

    @cached_property
    def _entries_by_sentence(self) -> dict[str, list[QAEntry]]:
        out: dict[str, list[QAEntry]] = {}
        for q in self.qa:
            for t in q.targets:
                out.setdefault(t, []).append(q)
        return out

    @cached_property
    def _entries_by_passage(self) -> dict[str, list[QAEntry]]:
        out: dict[str, list[QAEntry]] = {}
        for q in self.qa:
            for t in q.targets:
                key = self.sentences[t].passage_id
                if q not in out.setdefault(key, []):
                    out[key].append(q)
        return out

    def search(self, keyword: str) -> list[str]:
        """The ids of every passage whose corrected text contains the keyword, in document order."""
        if not keyword:
            return []
        return [gid for gid in self.passages if keyword in self.passage_text(gid)]


class Records(Mapping):
    """Id → record (a `Sentence` or a `Passage`), in reading order, kept as one list per field and built
    on demand: a library of 100,000 sentences is a few dozen lists in a prepared index (`bot.qa.prepared`),
    not 100,000 objects to unpickle at every start (issue 12). `part(start, stop)`: the records of one
    document, a view of the same lists."""

    def __init__(self, kind: type, records: list):
        self._kind = kind
        self._columns = tuple([getattr(r, f.name) for r in records] for f in fields(kind))
        self._start, self._stop = 0, len(records)
        self.positions: dict[str, int] = {r.id: i for i, r in enumerate(records)}  # id → place in the library
        self._made = _Made()  # the records built so far: the same object each time, as from a dict

    def part(self, start: int, stop: int) -> Records:
        view = copy.copy(self)
        view._start, view._stop = start, stop
        return view

    def __getitem__(self, key: str):
        i = self.positions[key]
        if not self._start <= i < self._stop:
            raise KeyError(key)
        record = self._made.get(i)
        if record is None:  # setdefault: two threads building the same record still share one object
            record = self._made.setdefault(i, self._kind(*(column[i] for column in self._columns)))
        return record

    def __contains__(self, key) -> bool:
        i = self.positions.get(key)
        return i is not None and self._start <= i < self._stop

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns[0][self._start:self._stop])  # the first field is the id

    def __len__(self) -> int:
        return self._stop - self._start

    def __eq__(self, other) -> bool:
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Records({self._kind.__name__}, {len(self)})"


class _Made(dict):
    """`Records`' built records: shared by a table and its parts, and kept empty in a pickle."""

    def __reduce__(self):
        return _Made, ()


# ----- the two modes -----
def load_knowledge(root: str | Path) -> KnowledgeBase:
    """Serving: read every document folder under `root` plus the shared dictionaries; raise the first
    problem as `KnowledgeError`."""
    kb, _ = _Loader(Path(root), fail_fast=True).run()
    assert kb is not None  # a folder with no usable document is a problem, raised above
    return kb


def read_knowledge(root: str | Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """`check`: every problem of the folder, and the knowledge base of what could be read (exactly what
    `load_knowledge` returns when there is no problem; None when not one document could be read)."""
    return _Loader(Path(root), fail_fast=False).run()


# ----- reading -----
@dataclass
class _Doc:
    """One document folder as read so far (what could be read; problems are reported as they are found)."""

    id: str
    folder: Path
    meta: dict[str, Any] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)  # the usable ones
    speech: ParsedSpeech | None = None
    qa: list[QAEntry] = field(default_factory=list)  # entries whose answer resolves
    facts: list[Fact] = field(default_factory=list)


class _Loader:
    def __init__(self, root: Path, *, fail_fast: bool):
        self.root = root
        self.fail_fast = fail_fast
        self.problems: list[Problem] = []
        self.in_document = False  # a problem inside a document folder leaves that document out

    def problem(self, file: Path, where: str | None, message: str) -> None:
        p = Problem(file, where, message)
        if self.fail_fast and not self.in_document:
            raise p.error()
        self.problems.append(p)

    def error(self, exc: KnowledgeError) -> None:
        """A problem raised by the speech parser or a source reader (it names its file)."""
        self.problem(Path(exc.source), None, exc.problem)

    # ----- files -----
    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(path, None, Msg("check_file_not_found"))
        except UnicodeDecodeError:
            self.problem(path, None, Msg("check_not_utf8"))
        except OSError as exc:
            self.problem(path, None, Msg("check_cannot_read", reason=exc.strerror))
        return None

    def read_yaml(self, path: Path, default: Any, kind: type, shape: str) -> Any:
        """The file's data, `default` when it is missing or empty, None (after reporting) when it is broken."""
        if not path.exists():
            return default
        text = self.read_text(path)
        if text is None:
            return None
        try:
            data = yaml.load(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problem(path, None, Msg("check_bad_yaml_at", line=mark.line + 1) if mark else Msg("check_bad_yaml"))
            return None
        if data is None:
            return default
        if not isinstance(data, kind):
            self.problem(path, None, Msg("check_expected_shape", shape=shape, got=type(data).__name__))
            return None
        return data

    def texts(self, value: Any, path: Path, where: str, key: str | None) -> tuple[str, ...] | None:
        """A text or a list of texts as a tuple; None (after reporting) for anything else. `key`: the key
        the value is under (None: the value of the entry `where` itself)."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return tuple(str(v) for v in value)
        self.problem(path, where, Msg("check_list_of_texts_key", key=key) if key else Msg("check_list_of_texts"))
        return None

    # ----- one document -----
    def document(self, folder: Path) -> _Doc | None:
        # The readers (HTML, .docx, PDF) are imported only when documents are read: a start from the
        # prepared index (`bot.qa.prepared`) reads none.
        from bot.qa.readers import read_source, source_files, source_names

        sources = source_files(folder)
        if len(sources) != 1:
            if not sources:
                present = ", ".join(n for n in DOCUMENT_FILES if (folder / n).exists())
                self.problem(folder / source_names()[0], None,
                             Msg("check_no_source", name=source_names()[0], present=present))
            else:
                self.problem(folder, None, f"has {' and '.join(p.name for p in sources)}: one source file only")
            return None
        doc = _Doc(folder.name, folder)
        try:
            raw: str | None = read_source(sources[0])
        except KnowledgeError as exc:
            self.error(exc)
            raw = None
        doc.meta = self.read_yaml(folder / "meta.yaml", {}, dict, Msg("check_shape_mapping")) or {}
        for flag in ("primary", "archived"):
            if flag in doc.meta and not isinstance(doc.meta[flag], bool):
                self.problem(folder / "meta.yaml", None, Msg("check_flag_bool", flag=flag))
        doc.facts = self.facts(doc, folder / "meta.yaml")
        declared = self.corrections(folder / "corrections.yaml")
        if raw is not None:
            doc.corrections = self.fitting_corrections(raw.strip(), declared, folder / "corrections.yaml")
            try:
                doc.speech = parse_source(raw, doc.corrections, str(sources[0]), str(folder / "corrections.yaml"),
                                          doc_id=doc.id, title=doc.meta.get("title"))
            except KnowledgeError as exc:
                self.error(exc)
        doc.qa = self.qa(doc, folder / "qa.yaml")
        if doc.speech is not None:
            doc.facts += self.meta_facts(doc, {f.local_id for f in doc.facts})
        return doc

    def meta_facts(self, doc: _Doc, taken: set[str]) -> list[Fact]:
        """Who issued the document, when, its number, who gave the speech: from meta.yaml `issuer`, `date`,
        `number`, `speaker`, asked by its short name (泰安的通知是谁发的); a fact of the same id declared
        under `facts:` wins."""
        m = doc.meta
        title = str(m.get("title") or (doc.speech.title if doc.speech else doc.id))
        name = _meta_name(doc)
        # …and by its kind (这个通知是谁发的, 最新的讲话是谁讲的: `bot.qa.naming` reads them as 通知, 讲话)
        kind = next((k for k in ("讲话", "通知", "方案", "条例", "办法", "决定", "规定", "意见", "细则", "法")
                     if title.endswith(k) or name.endswith(k)), "")
        out = []
        for key, fid, question, alternates, answer in (
            ("issuer", "issuer", f"{name}是谁发布的", [f"{name}的发文机关是哪里", f"{name}是哪个单位印发的",
                                                     f"谁发布了{name}"], "《{t}》由{v}发布。"),
            ("date", "date", f"{name}是什么时候发布的", [f"{name}的发布日期", f"{name}是哪天印发的",
                                                       f"{name}哪一年发布的"], "《{t}》的日期是{v}。"),
            ("number", "number", f"{name}的文号是多少", [f"{name}的发文字号", f"{name}是几号文件"],
             "《{t}》的文号是{v}。"),
            ("speaker", "speaker", f"{name}是谁讲的", [f"{name}的讲话人是谁", f"{name}是哪位领导讲的"],
             "《{t}》的讲话人是{v}。"),
        ):
            value = m.get(key)
            if not value or fid in taken:
                continue
            if key == "date":
                value = _cn_date(str(value))
            by_kind = (question.replace(name, kind, 1),) if kind else ()
            out.append(Fact(f"{doc.id}/fact:{fid}", question, tuple(alternates), answer.format(t=title, v=value),
                            doc.id, fid, by_kind))
        return out

    def facts(self, doc: _Doc, path: Path) -> list[Fact]:
        items = doc.meta.get("facts") or []
        if not isinstance(items, list):
            self.problem(path, None, Msg("check_facts_not_list"))
            return []
        out: list[Fact] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            fid = item.get("id") if isinstance(item, dict) else None
            where = Msg("check_where_fact", id=fid or i + 1)
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item.get(k)
                                                     for k in ("id", "question", "answer")):
                self.problem(path, where, Msg("check_fact_needs"))
                continue
            if fid in seen:
                self.problem(path, where, Msg("check_duplicate_fact"))
                continue
            seen.add(fid)
            alternates = self.texts(item.get("alternates"), path, where, "alternates")
            if alternates is not None:
                out.append(Fact(f"{doc.id}/fact:{fid}", item["question"], alternates, item["answer"], doc.id, fid))
        return out

    def corrections(self, path: Path) -> list[Correction]:
        """The well-formed entries of corrections.yaml (whether they fit the source is checked next)."""
        items = self.read_yaml(path, [], list, Msg("check_shape_corrections"))
        out: list[Correction] = []
        seen: set[str] = set()
        for i, item in enumerate(items or []):
            cid = item.get("id") if isinstance(item, dict) else None
            where = Msg("check_where_correction", id=cid or i + 1)
            if not isinstance(item, dict):
                self.problem(path, where, Msg("check_expected_mapping"))
                continue
            if item.get("proposed") is True:
                continue  # a proposal of `python -m bot import`, not confirmed by a person: not applied
            missing = [k for k in ("id", "from", "to", "why") if not isinstance(item.get(k), str) or not item.get(k)]
            if missing:
                self.problem(path, where, Msg("check_missing_key", key=missing[0]))
                continue
            count = item.get("count")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
                self.problem(path, where, Msg("check_count_positive"))
                continue
            context = item.get("context")
            if context is not None and not isinstance(context, str):
                self.problem(path, where, Msg("check_context_text"))
                continue
            if cid in seen:
                self.problem(path, where, Msg("check_duplicate_correction"))
                continue
            seen.add(cid)
            out.append(Correction(cid, item["from"], item["to"], context, count, bool(item.get("queries", False)),
                                  item["why"]))
        return out

    def fitting_corrections(self, text: str, declared: list[Correction], path: Path) -> list[Correction]:
        """The corrections found in the (stripped) source as declared and overlapping no other."""
        spans: list[tuple[int, int, Correction]] = []
        found: list[Correction] = []
        for c in declared:
            try:
                own, _counts = correction_spans(text, [c], str(path))
            except KnowledgeError as exc:  # "correction <id>: …"
                message = exc.problem
                message = (message.params["message"] if isinstance(message, Msg) and message.key == "check_at"
                           else message.split(": ", 1)[-1])
                self.problem(path, Msg("check_where_correction", id=c.id), message)
                continue
            found.append(c)
            spans.extend((s, e, c) for s, e, _ in own)
        spans.sort(key=lambda t: (t[0], t[1]))
        dropped: set[str] = set()
        for (s1, e1, c1), (s2, _e2, c2) in zip(spans, spans[1:], strict=False):
            if s2 < e1 and c1.id not in dropped and c2.id not in dropped and c1.id != c2.id:
                self.problem(path, Msg("check_where_corrections", a=c1.id, b=c2.id),
                             Msg("check_overlap", at=s2, text=text[max(0, s1 - 4):e1 + 4]))
                dropped.add(c2.id)
        return [c for c in found if c.id not in dropped]

    def qa(self, doc: _Doc, path: Path) -> list[QAEntry]:
        items = self.read_yaml(path, [], list, Msg("check_shape_entries"))
        entries: list[QAEntry] = []
        declared: set[str] = set()  # every id, usable or not
        related: list[tuple[str, str]] = []
        for i, item in enumerate(items or []):
            eid = item.get("id") if isinstance(item, dict) else None
            where = Msg("check_where_entry", id=eid if isinstance(eid, str) and eid else i + 1)
            if not isinstance(item, dict) or not isinstance(eid, str) or not eid \
                    or not isinstance(item.get("question"), str) or not item["question"].strip():
                self.problem(path, where, Msg("check_entry_needs"))
                continue
            if eid in declared:
                self.problem(path, where, Msg("check_duplicate_entry"))
                continue
            declared.add(eid)
            alternates = self.texts(item.get("alternates"), path, where, "alternates")
            rel = self.texts(item.get("related"), path, where, "related")
            related.extend((eid, r) for r in rel or ())
            answer = self.texts(item.get("answer"), path, where, "answer")
            if answer is None:
                continue
            if not answer:
                self.problem(path, where, Msg("check_answer_missing"))
                continue
            if doc.speech is None:
                continue  # the speech did not parse: its ids are unknown (reported above)
            targets = self.targets(answer, doc, where, path)
            if targets and alternates is not None:
                entries.append(QAEntry(f"{doc.id}/{eid}", item["question"], alternates, targets,
                                       tuple(f"{doc.id}/{r}" for r in rel or ()), doc.id, eid))
        for eid, r in related:
            if r not in declared:
                self.problem(path, Msg("check_where_entry", id=eid), Msg("check_related_missing", id=r))
        # Keep only related ids that name a usable entry (the matcher looks them up); when nothing was
        # reported, that is all of them.
        usable = {e.id for e in entries}
        return [replace(e, related=tuple(r for r in e.related if r in usable)) for e in entries]

    def targets(self, answer: tuple[str, ...], doc: _Doc, where: str, path: Path) -> tuple[str, ...]:
        """`answer:` may name sentences (p3.2.2.s4), a range (p3.2.2.s3-s4) or a passage (p3.2.2); () when
        one of them does not resolve (reported)."""
        speech, prefix = doc.speech, f"{doc.id}/"
        assert speech is not None
        out: list[str] = []
        for item in answer:
            gid = prefix + item
            if gid in speech.sentences:
                out.append(gid)
            elif gid in speech.passages:
                out.extend(speech.passages[gid].sentence_ids)
            elif "-" in item:
                first_local, _, last_suffix = item.partition("-")
                first = prefix + first_local
                last = f"{first.rsplit('.', 1)[0]}.{last_suffix}"
                if first not in speech.sentences or last not in speech.sentences:
                    self.problem(path, where, Msg("check_answer_no_sentence", item=item))
                    return ()
                order = list(speech.sentences)
                if order.index(last) < order.index(first):
                    self.problem(path, where, Msg("check_answer_backwards", item=item))
                    return ()
                out.extend(order[order.index(first): order.index(last) + 1])
            else:
                self.problem(path, where, Msg("check_answer_unknown", item=item, doc=doc.id))
                return ()
        return tuple(out)

    # ----- shared dictionaries -----
    def mapping_of_lists(self, path: Path) -> dict[str, tuple[str, ...]]:
        """synonyms.yaml, `canonical: [variant, …]`, inverted to variant → canonical terms."""
        data = self.read_yaml(path, {}, dict, Msg("check_shape_synonyms")) or {}
        out: dict[str, list[str]] = {}
        for key, variants in data.items():
            if not isinstance(key, str):
                self.problem(path, Msg("check_where_key", key=key), Msg("check_expected_text"))
                continue
            for v in self.texts(variants, path, key, None) or ():
                out.setdefault(v, [])
                if key not in out[v]:
                    out[v].append(key)
        return {k: tuple(v) for k, v in out.items()}

    def glossary(self, path: Path) -> dict[str, tuple[str, ...]]:
        """glossary_en.yaml, `english phrase: chinese term(s)`; keys are matched in lower case."""
        data = self.read_yaml(path, {}, dict, Msg("check_shape_glossary")) or {}
        out = {}
        for key, value in data.items():
            terms = self.texts(value, path, str(key), None)
            if terms is not None:
                out[str(key).lower().strip()] = terms
        return out

    def userdict(self, path: Path) -> tuple[tuple[str, int | None, str | None], ...]:
        """userdict.txt: `word [frequency] [tag]` per line, # starts a comment."""
        text = self.read_text(path) if path.exists() else None
        out = []
        for n, line in enumerate((text or "").splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            freq = None
            if len(parts) > 1:
                if not parts[1].isdigit():
                    self.problem(path, Msg("check_where_line", n=n), Msg("check_frequency"))
                    continue
                freq = int(parts[1])
            out.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
        return tuple(out)

    def stopwords(self, path: Path) -> frozenset[str]:
        """stopwords.txt: words separated by spaces or lines, # starts a comment."""
        text = self.read_text(path) if path.exists() else None
        words: set[str] = set()
        for line in (text or "").splitlines():
            words.update(line.split("#", 1)[0].split())
        return frozenset(words)

    # ----- everything -----
    def run(self) -> tuple[KnowledgeBase | None, list[Problem]]:
        root = self.root
        if not root.is_dir():
            self.problem(root, None, Msg("check_no_folder"))
            return None, self.problems
        from bot.qa.readers import source_files, source_names

        # A sub-folder with any document file is a document: one whose source is missing is a problem,
        # not a speech silently left out.
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
                         and (source_files(p) or any((p / f).exists() for f in DOCUMENT_FILES)))
        if not folders:
            self.problem(root, None, Msg("check_no_documents", name=source_names()[0]))
            return None, self.problems
        docs: list[_Doc] = []
        left_out: list[Problem] = []
        for folder in folders:
            before = len(self.problems)
            self.in_document = True
            try:
                doc = self.document(folder)
            finally:
                self.in_document = False
            own = self.problems[before:]
            if own and self.fail_fast:  # serving: a document with any problem is left out, the others serve
                left_out.extend(own)
                log.warning("knowledge: %s left out: %s", folder, "; ".join(p.text for p in own))
                continue
            if doc is not None:
                docs.append(doc)
        synonyms = self.mapping_of_lists(root / "synonyms.yaml")
        glossary = self.glossary(root / "glossary_en.yaml")
        userdict = self.userdict(root / "userdict.txt")
        stopwords = self.stopwords(root / "stopwords.txt")
        usable = [d for d in docs if d.speech is not None and d.meta.get("archived") is not True]
        if not usable:
            if self.fail_fast and left_out:
                raise left_out[0].error()
            if self.fail_fast:
                raise KnowledgeError(str(root), "every document is archived: nothing to serve")
            return None, self.problems
        # Newest first: with several documents answering equally well, the newest wins (ties go to the
        # earlier position); undated documents last, then by folder name.
        usable.sort(key=lambda d: str(d.meta.get("date") or d.meta.get("year") or ""), reverse=True)
        # The primary documents (meta.yaml `primary: true`) before the others: where nothing else tells
        # documents apart (the order of /topics, the points listed when a question is not covered), they lead.
        usable.sort(key=lambda d: d.meta.get("primary") is not True)
        _version_facts(usable)
        # Every sentence and passage in one table each; a document's are a part of it (`Records`).
        sentences = Records(Sentence, [v for d in usable for v in d.speech.sentences.values()])
        passages = Records(Passage, [v for d in usable for v in d.speech.passages.values()])
        documents: list[Document] = []
        s_at = p_at = 0
        for d in usable:
            speech = d.speech
            s_end, p_end = s_at + len(speech.sentences), p_at + len(speech.passages)
            speech = replace(speech, sentences=sentences.part(s_at, s_end), passages=passages.part(p_at, p_end))
            documents.append(Document(d.id, d.folder, d.meta, speech, tuple(d.corrections)))
            s_at, p_at = s_end, p_end
        kb = KnowledgeBase(
            root=root,
            documents=tuple(documents),
            sentences=sentences,
            passages=passages,
            qa=tuple(e for d in usable for e in d.qa),
            facts=tuple(f for d in usable for f in d.facts),
            synonyms=synonyms,
            glossary=glossary,
            userdict=userdict,
            stopwords=stopwords,
            left_out=tuple(left_out),
        )
        return kb, self.problems


_META_FACTS = ("issuer", "date", "number", "speaker")


def _version_facts(docs: list[_Doc]) -> None:
    """Two versions of one law (农产品质量安全法 of 2018 and of 2022) have the same short name, so their facts
    from meta.yaml would share every phrasing (谁发布了农产品质量安全法) and only one could answer it. The
    newest (`docs` come newest first) keeps them; an older one is asked by its year (2018年版农产品质量安全法
    是谁发布的), or, undated, only by its title."""
    taken: set[str] = set()
    for d in docs:
        facts = []
        for f in d.facts:
            phrasings = (f.question, *f.alternates)
            if f.local_id in _META_FACTS and any(p in taken for p in phrasings):
                name = _meta_name(d)
                year = str(d.meta.get("date") or "")[:4]
                label = f"{year}年版{name}" if year.isdigit() else str(d.meta.get("title") or name)
                if name in f.question and label != name:
                    f = replace(f, question=f.question.replace(name, label, 1),
                                alternates=tuple(a.replace(name, label, 1) for a in f.alternates))
            taken.update((f.question, *f.alternates))
            facts.append(f)
        d.facts = facts


def _meta_name(d: _Doc) -> str:
    """The document's name as its meta facts' phrasings write it (meta.yaml `short_name`, else the title's)."""
    from bot.qa.importer import short_name

    title = str(d.meta.get("title") or (d.speech.title if d.speech else d.id))
    return str(d.meta.get("short_name") or short_name(title))


def parse_source(raw: str, corrections: list[Correction], source: str, corrections_source: str, *,
                 doc_id: str, title: Any = None) -> ParsedSpeech:
    """A speech in the shipped speech's grammar (points 一、, sub-points 一要, "…方面:" passages; on one line
    with paragraphs separated by spaces, or one paragraph per line) through `parse_speech`, exactly as
    before; every other text, one paragraph per line, through `bot.qa.structure`."""
    body = raw.strip()
    if "\n" not in body or _speech_grammar(body):
        return parse_speech(raw, corrections, source, corrections_source, doc_id=doc_id)
    return parse_document(raw, corrections, source, corrections_source, doc_id=doc_id,
                          title_hint=title if isinstance(title, str) else None)


def _speech_grammar(body: str) -> bool:
    """Paragraphs numbered only with 一、 (points) and 一要 (sub-points), 一、 among them."""
    from bot.qa.structure import OTHER_KINDS, _marker, document_kind

    paras = [p.strip() for p in body.split("\n")[1:] if p.strip()]
    if document_kind(paras) == "law":
        return False
    kinds = {m[0] for m in (_marker(p, OTHER_KINDS) for p in paras) if m}
    return "一、" in kinds and kinds <= {"一、", "一要"}


def _cn_date(value: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    return f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日" if m else value
