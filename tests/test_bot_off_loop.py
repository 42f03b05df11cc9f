"""End-to-end: matching runs off the event loop, so a slow question does not hold up another chat's answer."""

from __future__ import annotations

import asyncio
import time

from tests.botharness import bot_running
from tests.fake_bot_api import User

SLOW = User(7101, "Sam", "zh-hans")
QUICK = User(7102, "Qin", "zh-hans")
SLOW_SECONDS = 2.0


class SlowMatcher:
    """The real matcher, except that a question with 值班 takes SLOW_SECONDS of blocking work first
    (time.sleep: what a long match does to the thread that runs it)."""

    def __init__(self, matcher):
        self._matcher = matcher
        self.slow_started = 0.0

    def ask(self, question):
        if "值班" in question:
            self.slow_started = time.perf_counter()
            time.sleep(SLOW_SECONDS)
        return self._matcher.ask(question)

    def __getattr__(self, name):
        return getattr(self._matcher, name)


async def test_a_slow_question_does_not_hold_up_another_chats_answer(config, matcher, fake):
    slow = SlowMatcher(matcher)
    async with bot_running(config, slow, fake):
        fake.private_message("建筑施工安全有什么要求", user=QUICK)  # warm up
        await fake.replies(QUICK.id, timeout=5)
        fake.private_message("应急值班制度有哪些规定", user=SLOW)
        deadline = time.perf_counter() + 5
        while not slow.slow_started and time.perf_counter() < deadline:  # the slow match has begun
            await asyncio.sleep(0.01)
        assert slow.slow_started
        fake.private_message("非煤矿山节后复工有什么要求", user=QUICK)
        asked = time.perf_counter()
        [quick] = await fake.replies(QUICK.id, since=1, timeout=5)
        assert quick.received_at - asked < 1.0, f"answered after {quick.received_at - asked:.2f} s"
        assert matcher.ask("非煤矿山节后复工有什么要求").best.text in quick.text
        [answer] = await fake.replies(SLOW.id, timeout=10)
        assert answer.received_at > quick.received_at  # the slow one came later, and came
        assert answer.received_at - slow.slow_started >= SLOW_SECONDS


async def test_a_persons_follow_up_sent_during_a_slow_match_is_read_against_that_answer(config, matcher, fake):
    slow = SlowMatcher(matcher)
    async with bot_running(config, slow, fake):
        fake.private_message("应急值班制度有哪些规定", user=SLOW)
        fake.private_message("还有呢", user=SLOW)  # before the first is answered
        first, follow_up = await fake.replies(SLOW.id, count=2, timeout=10)
        assert "值班制度" in first.text
        # read against the first answer: the next sentence of its passage (alone, 还有呢 is not answered)
        assert "事故专报制度" in follow_up.text, follow_up.text
