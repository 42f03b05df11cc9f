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
    r = bot(site, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("knowledge: OK")


def test_check_exits_1_with_one_line_per_problem(site):
    qa = site / "knowledge" / "county-mini" / "qa.yaml"
    qa.write_text(qa.read_text(encoding="utf-8").replace("answer: p1.s2", "answer: p1.s9")
                  .replace("related: [inspection]", "related: [gone]"), encoding="utf-8")
    r = bot(site, "check")
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
