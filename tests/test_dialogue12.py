"""Follow-ups of branch dialogue12, and the first questions they follow (examples of our own, not the
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
