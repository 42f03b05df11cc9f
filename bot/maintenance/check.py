"""`python -m bot check`: validate the whole knowledge folder and report every problem, one line each.

The loader (`bot.qa.knowledge.load_knowledge`) stops at the first problem, which is right for the bot
but slow for a maintainer fixing a folder. Here every file is read on its own and every entry is
checked on its own, so one run lists everything. Each line names the file and the entry:

    knowledge/county-safety-2023/qa.yaml: entry two-lines: answer 'p1.s9-s12' names a sentence that does not exist

Rules (each has a broken fixture folder in tests/test_check.py):

* files: unreadable or malformed YAML / text, wrong shapes, missing keys, duplicate ids;
* corrections: text or context not found, found a different number of times than `count` (default 1),
  two corrections overlapping;
* Q&A: `answer` naming a sentence or passage that does not exist, `related` naming a missing entry, the
  same phrasing (question or alternate, normalised as the matcher does) under two entries or facts;
* reminders.yaml: validated by `bot.reminders.catalog` (quotes of missing sentences or passages …);
* synonyms and glossary entries that can never match: the speech-side term is not a word of any
  sentence, heading or Q&A phrasing once segmented by the matcher's index (a synonym of a stop word
  too; a glossary entry mapping only to stop words is the way to make the matcher drop an English
  word such as "speech", so it is not reported);
* self-test: every Q&A entry's question and alternates are answered with that entry, every fact's
  question and alternates with that fact.

The semantic rules (synonyms, reminders, self-test) need a knowledge base. When the folder loads,
it is exactly what the bot would serve; when it does not, they run on what could be read (the broken
entries left out), so the first run still shows the whole picture.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import Config, MatcherConfig
from bot.errors import KnowledgeError, UserFacingError
from bot.qa.knowledge import (
    Document,
    Fact,
    KnowledgeBase,
    QAEntry,
    _load_glossary,
    _load_mapping_of_lists,
    _load_stopwords,
    _load_userdict,
    _resolve_targets,
    load_knowledge,
)
from bot.qa.matcher import Matcher
from bot.qa.result import ANSWERED, CLARIFY
from bot.qa.source import Correction, ParsedSpeech, correction_spans, parse_speech
from bot.qa.text import normalise

DOC_FILES = ("source.txt", "meta.yaml", "corrections.yaml", "qa.yaml")
REMINDERS_FILE = "reminders.yaml"


@dataclass
class _Doc:
    id: str
    folder: Path
    raw: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)  # the usable ones
    speech: ParsedSpeech | None = None
    qa: list[QAEntry] = field(default_factory=list)  # entries whose answer resolves
    qa_ids: set[str] = field(default_factory=set)  # every declared id, usable or not
    facts: list[Fact] = field(default_factory=list)


class _Checker:
    def __init__(self, root: Path, matcher_cfg: MatcherConfig):
        self.root = root
        self.matcher_cfg = matcher_cfg
        self.problems: list[str] = []
        self.matcher: Matcher | None = None
        self.kb_loaded = False

    # ----- reporting -----
    def rel(self, path: Path | str) -> str:
        p = Path(path)
        try:
            return str(p.relative_to(self.root.parent))
        except ValueError:
            return str(p)

    def add(self, path: Path, where: str | None, problem: str) -> None:
        self.problems.append(f"{self.rel(path)}: {where}: {problem}" if where else f"{self.rel(path)}: {problem}")

    def add_error(self, exc: Exception) -> None:
        """A loader's message, with absolute paths shown relative to the knowledge folder's parent."""
        text = str(exc).replace(str(self.root.parent) + "/", "")
        self.problems.append(text)

    # ----- reading -----
    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, None, "file not found")
        except UnicodeDecodeError:
            self.add(path, None, "not UTF-8 text")
        except OSError as exc:
            self.add(path, None, f"cannot read: {exc.strerror}")
        return None

    def read_yaml(self, path: Path, default: Any, kind: type, shape: str) -> Any:
        """The file's data, `default` when it is missing or empty, None (after reporting) when it is broken."""
        if not path.exists():
            return default
        text = self.read_text(path)
        if text is None:
            return None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.add(path, None, f"not valid YAML{f' at line {mark.line + 1}' if mark else ''}")
            return None
        if data is None:
            return default
        if not isinstance(data, kind):
            self.add(path, None, f"expected {shape}, got {type(data).__name__}")
            return None
        return data

    def texts(self, value: Any, path: Path, where: str, key: str) -> tuple[str, ...] | None:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return tuple(str(v) for v in value)
        self.add(path, where, f"'{key}' must be a list of texts")
        return None

    # ----- one document -----
    def document(self, folder: Path) -> _Doc:
        doc = _Doc(folder.name, folder)
        source_path = folder / "source.txt"
        doc.raw = self.read_text(source_path)
        meta = self.read_yaml(folder / "meta.yaml", {}, dict, "a mapping")
        doc.meta = meta or {}
        self.facts(doc, folder / "meta.yaml")
        self.corrections(doc, folder / "corrections.yaml")
        if doc.raw is not None:
            try:
                doc.speech = parse_speech(doc.raw, doc.corrections, str(source_path))
            except KnowledgeError as exc:
                self.add_error(exc)
        self.qa(doc, folder / "qa.yaml")
        return doc

    def facts(self, doc: _Doc, path: Path) -> None:
        items = doc.meta.get("facts") or []
        if not isinstance(items, list):
            self.add(path, "facts", "expected a list of facts")
            return
        seen: set[str] = set()
        for i, item in enumerate(items):
            fid = item.get("id") if isinstance(item, dict) else None
            where = f"facts entry {fid or i + 1}"
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item.get(k)
                                                     for k in ("id", "question", "answer")):
                self.add(path, where, "needs 'id', 'question' and 'answer'")
                continue
            if fid in seen:
                self.add(path, where, "duplicate fact id")
                continue
            seen.add(fid)
            alternates = self.texts(item.get("alternates"), path, where, "alternates")
            if alternates is None:
                continue
            doc.facts.append(Fact(f"{doc.id}/fact:{fid}", item["question"], alternates, item["answer"], doc.id))

    def corrections(self, doc: _Doc, path: Path) -> None:
        items = self.read_yaml(path, [], list, "a list of corrections")
        if not items:
            return
        declared: list[Correction] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            cid = item.get("id") if isinstance(item, dict) else None
            where = f"correction {cid or i + 1}"
            if not isinstance(item, dict):
                self.add(path, where, "expected a mapping")
                continue
            missing = [k for k in ("id", "from", "to", "why") if not isinstance(item.get(k), str) or not item.get(k)]
            if missing:
                self.add(path, where, f"missing or empty '{missing[0]}'")
                continue
            count = item.get("count")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
                self.add(path, where, "'count' must be a positive whole number")
                continue
            context = item.get("context")
            if context is not None and not isinstance(context, str):
                self.add(path, where, "'context' must be text")
                continue
            if cid in seen:
                self.add(path, where, "duplicate correction id")
                continue
            seen.add(cid)
            declared.append(Correction(cid, item["from"], item["to"], context, count,
                                       bool(item.get("queries", False)), item["why"]))
        if doc.raw is None:
            doc.corrections = declared
            return
        text = doc.raw.strip()  # parse_speech applies corrections to the stripped body
        spans: list[tuple[int, int, Correction]] = []
        found_ok: list[Correction] = []
        for c in declared:
            try:
                own, _counts = correction_spans(text, [c], str(path))
            except KnowledgeError as exc:
                self.add(path, f"correction {c.id}", exc.problem.split(": ", 1)[1] if ": " in exc.problem else exc.problem)
                continue
            found_ok.append(c)
            spans.extend((s, e, c) for s, e, _ in own)
        spans.sort(key=lambda t: (t[0], t[1]))
        dropped: set[str] = set()
        for (s1, e1, c1), (s2, _e2, c2) in zip(spans, spans[1:], strict=False):
            if s2 < e1 and c1.id not in dropped and c2.id not in dropped and c1.id != c2.id:
                self.add(path, f"corrections {c1.id} and {c2.id}",
                         f"overlap at character {s2} ({text[max(0, s1 - 4):e1 + 4]!r})")
                dropped.add(c2.id)
        doc.corrections = [c for c in found_ok if c.id not in dropped]

    def qa(self, doc: _Doc, path: Path) -> None:
        items = self.read_yaml(path, [], list, "a list of entries")
        if not items:
            return
        related: list[tuple[str, str, Path]] = []
        for i, item in enumerate(items):
            eid = item.get("id") if isinstance(item, dict) else None
            where = f"entry {eid if isinstance(eid, str) and eid else i + 1}"
            if not isinstance(item, dict) or not isinstance(eid, str) or not eid \
                    or not isinstance(item.get("question"), str) or not item["question"].strip():
                self.add(path, where, "needs 'id' and 'question'")
                continue
            if eid in doc.qa_ids:
                self.add(path, where, "duplicate entry id")
                continue
            doc.qa_ids.add(eid)
            alternates = self.texts(item.get("alternates"), path, where, "alternates")
            rel = self.texts(item.get("related"), path, where, "related")
            related.extend((eid, r, path) for r in rel or ())
            answer = self.texts(item.get("answer"), path, where, "answer")
            if answer is None:
                continue
            if not answer:
                self.add(path, where, "'answer' is missing")
                continue
            if doc.speech is None:
                continue  # the speech did not parse: its ids are unknown (reported above)
            targets: list[str] = []
            for one in answer:
                try:
                    targets.extend(_resolve_targets(one, doc.id, doc.speech, where, path))
                except KnowledgeError as exc:
                    self.add(path, None, exc.problem)
                    targets = []
                    break
            if targets and alternates is not None:
                doc.qa.append(QAEntry(f"{doc.id}/{eid}", item["question"], alternates, tuple(targets),
                                      tuple(f"{doc.id}/{r}" for r in rel or ()), doc.id))
        for eid, r, p in related:
            if r not in doc.qa_ids:
                self.add(p, f"entry {eid}", f"related {r!r} does not exist")
        # The self-test may run on these entries: keep only related ids that name a usable entry, as the
        # loader guarantees (the matcher looks them up).
        usable = {e.id for e in doc.qa}
        doc.qa = [dataclasses.replace(e, related=tuple(r for r in e.related if r in usable)) for e in doc.qa]

    # ----- across documents -----
    def duplicate_phrasings(self, docs: list[_Doc]) -> None:
        replacements = [(c.original, c.corrected) for d in docs for c in d.corrections if c.queries]
        owners: dict[str, tuple[str, Path, str]] = {}  # normalised phrasing → (owner, file, text)
        for d in docs:
            phrasings = [(f"entry {e.id.split('/', 1)[1]}", d.folder / "qa.yaml", e) for e in d.qa]
            phrasings += [(f"facts entry {f.id.split(':', 1)[1]}", d.folder / "meta.yaml", f) for f in d.facts]
            for owner, path, item in phrasings:
                own: set[str] = set()
                for text in (item.question, *item.alternates):
                    key = normalise(text, replacements).replace(" ", "")
                    if not key or key in own:
                        continue
                    own.add(key)
                    if key in owners:
                        first_owner, first_path, first_text = owners[key]
                        where_first = first_owner if first_path == path else f"{self.rel(first_path)} {first_owner}"
                        self.add(path, owner, f"phrasing {text!r} is also under {where_first} (as {first_text!r})")
                    else:
                        owners[key] = (owner, path, text)

    def shared(self) -> dict[str, Any]:
        out: dict[str, Any] = {"synonyms": {}, "glossary": {}, "userdict": (), "stopwords": frozenset()}
        loaders = (("synonyms", "synonyms.yaml", _load_mapping_of_lists), ("glossary", "glossary_en.yaml", _load_glossary),
                   ("userdict", "userdict.txt", _load_userdict), ("stopwords", "stopwords.txt", _load_stopwords))
        for key, name, load in loaders:
            path = self.root / name
            if path.exists() and self.read_text(path) is None:
                continue
            try:
                out[key] = load(path)
            except KnowledgeError as exc:
                self.add_error(exc)
        return out

    def knowledge_base(self, docs: list[_Doc], shared: dict[str, Any]) -> KnowledgeBase | None:
        """What the bot would load; when that fails, the usable part of what was read."""
        before = len(self.problems)
        try:
            kb = load_knowledge(self.root)
            self.kb_loaded = True
            return kb
        except UserFacingError as exc:
            if before == 0:  # a problem the per-file checks above do not know about
                self.add_error(exc)
        usable = [d for d in docs if d.speech is not None]
        if not usable:
            return None
        documents, sentences, passages = [], {}, {}
        for d in usable:
            documents.append(Document(d.id, d.folder, d.meta, d.speech, tuple(d.corrections)))
            sentences.update({f"{d.id}/{k}": v for k, v in d.speech.sentences.items()})
            passages.update({f"{d.id}/{k}": v for k, v in d.speech.passages.items()})
        return KnowledgeBase(
            root=self.root, documents=tuple(documents), sentences=sentences, passages=passages,
            qa=tuple(e for d in usable for e in d.qa), facts=tuple(f for d in usable for f in d.facts),
            synonyms=shared["synonyms"], glossary=shared["glossary"], userdict=shared["userdict"],
            stopwords=shared["stopwords"],
        )

    # ----- semantic rules -----
    def dead_synonyms(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        vocabulary, stopwords = matcher.index.vocabulary, kb.stopwords
        variants_of: dict[str, list[str]] = {}
        for variant, canonicals in kb.synonyms.items():
            for c in canonicals:
                variants_of.setdefault(c, []).append(variant)
        for term, variants in variants_of.items():
            if term in stopwords:
                why = "is a stop word"
            elif term not in vocabulary:
                why = "is not a word of any sentence, heading or Q&A phrasing"
            else:
                continue
            self.add(self.root / "synonyms.yaml", term,
                     f"the speech term {term!r} {why}, so {', '.join(variants)} can never match through it")
        for phrase, terms in kb.glossary.items():
            alternatives = []
            for t in terms:
                a = normalise(t)
                alternatives.append(a)
                alternatives.extend(kb.synonyms.get(a, ()))
            if all(a in stopwords for a in alternatives):
                continue  # mapped to stop words on purpose: the matcher drops the English word ("speech")
            if any(a in vocabulary and a not in stopwords for a in alternatives):
                continue
            why = ("is not a word of any sentence, heading or Q&A phrasing (nor are its synonyms)" if len(terms) == 1
                   else "are not words of any sentence, heading or Q&A phrasing (nor are their synonyms)")
            self.add(self.root / "glossary_en.yaml", repr(phrase),
                     f"maps to {', '.join(terms)}, which {why}, so the English word can never match "
                     "(and counts as a word the speech never uses)")

    def reminders(self, kb: KnowledgeBase) -> None:
        path = self.root / REMINDERS_FILE
        if not path.exists():
            return
        try:
            catalog = importlib.import_module("bot.reminders.catalog")
        except ModuleNotFoundError as exc:
            if exc.name in ("bot.reminders", "bot.reminders.catalog"):
                # TODO: the reminders engine is being written on its own branch; once bot.reminders.catalog
                # is merged this rule runs (nothing to do here).
                return
            self.add(path, None, f"cannot validate: importing bot.reminders.catalog failed: {exc}")
            return
        except ImportError as exc:
            self.add(path, None, f"cannot validate: importing bot.reminders.catalog failed: {exc}")
            return
        load = getattr(catalog, "load_catalog", None)
        if load is None:  # pragma: no cover - the module exists but has changed its API
            self.add(path, None, "cannot validate: bot.reminders.catalog has no load_catalog(path, kb)")
            return
        try:
            load(path, kb)
        except UserFacingError as exc:  # the catalog's message names the file and the reminder
            self.add_error(exc)
        except Exception as exc:  # a bug of the catalog must not hide the other problems
            self.add(path, None, f"cannot validate: {exc.__class__.__name__}: {exc}")

    def self_test(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        entry_of_first = {e.targets[0]: e for e in reversed(kb.qa)}
        for entry in kb.qa:
            path = kb.document(entry.id).folder / "qa.yaml"
            where = f"entry {entry.id.split('/', 1)[1]}"
            for n, text in enumerate((entry.question, *entry.alternates)):
                r = matcher.ask(text)
                best = r.best
                if r.status == ANSWERED and best is not None and best.sentence_ids[:1] == entry.targets[:1]:
                    continue
                self.add(path, where, f"{'question' if n == 0 else 'alternate'} {text!r} {_outcome(r, entry_of_first)}")
        for fact in kb.facts:
            path = kb.document(fact.id).folder / "meta.yaml"
            where = f"facts entry {fact.id.split(':', 1)[1]}"
            for n, text in enumerate((fact.question, *fact.alternates)):
                r = matcher.ask(text)
                if r.status == ANSWERED and r.best is not None and r.best.id == fact.id:
                    continue
                self.add(path, where, f"{'question' if n == 0 else 'alternate'} {text!r} {_outcome(r, entry_of_first)}")

    # ----- everything -----
    def run(self) -> list[str]:
        if not self.root.is_dir():
            self.add(self.root, None, "knowledge folder not found")
            return self.problems
        docs = []
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if not (folder / "source.txt").exists():
                stray = [n for n in DOC_FILES if (folder / n).exists()]
                if stray:
                    self.add(folder, None, f"has {', '.join(stray)} but no source.txt, so it is not loaded")
                continue
            docs.append(self.document(folder))
        if not docs:
            self.add(self.root, None, "no document folder (a sub-folder with source.txt) found")
            return self.problems
        self.duplicate_phrasings(docs)
        shared = self.shared()
        kb = self.knowledge_base(docs, shared)
        if kb is None:
            return self.problems
        self.reminders(kb)
        matcher = Matcher(kb, self.matcher_cfg)
        self.dead_synonyms(kb, matcher)
        self.self_test(kb, matcher)
        if self.kb_loaded:
            self.matcher = matcher
        return self.problems


def _outcome(r, entry_of_first: dict[str, QAEntry]) -> str:
    if r.status == ANSWERED and r.best is not None:
        best = r.best
        first = best.sentence_ids[0] if best.sentence_ids else best.id
        other = entry_of_first.get(first)
        name = f"entry {other.id.split('/', 1)[1]}" if other else first
        return f"is answered with {name} instead (score {best.score:.2f})"
    if r.status == CLARIFY:
        options = ", ".join(s.id.split("/", 1)[-1] for s in r.suggestions) or "nothing"
        return f"is not answered: 'did you mean' {options}"
    return "gets no answer"


def check_knowledge(root: str | Path, matcher_cfg: MatcherConfig | None = None) -> tuple[list[str], Matcher | None]:
    """Every problem of a knowledge folder, and the self-tested Matcher when there is none.

    The Matcher is returned only when the folder loads cleanly (it is the one the self-test ran), so
    `reload` does not segment the knowledge base twice.
    """
    checker = _Checker(Path(root), matcher_cfg or MatcherConfig())
    problems = checker.run()
    return problems, (checker.matcher if not problems else None)


def run_check(cfg: Config) -> list[str]:
    """`python -m bot check`: one line per problem of `cfg.knowledge_path`; an empty list means OK."""
    return check_knowledge(cfg.knowledge_path, cfg.matcher)[0]
