"""SQLite store of question outcomes and 👍/👎 feedback, for `misses`, /misses and /stats.

Privacy — what is kept, and what is not:

* **No user id, name, username, chat id or message id is ever stored.** The tables hold the
  normalised question text, the outcome (answered / clarify / no_answer), the id and score of the best
  candidate, the chat type (private / group / supergroup / channel / sender / console) and a UTC timestamp.
* The text of a question is kept only when the bot could not answer it (clarify, no_answer) or the
  answer got a 👎: that is what a maintainer needs to improve the knowledge base. For answered questions
  only the outcome and the answer id are kept, to count questions per day and the most asked topics.
  Phone numbers (also written with spaces, dots, dashes or +86), e-mail addresses, ID card and bank
  card numbers and any long run of digits are replaced by `#` before storing (`bot.maintenance.privacy`).
* Feedback must count once per person and message, which needs to recognise a second tap without
  knowing who tapped. Each vote stores a uniqueness key: HMAC-SHA256 of (chat id, message id, user id)
  under a random 32-byte secret generated on first use and kept in this database's `settings` table.
  The key cannot be turned back into the ids; anyone holding the database *and* a candidate chat id,
  message id and user id could test whether that person voted on that message, so the keys are
  cleared after `DEDUP_DAYS` days, after which the feedback row is fully anonymous (a tap on an answer
  older than that may count again; Telegram users rarely vote on month-old answers).
* The chat type is checked against the known Telegram values, so an identifier can never end up in
  that column by mistake.

Tables live in the bot's one database file (`storage.database`, default var/bot.sqlite3) beside the
reminder tables; they are created when missing. Every write is one short transaction; each call opens
its own connection, so the functions are safe to call from any thread. A database locked by another
process is waited for in short steps (``busy_timeout``) for at most ``busy_deadline`` seconds, then the
write fails with `sqlite3.OperationalError`. The bot never calls them on the event loop: its writes go
through a `BackgroundWriter` (one thread, in order; an answer never waits for its outcome to be
stored, and a write that cannot be done is dropped with one log line), its reads through
`asyncio.to_thread`.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import hmac
import logging
import secrets
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.maintenance.privacy import MASK, mask_personal_data
from bot.qa.result import ANSWERED, CLARIFY, NO_ANSWER, Result
from bot.qa.text import normalise

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 0.2  # seconds SQLite waits for a lock in one try
BUSY_DEADLINE = 30.0  # seconds a write keeps trying

CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel", "sender", "console"})
DEDUP_DAYS = 30
MAX_QUESTION_CHARS = 300
_MASK_SENTINEL = "\ue000"  # private use: survives masking, split on before normalising
_SECRET_KEY = "maintenance.feedback_hmac_secret"

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS qa_outcomes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,              -- UTC, ISO 8601
    status TEXT NOT NULL CHECK (status IN ('answered', 'clarify', 'no_answer')),
    question TEXT,                 -- normalised; only for clarify and no_answer
    best_id TEXT,                  -- answer id (answered), first suggestion (clarify), nearest entry (no_answer)
    best_score REAL,
    topic TEXT,                    -- passage id of the answer (or the answer id for facts and the outline)
    language TEXT,
    chat_type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS qa_outcomes_at ON qa_outcomes (at);
CREATE TABLE IF NOT EXISTS qa_feedback (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    question TEXT,                 -- normalised; only kept with a 👎
    answer_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    chat_type TEXT NOT NULL,
    dedup_key TEXT UNIQUE          -- HMAC of (chat, message, user); cleared after DEDUP_DAYS
);
CREATE INDEX IF NOT EXISTS qa_feedback_at ON qa_feedback (at);
"""


@dataclass(frozen=True)
class Miss:
    """A question a maintainer should look at."""

    question: str
    kind: str  # no_answer | clarify | disliked
    best_id: str | None
    best_score: float | None
    at: dt.datetime


