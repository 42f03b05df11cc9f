"""Candidate pruning (`Matcher._pruned`): ranking only the best-covering sentences gives the same outcomes,
answers and suggestions as ranking every sentence that shares a word with the question, on every
labelled question of the shipped knowledge, even with a quarter of the default limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.qa.evaluate import load_questions
from tests.helpers_core import ROOT, SHARED_EVAL


def _questions() -> list[str]:
    files = [SHARED_EVAL, *sorted(Path(ROOT / "tests" / "data").glob("questions_*.jsonl"))]
    return [item.question for f in files if f.exists() for item in load_questions(f)]


def _outcome(r):
    return r.status, [a.id for a in r.answers], [a.text for a in r.answers], [s.id for s in r.suggestions]


@pytest.mark.parametrize("limit", [15])
def test_pruned_ranking_gives_the_same_results_as_full_scoring(matcher, monkeypatch, limit):
    questions = _questions()
    assert len(questions) > 1000
    assert len(matcher.kb.sentences) > limit  # pruning really happens
    monkeypatch.setattr(matcher, "max_sentence_candidates", 10**9)
    full = [_outcome(matcher.ask(q)) for q in questions]
    monkeypatch.setattr(matcher, "max_sentence_candidates", limit)
    pruned = [_outcome(matcher.ask(q)) for q in questions]
    assert [q for q, a, b in zip(questions, full, pruned, strict=True) if a != b] == []


def test_pruning_keeps_every_sentence_tied_with_the_last(matcher, monkeypatch):
    monkeypatch.setattr(matcher, "max_sentence_candidates", 2)
    scores = {"a": 0.9, "b": 0.5, "c": 0.5, "d": 0.1}
    assert matcher._pruned(scores) == {"a": 0.9, "b": 0.5, "c": 0.5}
    monkeypatch.setattr(matcher, "max_sentence_candidates", 10)
    assert matcher._pruned(scores) == scores
