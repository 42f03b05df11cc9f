"""Fixtures of the reminder tests: the real speech and reminders.yaml, a temporary SQLite file, a fake sender.

No fixture reads the clock or waits: times are explicit, and `sleep` is a recorder.
"""

from __future__ import annotations

import pytest
from reminder_helpers import ROOT, FakeTelegram, SleepRecorder, make_service

from bot.qa.knowledge import load_knowledge
from bot.reminders.catalog import load_catalog
from bot.reminders.store import Store


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(ROOT / "knowledge")


@pytest.fixture(scope="session")
def catalog(kb):
    return load_catalog(ROOT / "knowledge", kb)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "var" / "bot.sqlite3"


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def telegram():
    return FakeTelegram()


@pytest.fixture
def sleeps():
    return SleepRecorder()


@pytest.fixture
def service(store, catalog, telegram, sleeps):
    return make_service(store, catalog, telegram, sleeps)
