"""`python -m bot health`: is the running bot alive? One line, exit 0 (healthy) or 1 (not).

The bot's scheduler writes a heartbeat (``meta.last_alive`` in the SQLite file, every 60 s, see
`bot.reminders.jobs`). This command reads it through a read-only connection (it never creates or
changes the database, and works while the bot runs: the file is in WAL mode) and prints

    healthy: heartbeat 42 s ago, 0 pending deliveries, knowledge 3f2a1c9d0b7e
    unhealthy: heartbeat 4 min ago (limit 3 min), 2 pending deliveries, knowledge 3f2a1c9d0b7e

* heartbeat: unhealthy when older than `max_age` (default 180 s: three missed beats) or missing;
* pending deliveries: reminder messages claimed and not yet confirmed (the delivery log's
  ``claimed`` rows); a few during a broadcast are normal, many for long are worth a look;
* knowledge: a short hash of every file in the knowledge folder on disk (`knowledge_version`), to
  compare two servers or see that an edit arrived (the bot serves it after a reload).

Meant for scripts and monitoring (cron, Nagios/Zabbix agents, a systemd timer); it does not talk to
Telegram.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.ops.db import connect_read_only

MAX_AGE_SECONDS = 180.0
VERSION_CHARS = 12


def knowledge_version(folder: str | Path) -> str:
    """A short hash of the folder's files (relative names and contents; hidden files and caches left out).
    The same for the same contents on any machine; '' when the folder does not exist."""
    root = Path(folder)
    if not root.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        digest.update(rel.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:VERSION_CHARS]


def format_age(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 120 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} d"


@dataclass(frozen=True)
class Health:
    ok: bool
    heartbeat_age: float | None  # seconds; None when there is none
    pending: int | None  # claimed, unconfirmed reminder deliveries; None when unknown
    knowledge: str  # knowledge_version(), '' when the folder is missing
    problem: str = ""  # why it is unhealthy, when that is not the heartbeat's age

    def line(self, max_age: float = MAX_AGE_SECONDS) -> str:
        parts = []
        if self.problem:
            parts.append(self.problem)
        if self.heartbeat_age is not None:
            limit = f" (limit {format_age(max_age)})" if self.heartbeat_age > max_age else ""
            parts.append(f"heartbeat {format_age(self.heartbeat_age)} ago{limit}")
        if self.pending is not None:
            parts.append(f"{self.pending} pending deliveries")
        parts.append(f"knowledge {self.knowledge}" if self.knowledge else "knowledge folder missing")
        return ("healthy: " if self.ok else "unhealthy: ") + ", ".join(parts)


def _read(db_path: Path) -> tuple[str | None, int | None]:
    con = connect_read_only(db_path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        last = None
        if "meta" in tables:
            row = con.execute("SELECT value FROM meta WHERE key = 'last_alive'").fetchone()
            last = row[0] if row else None
        pending = None
        if "deliveries" in tables:
            pending = con.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'claimed'").fetchone()[0]
        return last, pending
    finally:
        con.close()


def check_health(db_path: str | Path, knowledge_dir: str | Path, now: dt.datetime | None = None,
                 max_age: float = MAX_AGE_SECONDS) -> Health:
    """Read the heartbeat and the delivery log; never raises for a missing or unreadable database."""
    now = now or dt.datetime.now(dt.timezone.utc)
    db = Path(db_path)
    version = knowledge_version(knowledge_dir)
    if not db.is_file():
        return Health(False, None, None, version, f"no database at {db} (the bot has never run with this config)")
    try:
        last, pending = _read(db)
    except sqlite3.Error as exc:
        return Health(False, None, None, version, f"cannot read {db}: {exc}")
    if last is None:
        return Health(False, None, pending, version, "no heartbeat recorded yet")
    try:
        age = (now - dt.datetime.fromisoformat(last)).total_seconds()
    except (TypeError, ValueError):
        return Health(False, None, pending, version, f"unreadable heartbeat {last!r}")
    ok = age <= max_age and bool(version)
    return Health(ok, age, pending, version)


def main(cfg, max_age: float = MAX_AGE_SECONDS, now: dt.datetime | None = None) -> int:
    """`python -m bot health`: print the line, exit 0 when healthy and 1 when not."""
    health = check_health(cfg.database_path, cfg.knowledge_path, now=now, max_age=max_age)
    print(health.line(max_age), flush=True)
    return 0 if health.ok else 1
