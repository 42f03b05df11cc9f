"""End-to-end: reminder subscriptions managed from Telegram chats, and the bot joining or leaving groups.

The real Application with the reminder extension polls the fake Bot API; the reminders' clock is set
by the test (Friday 4 December 2026, noon, Shanghai, unless a test moves it).
"""

from __future__ import annotations

import pytest

from bot.config import FixedSubscription
from bot.reminders.catalog import load_catalog
from tests.fake_bot_api import User
from tests.reminder_bot_harness import (
    SetClock,
    cst,
    job_names,
    local_time,
    reminder_config,
    reminders_running,
    said,
    store_of,
    until,
)

ADMIN = User(8001, "Admin", "zh-hans")
OWNER = User(8002, "Owner", "zh-hans")
MEMBER = User(8003, "Member", "zh-hans")
BOT_ADMIN = User(8004, "Ops", "zh-hans")
ENGLISH = User(8005, "Emma", "en")
GROUP = -1008000000001


@pytest.fixture
def cfg(config, tmp_path):
    return reminder_config(config, tmp_path / "var" / "bot.sqlite3")


@pytest.fixture
def clock():
    return SetClock(cst(2026, 12, 4, 12, 0))  # a Friday


@pytest.fixture
def catalog(cfg, kb):
    return load_catalog(cfg.knowledge_path, kb)


@pytest.fixture
async def app(cfg, matcher, fake, clock):
    fake.admins[GROUP] = {ADMIN.id}
    fake.member_status[(GROUP, OWNER.id)] = "creator"
    async with reminders_running(cfg, matcher, fake, clock, admin_ids=(BOT_ADMIN.id,)) as application:
        yield application


def subscribed(app, chat=GROUP) -> set[str]:
    return {s.reminder_id for s in store_of(app).subscriptions(chat)}


async def test_a_group_administrator_subscribes_the_group_to_every_default_reminder(app, fake, catalog):
    reply = await said(fake, "/subscribe", user=ADMIN, chat=GROUP)
    assert subscribed(app) == set(catalog.defaults)
    for rid in catalog.defaults:
        assert catalog.get(rid).label("zh") in reply.text and catalog.get(rid).title in reply.text
    assert "下次 2026-12-07 08:30" in reply.text  # duty: the next workday after Friday noon
    assert "北京时间" in reply.text and "Asia/Shanghai" not in reply.text
    assert job_names(app) == sorted({"reminder:duty@08:30", "reminder:inspection@09:00", "reminder:resumption@09:30",
                                     "reminder:lianghui@08:00", "reminder:daily_tip@09:00"})


@pytest.mark.parametrize("user", [OWNER, BOT_ADMIN], ids=["group-creator", "bot-admin-from-config"])
async def test_the_group_creator_and_a_bot_admin_may_subscribe_too(app, fake, user):
    reply = await said(fake, "/subscribe duty 07:45", user=user, chat=GROUP)
    assert "07:45" in reply.text and subscribed(app) == {"duty"}
    assert job_names(app) == ["reminder:duty@07:45"]


async def test_subscribing_one_reminder_at_the_groups_own_time_works_with_the_bots_username(app, fake):
    reply = await said(fake, f"/subscribe@{fake.username} duty 07:45", user=ADMIN, chat=GROUP)
    assert "自定时间" in reply.text and "下次 2026-12-07 07:45" in reply.text
    assert [(s.reminder_id, s.time) for s in store_of(app).subscriptions(GROUP)] == [("duty", local_time(7, 45))]
    assert job_names(app) == ["reminder:duty@07:45"]


async def test_a_time_typed_with_a_chinese_keyboard_is_understood(app, fake):
    await said(fake, "/subscribe duty 0７：45", user=ADMIN, chat=GROUP)
    assert store_of(app).subscription(GROUP, "duty").time == local_time(7, 45)


