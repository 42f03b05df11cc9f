"""Start-up checks and exit codes of ``python -m bot run``: by what the operator must do.

* **0** a clean stop (SIGTERM, Ctrl-C).
* **2** fix the configuration or the data, then start again. systemd does not restart on 2
  (``RestartPreventExitStatus=2`` in deploy/safety-bot.service), because restarting cannot help: a
  bad setting (the message names the file and the key), a broken knowledge or reminders file, a
  damaged database (restore the backup), a database the bot may not open (owner, permissions), a
  webhook secret Telegram refuses, a webhook port in use or not allowed, a token Telegram rejects.
* **1** transient, restart me: something outside the bot is not ready yet, and systemd's
  ``Restart=on-failure`` starts the bot again until it is. Telegram unreachable; the database locked
  by another process or the disk full; **storage not mounted**: the rule is that a *relative*
  ``storage.database`` (``var/bot.sqlite3``, beside the config) lives in the bot's own folder, whose
  missing sub-folder the bot creates; an *absolute* one is on storage someone else provides (a mount,
  a volume), so a missing parent folder means "not mounted yet", and the bot exits 1 instead of
  creating the folder on the root file system and starting with an empty database. (A *file* where
  the folder should be is a mistake to fix: 2.)

Every expected fault is one line on stderr (``error: …``), never a traceback. `preflight` runs
after the config was loaded and validated (`bot.config`) and before anything is created.
"""

from __future__ import annotations

import errno
import socket
import sqlite3
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot.config import Config
from bot.errors import ConfigError, DataError, TransientError, UserFacingError

EXIT_OK, EXIT_TRANSIENT, EXIT_FIX = 0, 1, 2
_TRANSIENT_SQLITE = ("locked", "busy", "disk is full", "disk i/o error")


def sqlite_problem(exc: sqlite3.Error, database: Path) -> Exception:
    """A `TransientError` or a `DataError` naming the database and what to do."""
    text = str(exc)
    lowered = text.lower()
    if any(word in lowered for word in _TRANSIENT_SQLITE):
        return TransientError(f"{database}: {text} (another process holds it, or the disk is full); "
                              "the bot exits 1 and systemd starts it again")
    if "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
        return DataError(str(database), f"cannot open or write the database ({text}): check that the file "
                                        "and its folder belong to the bot's user and are writable")
    return DataError(str(database), f"the database is damaged ({text}): stop the bot, move the file aside "
                                    "and restore the latest backup (or start without it: subscriptions, "
                                    "delivery log and statistics then start empty)")


def check_database(cfg: Config) -> None:
    """The storage rule of the module docstring, then an integrity check of an existing database file."""
    database = cfg.database_path
    folder = database.parent
    if not folder.is_dir():
        existing = next((p for p in folder.parents if p.exists()), None) if not folder.exists() else folder
        if existing is not None and not existing.is_dir():
            raise DataError(str(database), f"{existing} is a file where a folder should be (storage.database): "
                                           "move it aside or point storage.database elsewhere")
        if Path(cfg.storage.database).is_absolute():
            raise TransientError(f"{database}: the folder {folder} does not exist (yet): is its storage mounted? "
                                 "(storage.database is an absolute path, so the bot does not create the folder)")
        folder.mkdir(parents=True, exist_ok=True)
    if not database.exists():
        return
    if database.is_dir():
        raise DataError(str(database), "is a folder, not a SQLite file (storage.database)")
    try:
        con = sqlite3.connect(database, timeout=5)
        try:
            rows = con.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise sqlite_problem(exc, database) from None
    if rows != [("ok",)]:
        first = rows[0][0] if rows and rows[0] else "no answer"
        raise sqlite_problem(sqlite3.DatabaseError(f"integrity check: {first}"), database)


def check_webhook_port(cfg: Config) -> None:
    """The webhook's address and port can be listened on (nothing else holds them)."""
    w = cfg.telegram.webhook
    try:
        with socket.create_server((w.listen, w.port)):
            pass
    except OSError as exc:
        raise webhook_problem(exc, cfg) from None


def webhook_problem(exc: OSError, cfg: Config) -> UserFacingError:
    w = cfg.telegram.webhook
    where = f"{w.listen}:{w.port}"
    if exc.errno == errno.EADDRINUSE:
        problem = f"{where} is in use by another process: stop it, or choose another telegram.webhook.port"
    elif exc.errno == errno.EACCES:
        problem = f"not allowed to listen on {where} (ports below 1024 need privileges): choose another port"
    else:
        problem = f"cannot listen on {where}: {exc.strerror or exc}"
    return ConfigError("config", "telegram.webhook.port", problem)


def preflight(cfg: Config) -> None:
    """Checks that need the machine, not just the file: the database, the webhook's port."""
    check_database(cfg)
    if cfg.telegram.mode == "webhook":
        check_webhook_port(cfg)


def exit_for(exc: BaseException, cfg: Config) -> tuple[int, str] | None:
    """(exit code, the one line to print) for an expected fault; None for a bug (let it raise)."""
    if isinstance(exc, UserFacingError):
        return EXIT_FIX, str(exc)
    if isinstance(exc, TransientError):
        return EXIT_TRANSIENT, str(exc)
    if isinstance(exc, InvalidToken):
        return EXIT_FIX, f"Telegram rejected the token in {cfg.telegram.token_env}"
    if isinstance(exc, NetworkError):
        return EXIT_TRANSIENT, f"cannot reach the Bot API at {cfg.telegram.api_base_url}: {exc}"
    if isinstance(exc, sqlite3.Error):
        problem = sqlite_problem(exc, cfg.database_path)
        return (EXIT_TRANSIENT if isinstance(problem, TransientError) else EXIT_FIX), str(problem)
    if isinstance(exc, OSError) and exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL) \
            and cfg.telegram.mode == "webhook":
        return EXIT_FIX, str(webhook_problem(exc, cfg))
    return None
