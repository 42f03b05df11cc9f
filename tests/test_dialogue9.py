"""Follow-ups of branch dialogue9: ordinals, ellipses and topic-less questions read against the first answer
(examples of our own, not the conversations of tests/data)."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import ELLIPTIC, ORDINAL, TOPICLESS, items_of
from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# A word that swaps the subject (换成, 要是, 至于) before a subject closed by 呢 and a question of its own.

def test_a_swapped_subject_with_its_own_question_is_answered_about_the_new_subject(matcher):
    first, turn = talk(matcher, "矿山企业节后复工要走什么程序", "换成在建的工程呢,要注意啥")
    assert "复工复产工作程序" in first.result.best.text
    assert turn.followup == ELLIPTIC
    assert "严禁建筑施工赶工期" in turn.result.best.text


def test_a_swapped_subject_said_with_yaoshi_is_the_new_subject_too(matcher):
    first, turn = talk(matcher, "党政领导要按什么要求落实责任", "要是企业呢,要建立什么清单")
    assert "党政同责" in first.result.best.text
    assert "岗位安全生产责任清单" in turn.result.best.text


# What a duty is to achieve (要达到啥效果, 起到什么作用) is its sentence's purpose clause (确保…), like 目的是什么.

def test_the_effect_a_duty_is_to_achieve_is_its_purpose_clause(matcher):
    first, turn = talk(matcher, "应急装备和物资要储备吗", "这样做要达到啥效果")
    assert "物资储备" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "最大限度减少人员伤亡" in turn.result.best.text


def test_the_use_a_duty_is_to_have_is_its_purpose_clause_too(matcher):
    first, turn = talk(matcher, "应急处置能力要怎么提高", "能起到什么作用")
    assert "应急处置能力" in first.result.best.text
    assert "第一时间赶赴现场" in turn.result.best.text


# An item named as well as counted keeps its whole name when the speech says that name again (一岗双责 twice is
# no list of 双责): the noun is shared only when it is said more often than the item.

def test_a_counted_item_said_again_in_its_sentence_is_asked_by_its_whole_name(matcher):
    first, turn = talk(matcher, "党政领导责任的要求有哪几条", "第二个一岗双责由谁来履行")
    assert "党政同责、一岗双责" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "领导班子成员要履行" in turn.result.best.text


def test_an_item_of_a_list_sharing_its_noun_is_still_asked_without_the_noun(matcher):
    first, turn = talk(matcher, "乡镇负责同志要牢固树立哪几种意识", "第一个红线意识怎么理解")
    assert "红线意识、责任意识和担当意识" in first.result.best.text
    assert "底线的红线" in turn.result.best.text


# A text listing cases (对…的,要…; …的,要…; …的,决不准…) lists them: the Nth case is the sentence stating it and what
# is done then.

def test_the_cases_a_quote_lists_are_its_items():
    text = "对不开展隐患查改的,要一律依法处置;查改发现存在重大隐患的,要一律停产整顿;停产整顿后仍达不到要求的,决不准恢复生产。"
    assert items_of(text) == ["对不开展隐患查改的", "查改发现存在重大隐患的", "停产整顿后仍达不到要求的"]


def test_the_second_case_asked_after_the_cases_is_the_sentence_stating_it(matcher):
    first, turn = talk(matcher, "隐患查改中企业分哪几种情形来处理", "第二种情形怎么处理")
    assert "一律依法处置" in first.result.best.text
    assert turn.followup == ORDINAL
    assert "一律停产整顿" in turn.result.best.text
    assert "依法处置" not in turn.result.best.text


def test_the_last_case_is_the_last_sentence_stating_one(matcher):
    first, turn = talk(matcher, "隐患查改中企业分哪几种情形来处理", "最后一种呢")
    assert turn.result.best.text.startswith("停产整顿后仍达不到要求的,决不准恢复生产")


# After an answer to why, what to do (具体怎么做) is the duty those reasons lead to, not more of the reasons.

def test_what_to_do_after_the_reasons_is_the_duty_they_lead_to(matcher):
    first, turn = talk(matcher, "为啥说今年情况特殊", "那具体怎么做")
    assert "迎接党的二十大" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "切实增强“四个意识”" in turn.result.best.text


def test_a_request_for_detail_after_the_reasons_is_still_more_of_them(matcher):
    first, turn = talk(matcher, "为啥说今年情况特殊", "具体点")
    assert "迎接党的二十大" in turn.result.best.text


# Which ones of a kind (针对哪些企业, 是哪些部门) after a quote naming that kind with what tells which: that quote.

def test_which_enterprises_after_a_quote_naming_them_is_that_quote(matcher):
    first, turn = talk(matcher, "安全风险等级管理和黑名单制度要落实吗", "主要针对哪类企业")
    assert "高危行业企业" in first.result.best.text
    assert turn.followup == TOPICLESS
    assert "高危行业企业" in turn.result.best.text


def test_which_departments_after_the_two_lists_is_the_sentence_naming_them(matcher):
    first, turn = talk(matcher, "两张清单要不要向社会公开", "是哪些部门")
    assert "两张清单" in first.result.best.text
    assert "负有安全生产监管职责部门" in turn.result.best.text