async def test_a_member_who_is_not_an_administrator_is_refused_and_nothing_changes(app, fake):
    await said(fake, "/subscribe duty", user=ADMIN, chat=GROUP)
    before = store_of(app).subscriptions(GROUP)
    jobs = job_names(app)
    for command in ("/subscribe", "/subscribe inspection 10:00", "/unsubscribe", "/unsubscribe duty",
                    "/remind_now duty"):
        reply = await said(fake, command, user=MEMBER, chat=GROUP)
        assert "只有本群的管理员" in reply.text, command
        assert "「" not in reply.text  # no reminder was previewed
    assert store_of(app).subscriptions(GROUP) == before
    assert job_names(app) == jobs
    checked = [p for m, p, _ in fake.calls if m == "getChatMember"]
    assert {int(p["user_id"]) for p in checked} >= {MEMBER.id}


async def test_an_english_speaking_member_is_refused_in_english(app, fake):
    reply = await said(fake, "/subscribe", user=ENGLISH, chat=GROUP)
    assert "Only this group's administrators" in reply.text
    assert subscribed(app) == set()


async def test_a_private_chat_subscribes_for_itself_without_an_administrator_check(app, fake):
    reply = await said(fake, "/subscribe daily_tip 18:00", user=MEMBER, chat=MEMBER.id)
    assert "每日提示" in reply.text
    assert subscribed(app, MEMBER.id) == {"daily_tip"}
    assert "getChatMember" not in {m for m, _, _ in fake.calls}


@pytest.mark.parametrize(
    ("command", "named"),
    [
        ("/subscribe duty 25:99", ["「25:99」不是有效的时间", "用法：/subscribe [duty|"]),
        ("/subscribe fire_drill", ["没有编号为「fire_drill」的提醒", "每日提示（daily_tip） 每日安全提示", "用法：/subscribe"]),
        ("/subscribe duty 08:30 extra", ["参数太多了", "用法：/subscribe"]),
        ("/unsubscribe nope", ["没有编号为「nope」的提醒", "用法：/unsubscribe"]),
        ("/remind_now", ["请写上要预览的提醒编号", "用法：/remind_now <duty|"]),
        ("/remind_now fire_drill", ["没有编号为「fire_drill」的提醒", "用法：/remind_now"]),
    ],
)
async def test_bad_arguments_get_a_usage_message_naming_what_is_wrong_and_change_nothing(app, fake, command, named):
    reply = await said(fake, command, user=ADMIN, chat=GROUP)
    for part in named:
        assert part in reply.text
    assert subscribed(app) == set() and job_names(app) == []


async def test_an_english_client_gets_the_usage_message_in_english(app, fake):
    fake.admins[GROUP].add(ENGLISH.id)
    reply = await said(fake, "/subscribe duty 25:99", user=ENGLISH, chat=GROUP)
    assert "“25:99” is not a time of day" in reply.text and "Usage: /subscribe [duty|" in reply.text


async def test_reminders_lists_the_chats_subscriptions_with_the_next_time_each_fires(app, fake, clock):
    empty = await said(fake, "/reminders", user=MEMBER, chat=GROUP)
    assert "尚未订阅" in empty.text and "/subscribe" in empty.text
    await said(fake, "/subscribe duty 07:45", user=ADMIN, chat=GROUP)
    await said(fake, "/subscribe inspection", user=ADMIN, chat=GROUP)
    await said(fake, "/subscribe daily_tip", user=ADMIN, chat=GROUP)
    listing = await said(fake, "/reminders", user=MEMBER, chat=GROUP)  # anyone may look
    lines = {line.split()[1]: line for line in listing.text.splitlines() if line.startswith("•")}
    assert "工作日 07:45（自定时间）" in lines["值班"] and "下次 2026-12-07 07:45" in lines["值班"]
    assert "周一 09:00" in lines["隐患排查"] and "下次 2026-12-07 09:00" in lines["隐患排查"]
    assert "下次 2026-12-05 09:00" in lines["每日提示"]  # every day, Saturday included
    clock.set(2026, 12, 7, 8, 0)
    later = await said(fake, "/reminders", user=MEMBER, chat=GROUP)
    assert "下次 2026-12-07 07:45" not in later.text and "下次 2026-12-08 07:45" in later.text


