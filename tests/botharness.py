"""Run the real bot against the fake Bot API inside a test's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

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
    """The real config pointed at the fake server, rate limiter off unless ``rate_limiter=True`` is given."""
    telegram_changes = {"rate_limiter": False, **telegram_changes}
    tg = dataclasses.replace(cfg.telegram, api_base_url=fake.base_url, api_base_file_url=fake.base_file_url,
                             **telegram_changes)
    return dataclasses.replace(cfg, telegram=tg)


@contextlib.asynccontextmanager
async def bot_running(cfg: Config, matcher, fake: FakeBotAPI, *, clock=None, features=(),
                      token: str = TEST_TOKEN, poll_interval: float = 0.0, mode: str | None = None,
                      **telegram_changes) -> AsyncIterator:
    application = build_application(config_for(cfg, fake, **telegram_changes), matcher, token=token,
                                    features=features, clock=clock or FakeClock())
    async with running(application, poll_interval=poll_interval, poll_timeout=5, mode=mode):
        yield application


ROOT = Path(__file__).resolve().parents[1]


@dataclasses.dataclass
class BotProcess:
    """`python -m bot run` in its own process; `logs` holds its output once it has stopped."""

    proc: asyncio.subprocess.Process
    logs: str = ""


async def spawn_bot(fake: FakeBotAPI, config_path: Path, *, output=asyncio.subprocess.PIPE
                    ) -> asyncio.subprocess.Process:
    """Start `python -m bot run` against the fake server; `output` is where its stdout and stderr go
    (a file object for a long run: a full pipe would stop the bot)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url,
           "PYTHONUNBUFFERED": "1"}
    errors = asyncio.subprocess.STDOUT if output is not asyncio.subprocess.PIPE else asyncio.subprocess.PIPE
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config_path), "run", cwd=str(ROOT), env=env,
        stdout=output, stderr=errors)


@contextlib.asynccontextmanager
async def bot_process(fake: FakeBotAPI, config_path: Path) -> AsyncIterator[BotProcess]:
    """Run the real command against the fake server; on leaving, SIGTERM it and collect its output."""
    proc = await spawn_bot(fake, config_path)
    running_bot = BotProcess(proc)
    try:
        yield running_bot
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 30)
        running_bot.logs = (out + err).decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
