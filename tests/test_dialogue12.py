"""Follow-ups of branch dialogue12, and the first questions they follow (examples of our own, not the
conversations of tests/data)."""

from __future__ import annotations

import pytest

from tests.helpers_core import shipped_matcher
from tests.helpers_core import short_ids as _ids
from tests.test_dialogue import talk


@pytest.fixture(scope="module")
def matcher():
    return shipped_matcher()


# 今年打算咋整 after a fact: the next duty, and when that duty concludes from the fact (这说明…要下大功夫) it names
# only the intent, so the sentence after it, which says what is to be done, is quoted with it.

@pytest.mark.parametrize(("first", "second"), [
    ("去年大检查为啥成了应景差事", "那今年准备怎么干"),
    ("大检查走马观花说明啥", "今年要咋弄"),
    ("去年检查出现了哪些问题", "那今年呢，打算怎么办"),
])
def test_what_is_planned_after_a_concluded_duty_quotes_the_action_after_it(matcher, first, second):
    one, turn = talk(matcher, first, second)
    assert _ids(one.result) == ["p3.1.s3"]
    assert turn.result.status == "answered"
    assert _ids(turn.result) == ["p3.1.s4", "p3.1.s5"]


# 展开说说 + a question of its own (具体说说 全县今年的情况): the question goes on from the request for more, so it is
# asked of the last answer's passage, whose unread sentence sharing most of its words answers it, not a sentence
# elsewhere that shares a few more (今年的情况十分特殊 of the second point).

@pytest.mark.parametrize(("first", "second", "said"), [
    ("去年那起建筑施工特别重大事故讲话怎么说", "具体说说 全县今年的情况", "p3.2.2.s3"),
    ("建筑施工领域去年出了啥事故", "展开讲讲，全县今年有啥工程开工", "p3.2.2.s3"),
    ("讲话怎么说去年建筑施工那起事故", "还有呢 县里今年建设工程多吗", "p3.2.2.s3"),
    ("去年检查暴露的问题说明了啥", "具体说说，今年要组织什么行动", "p3.1.s5"),
])
def test_a_question_after_a_request_for_more_is_answered_in_the_last_answers_passage(matcher, first, second, said):
    _, turn = talk(matcher, first, second)
    assert turn.result.status == "answered"
    assert _ids(turn.result)[0] == said


# 哪俩 / 哪仨 are 哪两个 / 哪三个 said the spoken way: the last question asked for a list, so 第二个 counts its items,
# not the speech's parts.

@pytest.mark.parametrize(("first", "second", "said"), [
    ("政府工作的两条线是哪俩", "第二个呢", "p1.s5"),
    ("县长着重强调了哪俩领域的安全", "第一个具体咋抓", "p3.2.1.s1"),
    ("重点领域专项整治着重说了哪俩问题", "最后一个呢", "p3.2.2.s4"),
])
def test_a_list_asked_for_with_lia_is_counted_by_the_next_ordinal(matcher, first, second, said):
    _, turn = talk(matcher, first, second)
    assert turn.followup == "ordinal"
    assert _ids(turn.result)[0] == said


# 接下来第二点是什么: 接下来 is one ordinary word, though the segmenter (which knows the speech's words only) cuts it
# into 接下 + 来; its 来 names no topic, so the point asked by its number is shown.

@pytest.mark.parametrize(("first", "second", "point"), [
    ("第一点讲的啥", "接下来第二点是什么", "p2"),
    ("第三点讲了什么", "接下来第四点呢", "p4"),
    ("第一点讲了啥", "接下来讲第二点", "p2"),
])
def test_a_point_asked_by_its_number_after_jiexialai_is_shown(matcher, first, second, point):
    _, turn = talk(matcher, first, second)
    assert turn.result.status == "answered"
    assert turn.result.best.id.endswith("/" + point)


def test_a_question_opening_with_jiexialai_and_a_point_number_is_answered_alone(matcher):
    result = matcher.ask("接下来讲第四点")
    assert result.status == "answered"
    assert result.best.id.endswith("/p4")


# 为啥 after a duty whose own sentence says what it is for (…时间服从质量、服从安全,确保工程质量和人员安全): the reasons
# said right before it (the accident, the projects starting now) are quoted together with the duty itself.

@pytest.mark.parametrize(("first", "second"), [
    ("施工单位能不能抢进度", "凭什么"),
    ("建筑工地赶进度行不行", "为啥这么要求"),
    ("建筑施工安全监管有什么要求", "为什么"),
])
def test_why_of_a_duty_stating_its_purpose_quotes_the_reasons_with_the_duty(matcher, first, second):
    one, turn = talk(matcher, first, second)
    assert _ids(one.result) == ["p3.2.2.s4"]
    assert turn.result.status == "answered"
    said = _ids(turn.result)
    assert said[-1] == "p3.2.2.s4" and "p3.2.2.s2" in said
    assert "确保工程质量和人员安全" in turn.result.best.text

