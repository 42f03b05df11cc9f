"""A follow-up asking for more, whatever else it asks, never gets the quote it just had (follow-up set 10)."""

from __future__ import annotations

import pytest

from bot.qa.dialogue import respond


@pytest.mark.parametrize("first, second", [
    ("两张清单是什么", "除此之外，部门还有啥要求"),
    ("重点领域都有哪些", "这块县长还讲了些啥"),
    ("为啥今年要格外重视安全生产", "除了二十大，还有别的原因没"),
])
def test_asking_for_more_with_a_question_of_its_own_is_not_answered_with_the_same_quote(matcher, first, second):
    one = respond(first, None, matcher, 0.0)
    two = respond(second, one.context, matcher, 1.0)
    assert two.result is not None and two.result.status == "answered"
    assert not set(two.result.answers[0].sentence_ids) <= set(one.result.answers[0].sentence_ids)


def test_a_follow_up_not_asking_for_more_may_quote_the_same_sentence(matcher):
    """那为啥要这样 after a duty may well be answered by the duty's own purpose clause: only asking for more
    rules the last quote out."""
    from bot.qa.dialogue import _ASKS_MORE

    assert not _ASKS_MORE.search("那为啥要这样")
    assert _ASKS_MORE.search("还有别的要求不，对乡镇和部门？")
