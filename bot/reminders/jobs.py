"""JobQueue glue: the job table, rebuilt from SQLite at start-up, and the job callbacks.

PTB does not persist jobs, so jobs are *derived*: one ``run_daily`` job per distinct
(reminder, time of day) among the enabled subscriptions, with a fixed name
``reminder:<id>@HH:MM``. Rebuilding the table from the store at start-up (and after every
/subscribe, /unsubscribe, migration or Forbidden) with `sync_jobs` therefore neither drops nor
duplicates a job, and the delivery keys in the store make a second run of a slot send nothing.

``run_daily`` numbers days from 0 = Sunday (PTB ≥ 20), unlike ``date.weekday()`` (0 = Monday):
`ptb_days` converts. "workdays" and seasons cannot be expressed as weekdays (adjusted weekend
workdays, the Spring Festival weeks), so those jobs run every day and the callback asks
`Schedule.fires_on` for the local date. Job times carry the configured tzinfo; the Application
should also be built with ``Defaults(tzinfo=cfg.tz)``.

The Telegram side (commands, admin checks, my_chat_member, start-up and the rate limiter's
settings) lives in `bot.reminders.telegram`; job names come from `job_name`, and nothing else may use
the ``reminder:`` prefix.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.reminders.catalog import Catalog
from bot.reminders.schedule import DEFAULT_TZ, Schedule
from bot.reminders.service import ReminderService, effective_time
from bot.reminders.store import Subscription

log = logging.getLogger(__name__)

JOB_PREFIX = "reminder:"
HEARTBEAT_JOB = "reminders:heartbeat"
ALL_PTB_DAYS = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class JobSpec:
    name: str
    reminder_id: str
    time: dt.time  # tz-aware time of day
    days: tuple[int, ...]  # PTB numbering: 0 = Sunday … 6 = Saturday


def job_name(reminder_id: str, at: dt.time) -> str:
    return f"{JOB_PREFIX}{reminder_id}@{at.strftime('%H:%M')}"


def ptb_days(schedule: Schedule) -> tuple[int, ...]:
    """`run_daily` days for a schedule; workdays run every day and are filtered in the callback."""
    if isinstance(schedule.days, frozenset):
        return tuple(sorted((d + 1) % 7 for d in schedule.days))
    return ALL_PTB_DAYS


def job_table(catalog: Catalog, subscriptions: Iterable[Subscription], tz: dt.tzinfo = DEFAULT_TZ) -> list[JobSpec]:
    """One job per distinct (reminder, time of day) of the enabled subscriptions, sorted by name."""
    specs: dict[str, JobSpec] = {}
    for sub in subscriptions:
        reminder = catalog.get(sub.reminder_id)
        if reminder is None or not sub.enabled:
            continue
        at = effective_time(sub, reminder)
        name = job_name(reminder.id, at)
        specs[name] = JobSpec(name, reminder.id, at.replace(tzinfo=tz), ptb_days(reminder.schedule))
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


def make_slot_callback(service: ReminderService, clock: Callable[[], dt.datetime] | None = None):
    """The ``run_daily`` callback: ``context.job.data`` is the `JobSpec`."""
    now_fn = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    async def reminder_slot(context: Any) -> None:
        spec: JobSpec = context.job.data
        report = await service.run_slot(spec.reminder_id, spec.time.replace(tzinfo=None), now_fn())
        if report.outcomes:
            log.info("%s: %s", spec.name, {o.value: report.count(o) for o in set(report.outcomes.values())})

    return reminder_slot


def make_heartbeat_callback(service: ReminderService, clock: Callable[[], dt.datetime] | None = None):
    """A repeating job that records that the scheduler is alive (used to log what a downtime skipped)."""
    now_fn = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    async def reminders_heartbeat(context: Any) -> None:
        service.heartbeat(now_fn())

    return reminders_heartbeat


def resync(job_queue: Any, service: ReminderService) -> tuple[list[str], list[str]]:
    """Rebuild the job table from the store (after any change of subscriptions)."""
    specs = job_table(service.catalog, service.enabled_subscriptions(), service.tz)
    return sync_jobs(job_queue, specs, make_slot_callback(service))
