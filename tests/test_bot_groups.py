"""End-to-end: the bot in groups answers only what is addressed to it, and guards against flooding."""

from __future__ import annotations

import pytest

from tests.fake_bot_api import User

ALICE = User(3001, "Alice", "zh-hans")
BOB = User(3002, "Bob", "zh-hans")
GROUP = -1003001
OTHER_GROUP = -1003002


def question(kb, n=0):
    return kb.qa[n].question


async def said(fake, text, user=ALICE, chat=GROUP, reply_to=None, chat_type="supergroup"):
    """Post in the group and return what the bot sent back (at least one message)."""
    since = len(fake.sent_to(chat))
    fake.group_message(text, user=user, chat_id=chat, reply_to=reply_to, chat_type=chat_type)
    return await fake.replies(chat, since=since, settle=0.05)


async def silent_after(fake, text, user=ALICE, chat=GROUP, reply_to=None):
    """Post in the group; return whatever the bot sent within a short while (expected nothing)."""
    since = len(fake.sent_to(chat))
    fake.group_message(text, user=user, chat_id=chat, reply_to=reply_to)
    return await fake.quiet(chat, since=since)


async def test_in_a_group_the_bot_stays_silent_on_ordinary_chatter(bot, fake, kb):
    assert await silent_after(fake, question(kb)) == []
    assert await silent_after(fake, "大家下午好,明天开会") == []


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
async def test_in_a_group_ask_is_answered_as_a_reply_to_the_asker(bot, fake, kb, matcher, chat_type):
    q = question(kb, 5)
    since = len(fake.sent_to(GROUP))
    update_id = fake.group_message(f"/ask {q}", user=ALICE, chat_id=GROUP, chat_type=chat_type)
    [reply] = await fake.replies(GROUP, since=since, settle=0.05)
    assert matcher.ask(q).best.text in reply.text
    assert reply.reply_to == fake.history[update_id]["message"]["message_id"]


async def test_in_a_group_ask_with_the_bots_username_is_answered(bot, fake, kb, matcher):
    q = question(kb, 7)
    [reply] = await said(fake, f"/ask@{fake.username} {q}")
    assert matcher.ask(q).best.text in reply.text


async def test_in_a_group_a_command_for_another_bot_is_ignored(bot, fake, kb):
    assert await silent_after(fake, f"/ask@some_other_bot {question(kb)}") == []
    assert await silent_after(fake, "/topics@some_other_bot") == []


async def test_in_a_group_the_other_commands_work_with_and_without_the_bots_username(bot, fake, kb):
    [topics] = await said(fake, f"/topics@{fake.username}")
    assert any(label.startswith(kb.documents[0].points[0].label) for label in topics.labels)
    [source] = await said(fake, "/source")
    assert kb.documents[0].title in source.text
    [found] = await said(fake, "/search 隐患")
    assert "隐患" in found.bold


async def test_in_a_group_a_message_mentioning_the_bot_is_answered_without_the_mention(bot, fake, kb, matcher):
    q = question(kb, 9)
    [reply] = await said(fake, f"@{fake.username} {q}")
    assert matcher.ask(q).best.text in reply.text


async def test_in_a_group_a_mention_without_a_question_gets_a_hint(bot, fake):
    [reply] = await said(fake, f"@{fake.username}")
    assert "@" + fake.username in reply.text


async def test_in_a_group_a_reply_to_the_bot_is_answered_but_a_reply_to_someone_else_is_not(
        bot, fake, kb, matcher):
    [first] = await said(fake, f"/ask {question(kb, 1)}")
    follow_up = question(kb, 11)
    [reply] = await said(fake, follow_up, reply_to=first)
    assert matcher.ask(follow_up).best.text in reply.text

    chatter = fake.group_message("明天几点开会?", user=BOB, chat_id=GROUP)
    since = len(fake.sent_to(GROUP))
    fake.group_message(follow_up, user=ALICE, chat_id=GROUP, reply_to=fake.message_of(chatter))
    assert await fake.quiet(GROUP, since=since) == []


async def test_a_button_in_a_group_answers_in_the_group(bot, fake, kb, matcher):
    [reply] = await said(fake, "/ask 今天晚饭吃什么")
    since = len(fake.sent_to(GROUP))
    label = reply.labels[0]
    fake.tap(reply, label, user=BOB)
    [answer] = await fake.replies(GROUP, since=since)
    assert matcher.ask(label).best.text.splitlines()[0][:20] in answer.text


async def test_a_user_flooding_a_group_gets_one_slow_down_then_silence_until_the_window_passes(
        bot, fake, kb, clock, config):
    limit, window = config.telegram.flood.messages, config.telegram.flood.window_seconds
    for n in range(limit):
        [reply] = await said(fake, f"/ask {question(kb, n)}")
        assert "慢一点" not in reply.text
    [warning] = await said(fake, f"/ask {question(kb, limit)}")
    assert "慢一点" in warning.text and ALICE.first_name in warning.text
    assert await silent_after(fake, f"/ask {question(kb, limit + 1)}") == []
    assert await silent_after(fake, f"@{fake.username} {question(kb, 2)}") == []

    # other people, and the same person in another group, are not affected
    [other] = await said(fake, f"/ask {question(kb, 3)}", user=BOB)
    assert "慢一点" not in other.text
    [elsewhere] = await said(fake, f"/ask {question(kb, 3)}", chat=OTHER_GROUP)
    assert "慢一点" not in elsewhere.text

    clock.advance(window - 1)
    assert await silent_after(fake, f"/ask {question(kb, 4)}") == []
    clock.advance(2)
    [again] = await said(fake, f"/ask {question(kb, 4)}")
    assert "慢一点" not in again.text


async def test_chatter_does_not_count_towards_the_flood_limit(bot, fake, kb, config):
    for n in range(config.telegram.flood.messages * 2):
        fake.group_message(f"闲聊 {n}", user=ALICE, chat_id=GROUP)
    [reply] = await said(fake, f"/ask {question(kb)}")
    assert "慢一点" not in reply.text


async def test_private_chats_have_their_own_larger_flood_limit(bot, fake, kb, config):
    # Issue 11 (fair queues): private chats were not guarded at all; now they have private_messages.
    user = User(3999, "Dora")
    flood = config.telegram.flood
    assert flood.private_messages > flood.messages + 2
    for n in range(flood.private_messages):
        since = len(fake.sent_to(user.id))
        fake.private_message(question(kb, n), user=user)
        [reply] = await fake.replies(user.id, since=since)
        assert "慢一点" not in reply.text
    since = len(fake.sent_to(user.id))
    fake.private_message(question(kb, 1), user=user)
    [warning] = await fake.replies(user.id, since=since)
    assert "慢一点" in warning.text
