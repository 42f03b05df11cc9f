"""The broadcast engine: claim a delivery key, send, confirm; retry, migrate or disable on failure.

Nothing here imports python-telegram-bot except `classify_telegram_error`, which maps PTB's
exceptions to a `Failure` (and imports ``telegram.error`` only when called). The sender is an
injected ``async send(chat_id, text) -> None`` that raises on failure, so tests use a fake and
`bot.reminders.telegram` passes one calling ``bot.send_message(chat_id, text, parse_mode=HTML)``.

Per key (reminder, chat, scheduled time):

1. `Store.claim` writes the key as *claimed* (a key that already has a row is never sent again),
   with the item the reminder's kind picks from the chat's position (`ReminderKind.pick`);
2. ``send``; on success `Store.mark_delivered`;
3. on failure the classified action:
   * RetryAfter   → wait ``retry_after`` seconds (the injected ``sleep``) and send again;
   * Forbidden    → the bot was kicked or blocked: disable every subscription of the chat, mark the
                    key failed, stop sending to that chat in this broadcast;
   * ChatMigrated → move the chat's subscriptions (and this claim) to the new supergroup id, resend there;
   * network / timeout / 5xx → retry with exponential backoff, up to ``max_attempts``;
   * anything else (400 Bad Request …) → mark failed and log.

Chats are served concurrently (at most `concurrency` sends in flight), each chat's keys one after the other, so a
chat that backs off or waits for RetryAfter never holds up the others. Telegram's global limits
(30 messages/s, 20/min per group) are the job of PTB's ``AIORateLimiter`` on the application's bot.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import enum
import html
import logging
import warnings
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from bot.reminders.catalog import Catalog, Quote, Reminder
from bot.reminders.store import Delivery, DeliveryKey, Store

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
        return Failure(Action.FORBIDDEN, detail)
    if isinstance(exc, tg.BadRequest):  # a subclass of NetworkError, but retrying will not help
        return Failure(Action.PERMANENT, detail)
    if isinstance(exc, (tg.TimedOut, tg.NetworkError)):  # timeouts, connection errors, 5xx
        return Failure(Action.TRANSIENT, detail)
    if isinstance(exc, (OSError, asyncio.TimeoutError)):
        return Failure(Action.TRANSIENT, detail)
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
    DISABLED = "disabled"  # Forbidden: chat disabled
    FAILED = "failed"
    NOT_SENT = "not_sent"  # the chat was disabled earlier in this broadcast


@dataclass
class Report:
    outcomes: dict[DeliveryKey, Outcome] = field(default_factory=dict)
    migrated: dict[int, int] = field(default_factory=dict)  # old chat id → new
    skipped: list[DeliveryKey] = field(default_factory=list)  # too late (start-up catch-up)
    expired: list[DeliveryKey] = field(default_factory=list)  # claimed before a crash, too late now

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o is outcome)

    def merge(self, other: Report) -> Report:
        self.outcomes.update(other.outcomes)
        self.migrated.update(other.migrated)
        self.skipped.extend(other.skipped)
        self.expired.extend(other.expired)
        return self


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
        max_attempts: int = 5,
        max_retry_after: int = 10,
        backoff: Backoff = Backoff(),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ):
        self.store, self.catalog, self.send = store, catalog, send
        self.classify, self.render = classify, render
        self.concurrency = concurrency
        self.max_attempts, self.max_retry_after = max_attempts, max_retry_after
        self.backoff, self.sleep = backoff, sleep

    async def broadcast(self, keys: Iterable[DeliveryKey], *, claimed: Iterable[Delivery] = ()) -> Report:
        """Deliver new `keys` (claimed here) and already `claimed` deliveries (resumed after a crash).

        Returns a report of what happened to each key. Cancelling (shutdown) leaves unfinished keys
        claimed, to be resumed at the next start-up.
        """
        per_chat: dict[int, list[tuple[DeliveryKey, Delivery | None]]] = {}
        for d in claimed:
            per_chat.setdefault(d.key.chat_id, []).append((d.key, d))
        for k in keys:
            per_chat.setdefault(k.chat_id, []).append((k, None))
        report = Report()
        semaphore = asyncio.Semaphore(self.concurrency) if self.concurrency > 0 else None
        tasks = [asyncio.ensure_future(self._chat_items(items, report, semaphore)) for items in per_chat.values()]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return report

    async def _chat_items(self, items: list[tuple[DeliveryKey, Delivery | None]], report: Report,
                          semaphore: asyncio.Semaphore | None) -> None:
        """One chat's keys, in order. The semaphore is held only while sending, never while waiting."""
        disabled = False
        for key, delivery in items:
            if disabled:
                if delivery is not None:
                    self.store.mark_failed(key, "chat disabled (Forbidden)")
                report.outcomes[key] = Outcome.NOT_SENT
                continue
            outcome = await self.deliver(key, delivery, report, semaphore=semaphore)
            report.outcomes[key] = outcome
            disabled = outcome is Outcome.DISABLED

    async def deliver(self, key: DeliveryKey, delivery: Delivery | None = None, report: Report | None = None,
                      *, semaphore: asyncio.Semaphore | None = None) -> Outcome:
        """Claim (unless resuming `delivery`), send with retries, and record the result."""
        report = report if report is not None else Report()
        reminder = self.catalog.get(key.reminder_id)
        if reminder is None:
            log.warning("reminder %s no longer exists in the catalog; not sending %s", key.reminder_id, key)
            if delivery is not None:
                self.store.mark_failed(key, "reminder no longer in reminders.yaml")
            return Outcome.FAILED
        if delivery is None:
            delivery = self.store.claim(key, pick=reminder.kind.pick)
            if delivery is None:
                return Outcome.ALREADY
        text = self.render(build_message(reminder, delivery.item_index))
        chat_id = key.chat_id
        transient = retry_waits = migrations = 0
        while True:
            try:
                if semaphore is None:
                    await self.send(chat_id, text)
                else:
                    async with semaphore:
                        await self.send(chat_id, text)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - every failure is classified
                failure = self.classify(exc)
                self.store.count_attempt(key)
                if failure.action is Action.RETRY_AFTER and retry_waits < self.max_retry_after:
                    retry_waits += 1
                    log.info("flood control for chat %s: waiting %.1fs (%s)", chat_id, failure.retry_after, key.reminder_id)
                    await self.sleep(failure.retry_after)
                    continue
                if failure.action is Action.TRANSIENT and transient + 1 < self.max_attempts:
                    transient += 1
                    delay = self.backoff.delay(transient)
                    log.info("sending %s to %s failed (%s); retry %d in %.1fs",
                             key.reminder_id, chat_id, failure.detail, transient, delay)
                    await self.sleep(delay)
                    continue
                if failure.action is Action.MIGRATED and failure.new_chat_id is not None and migrations < 2:
                    migrations += 1
                    new_id = failure.new_chat_id
                    moved = self.store.migrate_chat(chat_id, new_id)
                    log.warning("chat %s migrated to %s: moved %d subscription(s), resending", chat_id, new_id, moved)
                    report.migrated[chat_id] = new_id
                    key = dataclasses.replace(key, chat_id=new_id)
                    current = self.store.delivery(key)
                    if current is None or current.state != "claimed":
                        # the new id already had this occurrence (sent or being sent): do not double it
                        return Outcome.ALREADY
                    chat_id = new_id
                    continue
                if failure.action is Action.FORBIDDEN:
                    n = self.store.disable_chat(chat_id, failure.detail)
                    self.store.mark_failed(key, failure.detail)
                    log.warning("chat %s refused the bot (%s): disabled %d subscription(s)", chat_id, failure.detail, n)
                    return Outcome.DISABLED
                self.store.mark_failed(key, failure.detail)
                log.error("giving up sending %s to chat %s: %s", key.reminder_id, chat_id, failure.detail)
                return Outcome.FAILED
            else:
                self.store.mark_delivered(key)
                return Outcome.DELIVERED
