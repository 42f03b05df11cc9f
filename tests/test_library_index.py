"""The compact library index (issue 12 item 5): the best sentences found by degree classes give exactly the
values of the full walk; sentences and passages kept as columns behave as the dicts they replace; a
prepared index is reused, keeps no built records, and stays correct after a knowledge change."""

from __future__ import annotations

import pickle
import shutil

import pytest

from bot.qa import index as index_module
from bot.qa.knowledge import load_knowledge
from bot.qa.matcher import Matcher
from tests.helpers_core import KNOWLEDGE, labelled_questions, library_matcher


def _questions() -> list[str]:
    return labelled_questions()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped speech beside a notice and two laws: a few thousand sentences, common words in many."""
    m = library_matcher(tmp_path_factory.mktemp("lib"), "zhiben-2024.md", "beijing-fire.md", "henan-road.md")
    return m.kb.root, m


@pytest.mark.parametrize("small", [True, False])
@pytest.mark.parametrize("top", [3, 15, 60])
def test_the_best_coverages_are_exactly_those_of_the_full_walk(library, top, small, monkeypatch):
    _, m = library
    # a small index walks every posting; a large one (here: made to count as large) splits into classes
    monkeypatch.setattr(index_module, "SMALL_INDEX", 10**9 if small else 0)
    index, headings = m._sentence_index, m._heading_units
    targets = sorted({m._unit[t] for e in m.kb.qa for t in e.targets})
    pruned_somewhere = False
    for question in _questions()[::3]:
        q = m.index.parse(question)
        best, full = index.best(q, top, headings), index.coverage(q)
        assert all(full[i] == v for i, v in best.items()), question
        sentences = {i: v for i, v in full.items() if i not in headings}
        if len(sentences) > top:
            floor = sorted(sentences.values(), reverse=True)[top - 1]
            assert {i for i, v in sentences.items() if v >= floor} <= best.keys(), question
            pruned_somewhere |= len(best) < len(sentences)
        assert [best.of(i) for i in targets] == [full.get(i, 0.0) for i in targets], question
        assert best.within(m._listed_units) == {i: v for i, v in full.items() if i in m._listed_units}, question
    assert pruned_somewhere != small  # a small index lists every unit with a value


def test_a_sentence_unit_is_built_from_the_term_ids_as_the_words_it_was_indexed_with(library):
    _, m = library
    units = m.index.sentence_units
    gid = next(iter(units))
    unit = units[gid]
    assert unit.key == gid and unit.terms and all(isinstance(t, str) for t in unit.terms)
    i = m._unit[gid]
    for t in unit.terms:
        assert i in m._sentence_index.postings(t)
    for t in unit.context:
        assert i in m._sentence_index.context(t)
    assert len(units) == len(m.kb.sentences) and gid in units and "no/such" not in units


def test_records_answer_as_a_dict_and_give_the_same_object_each_time(library):
    _, m = library
    kb = m.kb
    as_dict = dict(kb.sentences.items())
    assert list(kb.sentences) == list(as_dict) and len(kb.sentences) == len(as_dict)
    gid = next(iter(kb.sentences))
    assert kb.sentences[gid] is kb.sentences[gid]
    assert kb.sentences == as_dict
    with pytest.raises(KeyError):
        kb.sentences["no/such.s1"]


def test_a_document_sees_only_its_own_sentences_and_passages(library):
    _, m = library
    kb = m.kb
    total = 0
    for d in kb.documents:
        own = list(d.speech.sentences)
        assert own and all(s.startswith(d.id + "/") for s in own)
        assert all(p.startswith(d.id + "/") for p in d.speech.passages)
        other = next(s for s in kb.sentences if not s.startswith(d.id + "/"))
        assert other not in d.speech.sentences
        assert d.speech.sentences[own[0]] is kb.sentences[own[0]]
        total += len(own)
    assert total == len(kb.sentences)


def test_a_prepared_index_keeps_no_built_records_and_answers_as_the_built_matcher(library, tmp_path):
    root, built = library
    cache = tmp_path / "cache"
    cache.mkdir()
    first = Matcher.prepared(root, cache_dir=str(cache))
    [path] = cache.glob("*.pickle")
    loaded = pickle.loads(path.read_bytes())
    assert len(loaded.kb.sentences._made) == 0  # records are built on demand, not unpickled
    questions = _questions()[::7]
    for q in questions:
        assert loaded.ask(q) == built.ask(q) == first.ask(q)
    # the same object for a record through the library and through its document, after loading too
    gid = next(iter(loaded.kb.documents[0].speech.sentences))
    assert loaded.kb.documents[0].speech.sentences[gid] is loaded.kb.sentences[gid]


def test_the_prepared_index_is_reused_and_stays_correct_after_a_knowledge_change(tmp_path, monkeypatch):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    cache = tmp_path / "cache"
    cache.mkdir()
    question = "建筑施工安全有什么要求"
    before = Matcher.prepared(root, cache_dir=str(cache)).ask(question)
    quoted = before.answers[0].text
    assert quoted
    again = Matcher.prepared(root, cache_dir=str(cache))  # reused: nothing new is kept
    assert len(list(cache.glob("*.pickle"))) == 1 and again.ask(question) == before
    # The quoted sentence changes in the source: the next start builds anew and quotes the new words.
    source = next(p for p in root.glob("*/source.txt"))
    text = source.read_text(encoding="utf-8")
    old = quoted[: min(len(quoted), 12)]
    assert old in text
    source.write_text(text.replace(old, old[:-2] + "务必"), encoding="utf-8")
    after = Matcher.prepared(root, cache_dir=str(cache)).ask(question)
    assert len(list(cache.glob("*.pickle"))) == 2
    assert after == Matcher(load_knowledge(root)).ask(question)
    assert old not in "".join(a.text for a in after.answers)
