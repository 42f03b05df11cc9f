"""The last knowledge that loaded: a copy the bot can start from when the knowledge folder is broken.

Every start that loads the knowledge folder (the speeches and ``reminders.yaml``), and every /reload or
SIGHUP that passes the check, copies the folder to ``last-good-knowledge/`` beside the database
(`copy_path`; default ``var/last-good-knowledge``), replacing the previous copy in one rename.

A start whose knowledge folder does not load (`matcher_at_start`) serves that copy instead of
exiting: it logs at ERROR, loudly, what is broken and from where it serves; /reload says so too (the
serving knowledge base's ``kb.root`` is the copy, `serving_copy`), and ``python -m bot check`` keeps
failing on the real folder until it is fixed. Fixing the folder and sending /reload (or SIGHUP) puts
it back in service. Without a copy (the very first start), a broken folder still stops the start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from bot.config import Config
from bot.errors import UserFacingError

log = logging.getLogger(__name__)

COPY_NAME = "last-good-knowledge"


def copy_path(cfg: Config) -> Path:
    """Where the copy lives: beside the database (the bot's writable folder)."""
    return cfg.database_path.parent / COPY_NAME


def save_copy(cfg: Config, source: Path | None = None) -> Path | None:
    """Copy the knowledge folder (or `source`) to `copy_path`, replacing the old copy at once; None on failure."""
    source = Path(source or cfg.knowledge_path)
    target = copy_path(cfg)
    if source.resolve() == target.resolve():
        return target  # serving the copy itself: nothing new to keep
    fresh = target.with_name(f"{COPY_NAME}.new-{os.getpid()}")
    old = target.with_name(f"{COPY_NAME}.old-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(source, fresh)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:  # a full disk must not stop the bot: the previous copy (if any) stays
        log.warning("could not keep a copy of the knowledge in %s: %s", target, exc)
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        return None
    return target


def serving_copy(kb_root: Path, cfg: Config) -> bool:
    """Whether the knowledge base being served was loaded from the last good copy."""
    try:
        return Path(kb_root).resolve() == copy_path(cfg).resolve()
    except OSError:  # pragma: no cover
        return False


def saved_at(cfg: Config) -> str:
    """When the copy was made (local time of the copy's folder), for messages."""
    try:
        stamp = copy_path(cfg).stat().st_mtime
    except OSError:
        return "?"
    return dt.datetime.fromtimestamp(stamp, cfg.tz).strftime("%Y-%m-%d %H:%M")


def _load(cfg: Config):
    """The matcher of `cfg`'s folder, and its reminders checked against it (both must load)."""
    from bot.qa.matcher import Matcher
    from bot.reminders.catalog import load_catalog

    matcher = Matcher.from_config(cfg)
    load_catalog(cfg.knowledge_path, matcher.kb, tz=cfg.tz)
    return matcher


def matcher_at_start(cfg: Config):
    """The matcher to start with: the knowledge folder's, or, when it does not load, the last good copy's.

    Raises the folder's `UserFacingError` when there is no copy to fall back on.
    """
    try:
        matcher = _load(cfg)
    except UserFacingError as exc:
        copy = copy_path(cfg)
        if not copy.is_dir():
            raise
        fallback = dataclasses.replace(cfg, knowledge_dir=str(copy))
        try:
            matcher = _load(fallback)
        except UserFacingError:
            log.error("the last good copy %s does not load either", copy)
            raise exc from None
        log.error("!!! THE KNOWLEDGE FOLDER %s DOES NOT LOAD: %s. SERVING THE LAST GOOD COPY %s (saved %s). "
                  "Fix the folder (python -m bot check lists the problems), then send /reload or SIGHUP.",
                  cfg.knowledge_path, exc, copy, saved_at(cfg))
        return matcher
    save_copy(cfg)
    return matcher
