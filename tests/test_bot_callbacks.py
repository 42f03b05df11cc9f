"""End-to-end: every button tap is answered exactly once, also unknown, forged and inline-message ones."""

from __future__ import annotations

import asyncio
import logging

from bot.telegram_app.callbacks import question_key
from tests.botharness import bot_running
from tests.fake_bot_api import User

ALICE = User(8001, "Alice", "zh-hans")


def tap_data(fake, data: str, *, user: User = ALICE, inline_message_id: str | None = None) -> str:
    """A callback query with any data: on a message in Alice's chat, or on an inline-mode message."""
    query_id = f"cq{len(fake.history) + 1}"
    query = {"id": query_id, "from": user.to_dict(), "chat_instance": "42", "data": data}
    if inline_message_id:
        query["inline_message_id"] = inline_message_id
    else:
        query["message"] = {"message_id": 999, "date": 0, "chat": {"id": user.id, "type": "private"},
                            "from": fake.bot_user, "text": "旧消息"}
    fake.inject({"callback_query": query})
    return query_id


def answers_to(fake, query_id: str) -> list[dict]:
    return [p for m, p, _t in fake.calls if m == "answerCallbackQuery" and str(p.get("callback_query_id")) == query_id]


async def test_unknown_or_forged_callback_data_gets_a_short_expired_toast(bot, fake):
    for data in ("zz|nothing", "no-prefix-at-all", "f|x", "q|0000000000000000", "n|t|no/such/node"):
        query_id = tap_data(fake, data)
        answer = await fake.callback_answer(query_id)
        assert "过期" in answer.get("text", ""), (data, answer)
        assert len(answer["text"]) < 30
    await asyncio.sleep(0.2)
    assert all(len(answers_to(fake, str(q))) == 1 for q in {p["callback_query_id"] for m, p, _t in fake.calls
                                                         if m == "answerCallbackQuery"})
    assert fake.sent_to(ALICE.id) == []


async def test_a_button_on_an_inline_message_is_answered_once_and_edits_that_message(bot, fake, kb, matcher, caplog):
    question = kb.qa[2].question
    with caplog.at_level(logging.ERROR):
        query_id = tap_data(fake, f"q|{question_key(question)}", inline_message_id="inl-1")
        await fake.callback_answer(query_id)
        [edit] = await fake.calls_to("editMessageText")
        assert edit["inline_message_id"] == "inl-1"
        assert matcher.ask(question).best.text[:20] in edit["text"]
        gid = next(iter(kb.passages))
        other = tap_data(fake, f"c|{gid}", inline_message_id="inl-2")
        await fake.callback_answer(other)
        await fake.calls_to("editMessageText", count=2)
        await asyncio.sleep(0.2)
    assert len(answers_to(fake, query_id)) == 1 and len(answers_to(fake, other)) == 1
    assert "AttributeError" not in caplog.text and "error while handling" not in caplog.text


class BrokenOn:
    def __init__(self, matcher, trigger: str):
        self.matcher, self.trigger, self.kb = matcher, trigger, matcher.kb

    def ask(self, text):
        if text == self.trigger:
            raise RuntimeError("simulated failure")
        return self.matcher.ask(text)

    def topics(self):
        return self.matcher.topics()


async def test_a_failure_after_a_tap_was_answered_does_not_answer_it_again_but_apologises_in_the_chat(
        config, matcher, fake, kb):
    question = kb.qa[4].question
    async with bot_running(config, BrokenOn(matcher, question), fake):
        query_id = tap_data(fake, f"q|{question_key(question)}")
        await fake.callback_answer(query_id)
        [apology] = await fake.replies(ALICE.id, timeout=5, settle=0.2)
    assert "抱歉" in apology.text
    assert len(answers_to(fake, query_id)) == 1
