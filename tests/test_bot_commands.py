"""End-to-end: the bot's commands (/start /help /topics /ask /search /source) and its command menus."""

from __future__ import annotations

from bot.qa.result import ANSWERED
from bot.telegram_app.messages import PATH_SEP
from bot.telegram_app.views import SEARCH_PAGE_SIZE
from tests.fake_bot_api import User
from tests.test_bot_private import ask, tap

ALICE = User(2001, "Alice", "zh-hans")
BOB = User(2002, "Bob", "en-US")
COMMANDS = {"start", "help", "ask", "topics", "search", "source"}


async def test_commands_are_registered_at_start_up_in_chinese_and_for_english_clients(bot, fake):
    zh, en = fake.commands[None], fake.commands["en"]
    assert {c["command"] for c in zh} == COMMANDS == {c["command"] for c in en}
    describe = {c["command"]: c["description"] for c in zh}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in describe["search"])
    assert all(c["description"].isascii() for c in en)


async def test_start_says_what_the_bot_does_and_offers_example_questions_that_answer_when_tapped(
        bot, fake, kb, matcher):
    [reply] = await ask(fake, ALICE, "/start")
    assert kb.documents[0].title in reply.text
    assert 1 <= len(reply.labels) <= 4
    assert set(reply.labels) <= {q.question for q in kb.qa}
    [answer] = await tap(fake, reply, reply.labels[0], ALICE)
    result = matcher.ask(reply.labels[0])
    assert result.status == ANSWERED and result.best.text in answer.text


async def test_start_and_help_are_in_english_for_an_english_client(bot, fake):
    [start] = await ask(fake, BOB, "/start")
    [help_] = await ask(fake, BOB, "/help")
    assert "Hello" in start.text and "How to use" in help_.text


async def test_help_explains_every_command_and_inline_mode(bot, fake):
    [reply] = await ask(fake, ALICE, "/help")
    for command in COMMANDS - {"start", "help"}:
        assert f"/{command}" in reply.text
    assert "@" + fake.username in reply.text


async def test_ask_answers_the_question_written_after_it(bot, fake, kb, matcher):
    question = kb.qa[3].question
    [reply] = await ask(fake, ALICE, f"/ask {question}")
    assert matcher.ask(question).best.text in reply.text


async def test_ask_without_a_question_explains_how_to_use_it(bot, fake):
    [reply] = await ask(fake, ALICE, "/ask")
    assert "/ask" in reply.text and "问题" in reply.text


async def test_topics_walks_the_outline_point_then_sub_point_then_passage(bot, fake, kb):
    doc = kb.documents[0]
    [outline] = await ask(fake, ALICE, "/topics")
    for point in doc.points:
        assert any(label.startswith(point.label) for label in outline.labels)
    point = next(p for p in doc.points if any(len(sp.passage_ids) > 1 for sp in p.subpoints))
    sub = next(sp for sp in point.subpoints if len(sp.passage_ids) > 1)

    [level2] = await tap(fake, outline, point.label, ALICE)
    assert level2.method == "editMessageText" and level2.message_id == outline.message_id
    assert any(label.startswith(sub.label) for label in level2.labels)

    [level3] = await tap(fake, level2, sub.label, ALICE)
    marked = [kb.passages[pid] for pid in sub.passage_ids if kb.passages[pid].title]
    assert [p.title for p in marked] == [lbl for lbl in level3.labels if lbl in {p.title for p in marked}]

    [passage] = await tap(fake, level3, marked[-1].title, ALICE)
    assert passage.method == "sendMessage"
    assert kb.passage_text(marked[-1].id) in passage.text
    assert PATH_SEP.join(marked[-1].path) in passage.text

    [back] = await tap(fake, level3, "返回", ALICE)
    assert back.labels == level2.labels


