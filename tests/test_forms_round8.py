"""Question forms of round 8 (session of 2026-12-01, third): each with its own small examples."""

from __future__ import annotations

from bot.qa.result import ANSWERED, NO_ANSWER


def test_a_little_is_no_reference_to_the_first_point(matcher):
    # 便宜一点 is "a bit cheaper": the speech's first point must not answer a question about phone plans
    assert matcher.ask("手机套餐能不能换个便宜一点的").status == NO_ANSWER
    first = matcher.ask("头一点讲的是什么")
    assert first.status == ANSWERED and "真重视" in first.answers[0].text
    assert "真重视" in matcher.ask("第一点讲了什么").answers[0].text
