"""Follow-ups that read on or back by sentence, ask what then, or ask who (examples of our own)."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import (
    CAUTION,
    NEXT,
    ORDINAL,
    PICK,
    PREVIOUS,
    TOPICLESS,
    asked_kind,
    carries,
    listed_items,
)
from bot.qa.result import ANSWERED
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


def test_listed_items_of_a_sentence_naming_several_topics(matcher):
    kb = matcher.kb
    sentence = next(s.text for s in kb.sentences.values() if "人员密集场所较多" in s.text)
    # the words that name the list (重点领域) are not items; the items stand on one side of them
    assert listed_items(sentence, kb, "重点领域")[:2] == ["非煤矿山", "人员密集场所"]
    assert listed_items(sentence, kb, "重点领域")[-1] == "道路交通"
    # 既是A、B、C,也是D: the clause after the 、-list that ends as its items do is the last item
    sentence = next(s.text for s in kb.sentences.values() if "民生问题" in s.text)
    assert listed_items(sentence, kb)[-1].endswith("政治问题")


def test_the_first_listed_thing_asked_about_is_answered_where_the_speech_speaks_of_it(matcher):
    first, turn = talk(matcher, "着重强调的两个领域是什么", "头一个咋管")
    assert "非煤矿山安全、建筑施工安全" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "复工复产" in turn.result.best.text  # the 非煤矿山 passage, not the listing sentence again
    assert_exact_quote(matcher, turn)
    _, turn = talk(matcher, "着重强调的两个领域是什么", "最后一个怎么要求的")
    assert "建筑施工" in turn.result.best.text and "着重强调" not in turn.result.best.text


def test_an_ordinal_naming_the_lists_word_asks_for_that_item_as_the_last_question_did(matcher):
    first, turn = talk(matcher, "只有追求高线不断进步是什么意思", "第二条线呢")
    assert "守好底线" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "“底线”" in turn.result.best.text  # what 底线 is: the speech's 二是… sentence


def test_an_ordinal_after_a_point_still_counts_its_parts(matcher):
    _, turn = talk(matcher, "第三点讲了什么", "第二个呢")
    assert turn.followup in (ORDINAL, PICK)
    assert "重点领域专项整治" in turn.result.best.text


def test_after_a_question_for_a_list_the_nth_one_is_the_nth_listed_thing(matcher):
    _, turn = talk(matcher, "着重强调了哪两个领域", "第二个是什么")
    assert turn.followup == ORDINAL
    assert "建筑施工" in turn.result.best.text and "着重强调" not in turn.result.best.text


def test_why_after_a_requirement_is_the_sentence_before_it_that_gives_a_reason(matcher):
    """Was: 凭什么 asked with the topic found the requirement itself again (赶工期 → 严禁建筑施工赶工期…)."""
    first, turn = talk(matcher, "赶工期行不行", "凭什么")
    assert "严禁建筑施工赶工期" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "特别容易忽视" in turn.result.best.text
    assert_exact_quote(matcher, turn)


def test_why_after_a_quote_that_gives_its_reason_quotes_it_again(matcher):
    first, turn = talk(matcher, "从零开始是什么意思", "为什么这么说")
    assert turn.followup == TOPICLESS
    assert "性质决定的" in turn.result.best.text


def test_what_to_watch_is_the_duty_that_follows_not_a_slogan_before(matcher):
    """Was: the slogan “安全出于警惕…” (警惕) tied with the duty sentence after the answer; 认真 / 一律 are
    words of a duty to watch, as 严格 / 切实 are."""
    assert carries("各单位要认真查找问题", CAUTION)
    first, turn = talk(matcher, "隐患排查要做到哪两个不放过", "需要注意些什么")
    assert "不放过" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "突出解决薄弱环节" in turn.result.best.text


def test_a_list_asked_for_by_its_noun_and_not_found_is_counted_where_its_topic_stands(matcher):
    """应急值守执行几个制度 finds no answer; 最后一个… still means the last 制度 the speech names there."""
    first, turn = talk(matcher, "应急值守执行几个制度", "最后一个怎么执行")
    assert first.result.status != ANSWERED
    assert turn.followup == ORDINAL
    assert "事故专报制度" in turn.result.best.text
    _, turn = talk(matcher, "应急值守执行几个制度", "头一个咋搞")
    assert "24小时值班制度" in turn.result.best.text


def test_the_last_one_after_the_list_of_points_is_the_last_point(matcher):
    first, turn = talk(matcher, "县长强调了哪几点意见", "最后一个呢")
    assert first.result.best.kind == "outline"
    assert turn.followup == PICK
    assert turn.result.best.text.startswith("四、负责任、勇担当")


def test_a_quoted_enumeration_of_three_or_more_is_the_list_not_every_topic_word(matcher):
    first, turn = talk(matcher, "党政领导责任有哪些要求", "最后一个呢")
    assert "党政同责、一岗双责、齐抓共管、失职追责" in first.result.best.text
    assert turn.followup == ORDINAL
    assert turn.question.startswith("失职追责")


def test_the_sentence_after_the_closing_words_says_the_speech_has_ended(matcher):
    _, turn = talk(matcher, "讲话结尾怎么说的", "后面一句")
    assert turn.followup == NEXT
    assert "再接再厉" in turn.result.best.text
    assert turn.note == "more_end_of_speech"
