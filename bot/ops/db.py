"""Opening the bot's SQLite file from another process without changing anything on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def wal_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + "-wal")


def connect_read_only(db_path: str | Path, timeout: float = 10.0) -> sqlite3.Connection:
    """A read-only connection that creates no file.

    The database runs in WAL mode. While the bot runs (or after a crash) its ``-wal`` and ``-shm``
    files exist and a plain ``mode=ro`` connection reads through them, seeing every committed
    transaction. When the bot has stopped cleanly there is no ``-wal`` file, and a ``mode=ro``
    connection would *create* the ``-wal``/``-shm`` files and leave them behind, owned by whoever ran
    the command (root's files would then lock the bot's user out); so the file is opened as immutable,
    which is exact because nothing else is writing it.
    """
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    if not wal_path(db_path).exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=timeout)
