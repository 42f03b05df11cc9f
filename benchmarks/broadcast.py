"""Broadcast one reminder to many subscribed chats under Telegram's rate limits, and measure it.

Phase-1 sketch: the real engine (`ReminderService.run_slot` → `Broadcaster`) and PTB's real
`AIORateLimiter`, in front of an in-process fake Telegram that counts sends per second and per chat
(and, with --enforce, answers like Telegram's flood control: RetryAfter when more than 30 messages
fall in one second or more than 20 in a minute to one group). Phase 2 replaces the in-process fake
with the fake Bot API server, so the HTTP layer of PTB is measured too.

    .venv/bin/python benchmarks/broadcast.py --chats 1000

Reports total time, peak send rate (most messages in any sliding one-second window), and whether
every chat got exactly one message. Fails (exit 1) if a chat did not get exactly one message or the
broadcast took more than 10% longer than the limit allows (chats / 30 messages per second).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
import warnings
from collections import Counter, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from telegram.error import RetryAfter  # noqa: E402
from telegram.ext import AIORateLimiter  # noqa: E402

from bot.qa.knowledge import load_knowledge  # noqa: E402
from bot.reminders.catalog import load_catalog  # noqa: E402
from bot.reminders.delivery import Broadcaster  # noqa: E402
from bot.reminders.schedule import DEFAULT_TZ  # noqa: E402
from bot.reminders.service import ReminderService  # noqa: E402
from bot.reminders.store import Store  # noqa: E402

OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20


class CountingTelegram:
    def __init__(self, enforce: bool, latency: float):
        self.enforce, self.latency = enforce, latency
        self.times: list[float] = []
        self.per_chat: Counter[int] = Counter()
        self.recent: deque[float] = deque()
        self.chat_recent: dict[int, deque[float]] = {}
        self.refused = 0

    async def send_message(self, chat_id: int, text: str) -> None:
        await asyncio.sleep(self.latency)
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        chat = self.chat_recent.setdefault(chat_id, deque())
        while chat and now - chat[0] >= 60.0:
            chat.popleft()
        if self.enforce and (len(self.recent) >= OVERALL_PER_SECOND or len(chat) >= GROUP_PER_MINUTE):
            self.refused += 1
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                raise RetryAfter(1)
        self.recent.append(now)
        chat.append(now)
        self.times.append(now)
        self.per_chat[chat_id] += 1


def peak_per_second(times: list[float]) -> int:
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= 1.0:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def make_limiter(smooth: bool) -> AIORateLimiter:
    """PTB's limiter. Its leaky buckets start empty with room for a full period's worth, so by default
    it lets 30 messages out at once and ~60 in the first second; `smooth` sizes the buckets to one
    message (1 per 1/30 s overall, 1 per 3 s per group), which never exceeds the limits in any window."""
    if smooth:
        return AIORateLimiter(overall_max_rate=1, overall_time_period=1 / OVERALL_PER_SECOND,
                              group_max_rate=1, group_time_period=60 / GROUP_PER_MINUTE, max_retries=5)
    return AIORateLimiter(max_retries=5)


async def run(chats: int, enforce: bool, latency: float, concurrency: int, smooth: bool = False) -> dict:
    kb = load_knowledge(ROOT / "knowledge")
    catalog = load_catalog(ROOT / "knowledge", kb)
    fake = CountingTelegram(enforce, latency)
    limiter = make_limiter(smooth)
    await limiter.initialize()

    async def send(chat_id: int, text: str) -> None:
        await limiter.process_request(callback=fake.send_message, args=(chat_id, text), kwargs={},
                                      endpoint="sendMessage", data={"chat_id": chat_id}, rate_limit_args=None)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        long_ago = dt.datetime(2024, 1, 1, tzinfo=DEFAULT_TZ)
        ids = [-1001000000000 - i for i in range(chats)]
        for chat_id in ids:
            store.subscribe(chat_id, "duty", now=long_ago)
        service = ReminderService(store, catalog, Broadcaster(store, catalog, send, concurrency=concurrency), tz=DEFAULT_TZ)
        start = time.monotonic()
        report = await service.run_slot("duty", dt.time(8, 30), dt.datetime(2024, 3, 4, 8, 30, tzinfo=DEFAULT_TZ))
        elapsed = time.monotonic() - start
        delivered_rows = sum(1 for d in store.deliveries() if d.state == "delivered")
        store.close()
    await limiter.shutdown()
    limit_seconds = chats / OVERALL_PER_SECOND
    exactly_once = all(fake.per_chat[c] == 1 for c in ids)
    return {
        "chats": chats,
        "limiter": "smooth" if smooth else "default",
        "enforced": enforce,
        "total_seconds": round(elapsed, 2),
        "limit_seconds": round(limit_seconds, 2),
        "ratio_to_limit": round(elapsed / limit_seconds, 3),
        "peak_per_sliding_second": peak_per_second(fake.times),
        "mean_rate": round(len(fake.times) / elapsed, 2),
        "refused_by_flood_control": fake.refused,
        "every_chat_exactly_once": exactly_once,
        "delivered_rows": delivered_rows,
        "outcomes": {o.value: report.count(o) for o in set(report.outcomes.values())},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chats", type=int, default=1000)
    ap.add_argument("--enforce", action="store_true", help="answer RetryAfter beyond 30/s or 20/min per group")
    ap.add_argument("--latency", type=float, default=0.02, help="seconds the fake takes per request")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--smooth", action="store_true", help="size the limiter's buckets to one message (no bursts)")
    args = ap.parse_args()
    result = asyncio.run(run(args.chats, args.enforce, args.latency, args.concurrency, args.smooth))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok = result["every_chat_exactly_once"] and result["ratio_to_limit"] <= 1.10
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
