"""End-to-end: reminders reach the subscribed chats once, through flood control, kicks, migrations and restarts.

Monday 7 December 2026 (a working day) in Shanghai. Chats subscribe at 08:00; the duty reminder's
job is run at 08:30 by the test (as the JobQueue would), and restarts are new Applications on the
same SQLite file.
"""

from __future__ import annotations

import logging

import pytest

from bot.reminders.store import DeliveryKey, Store
from tests.fake_bot_api import bad_gateway, flood_wait
from tests.reminder_bot_harness import (
    SetClock,
    cst,
    fire,
    job_names,
    reminder_config,
    reminders_running,
    said,
    store_of,
    until,
)
from tests.test_bot_reminders import ADMIN, GROUP

OTHER = -1008000000010
SLOT = cst(2026, 12, 7, 8, 30)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "var" / "bot.sqlite3"


@pytest.fixture
def cfg(config, db):
    return reminder_config(config, db)


@pytest.fixture
def clock():
    return SetClock(cst(2026, 12, 7, 8, 0))


@pytest.fixture
def duty(kb, cfg):
    from bot.reminders.catalog import load_catalog

    return load_catalog(cfg.knowledge_path, kb).get("duty").kind.quotes[0]


async def subscribe_duty(fake, *chats):
    for chat in chats:
        fake.admins[chat] = {ADMIN.id}
        reply = await said(fake, "/subscribe duty", user=ADMIN, chat=chat)
        assert "值班" in reply.text


def sends_to(fake, chat) -> int:
    """sendMessage requests for a chat, answered or refused."""
    return sum(1 for m, p, _ in fake.calls if m == "sendMessage" and int(p["chat_id"]) == chat)


async def test_a_reminder_fires_and_arrives_once_with_the_exact_quote_and_its_source(cfg, matcher, fake, clock, duty):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP, OTHER)
        before = {c: len(fake.sent_to(c)) for c in (GROUP, OTHER)}
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        for chat in (GROUP, OTHER):
            [reminder] = fake.sent_to(chat)[before[chat]:]
            assert "值班提醒" in reminder.bold[0]
            quoted = [reminder.text[e["offset"]:e["offset"] + e["length"]] for e in reminder.entities
                      if e["type"] == "blockquote"]
            assert quoted == [duty.text]  # the speech's exact words, as one quote
            assert duty.source in reminder.text and "county-safety-2023" not in reminder.text  # no internal ids
        await fire(app, "duty@08:30")  # the same slot again (a second job run) sends nothing
        assert await fake.quiet(GROUP, since=before[GROUP] + 1, wait=0.1) == []
        assert [d.state for d in store_of(app).deliveries()] == ["delivered", "delivered"]


async def test_no_reminder_on_a_day_its_schedule_skips(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP)
        since = len(fake.sent_to(GROUP))
        clock.set(2026, 12, 12, 8, 30, 1)  # a Saturday: not a working day
        await fire(app, "duty@08:30")
        assert await fake.quiet(GROUP, since=since, wait=0.1) == []


async def test_flood_control_is_waited_out_and_the_reminder_still_arrives_exactly_once(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP, OTHER)
        since = len(fake.sent_to(GROUP))
        fake.fail_sends(GROUP, flood_wait(0.3))
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        [reminder] = fake.sent_to(GROUP)[since:]
        refused_at = next(t for m, p, t in fake.calls if m == "sendMessage" and int(p["chat_id"]) == GROUP
                          and "值班提醒" in p["text"])
        assert reminder.received_at - refused_at >= 0.3  # waited as told
        assert len(fake.sent_to(OTHER)) == 2  # the other group's reminder was not held up
        assert fake.sent_to(OTHER)[-1].received_at < reminder.received_at
        assert store_of(app).delivery(DeliveryKey("duty", GROUP, SLOT)).state == "delivered"


async def test_a_bad_gateway_while_sending_is_retried_and_the_reminder_arrives_once(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP)
        since = len(fake.sent_to(GROUP))
        fake.fail_sends(GROUP, bad_gateway(), bad_gateway())
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        assert len(fake.sent_to(GROUP)[since:]) == 1
        assert store_of(app).delivery(DeliveryKey("duty", GROUP, SLOT)).attempts == 2


