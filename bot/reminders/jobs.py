"""JobQueue glue, the one job path the bot runs: the job table rebuilt from SQLite, and the job callbacks.

PTB does not persist jobs, so jobs are *derived*: one ``run_daily`` job per distinct
(reminder, time of day) among the enabled subscriptions, with a fixed name
``reminder:<id>@HH:MM``. `resync` rebuilds the table from the store (at start-up, and after every
/subscribe, /unsubscribe, membership change, migration or Forbidden) and therefore neither drops nor
duplicates a job; the delivery keys in the store make a second run of a slot send nothing.

The callbacks, each made by a ``make_…_callback(service, clock)``:

* the slot (`make_slot_callback`): today's occurrence of the job's reminder to its chats
  (`ReminderService.run_slot`), each tried until the grace period after the slot is over, then one
  summary line (`log_report`); a slot that starts late still runs within the service's grace
  period (APScheduler's ``misfire_grace_time``), and when a chat migrated or refused the bot the
  table is rebuilt (`resync` on ``context.job_queue``);
* the catch-up (`make_catch_up_callback`), a one-off job at start-up: what fell due while the bot was
  down (`ReminderService.start_up`), then the same rebuild;
* the heartbeat (`make_heartbeat_callback`), every minute: the scheduler is alive.

`start_jobs` installs all three at start-up. ``run_daily`` numbers days from 0 = Sunday (PTB ≥ 20),
unlike ``date.weekday()`` (0 = Monday): `ptb_days` converts. "workdays" and seasons cannot be
expressed as weekdays (adjusted weekend workdays, the Spring Festival weeks), so those jobs run every
day and the service asks `Schedule.fires_on` for the local date. Job times carry the configured
tzinfo.

Nothing here imports python-telegram-bot: the queue and the callbacks' context are used through
``jobs()``, ``run_daily``, ``run_repeating``, ``run_once``, ``Job.schedule_removal``, ``context.job``
and ``context.job_queue``, so tests pass fakes. The Telegram side (commands, admin checks,
my_chat_member, the rate limiter's settings) lives in `bot.reminders.telegram`; job names come from
`job_name`, and nothing else may use the ``reminder:`` prefix.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.reminders.catalog import Catalog
from bot.reminders.delivery import Outcome, Report
from bot.reminders.schedule import Schedule
from bot.reminders.service import ReminderService, effective_time
from bot.reminders.store import Subscription

log = logging.getLogger(__name__)

JOB_PREFIX = "reminder:"
HEARTBEAT_JOB = "reminders:heartbeat"
CATCH_UP_JOB = "reminders:catch-up"
HEARTBEAT_SECONDS = 60
ALL_PTB_DAYS = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class JobSpec:
    name: str
    reminder_id: str
    time: dt.time  # the time of day, carrying the configured zone (as PTB's run_daily wants it)
    days: tuple[int, ...]  # PTB numbering: 0 = Sunday … 6 = Saturday


def job_name(reminder_id: str, at: dt.time) -> str:
    return f"{JOB_PREFIX}{reminder_id}@{at.strftime('%H:%M')}"


def ptb_days(schedule: Schedule) -> tuple[int, ...]:
    """`run_daily` days for a schedule; workdays run every day and are filtered in the callback."""
    if isinstance(schedule.days, frozenset):
        return tuple(sorted((d + 1) % 7 for d in schedule.days))
    return ALL_PTB_DAYS


def job_table(catalog: Catalog, subscriptions: Iterable[Subscription]) -> list[JobSpec]:
    """One job per distinct (reminder, time of day) of the enabled subscriptions, sorted by name."""
    specs: dict[str, JobSpec] = {}
    for sub in subscriptions:
        reminder = catalog.get(sub.reminder_id)
        if reminder is None or not sub.enabled:
            continue
        at = effective_time(sub, reminder)
        name = job_name(reminder.id, at)
        specs[name] = JobSpec(name, reminder.id, at, ptb_days(reminder.schedule))
    return [specs[n] for n in sorted(specs)]


def sync_jobs(job_queue: Any, specs: list[JobSpec], callback: Callable[[Any], Awaitable[None]],
              job_kwargs: dict[str, Any] | None = None) -> tuple[list[str], list[str]]:
    """Make the queue's ``reminder:`` jobs exactly `specs`: add missing, remove stale. Returns (added, removed).

    Works with PTB's JobQueue (``jobs()``, ``run_daily``, ``Job.schedule_removal``) or any object
    with the same three methods. `job_kwargs` go to APScheduler (e.g. ``misfire_grace_time``: by
    default APScheduler drops a run that starts more than one second late).
    """
    wanted = {s.name: s for s in specs}
    existing: dict[str, list[Any]] = {}
    for job in job_queue.jobs():
        if job.name and job.name.startswith(JOB_PREFIX):
            existing.setdefault(job.name, []).append(job)
    removed = []
    for name, jobs in existing.items():
        keep = name in wanted and jobs[0].data == wanted[name]
        for i, job in enumerate(jobs):
            if not keep or i > 0:  # a stale job, or a duplicate of the same name
                job.schedule_removal()
                removed.append(name)
    added = []
    for name, spec in wanted.items():
        if name in existing and existing[name][0].data == spec:
            continue
        extra = {"job_kwargs": job_kwargs} if job_kwargs else {}
        job_queue.run_daily(callback, time=spec.time, days=spec.days, name=name, data=spec, **extra)
        added.append(name)
    if added or removed:
        log.info("reminder jobs: added %s, removed %s", added, removed)
    return added, removed


Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def log_report(what: str, report: Report) -> None:
    """One line per slot: the counts, and the chats given up (WARNING) or left pending by a stop."""
    if not report.outcomes:
        return
    bad = report.count(Outcome.FAILED) + report.count(Outcome.DISABLED)
    log.log(logging.WARNING if bad else logging.INFO, "%s: %s", what, report.summary())
    if report.count(Outcome.PENDING):
        log.info("%s: stopped with %d delivery(ies) pending, for the next start's catch-up", what,
                 report.count(Outcome.PENDING))


def changed_chats(report: Report) -> bool:
    """Whether a broadcast moved or disabled chats, so that the job table may have changed."""
    return bool(report.migrated) or report.count(Outcome.DISABLED) > 0


def make_slot_callback(service: ReminderService, clock: Clock = utc_now):
    """The callback of every ``reminder:<id>@HH:MM`` job (``context.job.data`` is its `JobSpec`): today's
    occurrence to every chat subscribed at that time; when a chat migrated or refused the bot, the jobs
    are rebuilt (``context.job_queue``)."""

    async def reminder_slot(context: Any) -> None:
        spec: JobSpec = context.job.data
        report = await service.run_slot(spec.reminder_id, spec.time, clock())
        log_report(spec.name, report)
        if changed_chats(report):
            await aresync(context.job_queue, service, clock)

    return reminder_slot


def make_catch_up_callback(service: ReminderService, clock: Clock = utc_now, done: asyncio.Event | None = None):
    """A one-off job: what fell due while the bot was down (`ReminderService.start_up`); sets `done` when over."""

    async def reminders_catch_up(context: Any) -> None:
        try:
            report = await service.start_up(clock())
        finally:
            if done is not None:
                done.set()
        if report.skipped or report.expired:
            log.info("reminders catch-up: %d skipped (too late), %d expired", len(report.skipped), len(report.expired))
        log_report("reminders catch-up", report)
        if changed_chats(report):
            await aresync(context.job_queue, service, clock)

    return reminders_catch_up


def make_heartbeat_callback(service: ReminderService, clock: Clock = utc_now):
    """A repeating job that records that the scheduler is alive (used to log what a downtime skipped)."""

    async def reminders_heartbeat(context: Any) -> None:
        await service.heartbeat(clock())

    return reminders_heartbeat


def resync(job_queue: Any, service: ReminderService, clock: Clock = utc_now,
           subscriptions: Iterable[Subscription] | None = None) -> tuple[list[str], list[str]]:
    """Make the queue's reminder jobs match the enabled subscriptions (after any change of them).

    A slot that starts late (a busy event loop) still runs within the grace period, with the same
    delivery keys; runs missed together are coalesced into one. The bot passes `subscriptions`, read
    off the event loop (`aresync`); without them they are read here.
    """
    subs = service.enabled_subscriptions() if subscriptions is None else subscriptions
    specs = job_table(service.catalog, subs)
    grace = max(1, int(service.grace.total_seconds()))
    return sync_jobs(job_queue, specs, make_slot_callback(service, clock), {"misfire_grace_time": grace, "coalesce": True})


async def aresync(job_queue: Any, service: ReminderService, clock: Clock = utc_now) -> tuple[list[str], list[str]]:
    """`resync` with the subscriptions read on the store's reader thread (what the bot calls)."""
    subs = await service.store.read(service.enabled_subscriptions)
    return resync(job_queue, service, clock, subs)


def start_jobs(job_queue: Any, service: ReminderService, clock: Clock = utc_now,
               caught_up: asyncio.Event | None = None, subscriptions: Iterable[Subscription] | None = None) -> None:
    """At start-up: the reminder jobs rebuilt from the store, the heartbeat, and the catch-up as a one-off job.

    The catch-up runs as a job so that it does not delay answering questions. `Application.stop`
    waits for running jobs; the broadcaster's ``stopping`` (set by `bot.reminders.telegram` when the
    application stops) ends a broadcast at once, its undelivered keys left claimed for the next start.
    """
    resync(job_queue, service, clock, subscriptions)
    job_queue.run_repeating(make_heartbeat_callback(service, clock), interval=HEARTBEAT_SECONDS,
                            first=1, name=HEARTBEAT_JOB)  # at once: health is known from the start
    # misfire_grace_time None: run however late the scheduler gets to it.
    job_queue.run_once(make_catch_up_callback(service, clock, caught_up), when=0, name=CATCH_UP_JOB,
                       job_kwargs={"misfire_grace_time": None})
