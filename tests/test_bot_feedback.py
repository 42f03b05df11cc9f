"""End-to-end: outcomes of questions are stored without identifiers; 👍 / 👎 under answers, counted once per person.

The real Application with the maintenance extension, against the fake Bot API; the database is a
temporary file inspected directly.
"""

from __future__ import annotations

import re
import shutil

import pytest

from bot.maintenance.store import FeedbackStore
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER
from tests.fake_bot_api import User
from tests.keeper_harness import every_cell, keeper_bot, keeper_config, rows, wait_for_rows
from tests.test_bot_private import NOT_COVERED, ask, clarifying_question, curated_question

# Distinctive identifiers, so that finding one in the database cannot be a coincidence.
ALICE = User(736251948, "Alice Zhangsan", "zh-hans", username="alice_z_1988")
BOB = User(845162739, "Bob Lisi", "en", username="bob_en_77")
GROUP, GROUP_TITLE = -1004826193750, "青山镇应急办工作群"
OUTCOMES = "SELECT status, question, best_id, chat_type FROM qa_outcomes ORDER BY id"
FEEDBACK = "SELECT vote, question, answer_id, chat_type FROM qa_feedback ORDER BY id"


@pytest.fixture
def cfg(config, tmp_path):
    return keeper_config(config, tmp_path)


async def in_group(fake, text, user):
    since = len(fake.sent_to(GROUP))
    fake.group_message(text, user=user, chat_id=GROUP, title=GROUP_TITLE)
    return await fake.replies(GROUP, since=since, settle=0.05)


async def vote(fake, message, label, user) -> dict:
    """Tap 👍 or 👎 and return how the bot answered the tap."""
    return await fake.callback_answer(fake.tap(message, label, user=user))


async def test_questions_from_chats_are_stored_and_no_identifier_reaches_any_column_of_any_table(
        cfg, matcher, kb, fake):
    curated, _ = curated_question(kb, matcher)
    vague, vague_result = clarifying_question(kb, matcher)
    other_curated = next(e.question for e in kb.qa if e.question != curated)
    uncovered_in_group = "医保怎么报销"
    assert matcher.ask(uncovered_in_group).status == NO_ANSWER
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
        [did_you_mean] = await ask(fake, ALICE, vague)
        since = len(fake.sent_to(ALICE.id))
        await fake.callback_answer(fake.tap(did_you_mean, did_you_mean.labels[0], user=ALICE))
        await fake.replies(ALICE.id, since=since)
        await ask(fake, ALICE, NOT_COVERED)
        await in_group(fake, f"@{fake.username} {uncovered_in_group}", BOB)
        [group_answer] = await in_group(fake, f"/ask {other_curated}", BOB)
        await fake.inline_answer(fake.inline_query("值班", user=ALICE))  # inline queries are not recorded
        await vote(fake, answer, "👎", ALICE)
        await vote(fake, answer, "👎", ALICE)
        await vote(fake, group_answer, "👍", BOB)
        outcomes = await wait_for_rows(cfg.database_path, OUTCOMES, 6)
        feedback = rows(cfg.database_path, FEEDBACK)

    suggestion = vague_result.suggestions[0]
    assert [(s, c) for s, _q, _b, c in outcomes] == [
        (ANSWERED, "private"), (CLARIFY, "private"), (matcher.ask(suggestion.question).status, "private"),
        (NO_ANSWER, "private"), (NO_ANSWER, "supergroup"), (ANSWERED, "supergroup")]
    # The text of a question is kept only when it was not answered.
    questions = [q for _s, q, _b, _c in outcomes]
    assert questions[0] is None and questions[5] is None
    assert questions[1] == vague and questions[3] == NOT_COVERED and questions[4] == uncovered_in_group
    assert outcomes[1][2] == suggestion.id
    assert [(v, c) for v, _q, _a, c in feedback] == [(-1, "private"), (1, "supergroup")]

    cells = every_cell(cfg.database_path)
    columns = {c for _t, c, _v in cells}
    assert not [c for c in columns if any(w in c for w in ("user", "chat_id", "message", "name"))]
    texts = [v for _t, _c, v in cells if isinstance(v, str)]
    numbers = {v for _t, _c, v in cells if isinstance(v, int)}
    for secret in (str(ALICE.id), str(BOB.id), str(GROUP), str(-GROUP), ALICE.first_name, BOB.first_name,
                   ALICE.username, BOB.username, GROUP_TITLE, fake.username):
        assert not [t for t in texts if secret in t], secret
    message_ids = {m["message"]["message_id"] for m in fake.history.values() if "message" in m}
    message_ids |= {m.message_id for chat in (ALICE.id, BOB.id, GROUP) for m in fake.sent_to(chat)}
    assert message_ids and not numbers & message_ids
    assert not [t for t in texts for mid in message_ids if re.search(rf"\b{mid}\b", t)]


