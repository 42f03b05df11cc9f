"""The calibrated decision of `benchmarks/fit_signals.py`: thresholds chosen by what each failure costs a user."""

from __future__ import annotations

from benchmarks import fit_signals as fs
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER


def _d(p, right=True, in_scope=True, covered=False, off_topic=False):
    return fs.Decided(p, right, in_scope, covered, off_topic, False, False)


def test_questions_usually_right_at_low_probability_are_answered_rather_than_told_not_covered():
    # Unseen in-scope questions get low probabilities and are mostly right; out-of-scope ones get lower.
    decided = [_d(0.25)] * 8 + [_d(0.22, right=False)] * 2 + [_d(0.05, right=False, in_scope=False)] * 5
    answer, clarify = fs.cost_thresholds(decided)
    assert answer <= 0.25  # far below the training fit's usual 0.36–0.50
    assert all(fs.status(d, answer, clarify) != NO_ANSWER for d in decided if d.in_scope)
    assert all(fs.status(d, answer, clarify) == NO_ANSWER for d in decided if not d.in_scope)


def test_suggestions_for_an_out_of_scope_question_count_as_a_missed_rejection():
    decided = [_d(0.9)] * 5 + [_d(0.3, right=False, in_scope=False)] * 5 + [_d(0.25, right=False)]
    answer, clarify = fs.cost_thresholds(decided)
    assert clarify > 0.3  # no band reaches down to the out-of-scope questions
    assert answer <= 0.9


def test_the_offline_decision_follows_the_matcher():
    assert fs.status(_d(0.9, off_topic=True), 0.5, 0.3) == NO_ANSWER  # the no-shared-topic rule wins
    assert fs.status(_d(0.1, covered=True), 0.5, 0.3) == CLARIFY  # every word is the speech's: suggestions
    assert fs.status(_d(0.4), 0.5, 0.3) == CLARIFY
    assert fs.status(_d(0.6), 0.5, 0.3) == ANSWERED
