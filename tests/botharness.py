"""Run the real bot against the fake Bot API inside a test's event loop."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator

from bot.config import Config
from bot.telegram_app.app import build_application, running
from tests.fake_bot_api import FakeBotAPI

TEST_TOKEN = "987654321:AAHfakeTokenForTheLocalFakeServer_0123-xyz"


class FakeClock:
    """A monotonic clock that only moves when a test says so (no real waiting for time windows)."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def config_for(cfg: Config, fake: FakeBotAPI, **telegram_changes) -> Config:
    """The real config pointed at the fake server, rate limiter off."""
    tg = dataclasses.replace(cfg.telegram, api_base_url=fake.base_url, api_base_file_url=fake.base_file_url,
                             rate_limiter=False, **telegram_changes)
    return dataclasses.replace(cfg, telegram=tg)


@contextlib.asynccontextmanager
async def bot_running(cfg: Config, matcher, fake: FakeBotAPI, *, clock=None, extensions=(),
                      token: str = TEST_TOKEN, poll_interval: float = 0.0, mode: str | None = None,
                      **telegram_changes) -> AsyncIterator:
    application = build_application(config_for(cfg, fake, **telegram_changes), matcher, token=token,
                                    extensions=extensions, clock=clock or FakeClock())
    async with running(application, poll_interval=poll_interval, poll_timeout=5, mode=mode):
        yield application