async def test_a_chat_that_kicked_the_bot_is_disabled_and_gets_no_more_reminders(cfg, matcher, fake, clock, caplog):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP, OTHER)
        fake.forbidden.add(GROUP)
        clock.set(2026, 12, 7, 8, 30, 1)
        with caplog.at_level(logging.WARNING):
            await fire(app, "duty@08:30")
        assert f"chat {GROUP} refused the bot" in caplog.text
        [sub] = store_of(app).subscriptions(GROUP)
        assert not sub.enabled and "Forbidden" in sub.disabled_reason
        assert store_of(app).delivery(DeliveryKey("duty", GROUP, SLOT)).state == "failed"
        attempts = sends_to(fake, GROUP)
        clock.set(2026, 12, 8, 8, 30, 1)
        await fire(app, "duty@08:30")  # the next day: the other group only
        assert sends_to(fake, GROUP) == attempts
        assert len(fake.sent_to(OTHER)) == 3  # the /subscribe reply and two reminders


async def test_the_last_subscribed_chat_kicking_the_bot_removes_the_job(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP)
        fake.forbidden.add(GROUP)
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        assert job_names(app) == []


async def test_a_migrated_group_gets_the_reminder_at_its_new_supergroup_id_and_keeps_it(cfg, matcher, fake, clock):
    old, new = -8000000011, -1008000000011
    async with reminders_running(cfg, matcher, fake, clock) as app:
        fake.admins[old] = {ADMIN.id}
        await said(fake, "/subscribe duty", user=ADMIN, chat=old, chat_type="group")
        fake.migrated[old] = new  # Telegram now answers "group chat was upgraded to a supergroup chat"
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        [reminder] = fake.sent_to(new)
        assert "值班提醒" in reminder.text
        assert [s.reminder_id for s in store_of(app).subscriptions(new)] == ["duty"]
        assert store_of(app).subscriptions(old) == []
        assert store_of(app).delivery(DeliveryKey("duty", new, SLOT)).state == "delivered"
        refused = sends_to(fake, old)
        clock.set(2026, 12, 8, 8, 30, 1)
        await fire(app, "duty@08:30")
        assert len(fake.sent_to(new)) == 2 and sends_to(fake, old) == refused


