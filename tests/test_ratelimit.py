"""The two lanes of `LaneRateLimiter` without a server: pacing of broadcasts, no pacing of answers, 429 holds."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from telegram.error import RetryAfter

from bot.telegram_app.ratelimit import (
    BROADCAST,
    INTERACTIVE,
    LaneRateLimiter,
    Pace,
    broadcast_kwargs,
    interactive,
)


class Recorder:
    def __init__(self, refuse: dict[int, list[float]] | None = None):
        self.sent: list[tuple[int, float]] = []
        self.refuse = refuse or {}

    async def __call__(self, chat_id: int):
        queue = self.refuse.get(chat_id)
        if queue:
            raise RetryAfter(dt.timedelta(seconds=queue.pop(0)))
        self.sent.append((chat_id, time.monotonic()))
        return True


async def send(limiter: LaneRateLimiter, rec: Recorder, chat_id: int, lane: str | None = None):
    return await limiter.process_request(rec, (chat_id,), {}, "sendMessage", {"chat_id": chat_id}, lane)


def test_pace_hands_out_slots_one_interval_apart_and_a_note_moves_them_back():
    now = [10.0]
    pace = Pace(0.5, lambda: now[0])
    assert [pace.reserve() for _ in range(3)] == [0.0, 0.5, 1.0]
    now[0] = 20.0
    pace.note()
    assert pace.reserve() == 0.5


async def test_broadcasts_to_one_group_are_paced_and_answers_are_not():
    limiter = LaneRateLimiter(overall_per_second=100, group_interval=0.3)
    rec = Recorder()
    start = time.monotonic()
    await asyncio.gather(*(send(limiter, rec, -100) for _ in range(3)))
    times = [t - start for _, t in rec.sent]
    assert times[1] - times[0] >= 0.28 and times[2] - times[1] >= 0.28
    rec.sent.clear()
    start = time.monotonic()
    with interactive():
        await asyncio.gather(*(send(limiter, rec, -100) for _ in range(4)))
    assert max(t for _, t in rec.sent) - start < 0.1


async def test_the_overall_broadcast_rate_is_kept_across_chats():
    limiter = LaneRateLimiter(overall_per_second=20, group_interval=0.01)
    rec = Recorder()
    start = time.monotonic()
    await asyncio.gather(*(send(limiter, rec, 1000 + i) for i in range(10)))
    assert time.monotonic() - start >= 9 / 20 - 0.02


async def test_a_429_in_the_broadcast_lane_holds_broadcasts_but_not_answers():
    limiter = LaneRateLimiter(overall_per_second=100, group_interval=0.01)
    rec = Recorder(refuse={-5: [0.5]})
    start = time.monotonic()
    held = asyncio.create_task(send(limiter, rec, -5))
    await asyncio.sleep(0.05)
    other_broadcast = asyncio.create_task(send(limiter, rec, -6))
    await send(limiter, rec, 42, INTERACTIVE)
    assert rec.sent[0][0] == 42 and rec.sent[0][1] - start < 0.1
    await asyncio.gather(held, other_broadcast)
    late = {chat: t - start for chat, t in rec.sent}
    assert late[-5] >= 0.5 and late[-6] >= 0.5  # the whole broadcast lane waited
    assert limiter.retries == {INTERACTIVE: 0, BROADCAST: 1}


async def test_a_429_on_an_answer_holds_that_chat_only_and_gives_up_after_max_retries():
    limiter = LaneRateLimiter(max_retries=1)
    rec = Recorder(refuse={7: [0.3, 0.3]})
    with interactive(), pytest.raises(RetryAfter):
        await send(limiter, rec, 7)
    with interactive():
        start = time.monotonic()
        await send(limiter, rec, 8)
    assert time.monotonic() - start < 0.1


def test_broadcast_kwargs_name_the_lane_only_for_a_bot_with_the_lane_limiter():
    class Bot:
        rate_limiter = None

    assert broadcast_kwargs(Bot()) == {}
    Bot.rate_limiter = LaneRateLimiter()
    assert broadcast_kwargs(Bot()) == {"rate_limit_args": BROADCAST}
