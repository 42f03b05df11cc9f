"""The outcome and feedback store: what it keeps (nothing identifying), de-duplication, and the figures it gives."""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from bot.maintenance.store import DEDUP_DAYS, FeedbackStore
from bot.qa.result import Answer, Result, Suggestion

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
# Identifiers a Telegram update carries; none of them may reach the database.
CHAT_ID, MESSAGE_ID, USER_ID = -1001234567890, 7351946, 987654321
PHONE = "13812345678"


def answered(question="值班有什么要求", sid="doc/p2.2.s1", passage="doc/p2.2", score=0.9) -> Result:
    return Result(question, "answered", (Answer(sid, "二要做好应急值守。", ("第二点",), score, passage_id=passage,
                                                sentence_ids=(sid,)),))


def clarify(question: str) -> Result:
    return Result(question, "clarify", (), (Suggestion("应急值守有什么要求", "doc/duty", 0.41),))


def no_answer(question: str) -> Result:
    return Result(question, "no_answer", (), (Suggestion("第一点讲了什么", "doc/p1", 0.0),))


def every_value(path) -> list[tuple[str, str, object]]:
    """(table, column, value) for every cell of every table of the database."""
    out = []
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in tables:
            cur = con.execute(f"SELECT * FROM {t}")
            cols = [d[0] for d in cur.description]
            for row in cur:
                out.extend((t, c, v) for c, v in zip(cols, row, strict=True))
    return out


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "var" / "bot.sqlite3")


def test_the_database_folder_is_created_when_missing(tmp_path):
    FeedbackStore(tmp_path / "a" / "b" / "bot.sqlite3")
    assert (tmp_path / "a" / "b" / "bot.sqlite3").is_file()


def test_nothing_identifying_is_stored_in_any_column_of_any_table(store):
    store.record_outcome(answered("我的电话13812345678 值班有什么要求"), "private", NOW)
    store.record_outcome(clarify(f"张三问 值班人员能离岗吗 电话{PHONE}"), "group", NOW)
    store.record_outcome(no_answer("医保怎么报销"), "supergroup", NOW)
    # A careless caller passing a chat id as the chat type.
    store.record_outcome(no_answer("今天天气怎么样"), str(CHAT_ID), NOW)
    assert store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, (CHAT_ID, MESSAGE_ID, USER_ID), "group", NOW)
    assert store.record_feedback("值班有什么要求", "doc/p2.2.s1", 1, (CHAT_ID, MESSAGE_ID + 1, USER_ID), "group", NOW)

    cells = every_value(store.path)
    assert cells, "the store kept nothing at all"
    columns = {(t, c) for t, c, _ in cells}
    assert not [c for _, c in columns if any(w in c for w in ("user", "chat_id", "message", "name"))]
    text = " ".join(str(v) for _, _, v in cells)
    for secret in (str(CHAT_ID), str(abs(CHAT_ID)), str(MESSAGE_ID), str(MESSAGE_ID + 1), str(USER_ID), PHONE):
        assert secret not in text
    # The answered question's text is not kept at all; only the outcome and the answer.
    assert "我的电话" not in text
    chat_types = {v for t, c, v in cells if c == "chat_type"}
    assert chat_types == {"private", "group", "supergroup", "other"}
    # The only setting is the random secret of the uniqueness keys.
    assert {v for t, c, v in cells if t == "settings" and c == "key"} == {"maintenance.feedback_hmac_secret"}


def test_clarify_and_no_answer_keep_the_question_the_outcome_and_the_best_candidate(store):
    store.record_outcome(clarify("值班人员能离岗吗?"), "group", NOW)
    store.record_outcome(no_answer("醫保怎麼報銷"), "private", NOW + dt.timedelta(minutes=1))
    store.record_outcome(answered(), "private", NOW)
    misses = store.misses()
    assert [(m.question, m.kind, m.best_id, m.best_score) for m in misses] == [
        ("值班人员能离岗吗", "clarify", "doc/duty", 0.41),
        ("医保怎么报销", "no_answer", None, None),  # normalised: simplified, no punctuation
    ]
    assert misses[0].at == NOW


