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


def test_an_approximate_number_in_the_asker_s_story_does_not_ask():
    # 十几年, 好几轮, 几十个 count roughly; only the last clause asks, the first tells who is asking
    assert intent.split_intent("我开了十几年货车，山路讲话里算重点吗") == ("山路讲话里算重点吗", "我开了十几年货车")
    assert intent.split_intent("我们镇查了好几轮，今年还要查吗")[1] == "我们镇查了好几轮"
    assert intent.split_intent("我管着几十个摊位，讲话对市场有要求吗")[1] == "我管着几十个摊位"
    assert intent.split_intent("几点开会，讲话说了吗")[1] == ""  # a 几 that asks still asks


def test_a_why_question_answered_by_a_sentence_saying_this_shows_quotes_what_this_is(matcher):
    # 这说明…差距还比较大: alone it does not say what "this" is, the reason a why-question wants
    r = matcher.ask("讲话为啥认为隐患整治差距大")
    assert r.status == ANSWERED and "这说明" in r.answers[0].text
    assert "走过场" in r.answers[0].text and r.answers[0].id.endswith("p3.1.s4")