async def test_search_lists_every_passage_containing_the_word_in_bold_page_by_page(bot, fake, kb):
    word = "安全"
    expected = [gid for gid, p in kb.passages.items() if word in kb.passage_text(gid)]
    assert len(expected) > SEARCH_PAGE_SIZE  # so that there are several pages
    [page] = await ask(fake, ALICE, f"/search {word}")
    shown = []
    while True:
        assert page.bold and set(page.bold) == {word}
        shown += [gid for gid in expected if kb.passage_text(gid) in page.text]
        if not any("下一页" in label for label in page.labels):
            break
        [page] = await tap(fake, page, "下一页", ALICE)
        assert page.method == "editMessageText"
    assert str(len(expected)) in page.text
    assert shown == expected


async def test_search_for_a_word_the_speech_does_not_contain_says_so(bot, fake):
    [reply] = await ask(fake, ALICE, "/search 量子计算")
    assert "没有出现「量子计算」" in reply.text and not reply.buttons


async def test_search_without_a_word_explains_how_to_use_it(bot, fake):
    [reply] = await ask(fake, ALICE, "/search")
    assert "/search" in reply.text


async def test_source_tells_how_many_conversion_errors_were_repaired_and_shows_a_passage_as_the_source_has_it(
        bot, fake, kb):
    doc = kb.documents[0]
    repaired = sum(doc.speech.applied.values())
    [info] = await ask(fake, ALICE, "/source")
    assert doc.title in info.text
    assert f"{repaired} 处" in info.text
    assert str(doc.meta["source"]["site"]) in info.text
    # a passage whose source text differs from the repaired text, reachable in one or two taps
    point = next(p for p in doc.points if not p.subpoints and len(p.passage_ids) == 1
                 and kb.passage_text(p.passage_ids[0], original=True) != kb.passage_text(p.passage_ids[0]))
    gid = point.passage_ids[0]
    [outline] = await tap(fake, info, "原文", ALICE)
    [original] = await tap(fake, outline, point.label, ALICE)
    assert kb.passage_text(gid, original=True) in original.text
    assert kb.passage_text(gid) not in original.text
    [corrected] = await tap(fake, original, "更正后", ALICE)
    assert kb.passage_text(gid) in corrected.text


async def test_an_unknown_command_in_private_points_to_help(bot, fake):
    [reply] = await ask(fake, ALICE, "/frobnicate")
    assert "/help" in reply.text


async def test_a_message_without_text_in_private_is_told_to_ask_in_text(bot, fake):
    fake.private_non_text(user=ALICE, location={"latitude": 26.6, "longitude": 106.7})
    [reply] = await fake.replies(ALICE.id)
    assert "文字" in reply.text


async def test_with_two_speeches_topics_first_asks_which_speech_and_back_returns_to_it(config, fake, tmp_path):
    import shutil
    from pathlib import Path

    from bot.qa.knowledge import load_knowledge
    from bot.qa.matcher import Matcher
    from tests.botharness import bot_running

    root = tmp_path / "knowledge"
    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", root)
    first = next(p for p in root.iterdir() if (p / "source.txt").exists())
    shutil.copytree(first, root / "zz-second-speech")
    meta = root / "zz-second-speech" / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: 第二篇 ", 1), encoding="utf-8")
    kb = load_knowledge(root)
    async with bot_running(config, Matcher(kb, config.matcher), fake):
        [docs] = await ask(fake, ALICE, "/topics")
        assert len(docs.buttons) == 2
        assert kb.documents[1].title.startswith("第二篇")
        [points] = await tap(fake, docs, "第二篇", ALICE)
        assert kb.documents[1].title in points.text
        point = next(p for p in kb.documents[1].points if p.subpoints)
        [section] = await tap(fake, points, point.label, ALICE)
        assert any(point.subpoints[0].heading in label for label in section.labels)
        [back] = await tap(fake, section, "返回", ALICE)
        assert back.labels == points.labels
        [top] = await tap(fake, back, "返回", ALICE)
        assert top.labels == docs.labels


async def test_whoami_tells_anyone_their_user_id_and_the_chat_id(bot, fake):
    from tests.fake_bot_api import User

    dora = User(8311, "Dora", "en")
    fake.private_message("/whoami", user=dora)
    [reply] = await fake.replies(dora.id)
    assert "8311" in reply.text and "telegram.admin_ids" in reply.text
