"""One bot per database: an exclusive lock file beside the SQLite file.

`acquire_instance_lock(db_path)` takes ``fcntl.flock(LOCK_EX | LOCK_NB)`` on ``<database>.lock`` and
writes the holder's pid into it. A second process (a second `python -m bot run`, a forgotten test
copy with the same config) fails at once with `InstanceLockedError`, whose message is one line naming
the holder's pid and the database; the command line turns that into exit code 2, which the systemd
unit does not restart (``RestartPreventExitStatus=2``).

The kernel releases a flock when the holder's file descriptor closes, so a process killed with
SIGKILL (or a crashed one) leaves no stale lock: the lock file may stay, with the dead pid in it,
and the next start simply takes the lock again. The lock does not depend on the pid being right.

Not covered: two machines with the same token (each has its own database): Telegram answers 409
Conflict to the second poller, see `bot.ops.conflict`. A database on NFS: flock there is advisory
and may not be shared between hosts.

Try it by hand (a tiny wrapper the tests use too):

    python -m bot.ops.instance var/bot.sqlite3 --hold 60    # holds the lock for 60 s
    python -m bot.ops.instance var/bot.sqlite3              # meanwhile: exit 2, "… held by pid 1234 …"
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.errors import ConfigError, UserFacingError

EXIT_LOCKED = 2
_HELD: set[InstanceLock] = set()  # held locks stay referenced, so dropping the return value keeps the lock


class InstanceLockedError(UserFacingError):
    """Another process holds the database's instance lock."""

    def __init__(self, db_path: Path, lock_path: Path, holder_pid: int | None):
        self.db_path, self.lock_path, self.holder_pid = db_path, lock_path, holder_pid
        who = f"pid {holder_pid}" if holder_pid else "another process (pid unknown)"
        super().__init__(
            f"another instance of the bot is already running on {db_path} (held by {who}; lock file {lock_path}): "
            "stop it first, or give this one its own storage.database")


def lock_path_for(db_path: str | Path) -> Path:
    """``<database>.lock`` beside the database file."""
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


class InstanceLock:
    """A held lock; released by `release()`, by leaving a ``with`` block, or when the process exits."""

    def __init__(self, db_path: Path, lock_path: Path, fd: int):
        self.db_path, self.path, self._fd = db_path, lock_path, fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Unlock and close. The file stays (removing it would race with a process about to lock it)."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        except OSError:  # pragma: no cover - best effort: the pid is only informative
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        _HELD.discard(self)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()



def read_holder_pid(lock_path: str | Path) -> int | None:
    """The pid written in a lock file, or None (missing, empty, being written, not a number)."""
    try:
        text = Path(lock_path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def acquire_instance_lock(db_path: str | Path) -> InstanceLock:
    """Take the exclusive lock beside `db_path` (creating its folder and the lock file), or raise
    `InstanceLockedError` at once when another process holds it. The returned object may be kept for as
    long as the bot runs; the module keeps a reference too, so the lock is held until `release()` or the
    end of the process even when the caller drops the return value."""
    db = Path(db_path)
    lock_file = lock_path_for(db)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except PermissionError:
        raise UserFacingError(
            f"cannot open the lock file {lock_file}: permission denied (made by another user? give it to the "
            f"bot's user, e.g. chown safety-bot: {lock_file}, or remove it while no bot runs)") from None
    except OSError as exc:  # e.g. a file where the database folder should be
        raise ConfigError("config", "storage.database",
                          f"cannot create {lock_file} beside the database {db}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        holder = None
        for _ in range(20):  # the holder may be between taking the lock and writing its pid
            holder = read_holder_pid(lock_file)
            if holder:
                break
            time.sleep(0.02)
        raise InstanceLockedError(db, lock_file, holder) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    lock = InstanceLock(db, lock_file, fd)
    _HELD.add(lock)
    return lock


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bot.ops.instance DATABASE [--hold SECONDS]``: take the lock (and hold it), or exit 2."""
    p = argparse.ArgumentParser(prog="python -m bot.ops.instance", description="Take the bot's instance lock.")
    p.add_argument("database")
    p.add_argument("--hold", type=float, default=0.0, help="seconds to hold the lock before exiting")
    args = p.parse_args(argv)
    try:
        lock = acquire_instance_lock(args.database)
    except UserFacingError as exc:  # held by another process, or a lock file this user cannot open
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"locked {lock.path} (pid {os.getpid()})", flush=True)
    try:
        time.sleep(args.hold)
    except KeyboardInterrupt:
        pass
    lock.release()
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in the tests
    sys.exit(main())
