"""Telegram's 409 Conflict, reported once in plain words instead of a traceback per poll.

Telegram answers ``getUpdates`` with 409 Conflict when another process polls with the same token
(another machine, a forgotten test copy with its own database, so the instance lock cannot see it),
or when a webhook is set for the token. python-telegram-bot raises `telegram.error.Conflict` for it
on every poll, every 1–30 s.

`ConflictReporter.handle(error)` is meant for the polling error callback / the error handler: it
returns False for anything that is not a Conflict (handle it as before) and True for a Conflict,
which it logs as one WARNING line the first time, then again at most once per `repeat_seconds`
(with how many were left out), until `clear()` says polling works again.

    reporter = ConflictReporter()
    def on_polling_error(exc):            # Updater.start_polling(error_callback=...)
        if not reporter.handle(exc):
            log.error("polling failed: %s", exc)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger("bot.ops.conflict")

REPEAT_SECONDS = 3600.0


def is_conflict(error: BaseException | None) -> bool:
    """True for Telegram's 409 Conflict (`telegram.error.Conflict`), also when it is the cause of `error`."""
    from telegram.error import Conflict

    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, Conflict):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def conflict_message(error: BaseException | None = None) -> str:
    """The one plain line for an operator: what happened and what to do."""
    detail = str(getattr(error, "message", "") or error or "").lower()
    if "webhook" in detail:
        return ("Telegram refuses polling (409 Conflict): a webhook is set for this bot token. Run this bot in "
                "webhook mode, or stop the other deployment and delete the webhook; retrying quietly.")
    return ("Telegram refuses polling (409 Conflict): another process is polling with the same bot token "
            "(another machine or a forgotten copy). Stop the other one; this bot keeps retrying quietly.")


class ConflictReporter:
    """Logs a run of Conflicts as one line (again at most once per `repeat_seconds`)."""

    def __init__(self, logger: logging.Logger | None = None, repeat_seconds: float = REPEAT_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.log = logger or log
        self.repeat_seconds = repeat_seconds
        self.clock = clock
        self.count = 0  # Conflicts seen since the last clear()
        self._last_logged: float | None = None
        self._suppressed = 0

    @property
    def active(self) -> bool:
        """A Conflict was seen and polling has not been reported working since."""
        return self.count > 0

    def handle(self, error: BaseException | None) -> bool:
        """True (and logged, or counted) when `error` is a 409 Conflict; False for anything else."""
        if not is_conflict(error):
            return False
        self.count += 1
        now = self.clock()
        if self._last_logged is None or now - self._last_logged >= self.repeat_seconds:
            line = conflict_message(error)
            if self._suppressed:
                line += f" ({self._suppressed} more since the last report)"
            self.log.warning("%s", line)
            self._last_logged, self._suppressed = now, 0
        else:
            self._suppressed += 1
        return True

    def clear(self) -> None:
        """Polling works again: log that once (when there was a conflict) and start over."""
        if self.count:
            self.log.info("Telegram accepts polling again after %d conflict(s)", self.count)
        self.count, self._last_logged, self._suppressed = 0, None, 0
