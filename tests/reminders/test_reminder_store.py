"""SQLite store: subscriptions survive a restart, keys are claimed once, chats migrate and get disabled."""

from __future__ import annotations

from reminder_helpers import cst, local_time, put_rotation_position

from bot.reminders.store import DeliveryKey, Store


def test_subscriptions_and_rotation_survive_reopening_the_database_file(db_path):
    with Store(db_path) as s:
        s.subscribe(-100, "duty", local_time(7, 45))
        s.subscribe(-100, "daily_tip")
        put_rotation_position(s, -100, "daily_tip", 3)
    with Store(db_path) as s:
        subs = {x.reminder_id: x for x in s.subscriptions(-100)}
        assert subs["duty"].time == local_time(7, 45) and subs["duty"].enabled
        assert subs["daily_tip"].time is None
        assert s.rotation_position(-100, "daily_tip") == 3


def test_subscribing_again_changes_the_time_without_a_second_row(store):
    assert store.subscribe(-100, "duty") is True
    assert store.subscribe(-100, "duty", local_time(9, 15)) is False
    (sub,) = store.subscriptions(-100)
    assert sub.time == local_time(9, 15)


def test_unsubscribe_one_or_all(store):
    for rid in ("duty", "inspection", "daily_tip"):
        store.subscribe(-100, rid)
    assert store.unsubscribe(-100, "duty") == 1
    assert [s.reminder_id for s in store.subscriptions(-100)] == ["daily_tip", "inspection"]
    assert store.unsubscribe(-100) == 2
    assert store.subscriptions(-100) == []


def test_a_delivery_key_can_be_claimed_only_once(store):
    key = DeliveryKey("duty", -100, cst(2024, 3, 8, 8, 30))
    assert store.claim(key) is not None
    assert store.claim(key) is None
    assert store.mark_delivered(key)
    assert store.claim(key) is None
    assert store.delivery(key).state == "delivered"


def test_the_same_moment_in_another_zone_is_the_same_key(store):
    store.claim(DeliveryKey("duty", -100, cst(2024, 3, 8, 8, 30)))
    import datetime as dt
    same = dt.datetime(2024, 3, 8, 0, 30, tzinfo=dt.timezone.utc)
    assert store.claim(DeliveryKey("duty", -100, same)) is None


def test_claiming_a_rotating_tip_advances_that_chats_position_once(store, catalog):
    k1 = DeliveryKey("daily_tip", -100, cst(2024, 3, 8, 9, 0))
    k2 = DeliveryKey("daily_tip", -100, cst(2024, 3, 9, 9, 0))
    pick = catalog.get("daily_tip").kind.pick
    assert store.claim(k1, pick=pick).item_index == 0
    assert store.claim(k1, pick=pick) is None
    assert store.claim(k2, pick=pick).item_index == 1
    assert store.rotation_position(-100, "daily_tip") == 2
    assert store.rotation_position(-200, "daily_tip") == 0


def test_disabling_a_chat_stops_all_its_subscriptions_and_subscribing_re_enables(store):
    store.subscribe(-100, "duty")
    store.subscribe(-100, "inspection")
    store.subscribe(-200, "duty")
    assert store.disable_chat(-100, "Forbidden: bot was kicked") == 2
    assert {s.chat_id for s in store.subscriptions(enabled_only=True)} == {-200}
    store.subscribe(-100, "duty")
    assert store.subscription(-100, "duty").enabled


def test_migrating_a_chat_moves_subscriptions_rotation_and_open_claims(store):
    store.subscribe(-100, "duty", local_time(8, 0))
    put_rotation_position(store, -100, "daily_tip", 5)
    key = DeliveryKey("duty", -100, cst(2024, 3, 8, 8, 0))
    store.claim(key)
    assert store.migrate_chat(-100, -1001234) == 1
    assert store.subscriptions(-100) == []
    assert store.subscription(-1001234, "duty").time == local_time(8, 0)
    assert store.rotation_position(-1001234, "daily_tip") == 5
    assert store.delivery(DeliveryKey("duty", -1001234, key.scheduled_at)).state == "claimed"
    assert store.delivery(key) is None


def test_the_database_uses_write_ahead_logging(store):
    assert store._query("PRAGMA journal_mode")[0][0] == "wal"
