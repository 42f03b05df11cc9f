"""`python -m bot check` and `python -m bot misses` as a maintainer runs them: exit codes and output."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import locale_language

FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "knowledge")
    (tmp_path / "config.yaml").write_text("knowledge_dir: knowledge\nstorage:\n  database: var/bot.sqlite3\n",
                                          encoding="utf-8")
    return tmp_path


def bot(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(site / "config.yaml"), *args],
                          cwd=site, capture_output=True, text=True, timeout=60, env=env)


def test_check_exits_0_and_says_ok_on_a_clean_folder(site):
    r = bot(site, "check", "--lang", "en")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("knowledge: OK")


def test_check_exits_1_with_one_line_per_problem(site):
    qa = site / "knowledge" / "county-mini" / "qa.yaml"
    qa.write_text(qa.read_text(encoding="utf-8").replace("answer: p1.s2", "answer: p1.s9")
                  .replace("related: [inspection]", "related: [gone]"), encoding="utf-8")
    r = bot(site, "check", "--lang", "en")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "knowledge/county-mini/qa.yaml: entry vigilance: answer 'p1.s9' is not a sentence or passage id of county-mini",
        "knowledge/county-mini/qa.yaml: entry penalties: related 'gone' does not exist",
    ]
    assert "2 problem(s)" in r.stderr


def test_check_exits_2_when_the_config_is_missing(site):
    (site / "config.yaml").unlink()
    r = bot(site, "check")
    assert r.returncode == 2
    assert "config.yaml: file not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_misses_on_a_missing_database_says_nothing_recorded_and_creates_nothing(site):
    r = bot(site, "misses", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "nothing recorded yet" in r.stdout
    assert not (site / "var").exists()


def test_misses_json_on_an_empty_database_has_no_groups(site):
    from bot.maintenance.store import FeedbackStore

    FeedbackStore(site / "var" / "bot.sqlite3")  # tables exist, no rows
    r = bot(site, "misses", "--json")
    assert r.returncode == 0, r.stderr
    import json

    assert json.loads(r.stdout)["groups"] == []


def test_misses_lists_stored_questions_with_the_nearest_entry(site):
    import datetime as dt
    import json

    from bot.maintenance.store import FeedbackStore
    from bot.qa.result import Result

    store = FeedbackStore(site / "var" / "bot.sqlite3")
    now = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc)
    for q in ("值班人员晚上能回家吗", "值班人员晚上能不能回家", "医保怎么报销"):
        store.record_outcome(Result(q, "no_answer"), "group", now)
    r = bot(site, "misses", "--json")
    assert r.returncode == 0, r.stderr
    groups = json.loads(r.stdout)["groups"]
    assert [g["count"] for g in groups] == [2, 1]
    assert groups[0]["nearest"]["id"] == "county-mini/duty"
    text = bot(site, "misses").stdout
    assert "×2" in text and "county-mini/duty «应急值守有什么要求»" in text
    assert ("共 3 个未回答" in text) == (locale_language() == "zh")  # the locale's language by default
    assert bot(site, "misses", "--lang", "zh").stdout.startswith("共 3 个未回答")
    with sqlite3.connect(site / "var" / "bot.sqlite3") as con:  # misses only reads
        assert con.execute("SELECT COUNT(*) FROM qa_outcomes").fetchone()[0] == 3


def test_ask_does_not_import_matplotlib(site):
    code = ("import sys; from bot.cli import main; main(['--config', 'config.yaml', 'ask', '值班有什么要求']);"
            "print('MPL', 'matplotlib' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert "MPL False" in r.stdout


def test_check_speaks_chinese_when_asked_and_english_exactly_as_before(site):
    doc = site / "knowledge" / "county-mini"
    qa = doc / "qa.yaml"
    qa.write_text(qa.read_text(encoding="utf-8").replace("answer: p1.s2", "answer: p1.s9")
                  .replace("related: [inspection]", "related: [gone]")
                  + "- id: vigilance\n  question: 重复的条目\n  answer: p1.s1\n- question: 没有 id\n",
                  encoding="utf-8")
    (doc / "corrections.yaml").write_text("- id: c1\n  from: 不存在的字\n  to: 字\n  why: 笔误\n- id: c2\n  from: x\n",
                                          encoding="utf-8")
    (site / "knowledge" / "synonyms.yaml").write_text("[broken\n", encoding="utf-8")
    (site / "knowledge" / "userdict.txt").write_text("词 多\n", encoding="utf-8")
    (site / "knowledge" / "reminders.yaml").write_text("reminders: [\n", encoding="utf-8")
    en = bot(site, "check", "--lang", "en")
    zh = bot(site, "check", "--lang", "zh")
    assert en.returncode == zh.returncode == 1
    assert en.stdout.splitlines() == [str(line) for line in check_lines(site)]
    assert len(zh.stdout.splitlines()) == len(en.stdout.splitlines())
    zh_text = zh.stdout
    for expected in (
        "qa.yaml：条目 vigilance：answer「p1.s9」不是 county-mini 的句子或段落 id",
        "qa.yaml：条目 penalties：related 中的「gone」不存在",
        "qa.yaml：条目 vigilance：条目的 id 重复",
        "qa.yaml：条目 ",  # the entry without an id, by its position
        "需要「id」和「question」",
        "corrections.yaml：更正 c1：「不存在的字」在原文中出现 0 次，应为 1 次",
        "corrections.yaml：更正 c2：缺少「to」或为空",
        "synonyms.yaml：不是有效的 YAML（第",
        "userdict.txt：第 1 行：词频应为整数",
        "reminders.yaml：不是有效的 YAML（第",
    ):
        assert expected in zh_text, expected
    assert "not valid YAML" not in zh_text and "does not exist" not in zh_text
    assert "处问题" in zh.stderr and "problem(s)" in en.stderr


def test_check_ok_in_chinese(site):
    r = bot(site, "check", "--lang", "zh")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("knowledge：没有问题")


def check_lines(site: Path) -> list[str]:
    from bot.maintenance.check import check_knowledge

    lines, _ = check_knowledge(site / "knowledge")
    return [line.replace(str(site) + "/", "") for line in lines]
