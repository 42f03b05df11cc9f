"""Follow-ups of the seventh dialogue round (examples of our own): why / what for after a duty whose sentence
states its purpose, reading on and stepping back from the sentence that answered, a 那X…呢 that asks its
own question of a new subject, an item of a list named as well as counted, and the last part of a point."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import ELLIPTIC, MORE, NEXT, ORDINAL, PREVIOUS, TOPICLESS
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def test_what_for_after_a_duty_is_the_purpose_its_own_sentence_states(matcher):
    first, turn = talk(matcher, "安委会负责什么", "这样安排图啥")
    assert "综合监管" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "齐抓共管的工作格局" in turn.result.best.text


def test_why_after_a_duty_with_its_purpose_is_not_a_far_away_cause(matcher):
    first, turn = talk(matcher, "装备物资储备有啥要求", "这是为了什么")
    assert "物资储备" in first.result.best.text
    assert "最大限度减少人员伤亡" in turn.result.best.text


def test_why_after_a_duty_with_a_lesson_just_before_it_is_still_the_lesson(matcher):
    # the purpose clause (确保工程质量…) does not hide the cause said right before the duty
    first, turn = talk(matcher, "建筑工地施工有什么禁止的", "这样做是为什么")
    assert "赶工期" in first.result.best.text
    assert "容易忽视" in turn.result.best.text or "教训惨痛" in turn.result.best.text


def test_reading_on_after_the_opening_clause_of_a_long_sentence_begins_with_its_rest(matcher):
    first, turn = talk(matcher, "两张清单要向谁公布", "后面还讲了啥")
    assert "并向社会公布" in first.result.best.text
    assert turn.followup == NEXT
    assert "失职照单追责" in turn.result.best.text


def test_further_on_after_a_short_answer_shown_with_context_starts_right_after_it(matcher):
    first, turn = talk(matcher, "什么是最有力的武器", "再往后呢")
    assert "最有力的武器" in first.result.best.text
    assert turn.followup == NEXT
    assert "层层压实责任" in turn.result.best.text


def test_further_on_after_a_sentence_that_opens_a_list_skips_the_list_already_shown(matcher):
    first, turn = talk(matcher, "政府工作的两条线是什么", "往后呢")
    assert "“底线”不懈怠" in first.result.best.text
    assert "守好底线始终不被突破" in turn.result.best.text


def test_the_sentence_before_is_counted_from_the_sentence_that_answered(matcher):
    first, turn = talk(matcher, "恢复生产有什么条件", "上一句是什么")
    assert "决不准恢复生产" in first.result.best.text
    assert turn.followup == PREVIOUS
    assert "要一律停产整顿" in turn.result.best.text
    assert "决不准恢复生产" not in turn.result.best.text


def test_the_last_one_asked_of_after_a_list_question_at_a_point_is_its_last_part(matcher):
    first, turn = talk(matcher, "重拳出击那部分分了哪几块", "最后那个讲的啥")
    assert first.result.status != "answered" or first.result.best.id.endswith("/p3")  # (its parts since dialogue10)
    assert turn.followup == ORDINAL
    assert "三要切实加强安全防范和应急值守" in turn.result.best.text


def test_the_first_one_asked_of_after_a_list_question_at_a_point_is_its_first_part(matcher):
    _, turn = talk(matcher, "落实到位那部分有哪几要", "头一个具体咋说的")
    assert turn.followup == ORDINAL
    assert "一要落实党政领导责任" in turn.result.best.text


def test_the_last_one_after_the_outline_is_the_last_point(matcher):
    _, turn = talk(matcher, "县长讲了哪几点意见", "最后一个具体说了啥")
    assert turn.followup == ORDINAL
    assert "负责任、勇担当" in turn.result.best.text


def test_an_item_named_as_well_as_counted_is_asked_by_its_name(matcher):
    # 红线意识 stands only in the listing sentence; without the list's noun (意识) the speech explains 红线
    first, turn = talk(matcher, "乡镇党委政府负责同志要有哪几种意识", "第一个红线意识怎么理解")
    assert "红线意识、责任意识和担当意识" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "底线的红线" in turn.result.best.text


def test_na_with_a_new_subject_and_its_own_question_is_not_asked_of_the_last_topic(matcher):
    first, turn = talk(matcher, "企业要建立什么责任清单", "那主管部门要公开啥呢")
    assert "岗位安全生产责任清单" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "岗位安全生产责任清单" not in turn.result.best.text
    assert "管行业必须管安全" in turn.result.best.text or "两张清单" in turn.result.best.text


@pytest.mark.parametrize("follow_up", ["建筑工地那块呢", "那建筑施工那边呢"])
def test_x_ne_after_a_question_for_requirements_is_x_s_requirement_not_a_fact_about_x(matcher, follow_up):
    # 节后 carried over finds the sentence that construction starts after the holiday; the requirement is asked
    first, turn = talk(matcher, "节后非煤矿山复工有什么要求", follow_up)
    assert "复工复产工作程序" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "严禁建筑施工赶工期" in turn.result.best.text


@pytest.mark.parametrize("follow_up", ["具体些，咋整治", "详细点怎么整治"])
def test_detail_then_how_of_the_last_answer_is_its_passage_in_detail(matcher, follow_up):
    first, turn = talk(matcher, "隐患排查整治差距大吗", follow_up)
    assert "差距还比较大" in first.result.best.text
    assert "一律停产整顿" not in first.result.best.text
    assert turn.followup == MORE
    assert "一律停产整顿" in turn.result.best.text


def test_a_point_asked_in_detail_says_what_it_says_before_its_parts(matcher):
    _, turn = talk(matcher, "讲话分了几点", "第四点具体讲了什么")
    assert turn.followup == ORDINAL
    text = turn.result.best.text
    assert "落实责任始终是最有力的武器" in text
    assert "一要落实党政领导责任" in text and "三要落实企业主体责任" in text


def test_a_point_asked_without_detail_is_still_its_heading_and_parts(matcher):
    _, turn = talk(matcher, "讲话分了几点", "第四点讲了什么")
    assert "一要落实党政领导责任" in turn.result.best.text
    assert "最有力的武器" not in turn.result.best.text
