"""Two lanes to Telegram: interactive answers go out at once, broadcasts are paced, and a 429 stays in its lane.

Telegram allows about 30 messages a second overall and 20 a minute into one group, and answers 429
with ``retry_after`` beyond that; it tolerates short bursts, which is what a group asking four
questions at once needs. PTB's ``AIORateLimiter`` paces *every* message to a group at the broadcast
rate (four answers came at 0, 3, 6 and 9 s) and a 429 on any send holds *every* request, users'
answers included, for ``retry_after``. `LaneRateLimiter` instead has two lanes:

* **interactive** (a reply to what a person just did: an answer, a button's result, an apology):
  sent at once, without pacing. A 429 holds further sends to *that chat* for ``retry_after`` and the
  request is retried (at most `max_retries` times); other chats and the broadcast lane go on.
* **broadcast** (everything else, i.e. the scheduled reminders): one message every 1/29 s overall
  and one every 3 s per group (buckets of one message, so no burst of 30 at a slot's start), in
  the order the senders asked. A 429 holds the broadcast lane for ``retry_after`` + 0.1 s and the
  request is retried; the interactive lane is not held. Interactive sends take their place in the
  overall pacing (each pushes the next broadcast slot by 1/29 s), so the two lanes together stay
  near Telegram's overall limit.

Requests without a ``chat_id`` (getUpdates, answerCallbackQuery, answerInlineQuery, getMe …) are never
paced; a 429 on them is waited out for that request only.

The lane is chosen by a context variable: code sending on a person's behalf wraps the call in
``with interactive():`` (`bot.telegram_app.sending` does this for every reply). Anything else is a
broadcast, so a send that nobody marked is paced, the safe default. A context variable rather than an
argument because the handlers reach Telegram through PTB's shortcuts (``message.reply_text``) and
because the mark must not leak: it is set and reset around the send itself, never for a whole
update (a job scheduled from a handler would inherit it). `broadcast_kwargs` / ``rate_limit_args``
of ``"broadcast"`` or ``"interactive"`` name the lane explicitly instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

INTERACTIVE, BROADCAST = "interactive", "broadcast"
_LANE: contextvars.ContextVar[str] = contextvars.ContextVar("telegram_lane", default=BROADCAST)


@contextlib.contextmanager
def interactive() -> Iterator[None]:
    """Requests made inside go out in the interactive lane (answers to a person)."""
    token = _LANE.set(INTERACTIVE)
    try:
        yield
    finally:
        _LANE.reset(token)


class Pace:
    """At most one event every `interval` seconds, in the order the slots are reserved (a bucket of one)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic):
        self.interval, self.clock = interval, clock
        self.next_free = float("-inf")

    def reserve(self) -> float:
        """Take the next free slot; returns how long to wait for it."""
        now = self.clock()
        slot = max(now, self.next_free)
        self.next_free = slot + self.interval
        return slot - now

    def note(self) -> None:
        """An event that did not wait (an interactive send): later slots move back by one interval."""
        self.next_free = max(self.next_free, self.clock()) + self.interval

    def push_to(self, moment: float) -> None:
        self.next_free = max(self.next_free, moment)


class LaneRateLimiter(BaseRateLimiter[str]):
    """PTB rate limiter with an unpaced interactive lane and a paced broadcast lane (see the module docstring)."""

    def __init__(self, overall_per_second: float = 29.0, group_interval: float = 3.0, max_retries: int = 2,
                 clock: Callable[[], float] = time.monotonic):
        self.overall_per_second, self.group_interval, self.max_retries = overall_per_second, group_interval, max_retries
        self.clock = clock
        self.overall = Pace(1.0 / overall_per_second, clock)
        self._groups: dict[Any, Pace] = {}
        self._broadcast_held_until = 0.0
        self._chat_held_until: dict[Any, float] = {}
        self.retries = {INTERACTIVE: 0, BROADCAST: 0}  # 429s waited out, per lane (for tests and benchmarks)

    def describe(self) -> dict:
        return {"overall": f"1 per {1 / self.overall_per_second:.4g} s (broadcast lane)",
                "group": f"1 per {self.group_interval:g} s (broadcast lane)",
                "interactive": "unpaced, 429 held per chat", "max_retries": self.max_retries}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    # ----- holds after a 429 -----
    async def _wait_until(self, moment: Callable[[], float]) -> bool:
        """Sleep until `moment()` has passed; True when there was anything to wait for."""
        waited = False
        while (delay := moment() - self.clock()) > 0:
            waited = True
            await asyncio.sleep(delay)
        return waited

    def _group_pace(self, chat_id: Any) -> Pace:
        if len(self._groups) > 2048:  # forget groups whose pacing is long over
            now = self.clock()
            self._groups = {k: p for k, p in self._groups.items() if p.next_free > now}
        pace = self._groups.get(chat_id)
        if pace is None:
            pace = self._groups[chat_id] = Pace(self.group_interval, self.clock)
        return pace

    def _chat_hold(self, chat_id: Any) -> Callable[[], float]:
        return lambda: self._chat_held_until.get(chat_id, 0.0)

    def _hold_chat(self, chat_id: Any, seconds: float) -> None:
        if len(self._chat_held_until) > 2048:
            now = self.clock()
            self._chat_held_until = {k: v for k, v in self._chat_held_until.items() if v > now}
        until = self.clock() + seconds
        self._chat_held_until[chat_id] = max(self._chat_held_until.get(chat_id, 0.0), until)

    # ----- the lanes -----
    async def _interactive(self, chat_id: Any, call: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        await self._wait_until(self._chat_hold(chat_id))
        self.overall.note()
        return await call()

    async def _broadcast(self, chat_id: Any, group: bool, call: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        if group:
            await asyncio.sleep(self._group_pace(chat_id).reserve())
        while True:
            await self._wait_until(lambda: self._broadcast_held_until)
            await self._wait_until(self._chat_hold(chat_id))
            await asyncio.sleep(self.overall.reserve())
            if self._broadcast_held_until <= self.clock():  # a 429 while we waited: queue again behind it
                return await call()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Any:
        lane = rate_limit_args if rate_limit_args in (INTERACTIVE, BROADCAST) else _LANE.get()
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)

        def call() -> Coroutine[Any, Any, Any]:
            return callback(*args, **kwargs)

        for attempt in range(self.max_retries + 1):
            try:
                if chat_id is None:
                    return await call()
                if lane == INTERACTIVE:
                    return await self._interactive(chat_id, call)
                return await self._broadcast(chat_id, group, call)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                wait = exc._retry_after.total_seconds() + 0.1  # noqa: SLF001 - PTB keeps the exact value there
                self.retries[lane] += 1
                log.info("429 on %s (%s lane): retrying after %.1f s", endpoint, lane, wait)
                if chat_id is None:
                    await asyncio.sleep(wait)
                elif lane == INTERACTIVE:
                    self._hold_chat(chat_id, wait)
                else:
                    until = self.clock() + wait
                    self._broadcast_held_until = max(self._broadcast_held_until, until)
                    self.overall.push_to(until)
        raise AssertionError("unreachable")  # pragma: no cover


def broadcast_kwargs(bot: Any) -> dict:
    """``rate_limit_args`` naming the broadcast lane, when the bot has a `LaneRateLimiter` (PTB refuses them without one)."""
    return {"rate_limit_args": BROADCAST} if isinstance(getattr(bot, "rate_limiter", None), LaneRateLimiter) else {}
