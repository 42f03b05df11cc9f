"""Grouping of unanswered questions, the nearest existing entry, and the /stats chart and figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.maintenance.misses import build_stats, group_misses, misses_report, nearest_entry, stats_text
from bot.maintenance.store import DayStat, FeedbackStore, Miss
from bot.qa.knowledge import load_knowledge
from bot.qa.matcher import Matcher
from bot.qa.result import Result

FIXTURE = Path(__file__).parent / "fixtures" / "mini_knowledge"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(FIXTURE))


def miss(q: str, kind: str = "no_answer", minutes: int = 0, best: str | None = None) -> Miss:
    return Miss(q, kind, best, None, NOW + dt.timedelta(minutes=minutes))


def test_rewordings_of_one_question_form_one_group_most_frequent_first(matcher):
    misses = [miss("医保 怎么 报销"), miss("医保报销流程"), miss("医保怎么报销", "clarify"), miss("医保怎么报销"),
              miss("矿山 什么时候 复工"), miss("矿山啥时候能复工"), miss("什么时候矿山复工"), miss("矿山什么时候复工"),
              miss("矿山什么时候复工", minutes=-5), miss("今天天气怎么样")]
    groups = group_misses(misses, matcher.index.terms_of)
    assert [(g.count, g.representative) for g in groups] == [
        (5, "矿山什么时候复工"), (4, "医保怎么报销"), (1, "今天天气怎么样")]
    assert set(groups[0].examples) == {"矿山 什么时候 复工", "矿山啥时候能复工", "什么时候矿山复工"}
    assert dict(groups[1].kinds) == {"no_answer": 3, "clarify": 1}


def test_a_short_frequent_question_does_not_swallow_longer_ones(matcher):
    misses = [miss("安全")] * 3 + [miss("安全帽怎么戴"), miss("消防安全检查怎么做")]
    groups = group_misses(misses, matcher.index.terms_of)
    assert sorted((g.count, g.representative) for g in groups) == [
        (1, "安全帽怎么戴"), (1, "消防安全检查怎么做"), (3, "安全")]


def test_grouping_without_a_segmenter_compares_characters():
    groups = group_misses([miss("医保怎么报销"), miss("医保怎么报销呢"), miss("今天天气怎么样")])
    assert [g.count for g in groups] == [2, 1]


def test_equally_frequent_groups_show_the_most_recent_first():
    groups = group_misses([miss("医保怎么报销", minutes=1), miss("今天天气怎么样", minutes=5)])
    assert [g.representative for g in groups] == ["今天天气怎么样", "医保怎么报销"]


def test_the_nearest_entry_is_named_even_when_the_matcher_has_no_answer(matcher):
    assert matcher.ask("值班人员晚上能回家吗").status == "no_answer"
    near = nearest_entry(matcher, "值班人员晚上能回家吗")
    assert near is not None and near.id == "county-mini/duty" and near.status == "no_answer"


def test_the_nearest_entry_of_an_answered_rewording_is_its_entry(matcher):
    near = nearest_entry(matcher, "矿山节后复工前要干什么")
    assert (near.id, near.status) == ("county-mini/mine", "answered")


def test_an_out_of_scope_group_has_no_nearest_entry(matcher):
    assert nearest_entry(matcher, "今天天气怎么样") is None


def test_the_report_shows_counts_rewordings_and_where_to_add_them(tmp_path, matcher):
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    for q in ("值班人员晚上能回家吗", "值班人员晚上能不能回家", "值班人员晚上能回家吗"):
        store.record_outcome(Result(q, "no_answer"), "group", NOW)
    store.record_feedback("矿山复工要什么手续", "county-mini/p2.2.1.s1", -1, (1, 2, 3), "group", NOW)
    text = misses_report(store, matcher, lang="en")
    assert text.splitlines()[0] == "4 unanswered, unsure or disliked questions in 2 groups, most frequent first:"
    assert "1. ×3  值班人员晚上能回家吗   (no answer 3)" in text
    assert "also asked as: 值班人员晚上能不能回家" in text
    assert "nearest entry: county-mini/duty «应急值守有什么要求»" in text
    assert "disliked answer(s): county-mini/p2.2.1.s1" in text


def test_the_report_on_an_empty_store_says_nothing_recorded(tmp_path, matcher):
    assert misses_report(FeedbackStore(tmp_path / "bot.sqlite3"), matcher, lang="en").startswith("nothing recorded yet")
    assert misses_report(None, lang="en").startswith("nothing recorded yet")


def test_the_report_is_cut_to_fit_one_message(tmp_path):
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    for q in ("医保怎么报销", "今天天气怎么样", "火车票在哪买"):
        store.record_outcome(Result(q, "no_answer"), "group", NOW)
    text = misses_report(store, None, limit=2, lang="en")
    assert "… and 1 more groups" in text


def test_stats_give_a_png_chart_and_the_figures_as_text(tmp_path, matcher):
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    shanghai = ZoneInfo("Asia/Shanghai")
    for q in ("矿山节后复工前要做什么", "矿山节后复工前要做什么", "应急值守有什么要求"):
        store.record_outcome(matcher.ask(q), "group", NOW)
    store.record_outcome(matcher.ask("今天天气怎么样"), "private", NOW - dt.timedelta(days=1))
    report = build_stats(store, NOW, shanghai, days=7, kb=matcher.kb)
    assert report.png.startswith(b"\x89PNG\r\n\x1a\n") and len(report.png) > 5000
    lines = report.text.splitlines()
    assert lines[0] == "近7天共 4 个问题,已回答 3 个(75%)。"
    assert "11-28  提问   1  已回答   0  (0%)" in lines
    assert "11-29  提问   3  已回答   3  (100%)" in lines
    assert "1. 第二点 › 二要 做好应急值守 › 矿山方面 ×2" in lines


def test_stats_text_without_questions_says_zero():
    days = [DayStat(dt.date(2026, 11, 28), 0, 0), DayStat(dt.date(2026, 11, 29), 0, 0)]
    assert stats_text(days, []) == "近2天共 0 个问题,已回答 0 个。"


def test_the_report_is_in_chinese_for_a_chinese_reader(tmp_path):
    store = FeedbackStore(tmp_path / "bot.sqlite3")
    store.record_outcome(Result("今天天气怎么样", "no_answer"), "private")
    text = misses_report(store, None)
    assert text.startswith("共 1 个未回答") and "没有答案 1" in text and "nearest" not in text
