"""Load a knowledge folder into an immutable `KnowledgeBase`.

Layout (a second speech is added as data alone: a new sub-folder with the same files):

    knowledge/
      <document-id>/source.txt        the body exactly as received
      <document-id>/meta.yaml         title, speaker, meeting, where the text came from, facts
      <document-id>/corrections.yaml  reviewed repairs of the source, applied here at load time
      <document-id>/qa.yaml           curated questions with alternates, pointing at sentence ids
      synonyms.yaml  glossary_en.yaml  userdict.txt  stopwords.txt  (shared by all documents)

Every id handed out is global: ``<document-id>/<local id>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError
from bot.qa.source import Correction, ParsedSpeech, Passage, Section, Sentence, parse_speech

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster start-up
DOCUMENT_FILES = ("source.txt", "meta.yaml", "corrections.yaml", "qa.yaml")


@dataclass(frozen=True)
class QAEntry:
    id: str  # global: <doc>/<entry id>
    question: str
    alternates: tuple[str, ...]
    targets: tuple[str, ...]  # global sentence ids, consecutive, in order
    related: tuple[str, ...] = ()  # global QA ids
    doc_id: str = ""


@dataclass(frozen=True)
class Fact:
    id: str  # global: <doc>/fact:<id>
    question: str
    alternates: tuple[str, ...]
    answer: str
    doc_id: str = ""


@dataclass(frozen=True)
class Document:
    id: str
    folder: Path
    meta: dict[str, Any]
    speech: ParsedSpeech
    corrections: tuple[Correction, ...]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.speech.title)

    @property
    def points(self) -> tuple[Section, ...]:
        return tuple(s for s in self.speech.sections if s.kind == "point")


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    documents: tuple[Document, ...]
    sentences: dict[str, Sentence] = field(repr=False)  # global id → sentence (its ids stay local)
    passages: dict[str, Passage] = field(repr=False)  # global id → passage
    qa: tuple[QAEntry, ...] = field(repr=False)
    facts: tuple[Fact, ...] = field(repr=False)
    synonyms: dict[str, tuple[str, ...]] = field(repr=False)  # variant → canonical terms
    glossary: dict[str, tuple[str, ...]] = field(repr=False)  # english phrase (lower case) → chinese terms
    userdict: tuple[tuple[str, int | None, str | None], ...] = field(repr=False)  # (word, freq, tag)
    stopwords: frozenset[str] = field(repr=False)

    # ----- look-ups used by the front ends -----
    def document(self, gid: str) -> Document:
        doc_id = gid.split("/", 1)[0]
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(gid)

    def passage_of(self, sentence_gid: str) -> Passage:
        doc_id = sentence_gid.split("/", 1)[0]
        return self.passages[f"{doc_id}/{self.sentences[sentence_gid].passage_id}"]

    def passage_text(self, passage_gid: str, *, original: bool = False) -> str:
        doc_id = passage_gid.split("/", 1)[0]
        p = self.passages[passage_gid]
        parts = [self.sentences[f"{doc_id}/{s}"] for s in p.sentence_ids]
        return "".join(s.original if original else s.text for s in parts)

    def context_of(self, gid: str) -> tuple[tuple[str, ...], list[Passage]]:
        """The whole sub-point (or point, intro, closing) that a sentence or passage stands in."""
        doc = self.document(gid)
        local = gid.split("/", 1)[1]
        pid = self.sentences[gid].passage_id if gid in self.sentences else local
        passage = self.passages[f"{doc.id}/{pid}"]
        for section in doc.speech.sections:
            if section.id != passage.section_id:
                continue
            if passage.subpoint_id:
                sub = next(s for s in section.subpoints if s.id == passage.subpoint_id)
                ids = sub.passage_ids
                path = passage.path[:2]
            else:
                ids = section.passage_ids
                path = passage.path[:1]
            return path, [self.passages[f"{doc.id}/{i}"] for i in ids]
        raise KeyError(gid)  # pragma: no cover - passages always belong to a section

    def qa_entry(self, gid: str) -> QAEntry | None:
        return next((q for q in self.qa if q.id == gid), None)

    def entries_for(self, sentence_gid: str) -> list[QAEntry]:
        """QA entries whose answer includes the sentence, then those in the same passage."""
        same = self._entries_by_sentence.get(sentence_gid, [])
        passage_gid = f"{sentence_gid.split('/', 1)[0]}/{self.sentences[sentence_gid].passage_id}"
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
                key = f"{t.split('/', 1)[0]}/{self.sentences[t].passage_id}"
                if q not in out.setdefault(key, []):
                    out[key].append(q)
        return out

    def search(self, keyword: str) -> list[Passage]:
        """Every passage whose corrected text contains the keyword, in document order."""
        if not keyword:
            return []
        return [p for gid, p in self.passages.items() if keyword in self.passage_text(gid)]


# ----- loading -----
def _read_yaml(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise KnowledgeError(str(path), f"not valid YAML{where}") from None
    except UnicodeDecodeError:
        raise KnowledgeError(str(path), "not UTF-8 text") from None
    return default if data is None else data


def _str_list(value: Any, where: str, source: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise KnowledgeError(str(source), f"{where}: expected a list of texts")
    return tuple(str(v) for v in value)


def _load_corrections(path: Path) -> tuple[Correction, ...]:
    data = _read_yaml(path, [])
    if not isinstance(data, list):
        raise KnowledgeError(str(path), "expected a list of corrections")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise KnowledgeError(str(path), f"entry {i + 1}: expected a mapping")
        for key in ("id", "from", "to", "why"):
            if not isinstance(item.get(key), str) or not item.get(key):
                raise KnowledgeError(str(path), f"entry {item.get('id', i + 1)}: missing or empty '{key}'")
        if item.get("context") is not None and not isinstance(item["context"], str):
            raise KnowledgeError(str(path), f"entry {item['id']}: 'context' must be text")
        count = item.get("count")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
            raise KnowledgeError(str(path), f"entry {item['id']}: 'count' must be a positive whole number")
        out.append(Correction(item["id"], item["from"], item["to"], item.get("context"), count,
                              bool(item.get("queries", False)), item["why"]))
    ids = [c.id for c in out]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise KnowledgeError(str(path), f"duplicate correction id {sorted(dup)[0]}")
    return tuple(out)


def _resolve_targets(value: Any, doc_id: str, speech: ParsedSpeech, where: str, source: Path) -> tuple[str, ...]:
    """`answer:` may name sentences (p3.2.2.s4), a range (p3.2.2.s3-s4) or a passage (p3.2.2)."""
    items = _str_list(value, where, source)
    if not items:
        raise KnowledgeError(str(source), f"{where}: 'answer' is missing")
    out: list[str] = []
    for item in items:
        if item in speech.sentences:
            out.append(item)
        elif item in speech.passages:
            out.extend(speech.passages[item].sentence_ids)
        elif "-" in item:
            first, _, last_suffix = item.partition("-")
            prefix = first.rsplit(".", 1)[0]
            last = f"{prefix}.{last_suffix}"
            if first not in speech.sentences or last not in speech.sentences:
                raise KnowledgeError(str(source), f"{where}: answer {item!r} names a sentence that does not exist")
            order = list(speech.sentences)
            if order.index(last) < order.index(first):
                raise KnowledgeError(str(source), f"{where}: answer range {item!r} runs backwards")
            out.extend(order[order.index(first): order.index(last) + 1])
        else:
            raise KnowledgeError(str(source), f"{where}: answer {item!r} is not a sentence or passage id of {doc_id}")
    return tuple(f"{doc_id}/{s}" for s in out)


def _load_document(folder: Path) -> tuple[Document, list[QAEntry], list[Fact]]:
    doc_id = folder.name
    source_path = folder / "source.txt"
    try:
        raw = source_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(str(source_path), "file not found (every document folder needs its source.txt)") from None
    except UnicodeDecodeError:
        raise KnowledgeError(str(source_path), "not UTF-8 text") from None
    meta = _read_yaml(folder / "meta.yaml", {})
    if not isinstance(meta, dict):
        raise KnowledgeError(str(folder / "meta.yaml"), "expected a mapping")
    corrections = _load_corrections(folder / "corrections.yaml")
    speech = parse_speech(raw, list(corrections), str(source_path), str(folder / "corrections.yaml"))
    doc = Document(doc_id, folder, meta, speech, corrections)

    qa_path = folder / "qa.yaml"
    data = _read_yaml(qa_path, [])
    if not isinstance(data, list):
        raise KnowledgeError(str(qa_path), "expected a list of entries")
    entries: list[QAEntry] = []
    for i, item in enumerate(data):
        where = f"entry {item.get('id', i + 1) if isinstance(item, dict) else i + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("question"), str):
            raise KnowledgeError(str(qa_path), f"{where}: needs 'id' and 'question'")
        targets = _resolve_targets(item.get("answer"), doc_id, speech, where, qa_path)
        related = tuple(f"{doc_id}/{r}" for r in _str_list(item.get("related"), where, qa_path))
        entries.append(QAEntry(f"{doc_id}/{item['id']}", item["question"],
                               _str_list(item.get("alternates"), where, qa_path), targets, related, doc_id))
    ids = [e.id for e in entries]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise KnowledgeError(str(qa_path), f"duplicate entry id {sorted(dup)[0].split('/', 1)[1]}")
    for e in entries:
        for r in e.related:
            if r not in ids:
                raise KnowledgeError(str(qa_path), f"entry {e.id.split('/', 1)[1]}: related {r.split('/', 1)[1]!r} does not exist")

    facts = []
    if not isinstance(meta.get("facts") or [], list):
        raise KnowledgeError(str(folder / "meta.yaml"), "'facts' must be a list of entries")
    for i, item in enumerate(meta.get("facts") or []):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "question", "answer")):
            raise KnowledgeError(str(folder / "meta.yaml"), f"facts entry {i + 1}: needs 'id', 'question' and 'answer'")
        facts.append(Fact(f"{doc_id}/fact:{item['id']}", item["question"],
                          _str_list(item.get("alternates"), f"facts {item['id']}", folder / "meta.yaml"),
                          item["answer"], doc_id))
    return doc, entries, facts


def _load_mapping_of_lists(path: Path, *, lower: bool = False) -> dict[str, tuple[str, ...]]:
    """`canonical: [variant, …]` files, inverted to variant → canonical terms."""
    data = _read_yaml(path, {})
    if not isinstance(data, dict):
        raise KnowledgeError(str(path), "expected a mapping of term: [variants]")
    out: dict[str, list[str]] = {}
    for key, variants in data.items():
        if not isinstance(key, str):
            raise KnowledgeError(str(path), f"key {key!r}: expected text")
        for v in _str_list(variants, str(key), path):
            v = v.lower() if lower else v
            out.setdefault(v, [])
            if key not in out[v]:
                out[v].append(key)
    return {k: tuple(v) for k, v in out.items()}


def _load_glossary(path: Path) -> dict[str, tuple[str, ...]]:
    """`english phrase: chinese term(s)`; keys are matched in lower case."""
    data = _read_yaml(path, {})
    if not isinstance(data, dict):
        raise KnowledgeError(str(path), "expected a mapping of english: chinese")
    return {str(k).lower().strip(): _str_list(v, str(k), path) for k, v in data.items()}


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise KnowledgeError(str(path), "not UTF-8 text") from None


def _load_userdict(path: Path) -> tuple[tuple[str, int | None, str | None], ...]:
    if not path.exists():
        return ()
    out = []
    for n, line in enumerate(_read_text(path).splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = None
        if len(parts) > 1:
            if not parts[1].isdigit():
                raise KnowledgeError(str(path), f"line {n}: frequency must be a whole number")
            freq = int(parts[1])
        out.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return tuple(out)


def _load_stopwords(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    words = set()
    for line in _read_text(path).splitlines():
        line = line.split("#", 1)[0].strip()
        words.update(line.split())
    return frozenset(words)


def load_knowledge(root: str | Path) -> KnowledgeBase:
    """Read every document folder under `root` plus the shared dictionaries; raise `KnowledgeError` on any problem."""
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeError(str(root), "knowledge folder not found")
    # A sub-folder with any document file is a document: one whose source.txt is missing is an error,
    # not a speech silently left out.
    folders = sorted(p for p in root.iterdir() if p.is_dir() and any((p / f).exists() for f in DOCUMENT_FILES))
    if not folders:
        raise KnowledgeError(str(root), "no document folder (a sub-folder with source.txt) found")
    documents, qa, facts = [], [], []
    sentences: dict[str, Sentence] = {}
    passages: dict[str, Passage] = {}
    for folder in folders:
        doc, entries, doc_facts = _load_document(folder)
        documents.append(doc)
        qa.extend(entries)
        facts.extend(doc_facts)
        sentences.update({f"{doc.id}/{k}": v for k, v in doc.speech.sentences.items()})
        passages.update({f"{doc.id}/{k}": v for k, v in doc.speech.passages.items()})
    return KnowledgeBase(
        root=root,
        documents=tuple(documents),
        sentences=sentences,
        passages=passages,
        qa=tuple(qa),
        facts=tuple(facts),
        synonyms=_load_mapping_of_lists(root / "synonyms.yaml"),
        glossary=_load_glossary(root / "glossary_en.yaml"),
        userdict=_load_userdict(root / "userdict.txt"),
        stopwords=_load_stopwords(root / "stopwords.txt"),
    )
