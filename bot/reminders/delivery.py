"""The broadcast engine: claim a delivery key, send, confirm; retry, migrate or disable on failure.

Nothing here imports python-telegram-bot except `classify_telegram_error`, which maps PTB's
exceptions to a `Failure` (and imports ``telegram.error`` only when called). The sender is an
injected ``async send(chat_id, text) -> None`` that raises on failure, so tests use a fake and
`bot.reminders.telegram` passes one calling ``bot.send_message(chat_id, text, parse_mode=HTML)``.

Per key (reminder, chat, scheduled time), until its grace period (scheduled time + ``grace``) is over:

1. `Store.claim` writes the key as *claimed* (a key that already has a row is never sent again),
   with the item the reminder's kind picks from the chat's position (`ReminderKind.pick`); a storage
   error (a full disk) leaves it unclaimed and it is tried again with backoff;
2. `Store.begin_send` counts the send as *in doubt* before it goes out, then ``send`` (with the read
   timeout the caller chose); on success `Store.mark_delivered` (tried until it is written: the
   message is out);
3. on failure the classified action (`classify_telegram_error`). A failure whose answer says the
   message was not delivered takes the doubt back (`Store.end_send`); one of unknown outcome (a read
   timeout, a connection cut mid-request) does not, and its one resend waits ``uncertain_pause``
   seconds; with two sends in doubt the key is given up (at most two copies reach a chat). Then:
   * RetryAfter   → wait ``retry_after`` seconds and send again;
   * Forbidden (kicked, blocked, deactivated) → disable every subscription of the chat, mark the
                    key failed, stop sending to that chat in this broadcast;
   * ChatMigrated → move the chat's subscriptions (and this claim) to the new supergroup id, resend there;
   * network / timeout / 5xx → back off (``backoff``: doubling up to a cap) and send again;
   * anything else (400 "chat not found", "not enough rights", other 403s) → mark failed, and count the
     chat's day in `Store.record_permanent_failure`: on its ``disable_after_days``-th day running the
     chat is disabled and ``on_disabled`` told (the bot admins get a message).
   ``max_attempts`` (0: no limit) caps the sends of one key.

Chats are served concurrently (at most `concurrency` sends in flight), each chat's keys one after the
other, so a chat that backs off or waits for RetryAfter never holds up the others. Telegram's global
limits (30 messages/s, 20/min per group) are the job of PTB's ``AIORateLimiter`` on the application's bot.

Every store call runs on the store's threads (``await store.write(...)``), never on the event loop.
Setting ``stopping`` (the bot stops) ends every wait and every send in flight at once: the broadcast
returns with those keys ``PENDING`` (still claimed), for the next start's catch-up. `Report.summary`
is the one line a slot logs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import enum
import html
import logging
import sqlite3
import time
import warnings
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.reminders.catalog import Catalog, Quote, Reminder
from bot.reminders.store import Delivery, DeliveryKey, Store, StoreClosed

T = TypeVar("T")

log = logging.getLogger(__name__)

SendFn = Callable[[int, str], Awaitable[None]]


# ----- the message, as plain data -----
@dataclass(frozen=True)
class ReminderMessage:
    reminder_id: str
    title: str
    quotes: tuple[Quote, ...]


def build_message(reminder: Reminder, item_index: int | None = None) -> ReminderMessage:
    return ReminderMessage(reminder.id, reminder.title, reminder.kind.item(item_index))


def render_text(msg: ReminderMessage) -> str:
    """Plain text: title, then each exact quote in 「」 followed by its source line."""
    parts = [f"【{msg.title}】"]
    for q in msg.quotes:
        parts.append(f"「{q.text}」\n—— {q.source}")
    return "\n\n".join(parts)


def render_html(msg: ReminderMessage) -> str:
    """The same for ``parse_mode=HTML``; every piece of text is escaped."""
    parts = [f"<b>{html.escape(msg.title)}</b>"]
    for q in msg.quotes:
        parts.append(f"<blockquote>{html.escape(q.text)}</blockquote>\n<i>—— {html.escape(q.source)}</i>")
    return "\n\n".join(parts)


# ----- failures -----
GONE_WORDS = ("kicked", "blocked", "deactivated", "deleted")


class Action(enum.Enum):
    RETRY_AFTER = "retry_after"  # wait as told, then resend
    FORBIDDEN = "forbidden"  # disable the chat
    MIGRATED = "migrated"  # move the chat to new_chat_id, resend there
    TRANSIENT = "transient"  # back off, resend
    PERMANENT = "permanent"  # give up on this key


@dataclass(frozen=True)
class Failure:
    action: Action
    detail: str = ""
    retry_after: float = 0.0
    new_chat_id: int | None = None
    uncertain: bool = False  # the request may have reached Telegram: the message may have been delivered


# httpx errors that mean the request never left (no connection): not in doubt.
_NOT_SENT = ("ConnectError", "ConnectTimeout", "PoolTimeout", "UnsupportedProtocol", "ProxyError")


def _sent_for_sure_not(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return cause is not None and type(cause).__name__ in _NOT_SENT


def classify_telegram_error(exc: BaseException) -> Failure:
    """python-telegram-bot's exceptions → what to do. The only place that knows PTB's error classes."""
    from telegram import error as tg

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, tg.RetryAfter):
        with warnings.catch_warnings():  # PTB 22 warns that the int form will become a timedelta
            warnings.simplefilter("ignore")
            value = exc.retry_after
        seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
        return Failure(Action.RETRY_AFTER, detail, retry_after=seconds)
    if isinstance(exc, tg.ChatMigrated):
        return Failure(Action.MIGRATED, detail, new_chat_id=int(exc.new_chat_id))
    if isinstance(exc, tg.Forbidden):
        if any(w in str(exc).lower() for w in GONE_WORDS):  # kicked, blocked, deleted: stop at once
            return Failure(Action.FORBIDDEN, detail)
        return Failure(Action.PERMANENT, detail)  # another 403: counted per day (`disable_after_days`)
    if isinstance(exc, tg.BadRequest):  # a subclass of NetworkError, but retrying will not help
        return Failure(Action.PERMANENT, detail)
    if isinstance(exc, tg.TimedOut):  # a read timeout: Telegram may have the message
        return Failure(Action.TRANSIENT, detail, uncertain=not _sent_for_sure_not(exc))
    if isinstance(exc, tg.NetworkError):
        # a 5xx answer (no cause) did not deliver; a connection lost mid-request may have
        return Failure(Action.TRANSIENT, detail, uncertain=exc.__cause__ is not None and not _sent_for_sure_not(exc))
    if isinstance(exc, asyncio.TimeoutError):
        return Failure(Action.TRANSIENT, detail, uncertain=True)
    if isinstance(exc, OSError):
        return Failure(Action.TRANSIENT, detail, uncertain=not isinstance(exc, ConnectionRefusedError))
    return Failure(Action.PERMANENT, detail)


@dataclass(frozen=True)
class Backoff:
    """Delay before retry n (1-based): base · factor^(n-1), at most `cap` seconds."""

    base: float = 1.0
    factor: float = 2.0
    cap: float = 60.0

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.base * self.factor ** max(0, attempt - 1))


# ----- outcomes -----
class Outcome(enum.Enum):
    DELIVERED = "delivered"
    ALREADY = "already"  # the key had a row: sent, in flight or skipped before
    DISABLED = "disabled"  # Forbidden, or failing for good N days running: chat disabled
    FAILED = "failed"  # given up: permanent error, the grace period over, or twice of unknown outcome
    NOT_SENT = "not_sent"  # the chat was disabled earlier in this broadcast
    PENDING = "pending"  # the bot is stopping: left claimed for the next start's catch-up


@dataclass
class Report:
    outcomes: dict[DeliveryKey, Outcome] = field(default_factory=dict)
    migrated: dict[int, int] = field(default_factory=dict)  # old chat id → new
    skipped: list[DeliveryKey] = field(default_factory=list)  # too late (start-up catch-up)
    expired: list[DeliveryKey] = field(default_factory=list)  # claimed before a crash, too late now
    reasons: dict[DeliveryKey, str] = field(default_factory=dict)  # why a key failed or its chat was disabled

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o is outcome)

    def merge(self, other: Report) -> Report:
        self.outcomes.update(other.outcomes)
        self.migrated.update(other.migrated)
        self.skipped.extend(other.skipped)
        self.expired.extend(other.expired)
        self.reasons.update(other.reasons)
        return self

    def summary(self) -> str:
        """One line: counts per outcome, then the chats given up with their reason (at most 10 named)."""
        counts = ", ".join(f"{n} {o.value}" for o, n in sorted(
            ((o, self.count(o)) for o in set(self.outcomes.values())), key=lambda x: x[0].value))
        failed = [(k, self.reasons.get(k, "")) for k, o in self.outcomes.items()
                  if o in (Outcome.FAILED, Outcome.DISABLED)]
        if not failed:
            return counts
        named = "; ".join(f"chat {k.chat_id}: {why}" for k, why in failed[:10])
        more = f"; and {len(failed) - 10} more" if len(failed) > 10 else ""
        return f"{counts}. Not delivered: {named}{more}"


class Stopped(Exception):
    """The bot is stopping: the broadcast leaves what is not done claimed, for the next start."""


STORAGE_ERRORS = (sqlite3.Error, OSError)


async def _race(awaitable: Awaitable[T], stopping: asyncio.Event) -> T:
    """`awaitable`'s result, unless `stopping` is set first: then it is cancelled and `Stopped` raised."""
    if stopping.is_set():
        if asyncio.iscoroutine(awaitable):
            awaitable.close()
        raise Stopped()
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        elif not task.cancelled():
            task.exception()  # retrieved, even when we are the ones being cancelled
    if task.cancelled() or not task.done():
        raise Stopped()
    return task.result()