async def test_unsubscribe_one_reminder_then_all_and_the_jobs_follow(app, fake):
    await said(fake, "/subscribe", user=ADMIN, chat=GROUP)
    one = await said(fake, "/unsubscribe duty", user=ADMIN, chat=GROUP)
    assert "duty" in one.text and "duty" not in subscribed(app)
    assert "reminder:duty@08:30" not in job_names(app)
    again = await said(fake, "/unsubscribe duty", user=ADMIN, chat=GROUP)
    assert "没有订阅提醒 duty" in again.text
    everything = await said(fake, "/unsubscribe", user=ADMIN, chat=GROUP)
    assert "全部 4 项" in everything.text
    assert subscribed(app) == set() and job_names(app) == []


async def test_remind_now_previews_the_reminder_without_counting_it_as_sent(app, fake, catalog):
    await said(fake, "/subscribe daily_tip", user=ADMIN, chat=GROUP)
    duty = catalog.get("duty").kind.quotes[0]
    preview = await said(fake, "/remind_now duty", user=ADMIN, chat=GROUP)
    assert "预览" in preview.text
    assert duty.text in preview.text and duty.source in preview.text
    tip = catalog.get("daily_tip").kind.items[0][0]
    first = await said(fake, "/remind_now daily_tip", user=ADMIN, chat=GROUP)
    second = await said(fake, "/remind_now daily_tip", user=ADMIN, chat=GROUP)
    assert tip.text in first.text and tip.text in second.text  # a preview does not move the rotation on
    assert store_of(app).deliveries() == []


async def test_the_reminder_commands_are_in_both_command_menus(app, fake):
    for language in (None, "en"):
        names = [c["command"] for c in fake.commands[language]]
        assert {"subscribe", "unsubscribe", "reminders", "remind_now"} <= set(names)
        assert "start" in names  # the core commands are still there


async def test_the_bot_added_to_a_group_says_how_to_subscribe(app, fake):
    new_group = -1008000000002
    fake.bot_added(new_group, by=MEMBER)
    [hello] = await fake.replies(new_group)
    assert "/subscribe" in hello.text and "管理员" in hello.text
    english_group = -1008000000003
    fake.bot_added(english_group, by=ENGLISH, status="administrator")
    [hello_en] = await fake.replies(english_group)
    assert "An administrator sends /subscribe" in hello_en.text


async def test_the_bot_removed_from_a_group_stops_its_reminders(app, fake):
    await said(fake, "/subscribe", user=ADMIN, chat=GROUP)
    other = -1008000000004
    fake.admins[other] = {ADMIN.id}
    await said(fake, "/subscribe duty", user=ADMIN, chat=other)
    fake.bot_removed(GROUP, by=ADMIN)
    await until(lambda: not store_of(app).subscriptions(GROUP, enabled_only=True))
    assert all("kicked" in s.disabled_reason for s in store_of(app).subscriptions(GROUP))
    # still needed by the other group (the jobs follow the store once its write is done, off the event loop)
    await until(lambda: job_names(app) == ["reminder:duty@08:30"])
    assert store_of(app).subscription(other, "duty").enabled


async def test_a_user_blocking_the_bot_stops_their_private_reminders(app, fake):
    await said(fake, "/subscribe duty", user=MEMBER, chat=MEMBER.id)
    fake.bot_removed(MEMBER.id, by=MEMBER, chat_type="private")
    await until(lambda: not store_of(app).subscriptions(MEMBER.id, enabled_only=True))
    await until(lambda: job_names(app) == [])  # the jobs follow the store (read off the event loop)


async def test_a_group_becoming_a_supergroup_keeps_its_subscriptions_under_the_new_id(app, fake):
    old, new = -8000000005, -1008000000005
    fake.admins[old] = {ADMIN.id}
    await said(fake, "/subscribe duty 07:45", user=ADMIN, chat=old, chat_type="group")
    fake.group_migrated(old, new, by=ADMIN)
    await until(lambda: bool(store_of(app).subscriptions(new)))
    assert store_of(app).subscriptions(old) == []
    assert [(s.reminder_id, s.time, s.enabled) for s in store_of(app).subscriptions(new)] == [("duty", local_time(7, 45), True)]
    fake.admins[new] = {ADMIN.id}
    listing = await said(fake, "/reminders", user=ADMIN, chat=new)
    assert "值班" in listing.text


