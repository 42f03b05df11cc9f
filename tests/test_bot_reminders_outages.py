"""End-to-end (issue 11): a slot survives a Telegram outage, a full disk, slow answers and chats that fail for good.

The real application against the fake Bot API, on a temporary SQLite file; the slot is the duty
reminder of Monday 7 December 2026, 08:30 (Shanghai), run by the test as the JobQueue would. Time is
scaled down through the broadcaster's settings (backoff, read timeout, the pause after an unknown
outcome); the code path is the bot's own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import time

import pytest

from bot.reminders.delivery import Backoff
from bot.reminders.store import DeliveryKey, Store
from tests.fake_bot_api import ApiError
from tests.reminder_bot_harness import SetClock, cst, fire, reminder_config, reminders_running, said, store_of
from tests.test_bot_reminders import ADMIN

SLOT = cst(2026, 12, 7, 8, 30)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "var" / "bot.sqlite3"


@pytest.fixture
def clock():
    return SetClock(cst(2026, 12, 7, 8, 0))  # started before the slot; each test moves to 08:30 to fire it


async def fire_at_slot(app, clock):
    clock.set(2026, 12, 7, 8, 30, 1)
    await fire(app, "duty@08:30")


def with_reminders(cfg, **changes):
    return dataclasses.replace(cfg, reminders=dataclasses.replace(cfg.reminders, **changes))


def subscribed(db, chats, reminder="duty"):
    """Chats subscribed (since the day before) without going through the bot."""
    with Store(db) as store:
        for chat in chats:
            store.subscribe(chat, reminder, now=cst(2026, 12, 6, 12, 0))
    return list(chats)


def reminders_in(fake, chat) -> int:
    return sum(1 for m in fake.sent_to(chat) if "值班提醒" in m.text)


async def test_thirty_seconds_of_5xx_at_a_slot_scaled_down_every_chat_still_gets_it_once(config, matcher, fake, db,
                                                                                      clock, caplog):
    # 30 s of 5xx against a backoff of 1 s doubling to 60 s, scaled to 6 s against 0.05 s doubling to 0.5 s
    chats = subscribed(db, range(-1008000001000, -1008000000900))  # 100 groups
    cfg = reminder_config(config, db)
    fake.start_failing(500, methods={"sendMessage"})
    options = {"backoff": Backoff(base=0.05, factor=2.0, cap=0.5)}
    with caplog.at_level(logging.INFO, logger="bot.reminders"):
        async with reminders_running(cfg, matcher, fake, clock, feature_options=options) as app:
            slot = asyncio.create_task(fire_at_slot(app, clock))
            await asyncio.sleep(6)
            refused = fake.failed_requests
            assert not slot.done() and refused >= 300  # every chat was tried, and tried again
            fake.stop_failing()
            await asyncio.wait_for(slot, 10)
            assert [reminders_in(fake, c) for c in chats] == [1] * 100
            assert {d.state for d in store_of(app).deliveries()} == {"delivered"}
    [summary] = [r.message for r in caplog.records if r.message.startswith("reminder:duty@08:30:")]
    assert summary == "reminder:duty@08:30: 100 delivered"  # one line for the slot, not one per chat


async def test_a_full_disk_during_a_slot_delays_the_reminders_until_there_is_space_again(config, matcher, fake, db,
                                                                                       clock, caplog):
    chats = subscribed(db, (-1008000002001, -1008000002002, -1008000002003))
    cfg = reminder_config(config, db)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        store = store_of(app)
        real_tx, full = store._tx, {"on": True}

        def tx():  # what SQLite answers on a full disk, for every write
            if full["on"]:
                raise sqlite3.OperationalError("database or disk is full")
            return real_tx()

        store._tx = tx
        with caplog.at_level(logging.WARNING, logger="bot.reminders"):
            slot = asyncio.create_task(fire_at_slot(app, clock))
            await asyncio.sleep(1.0)
            assert [reminders_in(fake, c) for c in chats] == [0, 0, 0] and not slot.done()
            full["on"] = False  # space again; no restart
            await asyncio.wait_for(slot, 5)
        assert [reminders_in(fake, c) for c in chats] == [1, 1, 1]
        assert {d.state for d in store.deliveries()} == {"delivered"}
        assert "database or disk is full" in caplog.text


async def test_a_storage_error_on_one_chat_does_not_hold_up_the_others(config, matcher, fake, db, clock):
    stuck, *others = subscribed(db, (-1008000003001, -1008000003002, -1008000003003))
    cfg = reminder_config(config, db)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        store = store_of(app)
        real_claim, broken = store.claim, {"on": True}

        def claim(key, **kw):
            if key.chat_id == stuck and broken["on"]:
                raise sqlite3.OperationalError("disk I/O error")
            return real_claim(key, **kw)

        store.claim = claim
        slot = asyncio.create_task(fire_at_slot(app, clock))
        await asyncio.sleep(0.5)
        assert [reminders_in(fake, c) for c in others] == [1, 1] and reminders_in(fake, stuck) == 0
        broken["on"] = False
        await asyncio.wait_for(slot, 5)
        assert reminders_in(fake, stuck) == 1


async def test_answers_after_the_read_timeout_give_no_chat_more_than_two_copies(config, matcher, fake, db, clock,
                                                                              caplog):
    chats = subscribed(db, range(-1008000004030, -1008000004000))  # 30 groups
    cfg = with_reminders(reminder_config(config, db), send_read_timeout_seconds=0.3, uncertain_pause_seconds=0.5)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        fake.slow_sends(1.0)  # Telegram keeps every message but answers after the read timeout
        with caplog.at_level(logging.WARNING, logger="bot.reminders"):
            started = time.monotonic()
            await asyncio.wait_for(fire_at_slot(app, clock), 20)
        assert [reminders_in(fake, c) for c in chats] == [2] * 30  # sent, unknown; once more, unknown; no third
        assert time.monotonic() - started >= 0.3 + 0.5 + 0.3
        states = {(d.state, d.in_doubt) for d in store_of(app).deliveries()}
        assert states == {("failed", 2)}
        assert "outcome unknown" in caplog.text and "not sent a third time" in caplog.text


async def test_one_late_answer_then_a_quick_one_gives_two_copies_and_a_delivered_row(config, matcher, fake, db, clock):
    [chat] = subscribed(db, (-1008000005001,))
    cfg = with_reminders(reminder_config(config, db), send_read_timeout_seconds=0.3, uncertain_pause_seconds=0.2)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        fake.slow_sends(1.0, count=1)
        await asyncio.wait_for(fire_at_slot(app, clock), 10)
        assert reminders_in(fake, chat) == 2
        assert store_of(app).delivery(DeliveryKey("duty", chat, SLOT)).state == "delivered"


async def test_a_chat_that_fails_for_good_three_days_running_is_disabled_and_listed_so(config, matcher, fake, db,
                                                                                      clock, caplog):
    group, other = subscribed(db, (-1008000006001, -1008000006002))
    cfg = reminder_config(config, db)
    cfg = dataclasses.replace(cfg, telegram=dataclasses.replace(cfg.telegram, admin_ids=(ADMIN.id,)))
    async with reminders_running(cfg, matcher, fake, clock) as app:
        fake.fail_sends(group, *[ApiError(400, "Bad Request: not enough rights to send text messages to the chat")] * 3)
        for day in (7, 8, 9):  # Monday to Wednesday, working days
            clock.set(2026, 12, day, 8, 30, 1)
            with caplog.at_level(logging.WARNING, logger="bot.reminders"):
                await fire(app, "duty@08:30")
            assert store_of(app).subscription(group, "duty").enabled is (day < 9)
        assert "disabled after 3 days of permanent send errors" in caplog.text
        [told] = fake.sent_to(ADMIN.id)  # the bot admins hear of it
        assert str(group) in told.text and "Not enough rights" in told.text
        tried = sum(1 for m, p, _ in fake.calls if m == "sendMessage" and int(p["chat_id"]) == group)
        clock.set(2026, 12, 10, 8, 30, 1)
        await fire(app, "duty@08:30")
        assert sum(1 for m, p, _ in fake.calls if m == "sendMessage" and int(p["chat_id"]) == group) == tried
        assert reminders_in(fake, other) == 4
        fake.admins[group] = {ADMIN.id}
        listing = await said(fake, "/reminders", user=ADMIN, chat=group)
        assert "已停用：连续 3 天发送失败" in listing.text and "Not enough rights" in listing.text
        await said(fake, "/subscribe duty", user=ADMIN, chat=group)  # fixed: subscribing starts it again
        assert store_of(app).subscription(group, "duty").enabled
        assert store_of(app).failing_days(group) == 0


async def test_a_day_with_a_delivery_breaks_the_run_of_failures(config, matcher, fake, db, clock):
    [group] = subscribed(db, (-1008000007001,))
    cfg = reminder_config(config, db)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        chat_not_found = ApiError(400, "Bad Request: chat not found")
        for day, fails in ((7, True), (8, True), (9, False), (10, True), (11, True)):
            if fails:
                fake.fail_sends(group, chat_not_found)
            clock.set(2026, 12, day, 8, 30, 1)
            await fire(app, "duty@08:30")
        assert store_of(app).subscription(group, "duty").enabled
        assert store_of(app).failing_days(group) == 2
