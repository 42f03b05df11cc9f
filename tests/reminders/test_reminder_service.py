"""What the commands do, without Telegram: /subscribe arguments, /unsubscribe, /reminders, fixed subscriptions."""

from __future__ import annotations

import datetime as dt

import pytest
from reminder_helpers import SHANGHAI, cst, local_time

from bot.config import FixedSubscription
from bot.reminders.service import UsageError
from bot.reminders.telegram import listing_lines


def test_subscribe_without_arguments_subscribes_the_default_reminders(service, store, catalog):
    assert service.subscribe(-1, []) == catalog.defaults
    assert {s.reminder_id for s in store.subscriptions(-1)} == set(catalog.defaults)


def test_subscribe_one_reminder_at_the_chats_own_time(service, store):
    assert service.subscribe(-1, ["duty", "7:05"]) == ("duty",)
    assert store.subscription(-1, "duty").time == local_time(7, 5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["duty", "25:99"], "'25:99' is not a time of day"),
        (["fire_drill"], "unknown reminder 'fire_drill'"),
        (["duty", "08:30", "extra"], "too many arguments"),
    ],
)
def test_bad_subscribe_arguments_get_a_usage_message_and_change_nothing(service, store, args, message):
    with pytest.raises(UsageError) as err:
        service.subscribe(-1, args)
    assert message in str(err.value)
    assert "/subscribe [duty|" in str(err.value)
    assert store.subscriptions(-1) == []


def test_unsubscribe_one_then_all(service, store):
    service.subscribe(-1, [])
    assert service.unsubscribe(-1, ["duty"]) == 1
    assert store.subscription(-1, "duty") is None
    assert service.unsubscribe(-1, []) == 4
    with pytest.raises(UsageError, match="unknown reminder"):
        service.unsubscribe(-1, ["nope"])


def test_the_listing_shows_each_subscription_with_its_next_time(service, store):
    store.subscribe(-1, "duty", local_time(7, 45), now=cst(2024, 1, 1))
    store.subscribe(-1, "inspection", now=cst(2024, 1, 1))
    items = {i.reminder_id: i for i in service.listing(-1, cst(2024, 10, 1, 12, 0))}  # National Day
    assert items["duty"].next_fire == cst(2024, 10, 8, 7, 45)  # first working day after the holiday
    assert items["inspection"].next_fire == cst(2024, 10, 7, 9, 0)  # Mondays, holiday or not
    text = "\n".join(listing_lines(list(items.values()), "zh", SHANGHAI))  # what /reminders shows
    assert "2024-10-08 07:45" in text and "自定时间" in text and "工作日 07:45" in text


def test_the_listing_names_the_season_of_a_seasonal_reminder(service, store):
    store.subscribe(-1, "resumption", now=cst(2024, 1, 1))
    store.subscribe(-1, "lianghui", now=cst(2024, 1, 1))
    items = {i.reminder_id: i for i in service.listing(-1, cst(2024, 6, 1))}
    assert items["resumption"].schedule == "工作日 09:30（春节后第0–35天）"
    assert items["resumption"].next_fire.date() > dt.date(2025, 1, 29)  # after next year's festival
    assert items["lianghui"].schedule == "每天 08:00（3月1日–3月15日）"
    assert items["lianghui"].next_fire == cst(2025, 3, 1, 8, 0)


def test_a_disabled_subscription_is_listed_as_stopped(service, store):
    store.subscribe(-1, "duty")
    store.disable_chat(-1, "Forbidden")
    (item,) = service.listing(-1, cst(2024, 3, 4))
    assert item.next_fire is None and "已停用" in "\n".join(listing_lines([item], "zh", SHANGHAI))


def test_fixed_subscriptions_from_the_config_are_created_once(service, store):
    fixed = (FixedSubscription(-100123, "duty", "08:00"), FixedSubscription(-100123, "daily_tip"))
    service.apply_fixed_subscriptions(fixed)
    service.apply_fixed_subscriptions(fixed)
    assert {(s.reminder_id, s.time) for s in store.subscriptions(-100123)} == {("duty", local_time(8, 0)), ("daily_tip", None)}
    with pytest.raises(UsageError, match="unknown reminder 'x'"):
        service.apply_fixed_subscriptions((FixedSubscription(-1, "x"),))


def test_the_service_is_built_from_the_config_file(tmp_path, kb, telegram):
    from bot.config import load_config
    from bot.reminders.service import ReminderService

    root = tmp_path
    (root / "config.yaml").write_text(
        f"knowledge_dir: {kb.root}\nreminders:\n  grace_period_minutes: 15\nstorage:\n  database: var/test.sqlite3\n",
        encoding="utf-8")
    cfg = load_config(root / "config.yaml")
    service = ReminderService.from_config(cfg, kb, telegram.send)
    assert service.grace == dt.timedelta(minutes=15)
    assert service.store.path == root / "var" / "test.sqlite3"
    assert "duty" in service.catalog
    service.store.close()


@pytest.mark.parametrize(
    ("at", "now", "day"),
    [
        (local_time(23, 50), cst(2024, 3, 5, 0, 20), dt.date(2024, 3, 4)),  # ran 30 minutes late, past midnight
        (local_time(8, 30), cst(2024, 3, 4, 8, 29, 59), dt.date(2024, 3, 4)),  # a moment early
        (local_time(0, 5), cst(2024, 3, 4, 23, 59), dt.date(2024, 3, 5)),  # a few minutes early, before midnight
        (local_time(8, 30), cst(2024, 3, 4, 9, 15), dt.date(2024, 3, 4)),
    ],
)
def test_a_slot_run_late_or_early_belongs_to_the_day_of_its_nearest_occurrence(at, now, day):
    from bot.reminders.service import slot_day

    assert slot_day(at, now, SHANGHAI) == day
