"""SQLite storage of reminders: subscriptions, each chat's rotation position, and the delivery log.

One `Store` per process, in WAL mode, one connection per thread. The bot never touches it on the
event loop: ``await store.write(fn, ...)`` runs ``fn`` (a method of the store, or anything calling
them) on the store's one writer thread, ``await store.read(fn, ...)`` on its reader thread, so a
database locked by another process (a backup, ``sqlite3`` in a shell) delays only what needs the
lock. Each write is one short transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a crash leaves either
all of it or none; a busy database is waited for in short steps (``busy_timeout`` each) for at most
``busy_deadline`` seconds, then `StoreBusy` is raised. Other SQLite errors (``database or disk is
full``) reach the caller, which keeps the delivery pending and tries again later. The synchronous
methods remain for the command line and the tests.

The delivery log is what makes a broadcast "never lost, never doubled". Its key is
(reminder, chat, scheduled time) and a row moves through these states:

    claimed    written *before* the message is sent, with the item the reminder's kind picked from
               the chat's position (a rotating tip), and the new position, in the same transaction;
               a claimed key is *pending*: tried again (with backoff) until its grace period ends
    delivered  Telegram confirmed the message
    failed     given up: the grace period ended, a permanent error, or two sends of unknown outcome
    skipped    found late at start-up, beyond the grace period; logged and never sent
    expired    claimed before a crash but older than the grace period at start-up; never sent

A key that already has a row is never claimed again, so the same occurrence cannot be sent twice
by two jobs or two start-ups. Each send is counted in ``in_doubt`` *before* the request goes out
(`begin_send`) and the count taken back when Telegram's answer says the message was not delivered
(`end_send`: a 5xx, 429, 400, 403, or a connection that never opened). A send whose outcome is unknown
(a read timeout, the process killed or stopped mid-request) stays counted, and a key with
``in_doubt`` = 2 is never sent again: a chat gets at most two copies of one reminder, whatever
happens to the process. The window left: Telegram accepted a message but its answer was lost (or
the process died before `mark_delivered` committed); that key is sent once more.

Permanent send failures ("chat not found", "not enough rights", 403) are counted per chat and local
day in ``chat_failures`` (`record_permanent_failure`); a delivery to the chat resets the run.

Scheduled times are stored as UTC ISO-8601 text (``2025-02-05T00:30:00+00:00``) so keys compare exactly.
A chat's own time of day is stored as ``HH:MM`` on the wall clock of the configured zone and read back
as a `datetime.time` carrying that zone (`Store(path, tz=...)`), the one form the reminders use.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.reminders.schedule import DEFAULT_TZ, parse_hhmm

log = logging.getLogger(__name__)

# Columns added after version 1 (ALTER TABLE ADD COLUMN when missing).
_ADDED_COLUMNS = (
    ("deliveries", "in_doubt", "INTEGER NOT NULL DEFAULT 0"),  # sends of unknown outcome
    ("deliveries", "last_send_at", "TEXT"),  # UTC, when the latest send began
)


class StoreBusy(sqlite3.OperationalError):
    """The database stayed locked by someone else for longer than the store's busy deadline."""


class StoreClosed(sqlite3.ProgrammingError):
    """The store was closed (the bot is stopping) while the operation waited for its turn."""


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)

