"""Shortcuts of the matcher at 1,000 documents (benchmarks/README.md, "Per-question latency at 1,000
documents"): each gives what the long way gives. The curated phrasings compared with rapidfuzz only when
they share enough characters (`index.Characters`); a document's words looked up in the sentence index
(`Matcher._document_terms`); the sentences tied at the last coverage kept as a bitmap (`TermIndex.best`'s
tail) and capped when the primary document leads (`Matcher._capped`); facts' phrasings that cannot be
candidates left out of the phrasing coverage (`Matcher._phrasing_coverage`)."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from bot.qa import index as index_module
from bot.qa import matcher as matcher_module
from bot.qa.index import Characters
from bot.qa.matcher import FUZZY_FLOOR, Matcher
from tests.helpers_core import labelled_questions, library_matcher


def _questions() -> list[str]:
    return labelled_questions()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The shipped speech (primary) beside a notice and two laws."""
    m = library_matcher(tmp_path_factory.mktemp("lib"), "zhiben-2024.md", "beijing-fire.md", "henan-road.md")
    return m


def _outcome(r):
    return (r.status, [(a.id, a.text, a.sentence_ids) for a in r.answers], [s.id for s in r.suggestions],
            r.nearest.id if r.nearest else None)


def test_characters_keep_every_phrasing_that_can_reach_the_floor(library):
    texts = library._phrasing_texts
    chars = Characters(texts)
    queries = [library.index.parse(q).normalized.replace(" ", "") for q in _questions()[::4]]
    queries += [t[1:] + t[:1] for t in texts[::3]] + texts[::5]
    for query in queries:
        kept = set(chars.candidates(query, FUZZY_FLOOR))
        reached = {i for _, _, i in process.extract(query, texts, scorer=fuzz.ratio, processor=None,
                                                     score_cutoff=FUZZY_FLOOR, limit=None)}
        assert reached <= kept, query
        assert library._fuzzy_phrasings(query) == process.extract(
            query, texts, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_FLOOR, limit=5), query


def test_a_documents_words_are_those_of_its_sentences_and_phrasings(library):
    m = library
    for doc in m.kb.documents:
        gathered = set()
        for sid in doc.speech.sentences:
            u = m.index.sentence_units[sid]
            gathered |= u.terms | u.context
        for p in m._phrasings:
            if p.owner.split("/", 1)[0] == doc.id:
                gathered |= p.unit.terms
        terms = m._document_terms(doc.id)
        assert all(t in terms for t in gathered), doc.id
        others = {t for t in m._sentence_index.terms if t not in gathered}
        assert not any(t in terms for t in others), doc.id


def test_the_tie_kept_as_a_bitmap_is_the_tie_listed(library, monkeypatch):
    monkeypatch.setattr(index_module, "SMALL_INDEX", 0)
    m = library
    tails = 0
    for question in _questions()[::3]:
        q = m.index.parse(question)
        listed = m._sentence_index.best(q, 15, m._heading_units)
        lazy = m._sentence_index.best(q, 15, m._heading_units, tail=4)
        if lazy.tail is None:
            assert dict(lazy) == dict(listed), question
            continue
        tails += 1
        floor, tied = lazy.tail
        assert {**lazy, **dict.fromkeys(index_module.ascending(tied), floor)} == dict(listed), question
        assert all(lazy.of(i) == floor for i in index_module.ascending(tied)), question
    assert tails


def test_capping_the_tie_changes_no_outcome(library, monkeypatch):
    # a large index's classes, and few candidates so that ties at the last coverage are frequent
    monkeypatch.setattr(index_module, "SMALL_INDEX", 0)
    monkeypatch.setattr(matcher_module, "SMALL_INDEX", 0)
    monkeypatch.setattr(library, "max_sentence_candidates", 15)
    questions = _questions()[::2]
    monkeypatch.setattr(Matcher, "_TIE_KEEP", 10**9)  # never capped
    full = [_outcome(library.ask(q)) for q in questions]
    monkeypatch.setattr(Matcher, "_TIE_KEEP", 9)
    calls = []
    real = Matcher._capped
    monkeypatch.setattr(Matcher, "_capped", lambda self, *a: calls.append(1) or real(self, *a))
    capped = [_outcome(library.ask(q)) for q in questions]
    assert [q for q, a, b in zip(questions, full, capped, strict=True) if a != b] == []
    assert len(calls) > 50  # the cap was tried, not bypassed
