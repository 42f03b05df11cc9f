"""`python -m bot check`: validate the whole knowledge folder and report every problem, one line each.

`check` is the knowledge loader in its collecting mode (`bot.qa.knowledge.read_knowledge`: the very
parse the bot serves from, reading on past each problem) plus the rules that need a matcher or another
file. Each line names the file and the entry:

    knowledge/county-safety-2023/qa.yaml: entry two-lines: answer 'p1.s9-s12' names a sentence that does not exist

Rules (each has a broken fixture folder in tests/test_check.py):

* the loader's (the bot refuses to start on any of them; tests/test_loader_modes.py feeds the same
  broken folders to both): unreadable or malformed YAML / text, wrong shapes, missing keys, duplicate
  ids; corrections whose text or context is not found, or found a different number of times than
  `count` (default 1), or that overlap; Q&A `answer` naming a sentence or passage that does not exist,
  `related` naming a missing entry;
* the same phrasing (question or alternate, normalised as the matcher does) under two entries or facts
  (the bot serves such a folder: one of them answers);
* reminders.yaml: validated by `bot.reminders.catalog.load_catalog` (quotes of missing sentences or
  passages …);
* synonyms and glossary entries that can never match: the speech-side term is not a word of any
  sentence, heading or Q&A phrasing once segmented by the matcher's index (a synonym of a stop word
  too; a glossary entry mapping only to stop words is the way to make the matcher drop an English
  word such as "speech", so it is not reported);
* self-test: every Q&A entry's question and alternates are answered with that entry, every fact's
  question and alternates with that fact.

The rules after the loader's need a knowledge base. When the folder loads, it is exactly what the bot would serve;
when it does not, they run on what could be read (the broken entries left out), so the first run still
shows the whole picture.
"""

from __future__ import annotations

from pathlib import Path

from bot.config import Config, MatcherConfig
from bot.errors import UserFacingError
from bot.qa.knowledge import KnowledgeBase, Problem, QAEntry, read_knowledge
from bot.qa.matcher import Matcher
from bot.qa.result import ANSWERED, CLARIFY
from bot.qa.text import normalise
from bot.texts import Msg

REMINDERS_FILE = "reminders.yaml"


class CheckLine(str):
    """One line of `check`: the English text (a str, as the lines always were) that can also be said in
    another language, `render(lang)`."""

    problem: Problem | None

    def __new__(cls, text: str, problem: Problem | None = None) -> CheckLine:
        self = super().__new__(cls, text)
        self.problem = problem
        return self

    def render(self, lang: str) -> str:
        return self.problem.render(lang) if self.problem is not None else str(self)


def render(line: str, lang: str) -> str:
    """A line of `check` in `lang` (a plain str stays as it is)."""
    return line.render(lang) if isinstance(line, CheckLine) else line


