"""Follow-ups that read on or back by sentence, ask what then, or ask who (examples of our own)."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import NEXT, PREVIOUS, TOPICLESS, asked_kind
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import assert_exact_quote, talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def test_previous_sentence_of_the_closing_words_is_the_last_sentence_of_the_last_point(matcher):
    first, turn = talk(matcher, "讲话结尾怎么说的", "前一句是什么")
    assert "再接再厉" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "齐抓共管的工作格局" in turn.result.best.text
    assert_exact_quote(matcher, turn)


def test_previous_sentence_inside_a_passage(matcher):
    first, turn = talk(matcher, "值班制度怎么规定的", "上一句呢")
    assert "24小时值班制度" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "应急救援预案" in turn.result.best.text
    assert "24小时值班制度" not in turn.result.best.text


def test_next_sentence_crosses_into_the_next_sub_point_with_its_heading(matcher):
    first, turn = talk(matcher, "两张清单要向谁公布", "下一句")
    assert "两张清单" in first.result.best.text
    assert turn.followup == NEXT
    text = turn.result.best.text
    assert text.startswith("三要落实企业主体责任。") and "法定义务" in text
    assert "综合监管" not in text  # one sentence after the heading, not the whole sub-point


def test_step_words_after_jie_xia_lai(matcher):
    _, turn = talk(matcher, "部门监管责任讲了什么", "接下来的一条")
    assert turn.followup == NEXT
    assert turn.result.best.text.startswith("三要落实企业主体责任")
    _, turn = talk(matcher, "第一点讲了什么", "接下来说的是什么")
    assert turn.followup == NEXT
    assert turn.result.best.text.startswith("二、讲政治、讲大局")


def test_a_condition_that_happened_asks_what_then():
    assert asked_kind("要是真的发生了呢") == "handling"
    assert asked_kind("万一出了事故呢") == "handling"
    assert asked_kind("如果是节后呢") == ""  # what about another time: not what then


def test_what_then_after_a_rule_quotes_the_sentence_that_handles_it(matcher):
    _, turn = talk(matcher, "值班制度怎么规定的", "要是真的发生了呢")
    assert turn.followup == TOPICLESS
    assert "及时妥善处置" in turn.result.best.text


def test_who_did_it_finds_the_office_holder_who_did_that(matcher):
    first, turn = talk(matcher, "道路交通为啥是重点", "那具体工作是谁部署的")
    assert "道路交通" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "详细部署" in turn.result.best.text