async def test_fixed_subscriptions_from_the_config_are_in_place_at_start_up(config, matcher, fake, clock, tmp_path):
    cfg = reminder_config(config, tmp_path / "fixed.sqlite3",
                          fixed=(FixedSubscription(GROUP, "duty", "08:00"), FixedSubscription(GROUP, "inspection")))
    async with reminders_running(cfg, matcher, fake, clock) as app:
        assert job_names(app) == ["reminder:duty@08:00", "reminder:inspection@09:00"]
        listing = await said(fake, "/reminders", user=MEMBER, chat=GROUP)
        assert "下次 2026-12-07 08:00" in listing.text and "下次 2026-12-07 09:00" in listing.text


def post_as(fake, chat_id: int, sender_chat_id: int, text: str) -> None:
    """A message posted on behalf of a chat: an anonymous administrator (the group itself) or a channel."""
    group = {"id": chat_id, "type": "supergroup", "title": "安全生产群"}
    sender = group if sender_chat_id == chat_id else {"id": sender_chat_id, "type": "channel", "title": "频道"}
    robot = {"id": 1087968824 if sender_chat_id == chat_id else 136817688, "is_bot": True, "first_name": "Group"}
    fake.chats[chat_id] = group
    fake.inject({"message": {"message_id": 990000 + len(fake.calls), "date": 0, "chat": group, "from": robot,
                             "sender_chat": sender, "text": text,
                             "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}})


async def test_an_anonymous_administrator_may_subscribe_but_a_post_from_a_channel_may_not(app, fake):
    since = len(fake.sent_to(GROUP))
    post_as(fake, GROUP, -1009999999999, "/subscribe inspection")
    [refusal] = await fake.replies(GROUP, since=since, settle=0.05)
    assert "只有本群的管理员" in refusal.text and subscribed(app) == set()
    post_as(fake, GROUP, GROUP, "/subscribe duty")
    [reply] = await fake.replies(GROUP, since=since + 1, settle=0.05)
    assert "值班" in reply.text and subscribed(app) == {"duty"}


async def test_help_tells_how_to_subscribe_to_reminders(app, fake):
    help_zh = await said(fake, "/help", user=MEMBER, chat=MEMBER.id)
    assert "/subscribe" in help_zh.text and "/reminders" in help_zh.text
    help_en = await said(fake, "/help", user=ENGLISH, chat=ENGLISH.id)
    assert "scheduled safety reminders" in help_en.text


async def test_a_reminder_is_subscribed_by_its_chinese_name_and_listed_by_it(app, fake):
    reply = await said(fake, "/subscribe 值班 08:30", user=ADMIN, chat=GROUP)
    assert subscribed(app) == {"duty"}
    assert "值班" in reply.text and "北京时间" in reply.text
    gone = await said(fake, "/unsubscribe 值班", user=ADMIN, chat=GROUP)
    assert "已取消提醒 值班" in gone.text and subscribed(app) == set()


async def test_a_bot_admin_lists_every_subscribed_chat_and_revokes_one(app, fake):
    await said(fake, "/subscribe 值班", user=ADMIN, chat=GROUP)
    since = len(fake.sent_to(BOT_ADMIN.id))
    fake.private_message("/subscriptions", user=BOT_ADMIN)
    [listing] = await fake.replies(BOT_ADMIN.id, since=since)
    assert str(GROUP) in listing.text and "值班" in listing.text
    await fake.callback_answer(fake.tap(listing, f"撤销聊天 {GROUP}", user=BOT_ADMIN))
    assert subscribed(app) == set()
    since = len(fake.sent_to(MEMBER.id))
    fake.private_message("/subscriptions", user=MEMBER)
    [refused] = await fake.replies(MEMBER.id, since=since)
    assert "只供机器人管理员使用" in refused.text


@pytest.mark.parametrize("ack", ["收到", "好的", "👍"])
async def test_an_acknowledgement_in_reply_to_a_reminder_gets_no_message(app, fake, ack):
    reminder = await said(fake, "/remind_now 值班", user=ADMIN, chat=GROUP)
    since = len(fake.sent_to(GROUP))
    fake.group_message(ack, user=MEMBER, chat_id=GROUP, reply_to=reminder)
    assert await fake.quiet(GROUP, since=since) == []