class _Checker:
    def __init__(self, root: Path, matcher_cfg: MatcherConfig):
        self.root = root
        self.matcher_cfg = matcher_cfg
        self.problems: list[CheckLine] = []
        self.matcher: Matcher | None = None

    # ----- reporting -----
    def rel(self, path: Path | str) -> str:
        p = Path(path)
        try:
            return str(p.relative_to(self.root.parent))
        except ValueError:
            return str(p)

    def add(self, path: Path, where: str | None, problem: str) -> None:
        self.add_problem(Problem(path, where, problem))

    def add_problem(self, p: Problem) -> None:
        shown = Problem(Path(self.rel(p.file)), p.where, p.message)
        self.problems.append(CheckLine(str(shown), shown))

    def add_error(self, exc: Exception) -> None:
        """Another module's message, with absolute paths shown relative to the knowledge folder's parent."""
        if all(hasattr(exc, a) for a in ("source", "reminder_id", "problem")):  # the catalog's ReminderConfigError
            where = Msg("check_where_reminder", id=exc.reminder_id) if exc.reminder_id else None
            self.add_problem(Problem(Path(exc.source), where, exc.problem))
            return
        text = str(exc).replace(str(self.root.parent) + "/", "")
        self.problems.append(CheckLine(text))

    # ----- rules of check alone -----
    def duplicate_phrasings(self, kb: KnowledgeBase) -> None:
        """The same question or alternate (normalised as the matcher does) under two entries or facts."""
        replacements = [(c.original, c.corrected) for d in kb.documents for c in d.corrections if c.queries]
        owners: dict[str, tuple[Msg, Path, str]] = {}  # normalised phrasing → (owner, file, text)
        for d in kb.documents:
            phrasings = [(Msg("check_where_entry", id=e.local_id), d.folder / "qa.yaml", e)
                         for e in kb.qa if e.doc_id == d.id]
            phrasings += [(Msg("check_where_fact", id=f.local_id), d.folder / "meta.yaml", f)
                          for f in kb.facts if f.doc_id == d.id]
            for owner, path, item in phrasings:
                own: set[str] = set()
                for text in (item.question, *item.alternates):
                    key = normalise(text, replacements).replace(" ", "")
                    if not key or key in own:
                        continue
                    own.add(key)
                    if key in owners:
                        first_owner, first_path, first_text = owners[key]
                        where_first = first_owner if first_path == path else \
                            Msg("check_where_in_file", file=self.rel(first_path), owner=first_owner)
                        self.add(path, owner, Msg("check_phrasing_twice", text=text, other=where_first, first=first_text))
                    else:
                        owners[key] = (owner, path, text)

    def dead_synonyms(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        vocabulary, stopwords = matcher.index.vocabulary, kb.stopwords
        variants_of: dict[str, list[str]] = {}
        for variant, canonicals in kb.synonyms.items():
            for c in canonicals:
                variants_of.setdefault(c, []).append(variant)
        for term, variants in variants_of.items():
            if term in stopwords:
                why = "check_synonym_stopword"
            elif term not in vocabulary:
                why = "check_synonym_unknown"
            else:
                continue
            self.add(self.root / "synonyms.yaml", term, Msg(why, term=term, variants=tuple(variants)))
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
            self.add(self.root / "glossary_en.yaml", repr(phrase),
                     Msg("check_glossary_one" if len(terms) == 1 else "check_glossary_many", terms=tuple(terms)))

    def reminders(self, kb: KnowledgeBase) -> None:
        """reminders.yaml, through the reminders catalog's own parser (imported here: it needs a knowledge base)."""
        path = self.root / REMINDERS_FILE
        if not path.exists():
            return
        from bot.reminders.catalog import load_catalog

        try:
            load_catalog(path, kb)
        except UserFacingError as exc:  # the catalog's message names the file and the reminder
            self.add_error(exc)
        except Exception as exc:  # a bug of the catalog must not hide the other problems
            self.add(path, None, f"cannot validate: {exc.__class__.__name__}: {exc}")

    def self_test(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        entry_of_first = {e.targets[0]: e for e in reversed(kb.qa)}
        for entry in kb.qa:
            path = kb.document(entry.id).folder / "qa.yaml"
            where = Msg("check_where_entry", id=entry.local_id)
            for n, text in enumerate((entry.question, *entry.alternates)):
                r = matcher.ask(text)
                best = r.best
                # (the answer's own sentence: a quote may open with the sentence it points back at, 这说明…)
                if r.status == ANSWERED and best is not None and best.id == entry.targets[0]:
                    continue
                self.add(path, where, _outcome(r, kb, entry_of_first, n, text))
        for fact in kb.facts:
            path = kb.document(fact.id).folder / "meta.yaml"
            where = Msg("check_where_fact", id=fact.local_id)
            for n, text in enumerate((fact.question, *fact.alternates)):
                r = matcher.ask(text)
                if r.status == ANSWERED and r.best is not None and r.best.id == fact.id:
                    continue
                self.add(path, where, _outcome(r, kb, entry_of_first, n, text))

    # ----- everything -----
    def run(self) -> list[str]:
        kb, problems = read_knowledge(self.root)
        for p in problems:
            self.add_problem(p)
        if kb is None:
            return self.problems
        self.duplicate_phrasings(kb)
        self.reminders(kb)
        matcher = Matcher(kb, self.matcher_cfg)
        self.dead_synonyms(kb, matcher)
        self.self_test(kb, matcher)
        self.matcher = matcher
        return self.problems


def _outcome(r, kb: KnowledgeBase, entry_of_first: dict[str, QAEntry], n: int, text: str) -> Msg:
    """What the self-test's phrasing `text` (the question when n == 0, else an alternate) got instead."""
    what = Msg("check_question" if n == 0 else "check_alternate")
    if r.status == ANSWERED and r.best is not None:
        best = r.best
        first = best.id
        other = entry_of_first.get(first)
        name = Msg("check_where_entry", id=other.local_id) if other else first
        return Msg("check_selftest_other", what=what, text=text, name=name, score=f"{best.score:.2f}")
    if r.status == CLARIFY:
        options = tuple(kb.local_id(s.id) for s in r.suggestions) or Msg("check_nothing")
        return Msg("check_selftest_clarify", what=what, text=text, options=options)
    return Msg("check_selftest_none", what=what, text=text)


def check_knowledge(root: str | Path, matcher_cfg: MatcherConfig | None = None) -> tuple[list[str], Matcher | None]:
    """Every problem of a knowledge folder, and the self-tested Matcher when there is none.

    The Matcher is returned only when there is no problem (the knowledge base is then exactly what
    `load_knowledge` serves, and the Matcher is the one the self-test ran), so `reload` does not segment
    the knowledge base twice.
    """
    checker = _Checker(Path(root), matcher_cfg or MatcherConfig())
    problems = checker.run()
    return problems, (checker.matcher if not problems else None)


def run_check(cfg: Config) -> list[str]:
    """`python -m bot check`: one line per problem of `cfg.knowledge_path`; an empty list means OK."""
    return check_knowledge(cfg.knowledge_path, cfg.matcher)[0]