# ----- the engine -----
class Broadcaster:
    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        send: SendFn,
        *,
        classify: Callable[[BaseException], Failure] = classify_telegram_error,
        render: Callable[[ReminderMessage], str] = render_text,
        concurrency: int = 16,
        max_attempts: int = 0,
        backoff: Backoff = Backoff(),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        grace: dt.timedelta = dt.timedelta(hours=1),
        uncertain_pause: float = 60.0,
        disable_after_days: int = 3,
        monotonic: Callable[[], float] = time.monotonic,
        on_disabled: Callable[[int, str], Awaitable[None]] | None = None,
    ):
        self.store, self.catalog, self.send = store, catalog, send
        self.classify, self.render = classify, render
        self.concurrency = concurrency
        self.max_attempts = max_attempts  # sends of one message before giving up; 0 = until the grace period ends
        self.backoff, self.sleep, self.monotonic = backoff, sleep, monotonic
        self.grace, self.uncertain_pause, self.disable_after_days = grace, uncertain_pause, disable_after_days
        self.stopping = asyncio.Event()  # set when the bot stops: waits and sends in flight end at once
        self.on_disabled = on_disabled  # told (chat id, reason) when a chat is disabled for failing for good

    async def broadcast(self, keys: Iterable[DeliveryKey], *, claimed: Iterable[Delivery] = (),
                        now: dt.datetime | None = None) -> Report:
        """Deliver new `keys` (claimed here) and already `claimed` deliveries (resumed after a restart).

        Each key is tried until its grace period (scheduled time + `grace`, measured from `now`) is
        over. Returns a report of what happened to each key. When `stopping` is set, or the task is
        cancelled, unfinished keys stay claimed (``Outcome.PENDING``), for the next start-up.
        """
        now = now or dt.datetime.now(dt.timezone.utc)
        per_chat: dict[int, list[tuple[DeliveryKey, Delivery | None]]] = {}
        for d in claimed:
            per_chat.setdefault(d.key.chat_id, []).append((d.key, d))
        for k in keys:
            per_chat.setdefault(k.chat_id, []).append((k, None))
        report = Report()
        semaphore = asyncio.Semaphore(self.concurrency) if self.concurrency > 0 else None
        started = self.monotonic()
        tasks = [asyncio.ensure_future(self._chat_items(items, report, semaphore, now, started))
                 for items in per_chat.values()]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return report

    async def _chat_items(self, items: list[tuple[DeliveryKey, Delivery | None]], report: Report,
                          semaphore: asyncio.Semaphore | None, now: dt.datetime, started: float) -> None:
        """One chat's keys, in order. The semaphore is held only while sending, never while waiting."""
        disabled = False
        for key, delivery in items:
            if disabled:
                if delivery is not None:
                    await self._best_effort(self.store.mark_failed, key, "chat disabled")
                report.outcomes[key] = Outcome.NOT_SENT
                continue
            if self.stopping.is_set():
                report.outcomes[key] = Outcome.PENDING
                continue
            deadline = started + (key.scheduled_at + self.grace - now).total_seconds()
            try:
                outcome = await self.deliver(key, delivery, report, semaphore=semaphore, deadline=deadline)
            except Stopped:
                outcome = Outcome.PENDING
            report.outcomes[key] = outcome
            disabled = outcome is Outcome.DISABLED

    async def _pause(self, seconds: float) -> None:
        """Wait (the injected `sleep`), ending at once with `Stopped` when the bot stops."""
        if seconds > 0:
            await _race(self.sleep(seconds), self.stopping)
        elif self.stopping.is_set():
            raise Stopped()

    async def _write(self, fn: Callable[..., T], *args, **kw) -> T:
        """A store write on the store's thread; a closed store means the bot is stopping."""
        try:
            return await self.store.write(fn, *args, **kw)
        except StoreClosed as exc:
            raise Stopped() from exc

    async def _best_effort(self, fn: Callable[..., T], *args, **kw) -> T | None:
        """A write whose failure is only logged (the key's row stays as it was)."""
        try:
            return await self._write(fn, *args, **kw)
        except STORAGE_ERRORS as exc:
            log.warning("could not record %s(%s): %s", getattr(fn, "__name__", fn), args[:1], exc)
            return None

    async def _until_written(self, fn: Callable[..., T], *args, **kw) -> T:
        """A write that must happen (the message went out): tried again with backoff until it does."""
        tries = 0
        while True:
            try:
                return await self._write(fn, *args, **kw)
            except STORAGE_ERRORS as exc:
                tries += 1
                if tries == 1:
                    log.warning("could not record %s(%s), trying again: %s", getattr(fn, "__name__", fn), args[:1], exc)
                await self._pause(self.backoff.delay(tries))

    async def deliver(self, key: DeliveryKey, delivery: Delivery | None = None, report: Report | None = None,
                      *, semaphore: asyncio.Semaphore | None = None, deadline: float | None = None) -> Outcome:
        """Claim (unless resuming `delivery`), send with retries until `deadline` (monotonic), record the result."""
        report = report if report is not None else Report()
        deadline = deadline if deadline is not None else self.monotonic() + self.grace.total_seconds()
        reminder = self.catalog.get(key.reminder_id)
        if reminder is None:
            log.warning("reminder %s no longer exists in the catalog; not sending %s", key.reminder_id, key)
            if delivery is not None:
                await self._best_effort(self.store.mark_failed, key, "reminder no longer in reminders.yaml")
            report.reasons[key] = "reminder no longer in reminders.yaml"
            return Outcome.FAILED

        def give_up(reason: str) -> Outcome:
            report.reasons[key] = reason
            return Outcome.FAILED

        storage_tries = 0
        while delivery is None:  # the claim: a storage error is tried again until the deadline
            try:
                delivery = await self._write(self.store.claim, key, pick=reminder.kind.pick)
            except STORAGE_ERRORS as exc:
                storage_tries += 1
                if storage_tries == 1:
                    log.warning("cannot claim %s for chat %s (%s); trying again until %s", key.reminder_id,
                                key.chat_id, exc, (key.scheduled_at + self.grace).isoformat(timespec="minutes"))
                if self.monotonic() >= deadline:
                    return give_up(f"storage error until the grace period ended: {exc}")
                await self._pause(min(self.backoff.delay(storage_tries), max(0.0, deadline - self.monotonic())))
                continue
            if delivery is None:
                return Outcome.ALREADY
        text = self.render(build_message(reminder, delivery.item_index))
        chat_id = key.chat_id
        tries = migrations = 0
        last = "no answer"
        pause = 0.0
        if delivery.in_doubt == 1 and delivery.last_send_at is not None:  # resumed after a send of unknown outcome
            waited = (dt.datetime.now(dt.timezone.utc) - delivery.last_send_at).total_seconds()
            pause = max(0.0, self.uncertain_pause - waited)
        while True:
            if pause > 0:
                if self.monotonic() + pause > deadline:
                    pause = max(0.0, deadline - self.monotonic())
                await self._pause(pause)
                pause = 0.0
            if self.monotonic() >= deadline:
                await self._best_effort(self.store.mark_failed, key, f"grace period over; last: {last}")
                return give_up(f"grace period over ({last})")
            if delivery.in_doubt >= 2:
                reason = "two sends of unknown outcome (read timeouts); not sent a third time"
                await self._best_effort(self.store.mark_failed, key, reason)
                return give_up(reason)
            if self.max_attempts and tries >= self.max_attempts:
                await self._best_effort(self.store.mark_failed, key, f"{tries} tries; last: {last}")
                log.error("giving up sending %s to chat %s: %s", key.reminder_id, chat_id, last)
                return give_up(f"{tries} tries ({last})")
            try:  # count the send as in doubt before it goes out
                began, current = await self._write(self.store.begin_send, key)
            except STORAGE_ERRORS as exc:
                last = f"storage: {exc}"
                log.debug("cannot record the send of %s to %s: %s", key.reminder_id, chat_id, exc)
                pause = self.backoff.delay(max(1, tries))
                continue
            if current is None:
                return Outcome.ALREADY  # no longer claimed (moved or finished elsewhere)
            delivery = current
            if not began:  # two sends already in doubt
                continue
            tries += 1
            try:
                if semaphore is None:
                    await _race(self.send(chat_id, text), self.stopping)
                else:
                    async with semaphore:
                        await _race(self.send(chat_id, text), self.stopping)
            except (asyncio.CancelledError, Stopped):
                raise  # the send stays in doubt: at most one more copy at the next start
            except Exception as exc:  # noqa: BLE001 - every failure is classified
                failure = self.classify(exc)
                last = failure.detail
                if failure.uncertain:
                    await self._best_effort(self.store.count_attempt, key)
                    log.warning("sending %s to chat %s: outcome unknown (%s); at most one more try, in %.0f s",
                                key.reminder_id, chat_id, failure.detail, self.uncertain_pause)
                else:
                    await self._best_effort(self.store.end_send, key)
                    delivery = dataclasses.replace(delivery, in_doubt=max(0, delivery.in_doubt - 1))
                if failure.action is Action.RETRY_AFTER:
                    log.info("flood control for chat %s: waiting %.1fs (%s)", chat_id, failure.retry_after, key.reminder_id)
                    pause = failure.retry_after
                    continue
                if failure.action is Action.TRANSIENT:
                    pause = self.backoff.delay(tries)
                    if failure.uncertain:
                        pause = max(pause, self.uncertain_pause)
                    log.debug("sending %s to %s failed (%s); retry in %.1fs", key.reminder_id, chat_id,
                              failure.detail, pause)
                    continue
                if failure.action is Action.MIGRATED and failure.new_chat_id is not None and migrations < 2:
                    migrations += 1
                    new_id = failure.new_chat_id
                    moved = await self._until_written(self.store.migrate_chat, chat_id, new_id)
                    log.warning("chat %s migrated to %s: moved %d subscription(s), resending", chat_id, new_id, moved)
                    report.migrated[chat_id] = new_id
                    key = dataclasses.replace(key, chat_id=new_id)
                    current = await self._until_written(self.store.delivery, key)
                    if current is None or current.state != "claimed":
                        # the new id already had this occurrence (sent or being sent): do not double it
                        return Outcome.ALREADY
                    delivery, chat_id = current, new_id
                    continue
                if failure.action is Action.FORBIDDEN:
                    n = await self._until_written(self.store.disable_chat, chat_id, failure.detail)
                    await self._best_effort(self.store.mark_failed, key, failure.detail)
                    log.warning("chat %s refused the bot (%s): disabled %d subscription(s)", chat_id, failure.detail, n)
                    report.reasons[key] = failure.detail
                    return Outcome.DISABLED
                return await self._permanent(key, chat_id, failure.detail, report)
            else:
                # Telegram has it: record it even if the broadcast is being cancelled meanwhile
                recording = asyncio.ensure_future(self._until_written(self.store.mark_delivered, key))
                try:
                    await asyncio.shield(recording)
                except asyncio.CancelledError:
                    await asyncio.wait({recording}, timeout=5)
                    recording.cancel()
                    raise
                return Outcome.DELIVERED

    async def _permanent(self, key: DeliveryKey, chat_id: int, detail: str, report: Report) -> Outcome:
        """A permanent error: the key is failed; the chat is disabled when it is its Nth day running."""
        await self._best_effort(self.store.mark_failed, key, detail)
        report.reasons[key] = detail
        day = key.scheduled_at.astimezone(self.store.tz).date()
        days = await self._best_effort(self.store.record_permanent_failure, chat_id, day, detail) or 0
        if self.disable_after_days and days >= self.disable_after_days:
            reason = f"failed for good {days} days running: {detail}"
            n = await self._until_written(self.store.disable_chat, chat_id, reason)
            log.error("chat %s disabled after %d days of permanent send errors (%s): %d subscription(s) stopped; "
                      "/subscribe in that chat starts them again", chat_id, days, detail, n)
            report.reasons[key] = reason
            if self.on_disabled is not None:
                try:
                    await self.on_disabled(chat_id, reason)
                except Exception:  # noqa: BLE001 - telling the admins must not stop the broadcast
                    log.exception("could not tell the bot admins that chat %s was disabled", chat_id)
            return Outcome.DISABLED
        log.warning("sending %s to chat %s failed for good (%s), day %d of %d before the chat is disabled",
                    key.reminder_id, chat_id, detail, days, self.disable_after_days)
        return Outcome.FAILED
