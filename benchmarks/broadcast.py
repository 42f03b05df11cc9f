"""Broadcast one reminder to many subscribed chats under Telegram's rate limits, and measure it.

The real bot as deployed: `build_application` with the rate limiter ON (the broadcast lane of
``LaneRateLimiter``, bot/telegram_app/ratelimit.py, with the settings of bot/telegram_app/app.py) and the reminder extension, on a fresh SQLite file with
`--chats` groups subscribed to the duty reminder. It talks HTTP to the fake Bot API server
(tests/fake_bot_api.py, on 127.0.0.1 only) extended with Telegram's flood control: it counts every
sendMessage per sliding second and per group per sliding minute, and answers 429 ``retry_after`` 1
(without delivering) to a message beyond 30 in any second or 20 in any minute to one group.

The duty reminder's JobQueue job for Monday 7 December 2026 08:30 is run once, and the benchmark
reports the total time of the broadcast (job start to job end), the peak send rate (the most
delivered messages in any sliding one-second window, by the server's clock), the 429s answered,
and whether every chat got exactly one message. Exit 1 if a chat did not get exactly one message
or the broadcast took more than 10% longer than the limit allows (chats / 30 messages per second).

    .venv/bin/python benchmarks/broadcast.py                    # 1,000 chats, the bot's limiter
    .venv/bin/python benchmarks/broadcast.py --limiter ptb-default   # PTB's default buckets, for comparison
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import logging
import platform
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from telegram.ext import AIORateLimiter  # noqa: E402

from bot.config import StorageConfig, load_config  # noqa: E402
from bot.qa.matcher import Matcher  # noqa: E402
from bot.reminders.jobs import JOB_PREFIX  # noqa: E402
from bot.reminders.store import Store  # noqa: E402
from bot.reminders.telegram import ReminderBot, reminder_bot  # noqa: E402
from bot.telegram_app import app as app_module  # noqa: E402
from bot.telegram_app.app import build_application, running  # noqa: E402
from tests.botharness import TEST_TOKEN  # noqa: E402
from tests.fake_bot_api import ApiError, FakeBotAPI  # noqa: E402

OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
SHANGHAI = ZoneInfo("Asia/Shanghai")
SLOT = "duty@08:30"


class FloodControlledBotAPI(FakeBotAPI):
    """The fake Bot API with Telegram's flood control on sendMessage (sliding windows, server clock)."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.delivered_at: list[float] = []
        self.per_chat: Counter[int] = Counter()
        self.refused = 0
        self._second: deque[float] = deque()
        self._group_minute: dict[int, deque[float]] = {}
        self.max_group_minute = 0

    async def api_sendMessage(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        now = time.monotonic()
        while self._second and now - self._second[0] >= 1.0:
            self._second.popleft()
        window = self._group_minute.setdefault(chat_id, deque())
        while window and now - window[0] >= 60.0:
            window.popleft()
        if len(self._second) >= OVERALL_PER_SECOND or (chat_id < 0 and len(window) >= GROUP_PER_MINUTE):
            self.refused += 1
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        result = await super().api_sendMessage(params)
        self._second.append(now)
        window.append(now)
        self.max_group_minute = max(self.max_group_minute, len(window))
        self.delivered_at.append(now)
        self.per_chat[chat_id] += 1
        return result


def peak_per_second(times: list[float]) -> int:
    """The most events in any window [t, t + 1 s)."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= 1.0:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def describe(limiter) -> dict:
    """The pacing settings of the bot's rate limiter (ours, or PTB's AIORateLimiter for comparison)."""
    if hasattr(limiter, "describe"):
        return limiter.describe()
    base = limiter._base_limiter
    return {"overall": f"{base.max_rate:g} per {base.time_period:.4g} s",
            "group": f"{limiter._group_max_rate} per {limiter._group_time_period} s", "max_retries": limiter._max_retries}


class SetClock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


async def run(chats: int, limiter: str) -> dict:
    cfg = load_config(ROOT / "config.yaml", environ={})
    matcher = Matcher.from_config(cfg)
    fake = await FloodControlledBotAPI().start()
    ids = [-1001000000000 - i for i in range(chats)]
    clock = SetClock(dt.datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI))  # a Monday; nothing due yet
    original_limiter = app_module.LaneRateLimiter
    if limiter == "ptb-default":  # PTB's default buckets (30 per 1 s, 20 per 60 s per group)
        app_module.LaneRateLimiter = lambda **_kw: AIORateLimiter(max_retries=2)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.sqlite3"
            with Store(db) as store:
                long_ago = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
                for chat_id in ids:
                    store.subscribe(chat_id, "duty", now=long_ago)
            tg = dataclasses.replace(cfg.telegram, api_base_url=fake.base_url, api_base_file_url=fake.base_file_url,
                                     rate_limiter=True)
            bench_cfg = dataclasses.replace(cfg, telegram=tg, storage=StorageConfig(str(db)), log_level="WARNING")
            application = build_application(bench_cfg, matcher, token=TEST_TOKEN, features=[ReminderBot(clock=clock)])
            limiter_settings = describe(application.bot.rate_limiter)
            async with running(application, poll_timeout=1):
                await asyncio.wait_for(reminder_bot(application).caught_up.wait(), 30)
                [job] = application.job_queue.get_jobs_by_name(JOB_PREFIX + SLOT)
                clock.now = dt.datetime(2026, 12, 7, 8, 30, 1, tzinfo=SHANGHAI)
                before = len(fake.delivered_at)
                start = time.monotonic()
                await job.run(application)
                elapsed = time.monotonic() - start
                states = Counter(d.state for d in reminder_bot(application).service.store.deliveries())
    finally:
        app_module.LaneRateLimiter = original_limiter
        await fake.stop()
    times = fake.delivered_at[before:]
    limit_seconds = chats / OVERALL_PER_SECOND
    return {
        "chats": chats,
        "limiter": limiter,
        "limiter_settings": limiter_settings,
        "total_seconds": round(elapsed, 2),
        "limit_seconds": round(limit_seconds, 2),
        "ratio_to_limit": round(elapsed / limit_seconds, 3),
        "first_to_last_message_seconds": round(times[-1] - times[0], 2) if times else None,
        "peak_messages_in_a_sliding_second": peak_per_second(times),
        "mean_rate_per_second": round(len(times) / elapsed, 2),
        "answered_429": fake.refused,
        "max_messages_to_one_group_in_a_minute": fake.max_group_minute,
        "every_chat_exactly_once": all(fake.per_chat[c] == 1 for c in ids) and sum(fake.per_chat.values()) == chats,
        "chats_without_the_message": sum(1 for c in ids if fake.per_chat[c] == 0),
        "chats_with_more_than_one": sum(1 for c in ids if fake.per_chat[c] > 1),
        "delivery_log": dict(states),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chats", type=int, default=1000)
    ap.add_argument("--limiter", choices=("bot", "ptb-default"), default="bot",
                    help="bot: the application's LaneRateLimiter; ptb-default: PTB's AIORateLimiter()")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot.reminders").setLevel(logging.ERROR)  # one line per 429 would drown the result
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: python {platform.python_version()}, {platform.machine()}, fake Bot API on 127.0.0.1 "
          f"(flood control: {OVERALL_PER_SECOND}/s overall, {GROUP_PER_MINUTE}/min per group, 429 retry_after 1)")
    result = asyncio.run(run(args.chats, args.limiter))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok = result["every_chat_exactly_once"] and result["ratio_to_limit"] <= 1.10
    print(f"target (every chat exactly once, at most 10% over {result['limit_seconds']} s): {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
