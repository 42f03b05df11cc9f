"""End-to-end with the rate limiter ON: answers are not paced like broadcasts, and a 429 stays in its lane."""

from __future__ import annotations

import asyncio
import time

from bot.telegram_app.ratelimit import LaneRateLimiter
from tests.botharness import bot_running
from tests.fake_bot_api import User, flood_wait

GROUP = -1001234500001
USERS = [User(6001 + i, f"U{i}", "zh-hans") for i in range(4)]
ALICE = User(6101, "Alice", "zh-hans")


async def test_four_users_asking_at_once_in_one_group_are_all_answered_within_one_second(config, matcher, fake, kb):
    # Issue 10 item 4: PTB's AIORateLimiter answered them at 0, 3, 6 and 9 s (one message per 3 s per group).
    async with bot_running(config, matcher, fake, rate_limiter=True) as application:
        assert isinstance(application.bot.rate_limiter, LaneRateLimiter)
        questions = [kb.qa[i].question for i in range(4)]
        started = time.perf_counter()
        for user, q in zip(USERS, questions, strict=True):
            fake.group_message(f"/ask {q}", user=user, chat_id=GROUP)
        replies = await fake.replies(GROUP, count=4, timeout=5)
        elapsed = max(r.received_at for r in replies) - started
        assert elapsed < 1.0, f"last answer after {elapsed:.2f} s"
        for q in questions:
            assert any(matcher.ask(q).best.text in r.text for r in replies), q


async def test_a_429_on_a_broadcast_does_not_hold_back_a_users_answer(config, matcher, fake, kb):
    async with bot_running(config, matcher, fake, rate_limiter=True) as application:
        fake.fail_sends(GROUP, flood_wait(3))
        # What the reminders' send does: a bare send_message outside any handler (the broadcast lane).
        broadcast = asyncio.create_task(application.bot.send_message(GROUP, "安全提醒"))
        while fake.failed_requests == 0:
            await asyncio.sleep(0.01)
        question = kb.qa[5].question
        asked = time.perf_counter()
        fake.private_message(question, user=ALICE)
        [answer] = await fake.replies(ALICE.id, timeout=2)
        assert answer.received_at - asked < 1.0
        assert matcher.ask(question).best.text in answer.text
        assert not broadcast.done(), "the broadcast should still be waiting out its retry_after"
        await asyncio.wait_for(broadcast, 6)
        [reminder] = fake.sent_to(GROUP)
        assert reminder.text == "安全提醒" and reminder.received_at - asked >= 2.5
        assert application.bot.rate_limiter.retries == {"interactive": 0, "broadcast": 1}


async def test_a_429_on_an_answer_is_waited_out_for_that_chat_and_the_answer_sent_once(config, matcher, fake, kb):
    async with bot_running(config, matcher, fake, rate_limiter=True) as application:
        fake.fail_sends(ALICE.id, flood_wait(0.6))
        question = kb.qa[6].question
        asked = time.perf_counter()
        fake.private_message(question, user=ALICE)
        [answer] = await fake.replies(ALICE.id, timeout=5, settle=0.3)
        assert answer.received_at - asked >= 0.6
        assert application.bot.rate_limiter.retries["interactive"] == 1
        # Another user is not held by Alice's 429.
        bob = User(6102, "Bob", "zh-hans")
        fake.fail_sends(ALICE.id, flood_wait(2))
        fake.private_message(question, user=ALICE)
        await asyncio.sleep(0.2)
        asked = time.perf_counter()
        fake.private_message(question, user=bob)
        [b] = await fake.replies(bob.id, timeout=2)
        assert b.received_at - asked < 1.0
