"""SQLite storage of reminders: subscriptions, each chat's rotation position, and the delivery log.

One `Store` per process. It holds one connection in WAL mode and serialises every operation with a
lock, so it can be used from the asyncio loop and from worker threads alike; each operation is one
short transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a crash leaves either all of it or none.

The delivery log is what makes a broadcast "never lost, never doubled". Its key is
(reminder, chat, scheduled time) and a row moves through these states:

    claimed    written *before* the message is sent, with the item the reminder's kind picked from
               the chat's position (a rotating tip), and the new position, in the same transaction
    delivered  Telegram confirmed the message
    failed     given up (after retries, or a permanent error); not retried automatically
    skipped    found late at start-up, beyond the grace period; logged and never sent
    expired    claimed before a crash but older than the grace period at start-up; never sent

A key that already has a row is never claimed again, so the same occurrence cannot be sent twice
by two jobs or two start-ups. The one window left is a crash after Telegram accepted a message and
before `mark_delivered` committed: that claim is re-sent at the next start-up (at-least-once for
that single message), which is the price of never losing one.

Scheduled times are stored as UTC ISO-8601 text (``2025-02-05T00:30:00+00:00``) so keys compare exactly.
A chat's own time of day is stored as ``HH:MM`` on the wall clock of the configured zone and read back
as a `datetime.time` carrying that zone (`Store(path, tz=...)`), the one form the reminders use.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.reminders.schedule import DEFAULT_TZ, parse_hhmm

SCHEMA_VERSION = 1

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


def _now_text(now: dt.datetime | None) -> str:
    return key_time(now or dt.datetime.now(dt.timezone.utc))


def _hhmm(time: dt.time | None) -> str | None:
    return None if time is None else time.strftime("%H:%M")


def _time_of_day(text: str | None, tz: dt.tzinfo) -> dt.time | None:
    return parse_hhmm(text, tz) if text else None


class Store:
    def __init__(self, path: str | Path, *, tz: dt.tzinfo = DEFAULT_TZ):
        self.path, self.tz = Path(path), tz
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            self._db.executescript(_SCHEMA)  # idempotent: every statement is IF NOT EXISTS
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ----- subscriptions -----
    def subscribe(self, chat_id: int, reminder_id: str, time: dt.time | None = None, *,
                  now: dt.datetime | None = None) -> bool:
        """Subscribe (or re-enable, or change the time of) one reminder; True if the chat was not subscribed."""
        with self._tx() as db:
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
        return Delivery(key, r["state"], r["item_index"], r["attempts"], r["claimed_at"], r["finished_at"], r["detail"])

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

    def mark_delivered(self, key: DeliveryKey, *, detail: str | None = None, now: dt.datetime | None = None) -> bool:
        return self._finish(key, "delivered", detail, now)

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
