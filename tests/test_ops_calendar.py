"""The China calendar's freshness: a warning (never a failure) when `holidays` lacks a year's 调休."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.ops.china_calendar import (
    calendar_warning,
    has_adjusted_workdays,
    log_calendar_warning,
    years_to_check,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"


def published_until(last_year: int):
    return lambda year: year <= last_year


def test_no_warning_while_this_year_is_known_until_december():
    known = published_until(2026)
    assert calendar_warning(dt.date(2026, 1, 1), known) is None
    assert calendar_warning(dt.date(2026, 11, 30), known) is None


def test_from_1_december_next_years_arrangement_is_expected():
    line = calendar_warning(dt.date(2026, 12, 1), published_until(2026))
    assert line is not None and "no adjusted working days (调休) for 2027" in line
    assert "from 2027-01-01" in line and "pip install -U holidays" in line and "\n" not in line
    assert calendar_warning(dt.date(2026, 12, 31), published_until(2027)) is None  # the upgrade arrived


def test_a_missing_current_year_says_reminders_are_already_affected():
    line = calendar_warning(dt.date(2027, 3, 1), published_until(2026))
    assert "for 2027:" in line and "now skip the make-up weekend workdays" in line
    both = calendar_warning(dt.date(2027, 12, 5), published_until(2026))
    assert "for 2027 and 2028" in both


def test_which_years_are_checked():
    assert years_to_check(dt.date(2026, 11, 30)) == [2026]
    assert years_to_check(dt.date(2026, 12, 1)) == [2026, 2027]


def test_the_installed_package_knows_2026s_make_up_workdays():
    # the package pinned in pyproject.toml (holidays>=0.109) has the 2026 arrangement: 2026-01-04 is a working Sunday
    assert has_adjusted_workdays(2026)
    assert calendar_warning(dt.date(2026, 6, 1)) is None


def test_start_up_logs_one_warning_line(caplog):
    logger = logging.getLogger("test.calendar")
    with caplog.at_level(logging.WARNING, logger="test.calendar"):
        line = log_calendar_warning(dt.date(2099, 12, 1), logger=logger)
    if has_adjusted_workdays(2099):  # pragma: no cover - not before 2099
        return
    assert line and [r.getMessage() for r in caplog.records] == [line]
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    caplog.clear()
    assert log_calendar_warning(dt.date(2026, 6, 1), logger=logger) is None
    assert caplog.records == []


def test_check_prints_the_warning_on_stderr_and_still_exits_0(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "knowledge")
    (tmp_path / "config.yaml").write_text("knowledge_dir: knowledge\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run([sys.executable, "-m", "bot", "--config", str(tmp_path / "config.yaml"), "check", "--lang", "en"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("knowledge: OK")
    expected = calendar_warning(dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date())
    if expected:  # e.g. on 2026-12-01 with holidays 0.109: 2027 is not published in it
        assert f"warning: {expected}" in r.stderr.splitlines()
    else:
        assert "warning" not in r.stderr

