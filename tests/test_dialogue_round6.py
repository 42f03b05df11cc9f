"""Follow-ups of the sixth dialogue round (examples of our own): X又怎么说, what happens if not (会咋样),
why with a degree (为啥这么急), and why after a requirement whose neighbour is another requirement."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import ELLIPTIC, HANDLING, NEXT, ORDINAL, PREVIOUS, TOPICLESS, asked_kind
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def test_x_you_zenme_shuo_is_the_last_question_asked_of_x(matcher):
    # 指的啥 asks a meaning as 指的是什么 does, and the meaning of the new target is asked in turn
    first, turn = talk(matcher, "高线指的啥", "那底线又咋说")
    assert "高线" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "守住“底线”不懈怠" in turn.result.best.text


@pytest.mark.parametrize("question", ["不落实会咋样", "做不到会如何", "不这么做会咋样"])
def test_what_if_not_asks_what_then(question):
    assert asked_kind(question) == HANDLING


def test_what_if_not_after_a_duty_is_the_sanction_beside_it(matcher):
    first, turn = talk(matcher, "部门安全生产责任按什么原则", "不照着做会咋样")
    assert "谁主管、谁负责" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "失职照单追责" in turn.result.best.text


def test_why_so_strict_after_a_requirement_is_the_lesson_before_it(matcher):
    first, turn = talk(matcher, "建筑工地施工有什么禁止的", "为什么这么严格")
    assert "赶工期" in first.result.best.text
    assert turn.followup == TOPICLESS
    # the lesson opens the answer (dialogue12: the requirement, whose own sentence says what it is for, may close it)
    assert not turn.result.best.text.startswith(first.result.best.text[:20])
    assert "容易忽视" in turn.result.best.text or "教训惨痛" in turn.result.best.text


def test_why_after_a_duty_is_not_answered_by_another_duty(matcher):
    # the sentence before 值守 is itself a duty (要…完善预案…确保一旦发生险情…): no reason for 值守
    first, turn = talk(matcher, "值班值守怎么要求的", "为什么要这样要求")
    assert "24小时值班制度" in first.result.best.text
    assert "应急救援预案" not in turn.result.best.text


def test_what_to_watch_to_achieve_the_last_quote_is_said_beside_it(matcher):
    first, turn = talk(matcher, "安全生产是底线的什么线", "要守住这一点得注意什么")
    assert "底线的红线" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "底线的红线" not in turn.result.best.text
    assert "麻痹" in turn.result.best.text


def test_how_a_sub_point_is_put_stands_at_it_and_going_on_is_the_next_one(matcher):
    first, turn = talk(matcher, "部门监管责任是怎么说的", "接着讲了什么")
    assert "管行业必须管安全" in first.result.best.text
    assert "三要落实企业主体责任" in turn.result.best.text


def test_what_comes_before_the_closing_words_is_the_sentence_before_them(matcher):
    first, turn = talk(matcher, "讲话是怎么结束的", "这段前面说了什么")
    assert "再接再厉" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "齐抓共管的工作格局" in turn.result.best.text


def test_previous_item_among_requirements_stated_one_a_sentence_is_the_sentence_before(matcher):
    # 要…预案…。要…值守…。要…专报…。: each sentence one requirement; 上一条 is the one before, not the passage before
    first, turn = talk(matcher, "信息报送渠道怎么要求", "前一条呢")
    assert "事故专报制度" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "24小时值班制度" in turn.result.best.text
    first, turn = talk(matcher, "值班制度怎么要求", "下一条")
    assert "事故专报制度" in turn.result.best.text


def test_an_ordinal_with_its_own_question_after_a_point_opens_that_part(matcher):
    first, turn = talk(matcher, "第四点讲了什么", "第三个具体怎么做")
    assert "其中" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "法定义务" in turn.result.best.text  # 三要落实企业主体责任, with what it says


def test_the_opening_of_a_point_named_by_its_ordinal_is_its_first_sentence(matcher):
    first, turn = talk(matcher, "第二点讲了什么", "第一点开头怎么说的")
    assert turn.followup == ORDINAL
    assert "从零开始,向零奋斗" in turn.result.best.text
    assert "二十大" not in turn.result.best.text


def test_next_sentence_after_a_short_answer_shown_with_its_context_starts_from_the_answer(matcher):
    # the short sentence that answers is quoted with the one after it; 下一句 is that one, with the next unread
    first, turn = talk(matcher, "安全生产上常讲的一句话是什么", "下一句")
    assert first.result.best.text.startswith("我们安全生产上常讲的一句话") and "新的一年" in first.result.best.text
    assert turn.followup == NEXT
    assert turn.result.best.text.startswith("新的一年又是一个新的起点")
    assert "两条线" in turn.result.best.text


def test_what_to_do_after_a_fact_is_the_duty_the_passage_states_after_it(matcher):
    first, turn = talk(matcher, "安全生产问题是什么性质的问题", "那我们该怎么做")
    assert "政治问题" in first.result.best.text and "四个意识" not in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "四个意识" in turn.result.best.text


def test_an_ordinal_after_a_list_question_that_found_nothing_counts_the_parts_of_the_point_it_named(matcher):
    # (重拳出击那部分分成哪几块, this test's first question until dialogue10, now finds the point: tests/test_dialogue10.py)
    first, turn = talk(matcher, "抓治理整顿要干哪几件事", "第二条讲的什么")
    assert first.result.status != "answered"
    assert turn.followup == ORDINAL
    assert "非煤矿山" in turn.result.best.text or "重点领域专项整治" in turn.result.best.text
    assert not turn.result.best.text.startswith("二、")  # not the second point offered among the suggestions
