"""Shared helpers of the question-answering core tests: paths, the shipped knowledge base and matcher
(built once per test process), and knowledge folders made in a temporary directory.

Fixtures are not defined here (each test module declares its own from these functions), so this
module can be imported from anywhere without touching tests/conftest.py.
"""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DOC_ID = "county-safety-2023"
DOC = KNOWLEDGE / DOC_ID
SHARED = ROOT.parent / "shared"  # shared/ lies beside the repository (also in CI)
SEED = SHARED / "seed" / "000_a1e049a011f477ef.txt"
SHARED_EVAL = SHARED / "eval" / "questions.jsonl"
TEAM_EVAL = ROOT / "tests" / "data" / "questions_team.jsonl"
SECOND_SPEECH = ROOT / "tests" / "fixtures" / "second_speech"
SECOND_ID = "township-fire-2024"


@lru_cache(maxsize=1)
def shipped_config():
    from bot.config import load_config

    return load_config(ROOT / "config.yaml", environ={})


@lru_cache(maxsize=1)
def shipped_matcher():
    from bot.qa.matcher import Matcher

    return Matcher.from_config(shipped_config())


def shipped_kb():
    return shipped_matcher().kb


def raw_source() -> str:
    return (DOC / "source.txt").read_text(encoding="utf-8").strip()


def corrections_yaml() -> list[dict]:
    return yaml.safe_load((DOC / "corrections.yaml").read_text(encoding="utf-8"))


def corrected_source() -> str:
    """The speech with every declared correction applied, computed here independently of bot.qa.source:
    plain string replacement inside each declared context (or everywhere)."""
    text = raw_source()
    for c in corrections_yaml():
        if c.get("context"):
            text = text.replace(c["context"], c["context"].replace(c["from"], c["to"]))
        else:
            text = text.replace(c["from"], c["to"])
    return text


def gid(local: str, doc: str = DOC_ID) -> str:
    return f"{doc}/{local}"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def copy_knowledge(dest: Path, *, second: bool = False, shipped: bool = True) -> Path:
    """A knowledge folder under `dest`: the shipped one (speech and shared dictionaries) and/or the
    small second speech of tests/fixtures, copied as data. Returns the folder."""
    folder = dest / "knowledge"
    if shipped:
        shutil.copytree(KNOWLEDGE, folder)
    else:
        folder.mkdir(parents=True)
    if second:
        shutil.copytree(SECOND_SPEECH / SECOND_ID, folder / SECOND_ID)
    return folder


def write_config(path: Path, knowledge_dir: Path | str, extra: str = "") -> Path:
    path.write_text(f"knowledge_dir: {knowledge_dir}\n{extra}", encoding="utf-8")
    return path


PARTIAL = ["工程质量和进度哪个优先", "老板要负啥责任", "我县的重点领域包括哪些", "遇到重大突发事件怎么办"]


def partly_confident(matcher) -> tuple[str, float]:
    """A question answered by default, but with a confidence below 1."""
    for q in PARTIAL:
        r = matcher.ask(q)
        if r.status == "answered" and r.answers[0].score < 0.99:
            return q, r.answers[0].score
    raise AssertionError(f"all of {PARTIAL} are answered with full confidence or not at all")


FIXTURE_DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"


def library_matcher(folder: Path, *documents: str):
    """A matcher over the shipped knowledge with fixture documents (tests/fixtures/documents) imported
    beside it into `folder` (a fresh temporary directory), as `python -m bot import` does."""
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    for name in documents:
        import_document(FIXTURE_DOCUMENTS / name, root)
    return Matcher(load_knowledge(root))


def texts_library_matcher(folder: Path, texts: dict[str, str]):
    """A matcher over the shipped knowledge with documents written out from `texts` (folder id → the
    document's text as published) and imported beside it into `folder`, as `python -m bot import` does."""
    from bot.qa.importer import import_document
    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher

    root = folder / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    for name, text in texts.items():
        source = folder / f"{name}.md"
        source.write_text(text, encoding="utf-8")
        import_document(source, root, name)
    return Matcher(load_knowledge(root))


def labelled_questions() -> list[str]:
    """Every labelled question's text: the development questions and tests/data/questions_*.jsonl."""
    from bot.qa.evaluate import load_questions

    files = [SHARED_EVAL, *sorted((ROOT / "tests" / "data").glob("questions_*.jsonl"))]
    return [item.question for f in files if f.exists() for item in load_questions(f)]


def short_ids(result) -> list[str]:
    """The local ids (p3.1.s5) of every sentence a result's answers quote, or of the answer itself when it quotes
    none (an outline node)."""
    return [i.split("/")[-1] for a in result.answers for i in (a.sentence_ids or (a.id,))]
