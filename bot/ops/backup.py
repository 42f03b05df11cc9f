"""`python -m bot backup PATH` and `python -m bot restore BACKUP`: the SQLite file, safely.

The database runs in WAL mode: recent transactions live in ``bot.sqlite3-wal`` until a checkpoint,
so copying ``bot.sqlite3`` alone (cp, rsync, a VM snapshot of one file) can give a stale or torn
copy. `backup_database` uses SQLite's online backup API instead, from a read-only connection: it
reads one consistent snapshot (every transaction committed before it started, none half-written),
while the bot keeps writing (WAL readers do not block the writer). The copy is written beside its
destination under a temporary name, switched to a self-contained single file (``journal_mode=DELETE``),
checked with ``PRAGMA integrity_check``, made readable by its owner only (it holds the subscribed chat
ids and the feedback secret), synced to disk and only then renamed into place, so a crash or a full
disk never leaves a half-written file under the backup's name.

PATH may be a file name or a folder; in a folder the copy is named ``bot-YYYYMMDD-HHMMSS.sqlite3``
and ``--keep N`` removes all but the newest N of those (the daily timer in deploy/ keeps 30).

`restore_database` puts a backup in place of the database. It takes the instance lock first, so it
refuses while the bot runs; checks the backup; keeps the current database (with its WAL) as
``<database>.before-restore-YYYYMMDD-HHMMSS``; removes the old ``-wal``/``-shm`` files (a stale WAL
must never be replayed over the restored file); and gives the new file the old one's owner.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.errors import UserFacingError
from bot.ops.db import connect_read_only, wal_path
from bot.ops.instance import acquire_instance_lock, lock_path_for

BACKUP_NAME = "bot-{:%Y%m%d-%H%M%S}.sqlite3"
_BACKUP_NAME_RE = re.compile(r"^bot-\d{8}-\d{6}\.sqlite3$")
_BOT_TABLES = {"subscriptions", "deliveries", "meta", "qa_outcomes", "qa_feedback"}


class BackupError(UserFacingError):
    """The backup or restore could not be made or failed its check; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    integrity: str  # "ok", or the first problem PRAGMA integrity_check reported
    subscriptions: int | None  # rows in the subscriptions table; None when the table is missing
    tables: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"

    def summary(self) -> str:
        subs = "no subscriptions table" if self.subscriptions is None else f"{self.subscriptions} subscriptions"
        return f"{self.path} ({_size(self.size)}, {subs}, integrity {self.integrity})"


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def inspect_database(path: str | Path) -> BackupInfo:
    """Integrity and contents of a database file (a backup, or the live one), read-only."""
    p = Path(path)
    con = connect_read_only(p)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        integrity = "ok" if [r[0] for r in rows] == ["ok"] else str(rows[0][0])
        tables = tuple(sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")))
        subs = con.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0] if "subscriptions" in tables else None
    except sqlite3.DatabaseError as exc:
        integrity, tables, subs = f"unreadable: {exc}", (), None
    finally:
        con.close()
    return BackupInfo(p, p.stat().st_size, integrity, subs, tables)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems do not open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _copy(source: sqlite3.Connection, dest: Path) -> None:
    """Online backup of `source` into a new file `dest` (replaced), as one self-contained file."""
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        leftover.unlink(missing_ok=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            source.backup(out)  # all pages in one step: one consistent snapshot, the writer is not blocked
            out.execute("PRAGMA journal_mode=DELETE")  # the copy inherits WAL mode; make it one plain file
        finally:
            out.close()
        os.chmod(tmp, 0o600)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def backup_path(dest: str | Path, now: dt.datetime | None = None) -> Path:
    """The file a backup to `dest` goes to: `dest` itself, or a dated name inside it when it is a folder."""
    p = Path(dest)
    if p.is_dir() or str(dest).endswith(("/", os.sep)):
        return p / BACKUP_NAME.format(now or dt.datetime.now())
    return p


def backup_database(db_path: str | Path, dest: str | Path, now: dt.datetime | None = None) -> BackupInfo:
    """Copy the live database to `dest` (file or folder) while the bot may be running; checked."""
    db = Path(db_path)
    if not db.is_file():
        raise BackupError(f"{db}: no database to back up (storage.database in the config)")
    target = backup_path(dest, now)
    if target.resolve() == db.resolve():
        raise BackupError(f"{target}: the backup cannot replace the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = connect_read_only(db)
        try:
            _copy(source, target)
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{db}: backup to {target} failed: {exc}") from exc
    except OSError as exc:
        raise BackupError(f"{target}: cannot write the backup: {exc.strerror or exc}") from exc
    info = inspect_database(target)
    if not info.ok:
        raise BackupError(f"{target}: the copy fails PRAGMA integrity_check: {info.integrity}")
    return info


def prune_backups(folder: str | Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` files named bot-YYYYMMDD-HHMMSS.sqlite3 in `folder`; the deleted."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    found = sorted(p for p in Path(folder).iterdir() if _BACKUP_NAME_RE.match(p.name) and p.is_file())
    old = found[:-keep]
    for p in old:
        p.unlink()
    return old


def restore_database(backup: str | Path, db_path: str | Path, now: dt.datetime | None = None
                     ) -> tuple[BackupInfo, Path | None]:
    """Replace the database with `backup` while the bot is stopped. Returns (what was restored, where
    the previous database was kept or None when there was none). Raises `InstanceLockedError` while
    the bot runs, `BackupError` when the backup is missing, damaged or not the bot's database."""
    src, db = Path(backup), Path(db_path)
    if not src.is_file():
        raise BackupError(f"{src}: no such backup file")
    if src.resolve() == db.resolve():
        raise BackupError(f"{src}: that is the database itself")
    info = inspect_database(src)
    if not info.ok:
        raise BackupError(f"{src}: damaged, not restored (PRAGMA integrity_check: {info.integrity})")
    if not _BOT_TABLES & set(info.tables):
        raise BackupError(f"{src}: not a database of this bot (no subscriptions or question tables)")
    with acquire_instance_lock(db):
        stamp = f"{now or dt.datetime.now():%Y%m%d-%H%M%S}"
        kept = None
        owner = None
        if db.exists():
            st = db.stat()
            owner = (st.st_uid, st.st_gid)
            kept = db.with_name(f"{db.name}.before-restore-{stamp}")
            current = connect_read_only(db)  # through its WAL, so nothing committed is lost
            try:
                _copy(current, kept)
            finally:
                current.close()
        elif db.parent.exists():
            st = db.parent.stat()
            owner = (st.st_uid, st.st_gid)
        db.parent.mkdir(parents=True, exist_ok=True)
        restored = connect_read_only(src)
        try:
            _copy(restored, db.with_name(db.name + ".restoring"))
        finally:
            restored.close()
        for stale in (wal_path(db), db.with_name(db.name + "-shm"), db.with_name(db.name + "-journal")):
            stale.unlink(missing_ok=True)
        os.replace(db.with_name(db.name + ".restoring"), db)
        _fsync_dir(db.parent)
        if owner and os.geteuid() == 0:  # run as root: the bot's user must still own its files
            for path in (db, kept, lock_path_for(db)):
                if path is not None and path.exists():
                    os.chown(path, *owner)
    return inspect_database(db), kept
