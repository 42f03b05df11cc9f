"""End-to-end: a user in a private chat with the bot (the real Application against the fake Bot API).

Expected texts are never written here: they come from the matcher and the knowledge base, so these
tests check what the bot shows, not what the speech says.
"""

from __future__ import annotations

import pytest

from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER
from bot.telegram_app.messages import PATH_SEP
from tests.fake_bot_api import User

ALICE = User(1001, "Alice", "zh-hans")
BOB = User(1002, "Bob", "en")
CAROL = User(1003, "Carol", None)

NOT_COVERED = "今天晚饭吃什么"


def curated_question(kb, matcher):
    """A curated question the matcher answers with a quote that has related questions nearby."""
    for entry in kb.qa:
        result = matcher.ask(entry.question)
        if result.status == ANSWERED and result.best.kind == "quote" and result.best.passage_id:
            return entry.question, result
    raise AssertionError("no curated question is answered with a quote")


def clarifying_question(kb, matcher):
    """A question (short, ambiguous) for which the matcher asks "did you mean"."""
    candidates = ["一要讲了什么", "二要讲了什么", "落实安", "事故信"]
    candidates += [q[:k] for e in kb.qa for q in (e.question, *e.alternates) for k in (2, 3, 4)]
    for q in candidates:
        result = matcher.ask(q)
        if result.status == CLARIFY and len(result.suggestions) >= 2:
            return q, result
    raise AssertionError("no candidate question gets a 'did you mean' answer")


async def ask(fake, user, text, *, settle=0.05):
    since = len(fake.sent_to(user.id))
    fake.private_message(text, user=user)
    return await fake.replies(user.id, since=since, settle=settle)


async def tap(fake, message, label, user, *, settle=0.05):
    since = len(fake.sent_to(user.id))
    query_id = fake.tap(message, label, user=user)
    await fake.callback_answer(query_id)
    return await fake.replies(user.id, since=since, settle=settle)


async def test_a_question_in_private_chat_gets_the_quote_its_source_path_and_a_context_button(bot, fake, kb, matcher):
    question, result = curated_question(kb, matcher)
    [reply] = await ask(fake, ALICE, question)
    assert result.best.text in reply.text
    assert "出处：" + PATH_SEP.join(result.best.source) in reply.text
    assert reply.labels[0] == "查看上下文"


async def test_tapping_show_context_sends_the_whole_sub_point_the_quote_stands_in(bot, fake, kb, matcher):
    question, result = curated_question(kb, matcher)
    [reply] = await ask(fake, ALICE, question)
    context = await tap(fake, reply, "查看上下文", ALICE)
    shown = "".join(m.text for m in context)
    path, passage_ids = kb.context_of(result.best.passage_id)
    assert PATH_SEP.join(path) in shown
    for pid in passage_ids:
        assert kb.passage_text(pid) in shown


async def test_an_answer_offers_at_most_two_related_questions_and_tapping_one_answers_it(bot, fake, kb, matcher):
    question, _ = curated_question(kb, matcher)
    [reply] = await ask(fake, ALICE, question)
    related = reply.labels[1:]
    assert 1 <= len(related) <= 2
    assert question not in related
    [answer] = await tap(fake, reply, related[0], ALICE)
    expected = matcher.ask(related[0])
    assert expected.status == ANSWERED
    assert expected.best.text in answer.text


async def test_a_vague_question_gets_did_you_mean_with_up_to_three_buttons_that_answer_when_tapped(
        bot, fake, kb, matcher):
    question, result = clarifying_question(kb, matcher)
    [reply] = await ask(fake, ALICE, question)
    assert "您是不是想问" in reply.text
    assert 2 <= len(reply.labels) <= 3
    assert reply.labels == [s.question for s in result.suggestions][:3]
    [answer] = await tap(fake, reply, reply.labels[1], ALICE)
    expected = matcher.ask(reply.labels[1])
    assert expected.status == ANSWERED
    assert expected.best.text in answer.text


async def test_a_question_the_speech_does_not_cover_gets_an_honest_reply_with_topic_buttons(
        bot, fake, kb, matcher):
    assert matcher.ask(NOT_COVERED).status == NO_ANSWER
    [reply] = await ask(fake, ALICE, NOT_COVERED)
    assert "没有谈到" in reply.text and NOT_COVERED in reply.text
    topics = [s.question for s in matcher.topics()]
    assert reply.labels == topics
    assert len(topics) == sum(len(d.points) for d in kb.documents)
    [answer] = await tap(fake, reply, topics[2], ALICE)
    assert matcher.ask(topics[2]).best.text.splitlines()[0][:20] in answer.text


async def test_html_in_a_question_is_shown_literally_not_interpreted(bot, fake):
    question = "<b>x</b> & <script>alert(1)</script>"
    [reply] = await ask(fake, ALICE, question)  # the fake server rejects unparsable HTML, like Telegram
    assert question in reply.text
    assert "x" not in reply.bold


async def test_a_chinese_question_from_an_english_client_gets_a_chinese_interface(bot, fake, kb, matcher):
    question, result = curated_question(kb, matcher)
    [reply] = await ask(fake, BOB, question)
    assert result.best.text in reply.text
    assert "出处：" + PATH_SEP.join(result.best.source) in reply.text
    assert reply.labels[0] == "查看上下文"


async def test_a_message_without_words_follows_the_client_language(bot, fake):
    [help_en] = await ask(fake, BOB, "/help")
    [help_zh] = await ask(fake, ALICE, "/help")
    assert "How to use" in help_en.text and "怎么用" in help_zh.text


async def test_an_english_question_gets_english_texts_even_from_a_chinese_client(bot, fake, matcher):
    question = "What is the weather like on Mars tomorrow?"
    result = matcher.ask(question)
    assert result.language == "en"
    [reply] = await ask(fake, CAROL, question)
    marker = {ANSWERED: "Source: ", CLARIFY: "did you mean", NO_ANSWER: "Sorry, the speech does not cover"}
    assert marker[result.status] in reply.text
    assert "没有谈到" not in reply.text and "出处" not in reply.text


async def test_a_client_without_a_language_gets_chinese(bot, fake):
    [reply] = await ask(fake, CAROL, NOT_COVERED)
    assert "没有谈到" in reply.text


@pytest.mark.parametrize("user", [ALICE, BOB])
async def test_every_button_the_bot_sends_has_callback_data_within_64_bytes(bot, fake, kb, matcher, user):
    # The fake server refuses longer callback data with 400, so a reply arriving at all proves it.
    question, _ = curated_question(kb, matcher)
    for text in (question, NOT_COVERED, "/start", "/topics", "/source", "/search 安全"):
        replies = await ask(fake, user, text)
        assert replies[-1].buttons, f"{text!r} got no keyboard: {replies[-1].text[:60]}"
        for m in replies:
            for _label, data in (b for row in m.buttons for b in row):
                assert len(data.encode()) <= 64


async def test_an_edited_message_is_not_answered_again(bot, fake, kb, matcher):
    question, _ = curated_question(kb, matcher)
    [first] = await ask(fake, ALICE, question)
    since = len(fake.sent_to(ALICE.id))
    fake.inject({"edited_message": {"message_id": 5, "date": 0, "edit_date": 1,
                                    "chat": {"id": ALICE.id, "type": "private", "first_name": "Alice"},
                                    "from": ALICE.to_dict(), "text": question}})
    assert await fake.quiet(ALICE.id, since=since) == []
