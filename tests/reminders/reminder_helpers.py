"""Helpers of the reminder tests: explicit Shanghai datetimes, a fake Telegram sender, a sleep recorder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.reminders.delivery import Backoff, Broadcaster
from bot.reminders.service import ReminderService

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.timezone.utc


def cst(*args: int) -> dt.datetime:
    """A moment in Asia/Shanghai: cst(2024, 2, 4, 8, 30)."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


def local_time(hour: int, minute: int = 0) -> dt.time:
    """A time of day in the reminders' one form: carrying the zone (Asia/Shanghai)."""
    return dt.time(hour, minute, tzinfo=SHANGHAI)


class FakeTelegram:
    """Records what each chat received; `failures` maps chat id → exceptions to raise, one per send."""

    def __init__(self):
        self.received: dict[int, list[str]] = {}
        self.calls: list[int] = []
        self.failures: dict[int, list[BaseException]] = {}

    async def send(self, chat_id: int, text: str) -> None:
        self.calls.append(chat_id)
        queue = self.failures.get(chat_id)
        if queue:
            raise queue.pop(0)
        self.received.setdefault(chat_id, []).append(text)

    def count(self, chat_id: int) -> int:
        return len(self.received.get(chat_id, []))


class SleepRecorder:
    def __init__(self):
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def put_rotation_position(store, chat_id: int, reminder_id: str, position: int) -> None:
    """Test set-up: a chat that has got this far in a rotation (the bot moves a position only by claiming)."""
    with store._tx() as db:
        db.execute("INSERT INTO rotation (chat_id, reminder_id, position) VALUES (?, ?, ?) "
                   "ON CONFLICT (chat_id, reminder_id) DO UPDATE SET position=excluded.position",
                   (chat_id, reminder_id, position))


def make_service(store, catalog, telegram, sleeps, *, grace_minutes=60, concurrency=4, max_attempts=5):
    broadcaster = Broadcaster(store, catalog, telegram.send, sleep=sleeps, concurrency=concurrency,
                              max_attempts=max_attempts, backoff=Backoff(base=1.0, factor=2.0, cap=60.0))
    return ReminderService(store, catalog, broadcaster, tz=SHANGHAI, grace=dt.timedelta(minutes=grace_minutes))
