"""The reminder feature without Telegram: everything the commands and the jobs ask for.

`ReminderService` ties the catalog, the store and the broadcaster together; `bot.reminders.telegram`
and `bot.reminders.jobs` call it and never the store directly:

* ``subscribe(chat_id, args)`` / ``unsubscribe(chat_id, args)`` parse the command arguments
  (``/subscribe``, ``/subscribe duty``, ``/subscribe duty 08:30``) and change the store, raising
  `UsageError` (a message for the user naming what is wrong) on bad arguments;
* ``listing(chat_id, now)`` is what ``/reminders`` shows: each subscription and its next fire time;
* ``preview(chat_id, reminder_id)`` is the text ``/remind_now`` sends: the reminder's kind picks the
  item from the chat's position, which does not move, and no delivery key is written;
* ``stop_chat`` / ``move_chat``: the bot removed from a chat, a group become a supergroup;
* ``run_slot(reminder_id, at, now)`` is the body of a JobQueue job: every chat subscribed to that
  reminder at that time of day, if the schedule fires today (``enabled_subscriptions`` is what the
  job table is built from, ``heartbeat`` what the heartbeat job records);
* ``start_up(now)`` runs once before the jobs: resume claimed-but-unconfirmed keys and send what
  fell due while the bot was down, within the grace period; older ones are recorded as skipped
  and logged.

Times of day are `datetime.time` carrying the service's zone (`tz`), parsed here from command and
config arguments with `parse_hhmm`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.errors import UserFacingError
from bot.qa.knowledge import KnowledgeBase
from bot.reminders.catalog import Catalog, Reminder, load_catalog
from bot.reminders.delivery import (
    STORAGE_ERRORS,
    Backoff,
    Broadcaster,
    ReminderMessage,
    Report,
    SendFn,
    build_message,
    render_text,
)
from bot.reminders.schedule import DEFAULT_TZ, fire_time, next_fire, occurrences, parse_hhmm
from bot.reminders.store import DeliveryKey, Store, Subscription

log = logging.getLogger(__name__)

# At start-up, occurrences missed longer ago than this are only counted in the log, not recorded one by one.
MAX_SKIP_LOOKBACK = dt.timedelta(days=7)


class UsageError(UserFacingError):
    """Bad command arguments; the message is meant for the user.

    `problem` says what is wrong for messages in other languages: ``too_many`` (arguments),
    ``unknown`` (reminder id `value`), ``bad_time`` (`value` is not HH:MM) or ``missing`` (an argument);
    `command` is the command whose usage to show.
    """

    def __init__(self, message: str, *, problem: str = "", value: str = "", command: str = ""):
        super().__init__(message)
        self.problem, self.value, self.command = problem, value, command


def effective_time(sub: Subscription, reminder: Reminder) -> dt.time:
    """The time of day a subscription fires at: the chat's own, or the reminder's."""
    return sub.time or reminder.schedule.time


def due_keys(
    catalog: Catalog,
    subscriptions: Iterable[Subscription],
    start: dt.datetime,
    end: dt.datetime,
    *,
    tz: dt.tzinfo = DEFAULT_TZ,
) -> list[DeliveryKey]:
    """Pure: every (reminder, chat, fire time) in (start, end] of the enabled subscriptions.

    An occurrence before the subscription was created is not due (subscribing at 08:45 does not
    produce the 08:30 reminder of that morning).
    """
    out = []
    for sub in subscriptions:
        reminder = catalog.get(sub.reminder_id)
        if reminder is None or not sub.enabled:
            continue
        lower = max(start, sub.created)
        for moment in occurrences(reminder.schedule, lower, end, tz=tz, at=effective_time(sub, reminder)):
            out.append(DeliveryKey(sub.reminder_id, sub.chat_id, moment))
    out.sort(key=lambda k: (k.scheduled_at, k.reminder_id, k.chat_id))
    return out


def slot_day(at: dt.time, now: dt.datetime, tz: dt.tzinfo = DEFAULT_TZ) -> dt.date:
    """The local date of the occurrence of time-of-day `at` nearest to `now` (a job runs at most
    minutes late, and never hours early)."""
    today = now.astimezone(tz).date()
    days = (today - dt.timedelta(days=1), today, today + dt.timedelta(days=1))
    return min(days, key=lambda d: abs(fire_time(d, at, tz) - now))


@dataclass(frozen=True)
class ListedSubscription:
    reminder_id: str
    title: str
    time: dt.time
    own_time: bool  # the chat chose the time
    enabled: bool
    next_fire: dt.datetime | None  # None when disabled or nothing within a year
    schedule: str  # e.g. "工作日 08:30"
    disabled_reason: str | None = None  # e.g. "failed for good 3 days running: BadRequest: Chat not found"


class ReminderService:
    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        broadcaster: Broadcaster,
        *,
        tz: dt.tzinfo = DEFAULT_TZ,
        grace: dt.timedelta = dt.timedelta(hours=1),
    ):
        self.store, self.catalog, self.broadcaster = store, catalog, broadcaster
        self.tz, self.grace = tz, grace
        broadcaster.grace = grace  # one grace period: for the catch-up and for retrying a slot

    @classmethod
    def from_config(cls, cfg: Any, kb: KnowledgeBase, send: SendFn, *,
                    render: Callable[[ReminderMessage], str] = render_text, store: Store | None = None,
                    catalog: Catalog | None = None, **broadcaster_options: Any) -> ReminderService:
        """Everything from `bot.config.Config`: the database file, reminders.yaml in the knowledge
        folder (unless `catalog` is given), the time zone, the grace period and the sending options."""
        catalog = catalog or load_catalog(cfg.knowledge_path, kb, tz=cfg.tz)
        store = store or Store(cfg.database_path, tz=cfg.tz)
        r = cfg.reminders
        options = {"concurrency": r.send_concurrency, "max_attempts": r.max_attempts,
                   "backoff": Backoff(base=r.retry_backoff_seconds, factor=2.0, cap=r.retry_backoff_max_seconds),
                   "uncertain_pause": r.uncertain_pause_seconds, "disable_after_days": r.disable_after_failing_days,
                   **broadcaster_options}
        broadcaster = Broadcaster(store, catalog, send, render=render, **options)
        return cls(store, catalog, broadcaster, tz=cfg.tz,
                   grace=dt.timedelta(minutes=cfg.reminders.grace_period_minutes))

    # ----- commands -----
    def parse_subscribe_args(self, args: Sequence[str]) -> tuple[tuple[str, ...], dt.time | None]:
        """``[]`` → defaults; ``[id]``; ``[id, HH:MM]``. Returns (reminder ids, time or None)."""
        if len(args) > 2:
            raise UsageError(f"too many arguments. Usage: {self.usage('subscribe')}",
                             problem="too_many", command="subscribe")
        if not args:
            return self.catalog.defaults, None
        rid = self.catalog.resolve(args[0])
        if rid is None:
            raise UsageError(f"unknown reminder {args[0]!r}. Known: {', '.join(self.catalog.ids)}. "
                             f"Usage: {self.usage('subscribe')}", problem="unknown", value=args[0], command="subscribe")
        if len(args) == 1:
            return (rid,), None
        try:
            at = parse_hhmm(args[1], self.tz)
        except ValueError as exc:
            raise UsageError(f"{exc}. Usage: {self.usage('subscribe')}", problem="bad_time", value=args[1],
                             command="subscribe") from None
        return (rid,), at

    def usage(self, command: str) -> str:
        ids = "|".join(self.catalog.ids)
        return {
            "subscribe": f"/subscribe [{ids}] [HH:MM]",
            "unsubscribe": f"/unsubscribe [{ids}]",
            "remind_now": f"/remind_now <{ids}>",
        }[command]

    def subscribe(self, chat_id: int, args: Sequence[str], *, now: dt.datetime | None = None) -> tuple[str, ...]:
        """Apply ``/subscribe`` arguments; returns the reminder ids now subscribed by this command."""
        ids, at = self.parse_subscribe_args(args)
        for rid in ids:
            self.store.subscribe(chat_id, rid, at, now=now)
        return ids

    def unsubscribe(self, chat_id: int, args: Sequence[str]) -> int:
        """Apply ``/unsubscribe [id]``; returns how many subscriptions were removed."""
        if len(args) > 1:
            raise UsageError(f"too many arguments. Usage: {self.usage('unsubscribe')}",
                             problem="too_many", command="unsubscribe")
        if args:
            rid = self.catalog.resolve(args[0])
            if rid is None:
                raise UsageError(f"unknown reminder {args[0]!r}. Known: {', '.join(self.catalog.ids)}",
                                 problem="unknown", value=args[0], command="unsubscribe")
            return self.store.unsubscribe(chat_id, rid)
        return self.store.unsubscribe(chat_id)

    def listing(self, chat_id: int, now: dt.datetime) -> list[ListedSubscription]:
        """What ``/reminders`` shows for a chat."""
        out = []
        for sub in self.store.subscriptions(chat_id):
            reminder = self.catalog.get(sub.reminder_id)
            if reminder is None:
                continue
            at = effective_time(sub, reminder)
            nxt = next_fire(reminder.schedule, now, tz=self.tz, at=at) if sub.enabled else None
            out.append(ListedSubscription(sub.reminder_id, reminder.title, at, sub.time is not None, sub.enabled,
                                          nxt, reminder.schedule.describe(at), sub.disabled_reason))
        return out

    def preview(self, chat_id: int, reminder_id: str) -> str:
        """The text of ``/remind_now id``: the reminder as it would fire next for this chat."""
        reminder = self.catalog.get(self.catalog.resolve(reminder_id) or "")
        if reminder is None:
            raise UsageError(f"unknown reminder {reminder_id!r}. Usage: {self.usage('remind_now')}",
                             problem="unknown", value=reminder_id, command="remind_now")
        index, _ = reminder.kind.pick(self.store.rotation_position(chat_id, reminder.id))
        return self.broadcaster.render(build_message(reminder, index))

    def apply_fixed_subscriptions(self, fixed: Iterable[object], *, now: dt.datetime | None = None) -> None:
        """config.yaml `reminders.fixed_subscriptions` → the store (unknown ids raise UsageError)."""
        for f in fixed:
            rid, chat_id, text = f.reminder, f.chat_id, f.time  # type: ignore[attr-defined]
            if rid not in self.catalog:
                raise UsageError(f"config reminders.fixed_subscriptions: unknown reminder {rid!r}")
            time = None
            if text:
                try:
                    time = parse_hhmm(text, self.tz)
                except ValueError as exc:
                    raise UsageError(f"config reminders.fixed_subscriptions ({chat_id}, {rid}): {exc}") from None
            self.store.ensure_subscribed(chat_id, rid, time, now=now)

    # ----- chats -----
    def stop_chat(self, chat_id: int, reason: str) -> int:
        """The bot was removed from a chat (or blocked): stop its reminders; returns how many were enabled."""
        return self.store.disable_chat(chat_id, reason)

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: its subscriptions follow; returns how many moved."""
        return self.store.migrate_chat(old_chat_id, new_chat_id)

    def all_chats(self) -> list[tuple[int, list[Subscription], dt.datetime | None]]:
        """Every chat with subscriptions (enabled or stopped) and its last delivery: /subscriptions."""
        by_chat: dict[int, list[Subscription]] = {}
        for sub in self.store.subscriptions():
            by_chat.setdefault(sub.chat_id, []).append(sub)
        last = self.store.last_delivered()
        return [(chat, subs, last.get(chat)) for chat, subs in sorted(by_chat.items())]

    def enabled_subscriptions(self) -> list[Subscription]:
        """Every chat's enabled subscriptions: what the reminder jobs are built from."""
        return self.store.subscriptions(enabled_only=True)

    def close(self) -> None:
        self.store.close()

    # ----- jobs (async: the store is used on its own threads) -----
    async def heartbeat(self, now: dt.datetime) -> None:
        """Record that the scheduler is alive (start-up uses it to log what a downtime skipped)."""
        try:
            await self.store.write(self.store.touch_alive, now)
        except STORAGE_ERRORS as exc:  # a full disk or a long lock: the next beat tries again
            log.warning("could not record the scheduler's heartbeat: %s", exc)

    def slot_keys(self, reminder_id: str, at: dt.time, day: dt.date,
                  subscriptions: Iterable[Subscription] | None = None) -> list[DeliveryKey]:
        """The keys of one job firing: chats subscribed to `reminder_id` at time `at`, if it fires on `day`."""
        reminder = self.catalog.get(reminder_id)
        if reminder is None or not reminder.schedule.fires_on(day):
            return []
        moment = fire_time(day, at, self.tz)
        keys = []
        for sub in self.enabled_subscriptions() if subscriptions is None else subscriptions:
            if sub.reminder_id != reminder_id or effective_time(sub, reminder) != at:
                continue
            if sub.created >= moment:
                continue
            keys.append(DeliveryKey(reminder_id, sub.chat_id, moment))
        return keys

    async def _read_subscriptions(self) -> list[Subscription]:
        """The enabled subscriptions, read again (on the store's reader thread) until the store answers."""
        tries = 0
        while True:
            try:
                return await self.store.read(self.store.subscriptions, enabled_only=True)
            except STORAGE_ERRORS as exc:
                tries += 1
                if tries == 1:
                    log.warning("cannot read the subscriptions (%s); trying again", exc)
                await self.broadcaster._pause(self.broadcaster.backoff.delay(tries))

    async def run_slot(self, reminder_id: str, at: dt.time, now: dt.datetime) -> Report:
        """Body of the job ``reminder:<id>@HH:MM``: broadcast today's occurrence, if any, to its chats.

        The scheduled time is the day's `at`, not `now`, so a job that runs a little late still uses the
        same key, and a second run of the same slot sends nothing. The day is the one whose `at` is
        nearest to `now`: a 23:50 job that the scheduler runs at 00:20 is still yesterday's. Failed
        sends are tried again until the grace period after the scheduled time is over.
        """
        day = slot_day(at, now, self.tz)
        keys = self.slot_keys(reminder_id, at, day, await self._read_subscriptions())
        report = await self.broadcaster.broadcast(keys, now=now)
        await self.heartbeat(now)
        return report

    async def start_up(self, now: dt.datetime) -> Report:
        """Catch up after downtime: resume unconfirmed claims and late occurrences within the grace period."""
        report = Report()
        cutoff = now - self.grace
        resume = []
        store, write = self.store, self.store.write
        for d in await store.read(store.unconfirmed):
            sub = await store.read(store.subscription, d.key.chat_id, d.key.reminder_id)
            if sub is None or not sub.enabled:
                await write(store.mark_expired, d.key, "unsubscribed or disabled before it could be resent")
                report.expired.append(d.key)
            elif d.key.scheduled_at > cutoff:
                resume.append(d)
            else:
                await write(store.mark_expired, d.key, f"unconfirmed at start-up and more than {self.grace} late")
                report.expired.append(d.key)
                log.warning("not resending %s to chat %s scheduled %s: more than %s late",
                            d.key.reminder_id, d.key.chat_id, d.key.scheduled_at, self.grace)
        subs = await self._read_subscriptions()
        last = await store.read(lambda: store.last_alive)
        if last is not None and last < cutoff:
            lookback = max(last, cutoff - MAX_SKIP_LOOKBACK)
            for key in due_keys(self.catalog, subs, lookback, cutoff, tz=self.tz):
                if await write(store.record_skipped, key, f"due while the bot was down, more than {self.grace} late"):
                    report.skipped.append(key)
                    log.warning("skipped %s for chat %s scheduled %s: the bot was down and it is more than %s late",
                                key.reminder_id, key.chat_id, key.scheduled_at, self.grace)
            if last < cutoff - MAX_SKIP_LOOKBACK:
                log.warning("the bot was down since %s; occurrences before %s are not logged one by one",
                            last, cutoff - MAX_SKIP_LOOKBACK)
        due = due_keys(self.catalog, subs, cutoff, now, tz=self.tz)
        known = await store.read(lambda: {k for k in due if store.delivery(k) is not None})
        fresh = [k for k in due if k not in known]
        if fresh or resume:
            log.info("start-up catch-up: %d unconfirmed, %d missed within the grace period", len(resume), len(fresh))
        report.merge(await self.broadcaster.broadcast(fresh, claimed=resume, now=now))
        await self.heartbeat(now)
        return report
