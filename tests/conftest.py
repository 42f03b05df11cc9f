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


# ----- lanes -----
# `make test-fast` runs the core and unit tests only (-m "not e2e"): no fake Bot API server, no bot or
# CLI subprocess. A test is end-to-end when its module drives the bot or the command line, or when it
# uses the fake server.
E2E_MODULES = ("test_bot_", "test_cli", "test_check_cli", "test_fake_bot_api")
E2E_FIXTURES = {"fake", "bot"}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: drives the real bot or CLI (fake Bot API server, subprocesses)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if name.startswith(E2E_MODULES) or E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