def test_a_second_tap_on_the_same_answer_does_not_count_twice(store):
    tap = (CHAT_ID, MESSAGE_ID, USER_ID)
    assert store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, tap, "group", NOW) is True
    assert store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, tap, "group", NOW) is False
    assert store.feedback_counts() == (0, 1)
    assert [m.kind for m in store.misses()] == ["disliked"]


def test_a_second_tap_still_does_not_count_after_a_restart(store):
    tap = (CHAT_ID, MESSAGE_ID, USER_ID)
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", 1, tap, "group", NOW)
    reopened = FeedbackStore(store.path)
    assert reopened.record_feedback("值班怎么安排", "doc/p2.2.s1", 1, tap, "group", NOW) is False
    assert reopened.feedback_counts() == (1, 0)


def test_other_people_and_other_messages_count_separately(store):
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, (CHAT_ID, MESSAGE_ID, USER_ID), "group", NOW)
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, (CHAT_ID, MESSAGE_ID, USER_ID + 1), "group", NOW)
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, (CHAT_ID, MESSAGE_ID + 1, USER_ID), "group", NOW)
    assert store.feedback_counts() == (0, 3)


def test_changing_a_vote_replaces_the_earlier_one(store):
    tap = (CHAT_ID, MESSAGE_ID, USER_ID)
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, tap, "group", NOW)
    assert store.record_feedback("值班怎么安排", "doc/p2.2.s1", 1, tap, "group", NOW) is True
    assert store.feedback_counts() == (1, 0)
    assert store.misses() == []  # a 👍 keeps no question text


def test_uniqueness_keys_are_forgotten_after_the_retention_period(store):
    tap = (CHAT_ID, MESSAGE_ID, USER_ID)
    store.record_feedback("值班怎么安排", "doc/p2.2.s1", -1, tap, "group", NOW)
    later = NOW + dt.timedelta(days=DEDUP_DAYS + 1)
    store.record_feedback("别的问题", "doc/p1.s1", 1, (CHAT_ID, MESSAGE_ID + 5, USER_ID), "group", later)
    with sqlite3.connect(store.path) as con:
        keys = dict(con.execute("SELECT answer_id, dedup_key FROM qa_feedback"))
    assert keys["doc/p2.2.s1"] is None and keys["doc/p1.s1"] is not None


def test_a_vote_must_be_up_or_down(store):
    with pytest.raises(ValueError):
        store.record_feedback("q", "doc/p1.s1", 0, (1, 2, 3), "group", NOW)


def test_questions_per_day_are_counted_in_the_bots_time_zone_with_the_share_answered(store):
    shanghai = ZoneInfo("Asia/Shanghai")
    late_utc = dt.datetime(2026, 11, 28, 17, 30, tzinfo=UTC)  # 01:30 on 11-29 in Shanghai
    store.record_outcome(answered(), "private", late_utc)
    store.record_outcome(no_answer("医保"), "private", late_utc)
    store.record_outcome(answered(), "group", dt.datetime(2026, 11, 27, 3, 0, tzinfo=UTC))
    days = store.daily_stats(3, NOW, shanghai)
    assert [(d.day.isoformat(), d.asked, d.answered) for d in days] == [
        ("2026-11-27", 1, 1), ("2026-11-28", 0, 0), ("2026-11-29", 2, 1)]
    assert days[2].share_answered == 0.5
    assert days[1].share_answered == 0.0


def test_top_topics_are_the_most_asked_passages(store):
    for _ in range(3):
        store.record_outcome(answered(sid="doc/p2.2.s2", passage="doc/p2.2"), "group", NOW)
    store.record_outcome(answered(sid="doc/p1.s1", passage="doc/p1"), "group", NOW)
    store.record_outcome(Result("谁讲的", "answered", (Answer("doc/fact:speaker", "县长", (), 1.0, kind="fact"),)),
                         "group", NOW)
    store.record_outcome(no_answer("医保"), "group", NOW)
    assert store.top_topics(2) == [("doc/p2.2", 3), ("doc/fact:speaker", 1)]


def test_only_recent_misses_are_returned_when_asked_since_a_date(store):
    store.record_outcome(no_answer("旧问题"), "group", NOW - dt.timedelta(days=10))
    store.record_outcome(no_answer("新问题"), "group", NOW)
    assert [m.question for m in store.misses(since=NOW - dt.timedelta(days=1))] == ["新问题"]
