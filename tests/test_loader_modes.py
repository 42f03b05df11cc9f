"""The knowledge loader's two modes accept and reject exactly the same folders.

Serving (`load_knowledge`) stops at the first problem; `check` (`read_knowledge`, and the whole
`check_knowledge` built on it) reads on and lists them all. Both run the same parse of each file, so
every broken folder below is refused by both, the first problem `check` lists is the one serving
raises, and the clean folder is accepted by both. The rules of `check` alone (they need a matcher)
are listed at the end: the bot serves those folders.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.maintenance.check import check_knowledge
from bot.qa.knowledge import load_knowledge, read_knowledge

FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"
DOC = "county-mini"


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def append(name: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as f:
            f.write(text)
    return change


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return change


def remove(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).unlink()


QA, META, CORRECTIONS, SOURCE = (f"{DOC}/{n}" for n in ("qa.yaml", "meta.yaml", "corrections.yaml", "source.txt"))
FACT = "  - id: speaker\n    question: 讲话是在哪里讲的\n    answer: 县里。\n"
ENTRY = "- id: duty\n  question: 值班制度是什么\n  answer: p2.2.s2\n"

BROKEN: dict[str, Callable[[Path], None]] = {
    # ids
    "duplicated fact id": append(META, FACT),
    "duplicated qa id": append(QA, ENTRY),
    "duplicated correction id": append(CORRECTIONS, "- {id: gangcai, from: 隐患, to: 隐患, count: 4, why: twice}\n"),
    # references into the speech
    "answer naming a missing sentence": edit(QA, "answer: p1.s2", "answer: p1.s9"),
    "answer naming a missing passage": edit(QA, "answer: p2.2.1", "answer: p2.2.7"),
    "answer range past the passage": edit(QA, "answer: p2.1.s1-s2", "answer: p2.1.s1-s7"),
    "answer range backwards": edit(QA, "answer: p2.1.s1-s2", "answer: p2.1.s2-s1"),
    "related naming a missing entry": edit(QA, "related: [inspection]", "related: [nowhere]"),
    "entry without answer": edit(QA, "  answer: p1.s2\n", ""),
    # corrections
    "correction context not matching": edit(CORRECTIONS, "context: 刚刚,同志们", "context: 刚刚,各位同志"),
    "correction count not matching": edit(CORRECTIONS, "count: 5", "count: 6"),
    "correction text not in its context": edit(CORRECTIONS, "context: 刚刚,同志们", "context: 同志们通报"),
    "overlapping corrections": append(CORRECTIONS, "- {id: shengchan, from: 平安生产, to: 安全生产, count: 5, why: x}\n"),
    "correction without why": edit(CORRECTIONS, "  why: 刚才 is meant.\n", ""),
    "correction count not a number": edit(CORRECTIONS, "count: 5", "count: five"),
    # malformed or wrongly shaped files
    "malformed qa.yaml": edit(QA, "alternates: [绷紧安全生产这根弦]", "alternates: [绷紧安全生产这根弦"),
    "malformed meta.yaml": write(META, "title: [unclosed\n"),
    "malformed corrections.yaml": write(CORRECTIONS, "- id: a\n  from: [unclosed\n"),
    "malformed synonyms.yaml": edit("synonyms.yaml", "停产整顿: [停产, 关停]", "停产整顿: [停产, 关停"),
    "malformed glossary_en.yaml": write("glossary_en.yaml", "duty: [应急值守\n"),
    "qa.yaml not a list": write(QA, "id: red-line\n"),
    "facts not a list": edit(META, "facts:\n", "facts: 5\nold_facts:\n"),
    "entry without question": edit(QA, "  question: 怎样克服麻痹侥幸心理\n", ""),
    "fact without answer": edit(META, "    answer: 讲话人是县长。\n", ""),
    "alternates not texts": edit(QA, "alternates: [发现隐患怎么办]", "alternates: {a: 发现隐患怎么办}"),
    "synonym variants not texts": edit("synonyms.yaml", "停产整顿: [停产, 关停]", "停产整顿: {停产: 关停}"),
    "user dictionary frequency not a number": write("userdict.txt", "应急值守 2000 n\n停产整顿 lots n\n"),
    "stop words not UTF-8": write("stopwords.txt", "什么 怎么\n".encode("gb18030")),
    # the source and the folders
    "missing source": remove(SOURCE),
    "source not UTF-8": write(SOURCE, "县长讲话 一、安全".encode("gb18030")),
    "source without numbered points": write(SOURCE, "县长讲话\n只有一段话。\n"),
    "source with points out of order": write(SOURCE, "县长讲话\n一、甲\n内容。\n三、丙\n内容。\n"),
    "no document folder": lambda root: shutil.rmtree(root / DOC),
}

# A broken document folder among good ones: serving leaves that document out (and says why), the others
# serve; `check` names it (issue 12, isolation).
ISOLATED: dict[str, Callable[[Path], None]] = {
    "a second folder with qa.yaml but no source": lambda root: shutil.copytree(
        root / DOC, root / "county-other", ignore=shutil.ignore_patterns("source.txt")),
}


# Problems only `check` reports: they need the matcher (or reminders.yaml). The bot serves these folders.
CHECK_ONLY: dict[str, Callable[[Path], None]] = {
    "the same alternate under two entries": edit(QA, "alternates: [不合格的矿山能复工吗]",
                                                 "alternates: [不合格的矿山能复工吗, 领导干部要到岗带班吗]"),
    "an alternate answered by another entry": edit(QA, "alternates: [领导干部要到岗带班吗]",
                                                   "alternates: [领导干部要到岗带班吗, 矿山节后复工前做什么]"),
    "a synonym of a word the speech never uses": edit("synonyms.yaml", "停产整顿: [停产, 关停]",
                                                      "停产整顿: [停产, 关停]\n考核: [一票否决]"),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(FIXTURE, root)
    return root


def test_the_clean_folder_is_accepted_by_both_and_read_the_same(root):
    served = load_knowledge(root)
    read, problems = read_knowledge(root)
    assert problems == [] and check_knowledge(root)[0] == []
    assert read == served


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_folder_is_refused_by_both_with_the_same_first_problem(root, name):
    BROKEN[name](root)
    with pytest.raises(KnowledgeError) as served:
        load_knowledge(root)
    kb, problems = read_knowledge(root)
    assert problems, f"{name}: served refuses it, check's loader does not"
    assert str(problems[0]) == str(served.value)
    checked = check_knowledge(root)[0]
    assert checked and checked[0] == str(problems[0]).replace(f"{root.parent}/", "")


def test_a_missing_knowledge_folder_is_refused_by_both(tmp_path):
    with pytest.raises(KnowledgeError) as served:
        load_knowledge(tmp_path / "nowhere")
    assert [str(p) for p in read_knowledge(tmp_path / "nowhere")[1]] == [str(served.value)]
    assert check_knowledge(tmp_path / "nowhere")[0] == ["nowhere: knowledge folder not found"]


@pytest.mark.parametrize("name", CHECK_ONLY)
def test_the_rules_of_check_alone_do_not_stop_the_bot(root, name):
    CHECK_ONLY[name](root)
    load_knowledge(root)
    assert read_knowledge(root)[1] == []
    assert check_knowledge(root)[0]


def test_check_lists_every_problem_where_serving_stops_at_the_first(root):
    for name in ("duplicated fact id", "answer naming a missing sentence", "correction count not matching",
                 "malformed synonyms.yaml"):
        BROKEN[name](root)
    with pytest.raises(KnowledgeError):
        load_knowledge(root)
    kb, problems = read_knowledge(root)
    assert [(p.file.relative_to(root).as_posix(), p.where) for p in problems] == [
        (META, "facts entry speaker"),
        (CORRECTIONS, "correction anquan"),
        (QA, "entry vigilance"),
        ("synonyms.yaml", None),
    ]
    # What could be read is still a knowledge base, without the broken parts.
    assert kb is not None and "county-mini/vigilance" not in {e.id for e in kb.qa}
    assert kb.synonyms == {}


# ----- the source reader seam -----
def test_a_source_of_another_type_is_read_by_the_reader_registered_for_it(root, monkeypatch):
    """A new format is one reader in bot.qa.readers.READERS; the loader finds and reads it."""
    from bot.qa import readers

    txt = load_knowledge(root)
    source = root / SOURCE
    source.with_suffix(".md").write_text("# " + source.read_text(encoding="utf-8"), encoding="utf-8")
    source.unlink()
    monkeypatch.setitem(readers.READERS, ".md", lambda path: path.read_text(encoding="utf-8").removeprefix("# "))
    md = load_knowledge(root)
    assert md.sentences == txt.sentences and md.qa == txt.qa
    monkeypatch.delitem(readers.READERS, ".md")
    with pytest.raises(KnowledgeError, match="needs its source.txt"):
        load_knowledge(root)


def test_a_folder_with_two_source_files_is_refused_by_both(root, monkeypatch):
    from bot.qa import readers

    monkeypatch.setitem(readers.READERS, ".md", readers.read_txt)
    shutil.copy(root / SOURCE, root / DOC / "source.md")
    with pytest.raises(KnowledgeError, match="one source file only") as served:
        load_knowledge(root)
    assert [str(p) for p in read_knowledge(root)[1]] == [str(served.value)]


@pytest.mark.parametrize("name", ISOLATED)
def test_a_broken_document_among_good_ones_is_left_out_and_the_others_serve(root, name):
    ISOLATED[name](root)
    served = load_knowledge(root)
    _, problems = read_knowledge(root)
    assert [d.id for d in served.documents] == [DOC]
    assert problems and [str(p) for p in served.left_out] == [str(problems[0])]
    assert "county-other" in str(problems[0])
    checked = check_knowledge(root)[0]
    assert checked and "county-other" in checked[0]
