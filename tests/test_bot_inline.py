"""End-to-end: inline mode (``@bot 关键词`` in any chat)."""

from __future__ import annotations

from bot.telegram_app.messages import PATH_SEP
from tests.fake_bot_api import User

ALICE = User(4001, "Alice", "zh-hans")


async def test_an_empty_inline_query_offers_the_four_points(bot, fake, kb):
    results = await fake.inline_answer(fake.inline_query("", user=ALICE))
    points = [p for d in kb.documents for p in d.points]
    assert len(results) == len(points) == 4
    for result, point in zip(results, points, strict=True):
        assert result["title"].startswith(point.label)
        assert point.heading in result["_visible"]


async def test_an_inline_query_offers_up_to_ten_quotes_titled_with_their_source_path(bot, fake, kb):
    word = "安全"
    results = await fake.inline_answer(fake.inline_query(word, user=ALICE))
    assert len(results) == 10  # the word is in far more than ten sentences
    paths = {PATH_SEP.join(p.path) for p in kb.passages.values()}
    sentences = [s.text for s in kb.sentences.values()]
    for r in results:
        assert any(p.startswith(r["title"].rstrip("…")) for p in paths)  # long paths are shortened
        assert r["description"]
        posted = r["_visible"]  # what choosing the result posts in the chat
        assert "出处：" in posted
        quote = posted.split("\n出处：")[0]
        assert any(s in quote for s in sentences)
    assert len({r["id"] for r in results}) == len(results)


async def test_choosing_an_inline_answer_posts_the_quote_with_its_source(bot, fake, kb, matcher):
    question = kb.qa[4].question
    best = matcher.ask(question).best
    results = await fake.inline_answer(fake.inline_query(question, user=ALICE))
    posted = results[0]["_visible"]
    assert best.text in posted
    assert "出处：" + PATH_SEP.join(best.source) in posted


async def test_an_inline_query_about_something_the_speech_does_not_cover_offers_nothing(bot, fake):
    results = await fake.inline_answer(fake.inline_query("量子计算机", user=ALICE))
    assert results == []
