"""Follow-ups of the seventh dialogue round (examples of our own): why / what for after a duty whose sentence
states its purpose, reading on and stepping back from the sentence that answered, a 那X…呢 that asks its
own question of a new subject, an item of a list named as well as counted, and the last part of a point."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import NEXT, PREVIOUS, TOPICLESS
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
