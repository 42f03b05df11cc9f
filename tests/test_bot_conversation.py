"""End-to-end: conversations as work chats have them — follow-ups, drill-down buttons, small talk.

The real Application against the fake Bot API. What a follow-up should say is the core's own answer
(`bot.qa.dialogue.respond` with the same context), so these tests check the wiring: that each person's
context is kept per chat, passed in, expired, and that small talk is answered (or not) as people expect.
"""

from __future__ import annotations

import pytest

from bot.qa.dialogue import respond
from tests.fake_bot_api import User
from tests.keeper_harness import keeper_bot, keeper_config, wait_for_rows
from tests.test_bot_groups import said, silent_after
from tests.test_bot_private import ask, tap

ALICE = User(4101, "Alice", "zh-hans")
BOB = User(4102, "Bob", "en")
CAROL = User(4103, "Carol", "zh-hans")

# (kind, first question, follow-up that cannot stand alone)
CONVERSATIONS = [
    ("elliptic", "非煤矿山节后复工有什么要求", "那建筑工地呢"),
    ("more", "领导干部值班有什么要求", "还有呢"),
    ("next", "非煤矿山节后复工有什么要求", "下一条"),
    ("ordinal", "第三点讲了什么", "第二要呢"),
    ("topicless", "隐患排查整治有什么要求", "谁来查"),
]


def expected(matcher, first, second):
    """What the core answers to `second` after `first` (its best quote), and to `second` alone."""
    turn = respond(first, None, matcher, 0.0)
    follow = respond(second, turn.context, matcher, 1.0)
    assert follow.followup, f"{second!r} after {first!r} is not read as a follow-up by the core"
    return follow.result.best.text, respond(second, None, matcher, 0.0)


@pytest.mark.parametrize("kind,first,second", CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
async def test_a_follow_up_in_a_private_chat_is_answered_against_the_last_question(bot, fake, matcher,
                                                                                   kind, first, second):
    text, alone = expected(matcher, first, second)
    await ask(fake, ALICE, first)
    [reply, *_] = await ask(fake, ALICE, second)
    assert text[:40] in reply.text
    if alone.result is not None and alone.result.best is not None:
        assert alone.result.best.text[:40] not in reply.text or alone.result.best.text == text


@pytest.mark.parametrize("kind,first,second", CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
async def test_a_follow_up_in_a_group_is_answered_against_that_persons_last_question(bot, fake, matcher,
                                                                                     kind, first, second):
    text, _ = expected(matcher, first, second)
    await said(fake, f"/ask {first}", user=ALICE)
    [reply, *_] = await said(fake, f"/ask {second}", user=ALICE)
    assert text[:40] in reply.text


async def test_two_people_talking_at_once_in_a_group_keep_separate_contexts(bot, fake, matcher):
    alice_first, bob_first = "非煤矿山节后复工有什么要求", "领导干部值班有什么要求"
    alice_text, _ = expected(matcher, alice_first, "还有呢")
    bob_text, _ = expected(matcher, bob_first, "还有呢")
    assert alice_text != bob_text
    await said(fake, f"/ask {alice_first}", user=ALICE)
    await said(fake, f"/ask {bob_first}", user=CAROL)
    [for_alice, *_] = await said(fake, "/ask 还有呢", user=ALICE)
    [for_carol, *_] = await said(fake, "/ask 还有呢", user=CAROL)
    assert alice_text[:40] in for_alice.text and bob_text[:40] not in for_alice.text
    assert bob_text[:40] in for_carol.text and alice_text[:40] not in for_carol.text


async def test_a_follow_up_after_the_context_has_expired_is_answered_as_a_new_question(bot, fake, matcher, clock):
    await ask(fake, ALICE, "非煤矿山节后复工有什么要求")
    clock.advance(10 * 60)
    fresh = respond("那建筑工地呢", None, matcher, 0.0)
    [reply, *_] = await ask(fake, ALICE, "那建筑工地呢")
    if fresh.result.best is not None:
        assert fresh.result.best.text[:40] in reply.text
    else:
        assert "抱歉" in reply.text or "您是不是想问" in reply.text


async def test_a_structure_answer_has_buttons_that_drill_down_to_the_sub_points(bot, fake, matcher, kb):
    [outline] = await ask(fake, ALICE, "第三点讲了什么")
    point = next(p for p in kb.documents[0].points if p.ordinal == 3)
    labels = [f"{sp.label} {sp.heading}" for sp in point.subpoints]
    assert all(any(label[:12] in shown for shown in outline.labels) for label in labels)
    [opened, *_] = await tap(fake, outline, labels[1][:12], ALICE)
    first_passage = kb.passages[point.subpoints[1].passage_ids[0]]
    assert kb.sentences[first_passage.sentence_ids[0]].text[:20] in opened.text


@pytest.mark.parametrize("ack", ["收到", "好的", "👍", "收到！", "OK"])
async def test_an_acknowledgement_in_a_group_even_in_reply_to_the_bot_gets_no_reply(bot, fake, kb, ack):
    [answer, *_] = await said(fake, f"/ask {kb.qa[0].question}", user=ALICE)
    assert await silent_after(fake, ack, user=CAROL, reply_to=answer) == []


async def test_hello_in_a_private_chat_gets_a_self_introduction_with_example_questions(bot, fake):
    [hello] = await ask(fake, ALICE, "你好")
    assert "安全生产讲话问答机器人" in hello.text and len(hello.labels) >= 1
    [who] = await ask(fake, ALICE, "你是谁？")
    assert "安全生产讲话问答机器人" in who.text


async def test_thanks_gets_a_short_reply_and_small_talk_is_never_stored_as_a_question(config, matcher, fake,
                                                                                      tmp_path):
    cfg = keeper_config(config, tmp_path)
    async with keeper_bot(cfg, matcher, fake):
        [thanks] = await ask(fake, ALICE, "谢谢")
        assert thanks.text == "不客气！还有问题随时问我。"
        await ask(fake, ALICE, "你好")
        assert await fake.quiet(ALICE.id, since=len(fake.sent_to(ALICE.id))) == []
        fake.private_message("收到", user=ALICE)
        assert await fake.quiet(ALICE.id, since=len(fake.sent_to(ALICE.id))) == []
        await ask(fake, ALICE, "医保怎么报销")  # a real question: stored
        stored = await wait_for_rows(cfg.database_path, "SELECT question FROM qa_outcomes", 1)
    assert [q for (q,) in stored] == ["医保怎么报销"]


async def test_english_small_talk_from_a_chinese_client_is_answered_in_english(bot, fake):
    [hello] = await ask(fake, CAROL, "hello")
    assert "Hello!" in hello.text


async def test_more_after_a_whole_passage_says_so_and_offers_the_next_passage_as_a_button(bot, fake, matcher):
    await ask(fake, ALICE, "非煤矿山复工复产首先要干啥")
    [reply, *_] = await ask(fake, ALICE, "还有呢")
    assert "以上是这一段的全文" in reply.text
    assert any("建筑安全方面" in label for label in reply.labels)
