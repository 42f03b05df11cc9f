"""Follow-ups of branch dialogue10, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


def _ids(result) -> list[str]:
    return [i.split("/")[-1] for a in result.answers for i in (a.sentence_ids or (a.id,))]


# A point or sub-point pointed at by words of its heading and 这/那 (重拳出击那一点, 部门监管责任那条) is that
# node, as 第三点 / 第四点的二要 would be: 那一点 is "that point", not the first one.

def test_a_point_pointed_at_by_its_heading_words_lists_its_parts(matcher):
    result = matcher.ask("勇担当那一点有几个要")
    assert result.status == "answered"
    assert result.best.id.endswith("/p4")
    assert "三要落实企业主体责任" in result.best.text


def test_a_point_pointed_at_without_yi_is_that_point_too(matcher):
    result = matcher.ask("重拳出击那点分了几个要")
    assert result.best.id.endswith("/p3")


def test_a_sub_point_pointed_at_by_its_heading_words_is_quoted_from_its_start(matcher):
    result = matcher.ask("部门监管责任那条咋说")
    assert result.status == "answered"
    assert "二要落实部门监管责任" in result.best.text


def test_the_last_part_after_a_point_pointed_at_is_its_last_sub_point(matcher):
    _, turn = talk(matcher, "勇担当那一点有几个要", "最后一个呢")
    assert "落实企业主体责任" in turn.result.best.text


def test_reading_on_after_a_sub_point_pointed_at_goes_to_the_next_sub_point(matcher):
    _, turn = talk(matcher, "部门监管责任那条咋说", "再往后讲的啥")
    assert "落实企业主体责任" in turn.result.best.text


def test_which_points_asked_by_their_count_is_the_outline(matcher):
    result = matcher.ask("讲话有哪四点意见")
    assert result.status == "answered"
    assert result.best.id.endswith("/outline")
