"""End-to-end: the bot admins' commands /misses, /stats and /reload, and reloading on SIGHUP.

The real Application with the maintenance extension against the fake Bot API; admins are the user ids
in ``telegram.admin_ids``. Reload tests work on a temporary copy of knowledge/.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
import signal
import sys
from pathlib import Path

import pytest

from bot.maintenance import telegram as maintenance
from bot.maintenance.check import check_knowledge
from bot.maintenance.misses import topic_title
from bot.maintenance.store import FeedbackStore
from bot.qa.result import ANSWERED, NO_ANSWER, Result
from bot.telegram_app.app import run
from tests.botharness import TEST_TOKEN, bot_process
from tests.fake_bot_api import User
from tests.keeper_harness import ADMIN, keeper_bot, keeper_config, wait_for_rows
from tests.test_bot_private import NOT_COVERED, ask, curated_question

ROOT = Path(__file__).resolve().parents[1]
ALICE = User(5101, "Alice", "zh-hans")
BOB = User(5102, "Bob", "en")
CAROL = User(5103, "Carol", "zh-hans")
GROUP = -1005100
OUTCOMES = "SELECT status FROM qa_outcomes"
# Not covered by the shipped knowledge; the entry below makes it answerable (the sentence says so).
NEW_QUESTION = "县里哪几块最让人操心"  # not answered until an entry says so (消防安全要求高不高 now is: the speech says it)
NEW_ENTRY = f"\n- id: worries\n  question: {NEW_QUESTION}\n  answer: p3.2.s2\n"
BROKEN_YAML = "\n- id: night-duty\n  question: [值班人员晚上能回家吗\n"


@pytest.fixture
def cfg(config, tmp_path):
    return keeper_config(config, tmp_path)


@pytest.fixture
def editable(config, tmp_path):
    """The config pointing at a copy of knowledge/ that a test may break and fix."""
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    return keeper_config(config, tmp_path, knowledge=tmp_path / "knowledge")


def qa_file(cfg) -> Path:
    return cfg.knowledge_path / "county-safety-2023" / "qa.yaml"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


async def commanded(fake, text, user=ADMIN, *, count=1):
    since = len(fake.sent_to(user.id))
    fake.private_message(text, user=user)
    return await fake.replies(user.id, since=since, count=count, settle=0.1)


# ----- who may -----
@pytest.mark.parametrize("command", ["misses", "stats", "reload"])
async def test_a_user_who_is_not_an_admin_is_refused_every_admin_command(cfg, matcher, fake, command):
    async with keeper_bot(cfg, matcher, fake) as application:
        await ask(fake, ALICE, NOT_COVERED)
        await wait_for_rows(cfg.database_path, OUTCOMES, 1)
        [reply] = await commanded(fake, f"/{command}", ALICE)
        [english] = await commanded(fake, f"/{command}", BOB)
        assert application.bot_data.matcher is matcher
    assert reply.text == f"抱歉，/{command} 只供机器人管理员使用。"
    assert english.text == f"Sorry, /{command} is for the bot's administrators only."
    assert not fake.records(("method", "sendPhoto"))


async def test_admin_commands_are_not_listed_in_the_menus_everyone_sees(cfg, matcher, fake):
    async with keeper_bot(cfg, matcher, fake):
        listed = {c["command"] for lang in (None, "en") for c in fake.commands[lang]}
    assert listed and not listed & {"misses", "stats", "reload"}


# ----- /misses -----
async def test_misses_lists_a_grouped_unanswered_question_with_its_nearest_entry(cfg, matcher, kb, fake):
    wordings = ["矿山的工资怎么发", "矿山工人工资怎么发", "矿山的工资怎么发"]
    for w in wordings:
        assert matcher.ask(w).status == NO_ANSWER
    nearest = matcher.ask(wordings[0]).nearest
    curated, _ = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        for user, w in zip((ALICE, BOB, CAROL), wordings, strict=True):
            await ask(fake, user, w)
        await ask(fake, ALICE, curated)
        await wait_for_rows(cfg.database_path, OUTCOMES, 4)
        replies = await commanded(fake, "/misses")
    report = "\n".join(r.text for r in replies)
    assert "1. ×3  矿山的工资怎么发" in report
    assert "其他问法：矿山工人工资怎么发" in report
    assert f"最接近的条目：{nearest.id} «{nearest.question}»" in report
    assert curated not in report  # answered questions are not misses


async def test_misses_with_nothing_recorded_says_so(cfg, matcher, fake):
    async with keeper_bot(cfg, matcher, fake):
        [reply] = await commanded(fake, "/misses")
    assert reply.text.startswith("还没有记录")


async def test_a_long_misses_report_is_split_over_several_messages_and_shows_every_group(cfg, matcher, fake):
    store = FeedbackStore(cfg.database_path)
    topics = ["医保报销", "社保缴费", "公积金提取", "驾照年审", "户口迁移", "结婚登记", "护照办理", "低保申请",
              "养老金领取", "学位申请", "车辆过户", "房产登记", "营业执照", "税务登记", "工伤认定"]
    for topic in topics:  # fifteen different questions of about 300 characters: over 4,096 in all
        store.record_outcome(Result(topic * 70, NO_ANSWER), "private")
    async with keeper_bot(cfg, matcher, fake):
        replies = await commanded(fake, "/misses", count=2)
    assert len(replies) >= 2 and all(len(r.text) <= 4096 for r in replies)
    report = "\n".join(r.text for r in replies)
    assert "共 15 个未回答、不确定或被点 👎 的问题，分成 15 组" in report
    numbered = re.findall(r"^(\d+)\. ×1  (\S+)", report, re.MULTILINE)
    assert [int(n) for n, _ in numbered] == list(range(1, 16))
    assert [t for t in topics if any(q.startswith(t * 3) for _, q in numbered)] == topics


async def test_misses_in_a_group_asks_the_admin_for_a_private_chat(cfg, matcher, fake):
    async with keeper_bot(cfg, matcher, fake):
        await ask(fake, ALICE, NOT_COVERED)
        await wait_for_rows(cfg.database_path, OUTCOMES, 1)
        since = len(fake.sent_to(GROUP))
        fake.group_message("/misses", user=ADMIN, chat_id=GROUP)
        [reply] = await fake.replies(GROUP, since=since, settle=0.1)
    assert "私聊" in reply.text and NOT_COVERED not in reply.text


# ----- /stats -----
async def test_stats_sends_a_chart_as_a_photo_and_the_figures_and_top_topics_under_it(cfg, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    async with keeper_bot(cfg, matcher, fake):
        [answer] = await ask(fake, ALICE, curated)
        await ask(fake, BOB, curated)
        await ask(fake, CAROL, NOT_COVERED)
        await fake.callback_answer(fake.tap(answer, "👎", user=ALICE))
        await wait_for_rows(cfg.database_path, OUTCOMES, 3)
        photo, figures = await commanded(fake, "/stats", count=2)
    assert photo.method == "sendPhoto" and figures.method == "sendMessage"
    upload = photo.params["photo"]
    assert upload["data"].startswith(b"\x89PNG\r\n\x1a\n") and upload["size"] > 5_000
    today = dt.datetime.now(dt.timezone.utc).astimezone(cfg.tz)
    assert "近14天共 3 个问题,已回答 2 个(67%)" in figures.text
    assert f"{today:%m-%d}  提问   3  已回答   2  (67%)" in figures.text
    assert "反馈:👍 0  👎 1" in figures.text
    assert f"1. {topic_title(kb, result.best.passage_id)} ×2" in figures.text


async def test_stats_without_the_charts_extra_sends_the_figures_as_text_only(cfg, matcher, kb, fake, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what `import matplotlib` meets on a lean install
    async with keeper_bot(cfg, matcher, fake):
        await ask(fake, CAROL, NOT_COVERED)
        await wait_for_rows(cfg.database_path, OUTCOMES, 1)
        [figures] = await commanded(fake, "/stats")
    assert figures.method == "sendMessage" and "近14天共 1 个问题" in figures.text


async def test_stats_for_a_given_number_of_days_and_a_wrong_argument_explains_the_usage(cfg, matcher, fake):
    async with keeper_bot(cfg, matcher, fake):
        photo, figures = await commanded(fake, "/stats 30", count=2)
        [usage] = await commanded(fake, "/stats last week")
    assert photo.method == "sendPhoto" and figures.text.startswith("近30天共 0 个问题")
    assert "/stats 7" in usage.text


# ----- /reload -----
async def test_reload_of_a_broken_knowledge_folder_replies_with_the_problems_and_the_old_knowledge_answers(
        editable, matcher, kb, fake):
    curated, result = curated_question(kb, matcher)
    append(qa_file(editable), BROKEN_YAML)
    problems, _ = check_knowledge(editable.knowledge_path, editable.matcher)
    assert problems
    async with keeper_bot(editable, matcher, fake) as application:
        replies = await commanded(fake, "/reload")
        [answer] = await ask(fake, ALICE, curated)
        assert application.bot_data.matcher is matcher
    text = "\n".join(r.text for r in replies)
    assert text.startswith(f"知识库有 {len(problems)} 处问题，没有重新读取，仍在使用原来的知识")
    for p in problems:  # in the admin's language: a Chinese admin reads Chinese problems
        assert f"• {p.render('zh')}" in text
    assert "不是有效的 YAML（第" in text and "not valid YAML" not in text
    assert "qa.yaml" in text
    assert result.best.text in answer.text


async def test_reload_after_fixing_the_folder_makes_a_new_entry_answerable(editable, matcher, kb, fake):
    assert matcher.ask(NEW_QUESTION).status != ANSWERED
    original = qa_file(editable).read_text(encoding="utf-8")
    async with keeper_bot(editable, matcher, fake) as application:
        [before] = await ask(fake, ALICE, NEW_QUESTION)
        append(qa_file(editable), BROKEN_YAML)
        [refused] = await commanded(fake, "/reload")
        qa_file(editable).write_text(original + NEW_ENTRY, encoding="utf-8")
        [reloaded] = await commanded(fake, "/reload")
        [after] = await ask(fake, ALICE, NEW_QUESTION)
        fresh = application.bot_data.matcher
    assert "没有重新读取" in refused.text
    assert reloaded.text == (f"知识库已重新读取：1 篇讲话、{len(kb.passages)} 段、{len(kb.qa) + 1} 个问答条目、"
                             f"{len(kb.facts)} 条讲话信息。")
    expected = fresh.ask(NEW_QUESTION)
    assert expected.status == ANSWERED and expected.best.sentence_ids == ("county-safety-2023/p3.2.s2",)
    assert expected.best.text in after.text and expected.best.text not in before.text


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
async def test_sighup_reloads_the_knowledge_and_logs_it(editable, matcher, fake, caplog):
    caplog.set_level(logging.INFO, logger="bot.maintenance.telegram")
    async with keeper_bot(editable, matcher, fake) as application:
        append(qa_file(editable), NEW_ENTRY)
        # Without the bot's handler the signal would end the test run: make sure there is one.
        assert signal.getsignal(signal.SIGHUP) not in (signal.SIG_DFL, signal.SIG_IGN, None)
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):
            if application.bot_data.matcher is not matcher:
                break
            await asyncio.sleep(0.05)
        [after] = await ask(fake, ALICE, NEW_QUESTION)
        fresh = application.bot_data.matcher
    assert fresh is not matcher
    assert fresh.ask(NEW_QUESTION).best.text in after.text
    assert "SIGHUP: Knowledge reloaded" in caplog.text


async def test_sighup_with_a_broken_folder_logs_the_problems_and_the_old_knowledge_keeps_serving(
        editable, matcher, kb, fake, caplog):
    curated, result = curated_question(kb, matcher)
    append(qa_file(editable), BROKEN_YAML)
    problems, _ = check_knowledge(editable.knowledge_path, editable.matcher)
    async with keeper_bot(editable, matcher, fake) as application:
        await application.bot_data.feature(maintenance.KeepersFeature).reload_on_signal(application)  # what SIGHUP runs
        [answer] = await ask(fake, ALICE, curated)
        assert application.bot_data.matcher is matcher
    assert "SIGHUP: reload refused, the old knowledge keeps serving" in caplog.text
    assert all(p in caplog.text for p in problems)
    assert result.best.text in answer.text


# ----- python -m bot run: the extension is wired into the real process -----
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
async def test_python_m_bot_run_stores_outcomes_answers_admins_and_reloads_on_sighup(fake, matcher, tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    cfg_text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    cfg_text = cfg_text.replace("admin_ids: []", f"admin_ids: [{ADMIN.id}]")
    (tmp_path / "config.yaml").write_text(cfg_text, encoding="utf-8")  # knowledge/ and var/ next to it
    shutil.copytree(ROOT / "knowledge", tmp_path / "fixed" / "knowledge")  # what the folder will become
    append(tmp_path / "fixed" / "knowledge" / "county-safety-2023" / "qa.yaml", NEW_ENTRY)
    problems, fresh = check_knowledge(tmp_path / "fixed" / "knowledge")
    assert problems == [] and fresh.ask(NEW_QUESTION).status == ANSWERED
    async with bot_process(fake, tmp_path / "config.yaml") as bot:
        fake.private_message(NOT_COVERED, user=ALICE)
        [not_covered] = await fake.replies(ALICE.id, timeout=60)  # start-up is done: SIGHUP is handled now
        await wait_for_rows(tmp_path / "var" / "bot.sqlite3", OUTCOMES, 1)
        [misses] = await commanded(fake, "/misses")
        append(tmp_path / "knowledge" / "county-safety-2023" / "qa.yaml", NEW_ENTRY)
        bot.proc.send_signal(signal.SIGHUP)
        expected = fresh.ask(NEW_QUESTION).best.text
        for _ in range(40):
            [after] = await ask(fake, BOB, NEW_QUESTION)
            if expected in after.text:
                break
            await asyncio.sleep(0.25)
    logs = bot.logs
    assert bot.proc.returncode == 0, logs[-2000:]
    assert "没有谈到" in not_covered.text and NOT_COVERED in misses.text
    assert expected in after.text
    assert "SIGHUP: Knowledge reloaded" in logs
    stored = FeedbackStore(tmp_path / "var" / "bot.sqlite3").misses()
    assert [m.question for m in stored][0] == NOT_COVERED


def test_run_with_a_database_that_cannot_be_opened_stops_with_exit_code_2_naming_the_setting(
        config, tmp_path, monkeypatch, capsys):
    (tmp_path / "var").write_text("a file where the database folder should be", encoding="utf-8")
    monkeypatch.setenv(config.telegram.token_env, TEST_TOKEN)
    cfg = keeper_config(config, tmp_path)
    local = dataclasses.replace(cfg.telegram, api_base_url="http://127.0.0.1:9/bot")  # never the real API
    assert run(dataclasses.replace(cfg, telegram=local)) == 2
    assert "storage.database" in capsys.readouterr().err
