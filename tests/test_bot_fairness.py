"""End-to-end: one user's burst of questions cannot hold up another user's answer (fair queues)."""

from __future__ import annotations

import time

from tests.botharness import bot_running
from tests.fake_bot_api import User

FLOODER = User(7001, "Flo", "zh-hans")
OTHER = User(7002, "Otto", "zh-hans")


async def test_300_questions_from_one_private_user_delay_another_users_answer_by_less_than_half_a_second(
        config, matcher, fake, kb):
    async with bot_running(config, matcher, fake, rate_limiter=True):
        # Warm up (the first answer pays for nothing later).
        fake.private_message(kb.qa[0].question, user=OTHER)
        await fake.replies(OTHER.id, timeout=5)
        questions = [e.question for e in kb.qa]
        for n in range(300):
            fake.private_message(questions[n % len(questions)], user=FLOODER)
        asked = time.perf_counter()
        fake.private_message(kb.qa[1].question, user=OTHER)
        [answer] = await fake.replies(OTHER.id, since=1, timeout=5)
        delay = answer.received_at - asked
        assert delay < 0.5, f"answered after {delay:.2f} s"
        assert matcher.ask(kb.qa[1].question).best.text in answer.text
        # The flooder got the limit's worth of answers and one "slow down", nothing for the rest.
        replies = await fake.replies(FLOODER.id, count=config.telegram.flood.private_messages + 1, timeout=10,
                                     settle=0.5)
        assert len(replies) == config.telegram.flood.private_messages + 1
        # (matching runs off the event loop, so the "slow down" may overtake answers still being matched)
        assert sum("慢一点" in r.text for r in replies) == 1
