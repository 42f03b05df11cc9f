"""Questions that tell the asker's situation first (round 8, situated): each with its own small examples."""

from __future__ import annotations

from bot.qa import intent
from bot.qa.result import ANSWERED


def _asked(matcher, question: str) -> tuple[str, ...]:
    q = matcher.index.parse(question)
    return matcher._asked_words(q, intent.read_form(q.cleaned))


def test_a_duty_question_from_someone_at_the_emergency_bureau_is_answered_by_the_duty_rule(matcher):
    # 应急管理局 of the situation is in the mines' restart sentence; what is asked (值班) is not there
    r = matcher.ask("我是应急管理局的司机，讲话对值班怎么要求？")
    assert r.status == ANSWERED and "值班制度" in r.answers[0].text


def test_the_asking_clause_gives_the_asked_words_and_the_situation_does_not(matcher):
    words = _asked(matcher, "我是应急管理局的司机，讲话对值班怎么要求？")
    assert "值班" in words and "应急管理局" not in words


def test_a_word_pointing_back_at_the_situation_is_no_asked_word(matcher):
    # 我们这种地方: the place is the one the situation named (a net bar), not 地方 of the speech
    assert "地方" not in _asked(matcher, "我在县城开网吧，讲话对我们这种地方有什么要求？")


def test_a_condition_clause_is_no_situation_of_the_asker(matcher):
    # 整改完了的: a condition the question sets, nobody telling who they are
    assert _asked(matcher, "隐患整改完了的，值班还要不要加强？") == ()