SCHEMA_VERSION = 2
BUSY_TIMEOUT = 0.2  # seconds SQLite waits for a lock in one try
BUSY_DEADLINE = 30.0  # seconds a write keeps trying before StoreBusy

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id     INTEGER NOT NULL,
    reminder_id TEXT    NOT NULL,
    time        TEXT,                       -- HH:MM chosen by the chat, NULL = the reminder's own time
    enabled     INTEGER NOT NULL DEFAULT 1,
    created     TEXT    NOT NULL,
    disabled_reason TEXT,
    PRIMARY KEY (chat_id, reminder_id)
);
CREATE TABLE IF NOT EXISTS rotation (
    chat_id     INTEGER NOT NULL,
    reminder_id TEXT    NOT NULL,
    position    INTEGER NOT NULL,           -- how far this chat has got, as the reminder's kind counts
    PRIMARY KEY (chat_id, reminder_id)
);
CREATE TABLE IF NOT EXISTS deliveries (
    reminder_id  TEXT    NOT NULL,
    chat_id      INTEGER NOT NULL,
    scheduled_at TEXT    NOT NULL,          -- UTC ISO-8601
    state        TEXT    NOT NULL CHECK (state IN ('claimed', 'delivered', 'failed', 'skipped', 'expired')),
    item_index   INTEGER,                   -- rotation item chosen at claim time
    attempts     INTEGER NOT NULL DEFAULT 0,
    claimed_at   TEXT    NOT NULL,
    finished_at  TEXT,
    detail       TEXT,
    PRIMARY KEY (reminder_id, chat_id, scheduled_at)
);
CREATE INDEX IF NOT EXISTS deliveries_state ON deliveries (state);
CREATE TABLE IF NOT EXISTS chat_failures (
    chat_id     INTEGER PRIMARY KEY,
    first_day   TEXT    NOT NULL,           -- local date of the first permanent failure of this run
    last_day    TEXT    NOT NULL,           -- local date of the latest
    days        INTEGER NOT NULL,           -- days with a permanent failure, without a delivery between
    detail      TEXT
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def key_time(moment: dt.datetime) -> str:
    """The stored form of a scheduled time: aware → UTC ISO-8601 with seconds."""
    if moment.tzinfo is None:
        raise ValueError("scheduled times must be timezone-aware")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def parse_key_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    reminder_id: str
    time: dt.time | None  # the chat's own time of day (in the store's zone), or None for the reminder's
    enabled: bool
    created: dt.datetime  # aware (UTC)
    disabled_reason: str | None = None


@dataclass(frozen=True)
class DeliveryKey:
    reminder_id: str
    chat_id: int
    scheduled_at: dt.datetime  # aware

    @property
    def stored(self) -> tuple[str, int, str]:
        return (self.reminder_id, self.chat_id, key_time(self.scheduled_at))


@dataclass(frozen=True)
class Delivery:
    key: DeliveryKey
    state: str
    item_index: int | None
    attempts: int
    claimed_at: str
    finished_at: str | None
    detail: str | None
    in_doubt: int = 0  # sends whose outcome is unknown (at most 2)
    last_send_at: dt.datetime | None = None


def _retrieve(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK = _NoLock()


def _now_text(now: dt.datetime | None) -> str:
    return key_time(now or dt.datetime.now(dt.timezone.utc))


def _hhmm(time: dt.time | None) -> str | None:
    return None if time is None else time.strftime("%H:%M")


def _time_of_day(text: str | None, tz: dt.tzinfo) -> dt.time | None:
    return parse_hhmm(text, tz) if text else None


class Store:
    def __init__(self, path: str | Path, *, tz: dt.tzinfo = DEFAULT_TZ, busy_timeout: float = BUSY_TIMEOUT,
                 busy_deadline: float = BUSY_DEADLINE):
        self.path, self.tz = Path(path), tz
        self.busy_timeout, self.busy_deadline = busy_timeout, busy_deadline
        self._memory = str(path) == ":memory:"
        if not self._memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # only for ":memory:" (one shared connection) and the registry
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="reminder-store-write")
        self._reader = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="reminder-store-read")
        db = self._conn()
        with self._lock:
            db.executescript(_SCHEMA)  # idempotent: every statement is IF NOT EXISTS
        with self._tx() as db:
            for table, column, decl in _ADDED_COLUMNS:
                have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("UPDATE meta SET value=? WHERE key='schema_version' AND CAST(value AS INTEGER) < ?",
                       (str(SCHEMA_VERSION), SCHEMA_VERSION))

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (one shared connection for ":memory:")."""
        if self._closed:
            raise StoreClosed("the reminder store is closed")
        db = getattr(self._local, "db", None)
        if db is None:
            with self._lock:
                if self._memory and self._connections:
                    db = self._connections[0]
                else:
                    db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                                         timeout=self.busy_timeout)
                    db.row_factory = sqlite3.Row
                    self._retry(lambda: db.execute("PRAGMA journal_mode=WAL"))
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.execute("PRAGMA foreign_keys=ON")
                    self._connections.append(db)
            self._local.db = db
        return db

    def _retry(self, fn: Callable[[], object]):
        """`fn` again while the database is busy, in `busy_timeout` steps, for at most `busy_deadline` s."""
        deadline = time.monotonic() + self.busy_deadline
        pause = 0.05
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if self._closed:
                    raise StoreClosed("the reminder store is closing") from exc
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"database {self.path} stayed locked for {self.busy_deadline:.0f} s") from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

    def close(self) -> None:
        """Finish the queued operations (a busy wait gives up at once), then close every connection."""
        self._closed = True
        self._writer.shutdown(wait=True, cancel_futures=True)
        self._reader.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for db in self._connections:
                try:
                    db.close()
                except sqlite3.Error:  # pragma: no cover - closing anyway
                    pass
            self._connections.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- off the event loop -----
    async def _submit(self, pool: concurrent.futures.ThreadPoolExecutor, fn: Callable, args: tuple, kw: dict):
        if self._closed:
            raise StoreClosed("the reminder store is closed")
        try:
            future = pool.submit(functools.partial(fn, *args, **kw))
        except RuntimeError as exc:  # shut down meanwhile
            raise StoreClosed("the reminder store is closed") from exc
        inner = asyncio.wrap_future(future)
        inner.add_done_callback(_retrieve)  # a caller cancelled meanwhile leaves no "never retrieved" error
        try:
            # shielded: cancelling the caller does not withdraw a write already handed to the thread
            return await asyncio.shield(inner)
        except concurrent.futures.CancelledError as exc:  # withdrawn by `close`
            raise StoreClosed("the reminder store is closed") from exc

    async def write(self, fn: Callable, *args, **kw):
        """``fn(*args, **kw)`` on the writer thread (one at a time); its result, or its exception.

        Cancelling the caller does not cancel the write: once handed over, it happens.
        """
        return await self._submit(self._writer, fn, args, kw)

    async def read(self, fn: Callable, *args, **kw):
        """``fn(*args, **kw)`` on the reader thread: not held up by a write waiting for a lock."""
        return await self._submit(self._reader, fn, args, kw)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._conn()
        with self._lock if self._memory else _NO_LOCK:
            self._retry(lambda: db.execute("BEGIN IMMEDIATE"))
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            else:
                try:
                    self._retry(lambda: db.execute("COMMIT"))
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        db = self._conn()
        with self._lock if self._memory else _NO_LOCK:
            return self._retry(lambda: db.execute(sql, args).fetchall())

    # ----- subscriptions -----
    def subscribe(self, chat_id: int, reminder_id: str, time: dt.time | None = None, *,
                  now: dt.datetime | None = None) -> bool:
        """Subscribe (or re-enable, or change the time of) one reminder; True if the chat was not subscribed."""
        with self._tx() as db:
            db.execute("DELETE FROM chat_failures WHERE chat_id=?", (chat_id,))
            row = db.execute("SELECT enabled FROM subscriptions WHERE chat_id=? AND reminder_id=?",
                             (chat_id, reminder_id)).fetchone()
            if row is None:
                db.execute("INSERT INTO subscriptions (chat_id, reminder_id, time, enabled, created) VALUES (?, ?, ?, 1, ?)",
                           (chat_id, reminder_id, _hhmm(time), _now_text(now)))
                return True
            db.execute("UPDATE subscriptions SET time=?, enabled=1, disabled_reason=NULL WHERE chat_id=? AND reminder_id=?",
                       (_hhmm(time), chat_id, reminder_id))
            return not row["enabled"]

    def ensure_subscribed(self, chat_id: int, reminder_id: str, time: dt.time | None = None,
                          *, now: dt.datetime | None = None) -> None:
        """A fixed subscription from config: created if missing, its time kept in line; a chat that
        Telegram refused (disabled) stays disabled until someone subscribes it again."""
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO subscriptions (chat_id, reminder_id, time, enabled, created) "
                       "VALUES (?, ?, ?, 1, ?)", (chat_id, reminder_id, _hhmm(time), _now_text(now)))
            db.execute("UPDATE subscriptions SET time=? WHERE chat_id=? AND reminder_id=?",
                       (_hhmm(time), chat_id, reminder_id))

    def unsubscribe(self, chat_id: int, reminder_id: str | None = None) -> int:
        """Remove one subscription, or all of a chat's; returns how many were removed."""
        with self._tx() as db:
            if reminder_id is None:
                return db.execute("DELETE FROM subscriptions WHERE chat_id=?", (chat_id,)).rowcount
            return db.execute("DELETE FROM subscriptions WHERE chat_id=? AND reminder_id=?",
                              (chat_id, reminder_id)).rowcount

    def subscriptions(self, chat_id: int | None = None, *, enabled_only: bool = False) -> list[Subscription]:
        """A chat's subscriptions (or everyone's), ordered by chat then creation."""
        sql = "SELECT * FROM subscriptions"
        where, args = [], []
        if chat_id is not None:
            where.append("chat_id=?")
            args.append(chat_id)
        if enabled_only:
            where.append("enabled=1")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY chat_id, created, reminder_id"
        return [Subscription(r["chat_id"], r["reminder_id"], _time_of_day(r["time"], self.tz),
                             bool(r["enabled"]), parse_key_time(r["created"]),
                             r["disabled_reason"]) for r in self._query(sql, tuple(args))]

    def subscription(self, chat_id: int, reminder_id: str) -> Subscription | None:
        rows = [s for s in self.subscriptions(chat_id) if s.reminder_id == reminder_id]
        return rows[0] if rows else None

    def disable_chat(self, chat_id: int, reason: str) -> int:
        """Stop every reminder of a chat (bot kicked or blocked); returns how many were enabled."""
        with self._tx() as db:
            return db.execute("UPDATE subscriptions SET enabled=0, disabled_reason=? WHERE chat_id=? AND enabled=1",
                              (reason, chat_id)).rowcount

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: move subscriptions, rotation and open claims to the new id.

        Where the new id already has the same reminder, the new id's row wins. Returns how many
        subscriptions moved.
        """
        with self._tx() as db:
            moved = db.execute("UPDATE OR IGNORE subscriptions SET chat_id=? WHERE chat_id=?",
                               (new_chat_id, old_chat_id)).rowcount
            db.execute("DELETE FROM subscriptions WHERE chat_id=?", (old_chat_id,))
            db.execute("UPDATE OR IGNORE rotation SET chat_id=? WHERE chat_id=?", (new_chat_id, old_chat_id))
            db.execute("DELETE FROM rotation WHERE chat_id=?", (old_chat_id,))
            db.execute("UPDATE OR IGNORE deliveries SET chat_id=? WHERE chat_id=? AND state='claimed'",
                       (new_chat_id, old_chat_id))
            db.execute("UPDATE deliveries SET state='failed', detail=?, finished_at=? WHERE chat_id=? AND state='claimed'",
                       (f"chat migrated to {new_chat_id}", _now_text(None), old_chat_id))
            return moved

    # ----- rotation -----
    def rotation_position(self, chat_id: int, reminder_id: str) -> int:
        rows = self._query("SELECT position FROM rotation WHERE chat_id=? AND reminder_id=?", (chat_id, reminder_id))
        return rows[0]["position"] if rows else 0

    # ----- delivery log -----
    def claim(self, key: DeliveryKey, *, pick: Callable[[int], tuple[int | None, int]] | None = None,
              now: dt.datetime | None = None) -> Delivery | None:
        """Record that this occurrence is about to be sent; None if it already has a row (sent, claimed, skipped…).

        `pick` (the reminder kind's) turns the chat's stored position for this reminder into the item
        to record with the claim and the position to keep; it runs in the claim's transaction, so a
        position moves exactly once per claimed key. The store does not know what a position means.
        """
        reminder_id, chat_id, at = key.stored
        with self._tx() as db:
            exists = db.execute("SELECT 1 FROM deliveries WHERE reminder_id=? AND chat_id=? AND scheduled_at=?",
                                (reminder_id, chat_id, at)).fetchone()
            if exists:
                return None
            index = None
            if pick is not None:
                row = db.execute("SELECT position FROM rotation WHERE chat_id=? AND reminder_id=?",
                                 (chat_id, reminder_id)).fetchone()
                position = row["position"] if row else 0
                index, after = pick(position)
                if after != position:
                    db.execute("INSERT INTO rotation (chat_id, reminder_id, position) VALUES (?, ?, ?) "
                               "ON CONFLICT (chat_id, reminder_id) DO UPDATE SET position=excluded.position",
                               (chat_id, reminder_id, after))
            db.execute("INSERT INTO deliveries (reminder_id, chat_id, scheduled_at, state, item_index, claimed_at) "
                       "VALUES (?, ?, ?, 'claimed', ?, ?)", (reminder_id, chat_id, at, index, _now_text(now)))
        return self.delivery(key)

    def delivery(self, key: DeliveryKey) -> Delivery | None:
        rows = self._query("SELECT * FROM deliveries WHERE reminder_id=? AND chat_id=? AND scheduled_at=?", key.stored)
        return self._delivery(rows[0]) if rows else None

    @staticmethod
    def _delivery(r: sqlite3.Row) -> Delivery:
        key = DeliveryKey(r["reminder_id"], r["chat_id"], parse_key_time(r["scheduled_at"]))
        last = r["last_send_at"]
        return Delivery(key, r["state"], r["item_index"], r["attempts"], r["claimed_at"], r["finished_at"], r["detail"],
                        r["in_doubt"], parse_key_time(last) if last else None)

    def deliveries(self, *, state: str | None = None, chat_id: int | None = None) -> list[Delivery]:
        sql, where, args = "SELECT * FROM deliveries", [], []
        if state is not None:
            where.append("state=?")
            args.append(state)
        if chat_id is not None:
            where.append("chat_id=?")
            args.append(chat_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY scheduled_at, reminder_id, chat_id"
        return [self._delivery(r) for r in self._query(sql, tuple(args))]

    def last_delivered(self) -> dict[int, dt.datetime]:
        """chat id → when its latest reminder was delivered (for the admins' /subscriptions)."""
        rows = self._query("SELECT chat_id, MAX(finished_at) AS at FROM deliveries WHERE state='delivered' "
                           "AND finished_at IS NOT NULL GROUP BY chat_id")
        return {r["chat_id"]: dt.datetime.fromisoformat(r["at"]) for r in rows}

    def unconfirmed(self) -> list[Delivery]:
        """Claimed but never confirmed (the process stopped mid-send)."""
        return self.deliveries(state="claimed")

    def _finish(self, key: DeliveryKey, state: str, detail: str | None, now: dt.datetime | None,
                *, only_claimed: bool = True) -> bool:
        with self._tx() as db:
            sql = "UPDATE deliveries SET state=?, detail=?, finished_at=? WHERE reminder_id=? AND chat_id=? AND scheduled_at=?"
            if only_claimed:
                sql += " AND state='claimed'"
            return db.execute(sql, (state, detail, _now_text(now), *key.stored)).rowcount == 1

    def count_attempt(self, key: DeliveryKey) -> None:
        with self._tx() as db:
            db.execute("UPDATE deliveries SET attempts=attempts+1 WHERE reminder_id=? AND chat_id=? AND scheduled_at=?",
                       key.stored)

    def begin_send(self, key: DeliveryKey, *, now: dt.datetime | None = None) -> tuple[bool, Delivery | None]:
        """Count a send as of unknown outcome *before* it goes out: (may send, the row).

        False with the row when two sends are already in doubt (the caller must not send again);
        (False, None) when the key is no longer claimed.
        """
        with self._tx() as db:
            began = db.execute("UPDATE deliveries SET in_doubt=in_doubt+1, last_send_at=? WHERE reminder_id=? "
                               "AND chat_id=? AND scheduled_at=? AND state='claimed' AND in_doubt < 2",
                               (_now_text(now), *key.stored)).rowcount == 1
            row = db.execute("SELECT * FROM deliveries WHERE reminder_id=? AND chat_id=? AND scheduled_at=?",
                             key.stored).fetchone()
        if row is None or row["state"] != "claimed":
            return False, None
        return began, self._delivery(row)

    def end_send(self, key: DeliveryKey) -> None:
        """Telegram's answer said the message was not delivered: the send is no longer in doubt."""
        with self._tx() as db:
            db.execute("UPDATE deliveries SET in_doubt=MAX(0, in_doubt-1), attempts=attempts+1 "
                       "WHERE reminder_id=? AND chat_id=? AND scheduled_at=?", key.stored)

    def mark_delivered(self, key: DeliveryKey, *, detail: str | None = None, now: dt.datetime | None = None) -> bool:
        """Telegram confirmed the message; the chat's run of permanent failures (if any) is over."""
        with self._tx() as db:
            db.execute("DELETE FROM chat_failures WHERE chat_id=?", (key.chat_id,))
            sql = ("UPDATE deliveries SET state='delivered', detail=?, finished_at=? "
                   "WHERE reminder_id=? AND chat_id=? AND scheduled_at=? AND state='claimed'")
            return db.execute(sql, (detail, _now_text(now), *key.stored)).rowcount == 1

    def record_permanent_failure(self, chat_id: int, day: dt.date, detail: str) -> int:
        """A send to the chat failed for good on local date `day`; returns the days of the current run.

        A run counts the days with such a failure and no delivery in between (days without a send
        do not break it: a weekly reminder counts once a week).
        """
        with self._tx() as db:
            row = db.execute("SELECT last_day, days FROM chat_failures WHERE chat_id=?", (chat_id,)).fetchone()
            if row is None:
                db.execute("INSERT INTO chat_failures (chat_id, first_day, last_day, days, detail) VALUES (?, ?, ?, 1, ?)",
                           (chat_id, day.isoformat(), day.isoformat(), detail))
                return 1
            if row["last_day"] == day.isoformat():
                db.execute("UPDATE chat_failures SET detail=? WHERE chat_id=?", (detail, chat_id))
                return row["days"]
            db.execute("UPDATE chat_failures SET last_day=?, days=days+1, detail=? WHERE chat_id=?",
                       (day.isoformat(), detail, chat_id))
            return row["days"] + 1

    def failing_days(self, chat_id: int) -> int:
        rows = self._query("SELECT days FROM chat_failures WHERE chat_id=?", (chat_id,))
        return rows[0]["days"] if rows else 0

    def mark_failed(self, key: DeliveryKey, reason: str, *, now: dt.datetime | None = None) -> bool:
        return self._finish(key, "failed", reason, now)

    def mark_expired(self, key: DeliveryKey, reason: str, *, now: dt.datetime | None = None) -> bool:
        return self._finish(key, "expired", reason, now)

    def record_skipped(self, key: DeliveryKey, reason: str, *, now: dt.datetime | None = None) -> bool:
        """Log an occurrence that will never be sent (too late); False if the key already had a row."""
        with self._tx() as db:
            return db.execute(
                "INSERT OR IGNORE INTO deliveries (reminder_id, chat_id, scheduled_at, state, claimed_at, finished_at, detail) "
                "VALUES (?, ?, ?, 'skipped', ?, ?, ?)", (*key.stored, _now_text(now), _now_text(now), reason)).rowcount == 1

    # ----- meta -----
    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                       (key, value))

    @property
    def last_alive(self) -> dt.datetime | None:
        """The last moment the scheduler is known to have been running (written by `touch_alive`)."""
        value = self.get_meta("last_alive")
        return parse_key_time(value) if value else None

    def touch_alive(self, now: dt.datetime) -> None:
        self.set_meta("last_alive", key_time(now))