async def test_the_bot_kicked_from_a_group_sends_it_nothing_at_the_next_slot(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        await subscribe_duty(fake, GROUP, OTHER)
        fake.bot_removed(GROUP, by=ADMIN)
        await until(lambda: not store_of(app).subscriptions(GROUP, enabled_only=True))
        attempts = sends_to(fake, GROUP)
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(app, "duty@08:30")
        assert sends_to(fake, GROUP) == attempts
        assert len(fake.sent_to(OTHER)) == 2


async def test_a_restart_keeps_subscriptions_rebuilds_the_jobs_and_sends_nothing_twice(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as first:
        await subscribe_duty(fake, GROUP)
        await said(fake, "/subscribe daily_tip 18:00", user=ADMIN, chat=GROUP)
        jobs = [(j.name, j.data) for j in first.job_queue.jobs() if j.name.startswith("reminder:")]
        clock.set(2026, 12, 7, 8, 30, 1)
        await fire(first, "duty@08:30")
    received = len(fake.sent_to(GROUP))

    clock.set(2026, 12, 7, 8, 31)
    async with reminders_running(cfg, matcher, fake, clock) as second:  # catches up: nothing is due
        assert sorted(jobs) == sorted((j.name, j.data) for j in second.job_queue.jobs()
                                      if j.name.startswith("reminder:"))
        await fire(second, "duty@08:30")  # the same slot once more: already delivered
        assert await fake.quiet(GROUP, since=received, wait=0.1) == []
        listing = await said(fake, "/reminders", user=ADMIN, chat=GROUP)
        assert "下次 2026-12-08 08:30" in listing.text and "下次 2026-12-07 18:00" in listing.text
        clock.set(2026, 12, 7, 18, 0, 1)
        await fire(second, "daily_tip@18:00")
        assert len(fake.sent_to(GROUP)) == received + 2  # the listing and the tip
    with Store(cfg.database_path) as store:
        assert sorted((d.key.reminder_id, d.state) for d in store.deliveries()) == [
            ("daily_tip", "delivered"), ("duty", "delivered")]


async def test_a_reminder_due_while_the_bot_was_down_is_sent_at_start_up_within_the_grace_period(
        cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock):
        await subscribe_duty(fake, GROUP)
    received = len(fake.sent_to(GROUP))
    clock.set(2026, 12, 7, 9, 10)  # 40 minutes late; the grace period is an hour
    async with reminders_running(cfg, matcher, fake, clock) as app:
        [late] = fake.sent_to(GROUP)[received:]
        assert "值班提醒" in late.text
        assert store_of(app).delivery(DeliveryKey("duty", GROUP, SLOT)).state == "delivered"
    clock.set(2026, 12, 7, 9, 20)
    async with reminders_running(cfg, matcher, fake, clock):  # and a second restart does not send it again
        assert await fake.quiet(GROUP, since=received + 1, wait=0.1) == []


async def test_a_reminder_due_longer_ago_than_the_grace_period_is_skipped_and_logged(
        cfg, matcher, fake, clock, caplog):
    async with reminders_running(cfg, matcher, fake, clock):
        await subscribe_duty(fake, GROUP)
    received = len(fake.sent_to(GROUP))
    clock.set(2026, 12, 7, 9, 45)  # 75 minutes late
    with caplog.at_level(logging.WARNING):
        async with reminders_running(cfg, matcher, fake, clock) as app:
            assert await fake.quiet(GROUP, since=received, wait=0.1) == []
            assert store_of(app).delivery(DeliveryKey("duty", GROUP, SLOT)).state == "skipped"
    assert "skipped duty" in caplog.text and "more than 1:00:00 late" in caplog.text


async def test_a_broadcast_cut_short_by_a_crash_is_finished_once_at_the_next_start(cfg, matcher, fake, clock, db):
    async with reminders_running(cfg, matcher, fake, clock):
        await subscribe_duty(fake, GROUP, OTHER)
    with Store(db) as store:  # the crash: claimed (about to be sent), never confirmed
        store.claim(DeliveryKey("duty", GROUP, SLOT))
        store.claim(DeliveryKey("duty", OTHER, SLOT))
        store.mark_delivered(DeliveryKey("duty", OTHER, SLOT))
    received = {c: len(fake.sent_to(c)) for c in (GROUP, OTHER)}
    clock.set(2026, 12, 7, 8, 32)
    async with reminders_running(cfg, matcher, fake, clock) as app:
        assert len(fake.sent_to(GROUP)[received[GROUP]:]) == 1
        assert fake.sent_to(OTHER)[received[OTHER]:] == []
        await fire(app, "duty@08:30")
        assert await fake.quiet(GROUP, since=received[GROUP] + 1, wait=0.1) == []


async def test_a_late_evening_reminder_whose_job_runs_after_midnight_is_that_evenings(cfg, matcher, fake, clock):
    async with reminders_running(cfg, matcher, fake, clock) as app:
        fake.admins[GROUP] = {ADMIN.id}
        await said(fake, "/subscribe daily_tip 23:50", user=ADMIN, chat=GROUP)
        since = len(fake.sent_to(GROUP))
        clock.set(2026, 12, 8, 0, 20)  # the scheduler got to Monday's 23:50 job half an hour late
        await fire(app, "daily_tip@23:50")
        assert len(fake.sent_to(GROUP)[since:]) == 1
        [delivery] = store_of(app).deliveries()
        assert delivery.key.scheduled_at == cst(2026, 12, 7, 23, 50)
        clock.set(2026, 12, 8, 23, 50, 1)  # Tuesday's own tip still comes
        await fire(app, "daily_tip@23:50")
        assert len(fake.sent_to(GROUP)[since:]) == 2
