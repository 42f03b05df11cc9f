"""Follow-ups of the seventh dialogue round (examples of our own): why / what for after a duty whose sentence
states its purpose, reading on and stepping back from the sentence that answered, a 那X…呢 that asks its
own question of a new subject, an item of a list named as well as counted, and the last part of a point."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import TOPICLESS
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