async def test_an_answer_carries_thumbs_buttons_and_did_you_mean_or_not_covered_do_not(cfg, matcher, kb, fake):
    curated, _ = curated_question(kb, matcher)
    vague, _ = clarifying_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
        [did_you_mean] = await ask(fake, ALICE, vague)
        [not_covered] = await ask(fake, ALICE, NOT_COVERED)
    assert answer.buttons[-1] == [(label, answer.button(label)[1]) for label in ("👍", "👎")]
    assert answer.labels[0] == "查看上下文"  # the core's buttons stay first
    for data in (answer.button("👍")[1], answer.button("👎")[1]):
        assert data.startswith("f|") and len(data.encode()) <= 64
    assert "👍" not in did_you_mean.labels and "👎" not in did_you_mean.labels
    assert "👍" not in not_covered.labels


async def test_a_thumbs_down_tapped_twice_is_stored_once_with_the_question_and_the_answer(cfg, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
        first = await vote(fake, answer, "👎", ALICE)
        second = await vote(fake, answer, "👎", ALICE)
        feedback = rows(cfg.database_path, FEEDBACK)
    assert first["text"] == second["text"] == "谢谢反馈"
    assert feedback == [(-1, curated, result.best.id, "private")]
    assert FeedbackStore(cfg.database_path).feedback_counts() == (0, 1)


async def test_thumbs_up_from_two_people_on_one_group_answer_count_twice_and_are_thanked_in_their_language(
        cfg, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await in_group(fake, f"/ask {curated}", ALICE)
        thanks_zh = await vote(fake, answer, "👍", ALICE)
        thanks_en = await vote(fake, answer, "👍", BOB)
        await vote(fake, answer, "👍", BOB)
        feedback = rows(cfg.database_path, FEEDBACK)
    assert (thanks_zh["text"], thanks_en["text"]) == ("谢谢反馈", "Thanks")
    # A 👍 keeps no question text: only a 👎 needs it.
    assert feedback == [(1, None, result.best.id, "supergroup")] * 2


async def test_changing_a_thumbs_up_to_a_thumbs_down_replaces_the_vote(cfg, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
        await vote(fake, answer, "👍", ALICE)
        await vote(fake, answer, "👎", ALICE)
        feedback = rows(cfg.database_path, FEEDBACK)
    assert feedback == [(-1, curated, result.best.id, "private")]


async def test_a_tap_on_an_answer_from_before_a_restart_still_counts_for_that_answer(cfg, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
    async with keeper_bot(cfg, matcher, fake):  # a new process: the question behind the button is forgotten
        thanks = await vote(fake, answer, "👎", ALICE)
        feedback = rows(cfg.database_path, FEEDBACK)
    assert thanks["text"] == "谢谢反馈"
    assert feedback == [(-1, "", result.best.id, "private")]


async def test_the_bot_keeps_answering_when_the_database_cannot_be_written(cfg, matcher, kb, fake, caplog):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        shutil.rmtree(cfg.database_path.parent)
        cfg.database_path.mkdir(parents=True)  # a folder where the database file was: every write fails
        [answer] = await ask(fake, ALICE, curated)
        [again] = await ask(fake, ALICE, curated)
    assert result.best.text in answer.text and result.best.text in again.text
    assert "could not store the outcome" in caplog.text