@dataclass(frozen=True)
class DayStat:
    day: dt.date
    asked: int
    answered: int

    @property
    def share_answered(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


def clean_question(text: str) -> str:
    """What is stored of a question: personal data masked as '#', normalised, at most MAX_QUESTION_CHARS.

    Masking comes first, on the text as typed (normalising folds the '@' and dots of an e-mail address
    into spaces), and once more on the normalised text (whose separators are single spaces)."""
    masked = mask_personal_data(text or "").replace(MASK, _MASK_SENTINEL)
    pieces = [normalise(piece) for piece in masked.split(_MASK_SENTINEL)]
    joined = " ".join(f" {MASK} ".join(pieces).split())
    return mask_personal_data(joined)[:MAX_QUESTION_CHARS]


def _chat_type(value: str | None) -> str:
    value = (value or "").strip().lower()
    return value if value in CHAT_TYPES else "other"


def _utc(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return now.astimezone(dt.timezone.utc).replace(microsecond=0)


def _iso(now: dt.datetime) -> str:
    return now.isoformat()


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _retrying(method: Callable) -> Callable:
    """A write tried again while the database is locked elsewhere, up to the store's busy deadline."""

    @functools.wraps(method)
    def wrapper(self: FeedbackStore, *args, **kw):
        deadline = time.monotonic() + self.busy_deadline
        pause = 0.05
        while True:
            try:
                return method(self, *args, **kw)
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or self.closing.is_set() or time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

    return wrapper


class BackgroundWriter:
    """One thread doing a store's writes in order, so that no answer waits for one.

    `submit` returns at once (a future, or None when `max_pending` writes already wait: then the write
    is dropped with a log line); a write that fails is logged and dropped. `close` lets the queued
    writes finish (a busy wait gives up at once when the store's `closing` is set).
    """

    def __init__(self, name: str, *, max_pending: int = 1000):
        self.name, self.max_pending = name, max_pending
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=name)
        self._pending = 0
        self._lock = threading.Lock()
        self.dropped = 0

    def submit(self, what: str, fn: Callable, *args, **kw) -> concurrent.futures.Future | None:
        with self._lock:
            if self._pending >= self.max_pending:
                self.dropped += 1
                log.warning("%s: not storing %s: %d writes already wait (the database is locked or slow)",
                            self.name, what, self._pending)
                return None
            self._pending += 1

        def run():
            try:
                return fn(*args, **kw)
            except Exception as exc:
                with self._lock:
                    self.dropped += 1
                log.warning("%s: could not store %s, dropped: %s", self.name, what, exc)
                raise
            finally:
                with self._lock:
                    self._pending -= 1

        try:
            return self._pool.submit(run)
        except RuntimeError:  # shut down
            with self._lock:
                self._pending -= 1
            log.info("%s: not storing %s: the bot is stopping", self.name, what)
            return None

    @property
    def pending(self) -> int:
        return self._pending

    def close(self) -> None:
        self._pool.shutdown(wait=True)


class FeedbackStore:
    """Outcomes and feedback in the bot's SQLite file. Cheap to construct; keep one per process."""

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT, busy_deadline: float = BUSY_DEADLINE):
        self.path = Path(path)
        self.busy_timeout, self.busy_deadline = busy_timeout, busy_deadline
        self.closing = threading.Event()  # set: a write waiting for a lock gives up at once
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._create()

    @_retrying
    def _create(self) -> None:
        with self._connect() as con:
            con.executescript(SCHEMA)

    @classmethod
    def open_existing(cls, path: str | Path) -> FeedbackStore | None:
        """The store when the database file exists, else None (read-only commands do not create it)."""
        return cls(path) if Path(path).is_file() else None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=self.busy_timeout)
        try:
            with con:  # one transaction: commit on success, roll back on error
                yield con
        finally:
            con.close()

    # ----- writing -----
    @_retrying
    def record_outcome(self, result: Result, chat_type: str | None, now: dt.datetime | None = None) -> None:
        """Store one answered / clarify / no_answer outcome of `Matcher.ask` (text only when not answered)."""
        question = None
        best_id = topic = None
        best_score = None
        if result.status == ANSWERED and result.answers:
            best = result.answers[0]
            best_id, best_score, topic = best.id, best.score, best.passage_id or best.id
        elif result.status == CLARIFY:
            question = clean_question(result.question)
            if result.suggestions:
                best_id, best_score = result.suggestions[0].id, result.suggestions[0].score
        elif result.status == NO_ANSWER:
            # The suggestions of a no_answer are the speech's topics, not candidates: keep the nearest entry.
            question = clean_question(result.question)
            if result.nearest:
                best_id, best_score = result.nearest.id, result.nearest.score
        else:
            raise ValueError(f"unknown status {result.status!r}")
        with self._connect() as con:
            con.execute(
                "INSERT INTO qa_outcomes (at, status, question, best_id, best_score, topic, language, chat_type)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (_iso(_utc(now)), result.status, question, best_id, best_score, topic, result.language,
                 _chat_type(chat_type)),
            )

    def _secret(self, con: sqlite3.Connection) -> bytes:
        row = con.execute("SELECT value FROM settings WHERE key = ?", (_SECRET_KEY,)).fetchone()
        if row:
            return bytes.fromhex(row[0])
        secret = secrets.token_bytes(32)
        con.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (_SECRET_KEY, secret.hex()))
        # Another process may have won the race: read back whatever is stored.
        return bytes.fromhex(con.execute("SELECT value FROM settings WHERE key = ?", (_SECRET_KEY,)).fetchone()[0])

    @_retrying
    def record_feedback(self, question: str, answer_id: str, vote: int, dedup_parts: Iterable[object],
                        chat_type: str | None, now: dt.datetime | None = None) -> bool:
        """Store a 👍 (+1) or 👎 (-1) on an answer; True when it counted.

        `dedup_parts` identifies the tap, e.g. (chat id, message id, user id); it is only hashed, never
        stored. A second tap with the same vote does not count (False); a changed vote replaces the
        earlier one (True), so each person counts once per answer message.
        """
        if vote not in (-1, 1):
            raise ValueError("vote must be 1 (👍) or -1 (👎)")
        now_utc = _utc(now)
        text = clean_question(question) if vote < 0 else None
        parts = "\x1f".join(str(p) for p in dedup_parts)
        with self._connect() as con:
            key = hmac.new(self._secret(con), parts.encode("utf-8"), hashlib.sha256).hexdigest()
            horizon = _iso(now_utc - dt.timedelta(days=DEDUP_DAYS))
            con.execute("UPDATE qa_feedback SET dedup_key = NULL WHERE dedup_key IS NOT NULL AND at < ?", (horizon,))
            row = con.execute("SELECT id, vote FROM qa_feedback WHERE dedup_key = ?", (key,)).fetchone()
            if row and row[1] == vote:
                return False
            if row:
                con.execute("UPDATE qa_feedback SET vote = ?, question = ?, answer_id = ?, at = ? WHERE id = ?",
                            (vote, text, answer_id, _iso(now_utc), row[0]))
                return True
            con.execute(
                "INSERT INTO qa_feedback (at, question, answer_id, vote, chat_type, dedup_key) VALUES (?, ?, ?, ?, ?, ?)",
                (_iso(now_utc), text, answer_id, vote, _chat_type(chat_type), key),
            )
            return True

    # ----- reading -----
    @_retrying
    def misses(self, since: dt.datetime | None = None) -> list[Miss]:
        """Unanswered and unsure questions, and questions whose answer got a 👎, oldest first."""
        start = _iso(_utc(since)) if since else ""
        with self._connect() as con:
            rows = con.execute(
                "SELECT question, status, best_id, best_score, at FROM qa_outcomes"
                " WHERE status != 'answered' AND question IS NOT NULL AND question != '' AND at >= ?"
                " UNION ALL SELECT question, 'disliked', answer_id, NULL, at FROM qa_feedback"
                " WHERE vote = -1 AND question IS NOT NULL AND question != '' AND at >= ? ORDER BY 5",
                (start, start),
            ).fetchall()
        return [Miss(q, kind, best, score, dt.datetime.fromisoformat(at)) for q, kind, best, score, at in rows]

    @_retrying
    def daily_stats(self, days: int, now: dt.datetime | None = None, tz: ZoneInfo | dt.tzinfo = dt.timezone.utc
                    ) -> list[DayStat]:
        """Questions per day (in `tz`) and how many were answered, for the last `days` days, today included."""
        now_local = _utc(now).astimezone(tz)
        first = now_local.date() - dt.timedelta(days=days - 1)
        start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
        with self._connect() as con:
            rows = con.execute("SELECT at, status FROM qa_outcomes WHERE at >= ?", (_iso(_utc(start)),)).fetchall()
        asked: Counter[dt.date] = Counter()
        answered: Counter[dt.date] = Counter()
        for at, status in rows:
            day = dt.datetime.fromisoformat(at).astimezone(tz).date()
            asked[day] += 1
            answered[day] += status == ANSWERED
        return [DayStat(d, asked[d], answered[d]) for d in (first + dt.timedelta(days=i) for i in range(days))]

    @_retrying
    def top_topics(self, n: int = 5, since: dt.datetime | None = None) -> list[tuple[str, int]]:
        """The most asked topics (passage ids of answers), most asked first: (topic, count)."""
        start = _iso(_utc(since)) if since else ""
        with self._connect() as con:
            return [(t, c) for t, c in con.execute(
                "SELECT topic, COUNT(*) AS c FROM qa_outcomes WHERE status = 'answered' AND topic IS NOT NULL"
                " AND at >= ? GROUP BY topic ORDER BY c DESC, topic LIMIT ?", (start, n))]

    @_retrying
    def feedback_counts(self, since: dt.datetime | None = None) -> tuple[int, int]:
        """(👍, 👎) counts."""
        start = _iso(_utc(since)) if since else ""
        with self._connect() as con:
            up, down = con.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM qa_feedback WHERE at >= ?",
                (start,)).fetchone()
        return int(up), int(down)
