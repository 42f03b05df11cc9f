"""Shared fixtures: the real config and matcher, a fake Bot API server, and the real bot running against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "config.yaml", environ={})


@pytest.fixture(scope="session")
def matcher(config):
    from bot.qa.matcher import Matcher

    return Matcher.from_config(config)


@pytest.fixture(scope="session")
def kb(matcher):
    return matcher.kb


@pytest.fixture
async def fake():
    from tests.fake_bot_api import FakeBotAPI

    server = await FakeBotAPI().start()
    yield server
    await server.stop()


@pytest.fixture
def clock():
    from tests.botharness import FakeClock

    return FakeClock()


@pytest.fixture
async def bot(config, matcher, fake, clock):
    """The real Application, polling the fake server."""
    from tests.botharness import bot_running

    async with bot_running(config, matcher, fake, clock=clock) as application:
        yield application
