"""Follow-ups of branch dialogue11, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.helpers_core import short_ids as _ids
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# 这块还说了啥 / 这里面还提了些什么 / 这部分还说了什么: the last answer's place pointed at, and what else it says:
# a request for more, read on from the last quote (not a new question, not the outline).

@pytest.mark.parametrize(("first", "second"), [
    ("应急救援预案要怎么完善", "这块还说了啥"),
    ("领导干部值班有什么要求", "这里面还提了些什么"),
    ("两张清单是什么", "这部分还说了什么"),
    ("隐患排查为什么要下大功夫", "这段还讲了哪些"),
])
def test_what_else_the_place_of_the_last_answer_says_reads_on_from_it(matcher, first, second):
    one, turn = talk(matcher, first, second)
    assert turn.followup == "more"
    assert turn.result.status == "answered"
    assert set(_ids(turn.result)) - set(_ids(one.result))  # something not shown yet


def test_what_else_it_says_after_a_sentence_goes_to_the_sentence_after_it(matcher):
    _, turn = talk(matcher, "隐患排查为什么要下大功夫", "这段还讲了哪些")
    assert _ids(turn.result)[0] == "p3.1.s5"


# A point's parts asked for in 块 or 要 (分几块, 有哪几个要), the point named by its heading's words or by its
# number with words of its own opening: the point's outline, so that 第一个 / 最后一个 count its parts.

@pytest.mark.parametrize(("question", "point"), [
    ("重拳出击抓治理整顿分几块", "p3"),
    ("盯重点下狠劲有哪几个要", "p3"),
    ("第四点层层压实责任分了哪几块", "p4"),
])
def test_a_points_parts_asked_for_in_kuai_or_yao_are_its_outline(matcher, question, point):
    result = matcher.ask(question)
    assert result.status == "answered"
    assert result.best.id.endswith("/" + point)


@pytest.mark.parametrize(("first", "second", "said"), [
    ("重拳出击抓治理整顿分几块", "第一个呢", "持续加大隐患排查整治力度"),
    ("盯重点下狠劲有哪几个要", "那第二个具体说啥", "扎实开展重点领域专项整治"),
    ("第四点层层压实责任分了哪几块", "最后一个呢", "落实企业主体责任"),
])
def test_the_nth_part_after_a_points_parts_asked_in_kuai_or_yao_is_that_sub_point(matcher, first, second, said):
    _, turn = talk(matcher, first, second)
    assert turn.result.status == "answered"
    assert said in turn.result.best.text


def test_money_counted_in_kuai_is_no_part_of_the_speech(matcher):
    result = matcher.ask("违规一次罚几块钱")
    assert not result.best or not result.best.id.endswith("/outline")


# 第二条线呢 after what the two lines are: what the second line is, the sentence stating it (二是…“底线”…),
# not a sentence elsewhere that only names 底线, nor the first line.

@pytest.mark.parametrize(("first", "second", "said", "not_said"), [
    ("两条线是啥", "第二条线呢", "二是", "一是"),
    ("政府工作的两条线指什么", "第一条线呢", "一是", "二是"),
    ("县长说的两条线分别是什么意思", "后一条线呢", "二是", "一是"),
])
def test_the_nth_line_after_what_the_lines_are_is_the_sentence_stating_it(matcher, first, second, said, not_said):
    _, turn = talk(matcher, first, second)
    assert turn.result.status == "answered"
    assert said in turn.result.best.text and not_said not in turn.result.best.text
