"""The console chat keeps the conversation between lines and answers small talk."""

from __future__ import annotations

import io

from bot.console import chat
from tests.helpers_core import shipped_matcher


def run_chat(*lines: str) -> str:
    out = io.StringIO()
    ticks = iter(range(0, 10_000, 5))
    assert chat(shipped_matcher(), io.StringIO("\n".join(lines) + "\n"), out, clock=lambda: float(next(ticks))) == 0
    return out.getvalue()


def test_the_console_reads_a_follow_up_against_the_previous_line():
    out = run_chat("非煤矿山复工有什么要求", "那建筑工地呢")
    assert "严禁建筑施工赶工期" in out


def test_the_console_greets_and_stays_silent_on_an_acknowledgement():
    out = run_chat("你好", "收到")
    assert "问答助手" in out
    assert "抱歉" not in out and "您是不是想问" not in out


def test_the_console_numbers_drill_down_targets_and_a_number_opens_one():
    out = run_chat("讲话分几点", "3")
    assert "继续查看" in out and "  3. 第三点" in out
    assert "三、盯重点、下狠劲" in out


def test_the_console_says_when_a_quote_was_the_whole_passage():
    out = run_chat("非煤矿山复工复产首先要干啥", "还有呢")
    assert "以上是这一段的全文" in out and "建筑安全方面" in out
