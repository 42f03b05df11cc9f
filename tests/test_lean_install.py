"""A production install carries no test tools and no chart library; /stats then sends text; the chart
(when installed) is Chinese with a CJK font, and weekly past 60 days."""

from __future__ import annotations

import ast
import datetime as dt
import os
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from bot.maintenance import chart
from bot.maintenance.misses import build_stats, stats_text
from bot.maintenance.store import DayStat, FeedbackStore
from bot.qa.result import Result

try:
    import tomllib
except ImportError:  # Python 3.10: pip's vendored copy of the same parser
    from pip._vendor import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
TEST_TOOLS = {"pytest", "pytest-asyncio", "pytest-timeout", "hypothesis", "ruff", "aiohttp", "psutil"}
NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


# ----- what gets installed -----
def test_runtime_dependencies_hold_no_test_tools_and_no_matplotlib():
    runtime = names(PYPROJECT["project"]["dependencies"])
    assert not runtime & TEST_TOOLS
    assert "matplotlib" not in runtime
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert names(extras["charts"]) == {"matplotlib"}
    assert "matplotlib" in names(extras["test"])  # the chart is still tested
    assert TEST_TOOLS <= names(extras["test"])


def _make_dry_run(target: str, venv: Path) -> list[str]:
    r = subprocess.run(["make", "-n", "-C", str(REPO), target, f"VENV={venv}"], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode == 0, r.stderr
    return [line for line in r.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]


def test_make_run_installs_the_runtime_dependencies_only(tmp_path):
    [install] = _make_dry_run("run", tmp_path / "venv")
    assert install.endswith("pip install --quiet -e .")
    assert _make_dry_run("install", tmp_path / "venv") == [install]
    [tests] = _make_dry_run("test", tmp_path / "venv")
    assert tests.endswith('pip install --quiet -e ".[test]"')


def test_switching_between_run_and_test_installs_nothing_again(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    for stamp in (".stamp-run", ".stamp-test"):
        (venv / stamp).write_text("")
        os.utime(venv / stamp, (2e9, 2e9))  # newer than pyproject.toml
    assert _make_dry_run("run", venv) == [] and _make_dry_run("test", venv) == []


def _third_party_imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(top-level module, imported at module level?) for every import of a module file."""
    found = []
    top_level = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name.split(".")[0], id(node) in top_level) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], id(node) in top_level))
    return found


def test_the_bot_imports_only_declared_runtime_packages_and_matplotlib_lazily():
    provided_by = {  # import name -> distribution in pyproject's dependencies
        "telegram": "python-telegram-bot", "rapidfuzz": "rapidfuzz", "jieba": "jieba", "opencc": "opencc",
        "pypinyin": "pypinyin", "holidays": "holidays", "yaml": "pyyaml",
    }
    runtime = names(PYPROJECT["project"]["dependencies"])
    stdlib = set(sys.stdlib_module_names) | {"bot"}
    for path in (REPO / "bot").rglob("*.py"):
        for module, at_top in _third_party_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module in stdlib:
                continue
            if module == "matplotlib":
                assert not at_top, f"{path}: matplotlib must be imported inside the chart functions"
                assert path.name == "chart.py", path
                continue
            if module in ("docx", "pypdf"):  # the `import` extra: read inside the readers that need it
                assert not at_top, f"{path}: {module} must be imported inside its reader"
                assert path.name == "readers.py", path
                assert module.replace("docx", "python-docx") in names(PYPROJECT["project"]["optional-dependencies"]["import"])
                continue
            assert provided_by.get(module) in runtime, f"{path}: imports {module}, not a runtime dependency"


def test_starting_the_bot_and_answering_never_imports_matplotlib():
    code = ("import sys, bot.cli, bot.maintenance.misses, bot.maintenance.chart, bot.maintenance.telegram, "
            "bot.telegram_app.app, bot.reminders.telegram, bot.qa.matcher; print('matplotlib' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    assert r.stdout.strip() == "False", r.stderr


# ----- /stats without matplotlib -----
def test_without_matplotlib_stats_are_text_with_the_same_figures(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what `import matplotlib` meets without the extra
    assert not chart.charts_available()
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    store.record_outcome(Result("今天天气怎么样", "no_answer"), "private", NOW)
    store.record_outcome(Result("医保怎么报销", "no_answer"), "group", NOW - dt.timedelta(days=1))
    report = build_stats(store, NOW, dt.timezone(dt.timedelta(hours=8)), days=7)
    assert report.png is None
    assert report.text.splitlines()[0] == "近7天共 2 个问题,已回答 0 个(0%)。"
    assert "12-01  提问   1  已回答   0  (0%)" in report.text


# ----- the chart -----
def days_of(n: int, seed: int = 7) -> list[DayStat]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        asked = rnd.randint(0, 40)
        out.append(DayStat(dt.date(2026, 6, 1) + dt.timedelta(days=i), asked, rnd.randint(0, asked)))
    return out


def test_up_to_60_days_one_bar_a_day_then_one_a_week():
    assert [b.days for b in chart.bars(days_of(60))] == [1] * 60
    weeks = chart.bars(days_of(180))  # 2026-06-01 is a Monday
    assert len(weeks) == 26 and all(b.start.weekday() == 0 for b in weeks)
    assert [b.days for b in weeks] == [7] * 25 + [5]
    assert sum(b.asked for b in weeks) == sum(d.asked for d in days_of(180))
    midweek = chart.bars(days_of(70)[3:])  # starts on a Thursday: the first week is partial
    assert midweek[0].days == 4 and midweek[1].start.weekday() == 0


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def test_a_180_day_chart_has_weekly_bars_and_at_most_16_dates():
    import matplotlib  # noqa: F401  (the `charts` extra, part of the test extra: a missing one is a broken install)
    fig = chart.figure(days_of(180), font_path=None)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 26  # asked and answered bars per week
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 10 <= len(labels) <= chart.MAX_DATE_LABELS and labels[0] == "06-01"
    assert ax.get_title().endswith("answered (weekly)") and ax.get_ylabel() == "questions per week"


def test_without_a_cjk_font_the_labels_are_english_and_no_glyph_is_missing():
    import matplotlib  # noqa: F401  (the `charts` extra, part of the test extra: a missing one is a broken install)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart.render_png(days_of(14), font_path=None)
    assert png.startswith(b"\x89PNG") and not _glyph_warnings(caught)
    assert chart.figure(days_of(14), font_path=None).axes[0].get_ylabel() == "questions per day"


def test_with_a_cjk_font_installed_the_labels_are_chinese():
    import matplotlib  # noqa: F401  (the `charts` extra, part of the test extra: a missing one is a broken install)
    font = chart.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine (apt install fonts-noto-cjk or fonts-wqy-microhei)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = chart.figure(days_of(14))
        chart.render_png(days_of(14))
    assert not _glyph_warnings(caught)
    ax = fig.axes[0]
    assert "个问题" in ax.get_title() and ax.get_ylabel() == "每天提问数"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["提问", "已回答", "回答率 %"]


def test_a_font_without_chinese_glyphs_is_never_chosen():
    import matplotlib  # noqa: F401  (the `charts` extra, part of the test extra: a missing one is a broken install)
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans")
    assert not chart._has_glyphs(dejavu)
    assert chart.find_cjk_font() != dejavu


def test_the_text_of_a_long_period_is_weekly_too():
    text = stats_text(days_of(90), [])
    lines = text.splitlines()
    assert lines[0].startswith("近90天共 ")
    assert lines[1].startswith("06-01起一周  提问 ") and len(lines) <= 1 + 14 + 1
