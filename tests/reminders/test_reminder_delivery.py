"""Broadcasting: each chat gets each reminder once, through RetryAfter, Forbidden, migration, 5xx and crashes."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings

import pytest
from reminder_helpers import SleepRecorder, cst, local_time, make_service, put_rotation_position
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.reminders.delivery import (
    Action,
    Outcome,
    build_message,
    classify_telegram_error,
    render_html,
    render_text,
)
from bot.reminders.store import DeliveryKey, Store

MONDAY = dt.date(2024, 3, 4)  # an ordinary Monday: duty and inspection both fire
LONG_AGO = cst(2024, 1, 1)


def retry_after(seconds: int) -> RetryAfter:
    with warnings.catch_warnings():  # PTB 22 warns about the future type of retry_after on construction
        warnings.simplefilter("ignore")
        return RetryAfter(seconds)


def subscribe(store, chats, reminder="duty", time=None):
    for chat in chats:
        store.subscribe(chat, reminder, time, now=LONG_AGO)


def duty_key(chat, day=MONDAY):
    return DeliveryKey("duty", chat, cst(day.year, day.month, day.day, 8, 30))


# ----- the message -----
def test_the_message_has_the_title_the_exact_quote_and_its_source(catalog, kb):
    text = render_text(build_message(catalog.get("duty")))
    assert "值班提醒" in text
    assert kb.sentences["county-safety-2023/p3.3.s3"].text in text
    assert "《县长在全县安全生产会议上的讲话》" in text and "county-safety-2023" not in text


def test_the_html_message_escapes_text(catalog):
    html_text = render_html(build_message(catalog.get("duty")))
    assert html_text.startswith("<b>") and "<blockquote>" in html_text
    assert "›" in html_text and "<i>" in html_text


# ----- the happy path and idempotence -----
async def test_a_slot_sends_one_message_to_each_subscribed_chat_and_a_second_run_sends_nothing(service, store, telegram, kb):
    subscribe(store, [-1, -2, -3])
    now = cst(2024, 3, 4, 8, 30, 2)
    report = await service.run_slot("duty", local_time(8, 30), now)
    assert report.count(Outcome.DELIVERED) == 3
    assert all(telegram.count(c) == 1 for c in (-1, -2, -3))
    assert kb.sentences["county-safety-2023/p3.3.s3"].text in telegram.received[-1][0]
    again = await service.run_slot("duty", local_time(8, 30), now + dt.timedelta(seconds=30))
    assert again.count(Outcome.DELIVERED) == 0 and again.count(Outcome.ALREADY) == 3
    assert all(telegram.count(c) == 1 for c in (-1, -2, -3))


async def test_a_slot_on_a_public_holiday_sends_nothing_for_a_workday_reminder(service, store, telegram):
    subscribe(store, [-1])
    await service.run_slot("duty", local_time(8, 30), cst(2024, 10, 1, 8, 30))  # National Day
    assert telegram.calls == []


async def test_a_chat_with_its_own_time_is_served_by_its_own_slot_only(service, store, telegram):
    subscribe(store, [-1])
    subscribe(store, [-2], time=local_time(7, 45))
    await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert telegram.calls == [-1]
    await service.run_slot("duty", local_time(7, 45), cst(2024, 3, 4, 7, 45))
    assert telegram.calls == [-1, -2]


async def test_a_chat_that_subscribes_after_todays_time_starts_tomorrow(service, store, telegram):
    store.subscribe(-1, "duty", now=cst(2024, 3, 4, 8, 45))
    await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 50))
    assert telegram.calls == []
    await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 5, 8, 30))
    assert telegram.count(-1) == 1


async def test_the_daily_tip_walks_through_the_speech_per_chat(service, store, telegram, catalog):
    tip = catalog.get("daily_tip")
    subscribe(store, [-1], reminder="daily_tip")
    await service.run_slot("daily_tip", local_time(9), cst(2024, 3, 4, 9, 0))
    subscribe(store, [-2], reminder="daily_tip")
    await service.run_slot("daily_tip", local_time(9), cst(2024, 3, 5, 9, 0))
    await service.run_slot("daily_tip", local_time(9), cst(2024, 3, 5, 9, 0))  # a repeated run changes nothing
    first, second = tip.kind.items[0][0].text, tip.kind.items[1][0].text
    assert [first in m for m in telegram.received[-1]] == [True, False]
    assert [second in m for m in telegram.received[-1]] == [False, True]
    assert len(telegram.received[-2]) == 1 and first in telegram.received[-2][0]  # a new chat starts at the top
    assert store.rotation_position(-1, "daily_tip") == 2


async def test_the_preview_shows_the_next_tip_without_advancing_the_rotation(service, store, catalog):
    subscribe(store, [-1], reminder="daily_tip")
    put_rotation_position(store, -1, "daily_tip", 2)
    text = service.preview(-1, "daily_tip")
    assert catalog.get("daily_tip").kind.items[2][0].text in text
    assert store.rotation_position(-1, "daily_tip") == 2
    assert store.deliveries() == []


# ----- failures -----
async def test_retry_after_waits_as_told_and_the_message_still_arrives_once(service, store, telegram, sleeps):
    subscribe(store, [-1, -2])
    telegram.failures[-1] = [retry_after(7)]
    report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert sleeps.waits == [7.0]
    assert telegram.count(-1) == 1 and telegram.count(-2) == 1
    assert report.count(Outcome.DELIVERED) == 2
    assert store.delivery(duty_key(-1)).state == "delivered"


async def test_forbidden_disables_the_chat_and_other_chats_still_get_the_reminder(service, store, telegram, caplog):
    subscribe(store, [-1, -2])
    subscribe(store, [-1], reminder="inspection")
    telegram.failures[-1] = [Forbidden("Forbidden: bot was kicked from the group chat")]
    with caplog.at_level(logging.WARNING):
        report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert report.outcomes[duty_key(-1)] is Outcome.DISABLED
    assert telegram.count(-2) == 1 and telegram.count(-1) == 0
    assert [s.enabled for s in store.subscriptions(-1)] == [False, False]
    assert "bot was kicked" in caplog.text
    # the disabled chat gets nothing from the next slot
    await service.run_slot("inspection", local_time(9), cst(2024, 3, 4, 9, 0))
    assert telegram.calls.count(-1) == 1


async def test_a_migrated_chat_gets_the_reminder_at_its_new_id_and_keeps_its_subscriptions(service, store, telegram):
    subscribe(store, [-1])
    subscribe(store, [-1], reminder="inspection", time=local_time(10, 0))
    telegram.failures[-1] = [ChatMigrated(-1009)]
    report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert telegram.count(-1009) == 1 and telegram.count(-1) == 0
    assert report.migrated == {-1: -1009}
    assert store.subscriptions(-1) == []
    assert {s.reminder_id: s.time for s in store.subscriptions(-1009)} == {"duty": None, "inspection": local_time(10, 0)}
    assert store.delivery(duty_key(-1009)).state == "delivered"
    # the next run of the slot (e.g. after a restart) does not send again
    await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 31))
    assert telegram.count(-1009) == 1


async def test_5xx_and_timeouts_are_retried_with_backoff(service, store, telegram, sleeps):
    subscribe(store, [-1])
    telegram.failures[-1] = [NetworkError("Bad Gateway (502)"), TimedOut()]
    report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert report.outcomes[duty_key(-1)] is Outcome.DELIVERED
    # issue 11: a timeout's outcome is unknown, so its one retry waits for a late answer (60 s by default)
    assert sleeps.waits == [1.0, 60.0]
    assert telegram.count(-1) == 1
    assert store.delivery(duty_key(-1)).attempts == 2


async def test_a_chat_that_keeps_failing_is_given_up_and_logged_without_a_later_resend(store, catalog, telegram, sleeps, caplog):
    service = make_service(store, catalog, telegram, sleeps, max_attempts=3)
    subscribe(store, [-1])
    telegram.failures[-1] = [NetworkError("Internal Server Error (500)")] * 5
    with caplog.at_level(logging.ERROR):
        report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert report.outcomes[duty_key(-1)] is Outcome.FAILED
    assert telegram.calls == [-1, -1, -1] and telegram.count(-1) == 0
    assert "giving up" in caplog.text
    await service.start_up(cst(2024, 3, 4, 8, 40))
    assert len(telegram.calls) == 3


async def test_a_bad_request_is_not_retried(service, store, telegram, sleeps):
    subscribe(store, [-1])
    telegram.failures[-1] = [BadRequest("Chat not found")]
    report = await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert report.outcomes[duty_key(-1)] is Outcome.FAILED
    assert sleeps.waits == [] and telegram.calls == [-1]


async def test_a_chat_backing_off_does_not_hold_up_the_other_chats(store, catalog, telegram):
    released = asyncio.Event()
    waits: list[float] = []

    async def slow_sleep(seconds: float) -> None:
        waits.append(seconds)
        await released.wait()

    service = make_service(store, catalog, telegram, slow_sleep, concurrency=1)
    subscribe(store, [-1, -2, -3, -4])
    telegram.failures[-4] = [NetworkError("Service Unavailable (503)")]  # the first chat served fails
    task = asyncio.create_task(service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30)))
    for _ in range(500):  # the store works on its own threads: give it real time
        if all(telegram.count(c) == 1 for c in (-1, -2, -3)) and waits:
            break
        await asyncio.sleep(0.01)
    assert telegram.calls[0] == -4 and waits == [1.0]
    assert all(telegram.count(c) == 1 for c in (-1, -2, -3)) and telegram.count(-4) == 0
    released.set()
    report = await task
    assert telegram.count(-4) == 1 and report.count(Outcome.DELIVERED) == 4


# ----- crash and restart -----
class Crash(BaseException):
    """The process dying mid-broadcast (not an Exception: nothing may catch it)."""


async def test_a_crash_mid_broadcast_then_a_restart_sends_the_rest_once_and_nothing_twice(db_path, catalog, telegram):
    chats = [-(i + 1) for i in range(10)]
    store = Store(db_path)
    subscribe(store, chats)
    sent_before_crash = 4
    real_send = telegram.send

    async def crashing_send(chat_id: int, text: str) -> None:
        # the 5th send kills the process: from then on nothing reaches Telegram
        if len(telegram.calls) >= sent_before_crash:
            telegram.calls.append(chat_id)
            raise Crash()
        await real_send(chat_id, text)

    first = make_service(store, catalog, telegram, SleepRecorder(), concurrency=3)
    first.broadcaster.send = crashing_send
    with pytest.raises(Crash):
        await first.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 8, 30))
    assert sum(telegram.count(c) for c in chats) == sent_before_crash
    assert len(store.unconfirmed()) >= 1  # at least the chat whose send crashed is claimed, unconfirmed
    # no clean shutdown: a new process opens the same file
    restarted = Store(db_path)
    second = make_service(restarted, catalog, telegram, SleepRecorder())
    await second.start_up(cst(2024, 3, 4, 8, 50))
    assert [telegram.count(c) for c in chats] == [1] * 10
    assert restarted.unconfirmed() == []
    # another restart, and the job firing late again, send nothing more
    third = make_service(Store(db_path), catalog, telegram, SleepRecorder())
    await third.start_up(cst(2024, 3, 4, 9, 5))
    await third.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 9, 6))
    assert [telegram.count(c) for c in chats] == [1] * 10
    store.close()
    restarted.close()
    third.store.close()


async def test_a_reminder_due_while_down_is_sent_at_start_up_within_the_grace_period(service, store, telegram):
    subscribe(store, [-1])
    subscribe(store, [-1], reminder="inspection")
    store.touch_alive(cst(2024, 3, 4, 8, 0))  # the bot was last seen at 08:00 and came back at 09:20
    report = await service.start_up(cst(2024, 3, 4, 9, 20))
    # duty (08:30) is 50 minutes late: sent; inspection (09:00) is 20 minutes late: sent
    assert report.count(Outcome.DELIVERED) == 2
    assert telegram.count(-1) == 2


async def test_a_reminder_more_than_the_grace_period_late_is_skipped_and_logged(service, store, telegram, caplog):
    subscribe(store, [-1])
    subscribe(store, [-1], reminder="inspection")
    store.touch_alive(cst(2024, 3, 4, 8, 0))
    with caplog.at_level(logging.WARNING):
        report = await service.start_up(cst(2024, 3, 4, 9, 45))
    assert report.skipped == [duty_key(-1)]  # 75 minutes late
    assert "skipped duty for chat -1" in caplog.text
    assert telegram.count(-1) == 1 and "隐患" in telegram.received[-1][0]  # inspection, 45 minutes late
    assert store.delivery(duty_key(-1)).state == "skipped"
    await service.run_slot("duty", local_time(8, 30), cst(2024, 3, 4, 9, 46))
    assert telegram.count(-1) == 1


async def test_the_grace_period_comes_from_configuration(store, catalog, telegram, sleeps):
    service = make_service(store, catalog, telegram, sleeps, grace_minutes=120)
    subscribe(store, [-1])
    store.touch_alive(cst(2024, 3, 4, 8, 0))
    await service.start_up(cst(2024, 3, 4, 10, 0))
    assert telegram.count(-1) == 1


async def test_an_unconfirmed_claim_older_than_the_grace_period_is_not_resent(service, store, telegram):
    subscribe(store, [-1])
    store.claim(duty_key(-1))
    report = await service.start_up(cst(2024, 3, 4, 10, 0))
    assert report.expired == [duty_key(-1)]
    assert telegram.calls == []
    assert store.delivery(duty_key(-1)).state == "expired"


# ----- the one PTB-aware function -----
@pytest.mark.parametrize(
    ("exc", "action"),
    [
        (retry_after(12), Action.RETRY_AFTER),
        (Forbidden("Forbidden: bot was blocked by the user"), Action.FORBIDDEN),
        (ChatMigrated(-100777), Action.MIGRATED),
        (TimedOut(), Action.TRANSIENT),
        (NetworkError("Bad Gateway (502)"), Action.TRANSIENT),
        (BadRequest("Bad Request: chat not found"), Action.PERMANENT),
        (ValueError("bug"), Action.PERMANENT),
    ],
)
def test_telegram_errors_map_to_actions(exc, action):
    failure = classify_telegram_error(exc)
    assert failure.action is action
    if action is Action.RETRY_AFTER:
        assert failure.retry_after == 12.0
    if action is Action.MIGRATED:
        assert failure.new_chat_id == -100777


async def test_an_unconfirmed_claim_of_a_chat_that_unsubscribed_meanwhile_is_not_resent(service, store, telegram):
    subscribe(store, [-1, -2])
    store.claim(duty_key(-1))
    store.claim(duty_key(-2))
    store.unsubscribe(-1)
    report = await service.start_up(cst(2024, 3, 4, 8, 40))
    assert telegram.calls == [-2]
    assert report.expired == [duty_key(-1)]
