"""The real bot with its reminder extension, against the fake Bot API, on a temporary SQLite file.

Time is explicit: the extension's clock is a `SetClock` the test moves, and a reminder "fires" when
the test runs its JobQueue job (``await fire(app, "duty@08:30")``), so no test waits for the clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Config, FixedSubscription, StorageConfig
from bot.reminders.delivery import Backoff
from bot.reminders.jobs import JOB_PREFIX
from bot.reminders.store import Store
from bot.reminders.telegram import ReminderBot, reminder_bot
from tests.botharness import bot_running
from tests.fake_bot_api import FakeBotAPI, Sent, User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def cst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def local_time(hour: int, minute: int = 0) -> dt.time:
    """A time of day as the reminders keep it: carrying the configured zone."""
    return dt.time(hour, minute, tzinfo=SHANGHAI)


class SetClock:
    """The reminders' "now": an aware datetime that moves only when the test sets it."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, *args: int) -> None:
        self.now = cst(*args)


def reminder_config(cfg: Config, db: Path, *, fixed: tuple[FixedSubscription, ...] = (),
                    grace_minutes: int = 60) -> Config:
    reminders = dataclasses.replace(cfg.reminders, fixed_subscriptions=fixed, grace_period_minutes=grace_minutes)
    return dataclasses.replace(cfg, storage=StorageConfig(str(db)), reminders=reminders)


@contextlib.asynccontextmanager
async def reminders_running(cfg: Config, matcher, fake: FakeBotAPI, clock: SetClock, *,
                            feature_options: dict | None = None, **telegram_changes) -> AsyncIterator:
    """The application, started, with the start-up catch-up finished. `feature_options` go to the
    broadcaster (a short backoff by default)."""
    options = {"backoff": Backoff(base=0.02, factor=2.0, cap=0.1), **(feature_options or {})}
    feature = ReminderBot(clock=clock, **options)
    async with bot_running(cfg, matcher, fake, features=[feature], **telegram_changes) as app:
        await asyncio.wait_for(reminder_bot(app).caught_up.wait(), 5)
        yield app


def job_names(app) -> list[str]:
    return sorted(j.name for j in app.job_queue.jobs() if j.name and j.name.startswith(JOB_PREFIX))


async def fire(app, slot: str) -> None:
    """Run the job ``reminder:<slot>`` now, as the JobQueue would at its time."""
    jobs = app.job_queue.get_jobs_by_name(JOB_PREFIX + slot)
    assert len(jobs) == 1, f"expected one job {slot}, found {job_names(app)}"
    await jobs[0].run(app)


def store_of(app) -> Store:
    return reminder_bot(app).service.store


async def said(fake: FakeBotAPI, text: str, *, user: User, chat: int, chat_type: str = "supergroup") -> Sent:
    """Post in a chat (a group when `chat` < 0) and return the bot's one reply."""
    since = len(fake.sent_to(chat))
    if chat > 0:
        fake.private_message(text, user=user)
    else:
        fake.group_message(text, user=user, chat_id=chat, chat_type=chat_type)
    [reply] = await fake.replies(chat, since=since, settle=0.05)
    return reply


async def until(predicate, timeout: float = 3.0) -> None:
    """Wait (briefly, polling) until the bot has done something that leaves no message behind."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.01)
