"""The JobQueue glue the bot runs: fixed names rebuilt from SQLite, PTB's day numbering, no duplicates
after a restart, the grace period of a late slot, the jobs rebuilt when a slot finds a chat gone."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import SimpleNamespace

from reminder_helpers import SHANGHAI, cst, local_time
from telegram.error import ChatMigrated, Forbidden

from bot.reminders.jobs import (
    CATCH_UP_JOB,
    HEARTBEAT_JOB,
    job_table,
    make_slot_callback,
    resync,
    start_jobs,
    sync_jobs,
)
from bot.reminders.store import Store


class FakeJob:
    def __init__(self, queue, callback, name, data, time=None, days=None, job_kwargs=None):
        self.queue, self.callback, self.name, self.data, self.time, self.days = queue, callback, name, data, time, days
        self.job_kwargs = job_kwargs

    def schedule_removal(self):
        self.queue._jobs.remove(self)

    async def run(self):
        """As the JobQueue runs a job: its callback with a context holding the job and the queue."""
        await self.callback(SimpleNamespace(job=self, job_queue=self.queue))


class FakeJobQueue:
    """The methods of telegram.ext.JobQueue that the glue uses."""

    def __init__(self):
        self._jobs: list[FakeJob] = []

    def jobs(self):
        return tuple(self._jobs)

    def get(self, name):
        (job,) = [j for j in self._jobs if j.name == name]
        return job

    def run_daily(self, callback, time, days=(0, 1, 2, 3, 4, 5, 6), data=None, name=None, job_kwargs=None):
        job = FakeJob(self, callback, name, data, time, days, job_kwargs)
        self._jobs.append(job)
        return job

    def run_repeating(self, callback, interval, first=None, name=None):
        job = FakeJob(self, callback, name, None)
        self._jobs.append(job)
        return job

    def run_once(self, callback, when, name=None, job_kwargs=None):
        job = FakeJob(self, callback, name, None, job_kwargs=job_kwargs)
        self._jobs.append(job)
        return job


def test_one_job_per_reminder_and_time_with_fixed_names_and_ptb_day_numbers(store, catalog):
    store.subscribe(-1, "duty")
    store.subscribe(-2, "duty")
    store.subscribe(-3, "duty", local_time(7, 45))
    store.subscribe(-1, "inspection")
    specs = {s.name: s for s in job_table(catalog, store.subscriptions(enabled_only=True))}
    assert sorted(specs) == ["reminder:duty@07:45", "reminder:duty@08:30", "reminder:inspection@09:00"]
    assert specs["reminder:inspection@09:00"].days == (1,)  # PTB: 0 = Sunday, so Monday is 1
    assert specs["reminder:duty@08:30"].days == (0, 1, 2, 3, 4, 5, 6)  # adjusted weekend workdays need every day
    assert specs["reminder:duty@08:30"].time == dt.time(8, 30, tzinfo=SHANGHAI)
    assert specs["reminder:duty@07:45"].time.tzinfo is SHANGHAI  # PTB's run_daily reads the zone from the time


def test_rebuilding_the_jobs_after_a_restart_gives_the_same_table_without_duplicates(db_path, catalog, service):
    with Store(db_path) as s:
        s.subscribe(-1, "duty")
        s.subscribe(-1, "daily_tip", local_time(18, 0))
    queue = FakeJobQueue()
    added, removed = resync(queue, service)
    assert added == ["reminder:daily_tip@18:00", "reminder:duty@08:30"] and removed == []
    assert resync(queue, service) == ([], [])  # idempotent
    fresh_queue = FakeJobQueue()  # a new Application: PTB kept no jobs
    resync(fresh_queue, service)
    assert [(j.name, j.data) for j in fresh_queue.jobs()] == [(j.name, j.data) for j in queue.jobs()]


def test_unsubscribing_the_last_chat_of_a_slot_removes_its_job(service, store):
    store.subscribe(-1, "duty")
    store.subscribe(-1, "inspection")
    queue = FakeJobQueue()
    resync(queue, service)
    store.unsubscribe(-1, "inspection")
    assert resync(queue, service) == ([], ["reminder:inspection@09:00"])
    assert [j.name for j in queue.jobs()] == ["reminder:duty@08:30"]


def test_a_foreign_job_is_left_alone(service, store):
    queue = FakeJobQueue()
    queue.run_daily(lambda c: None, dt.time(3), name="cleanup")
    store.subscribe(-1, "duty")
    sync_jobs(queue, job_table(service.catalog, store.subscriptions()), lambda c: None)
    assert sorted(j.name for j in queue.jobs()) == ["cleanup", "reminder:duty@08:30"]


async def test_the_job_callback_sends_the_slots_reminder(service, store, telegram, kb):
    store.subscribe(-1, "duty", now=cst(2024, 1, 1))
    queue = FakeJobQueue()
    resync(queue, service)
    (job,) = queue.jobs()
    callback = make_slot_callback(service, clock=lambda: cst(2024, 3, 4, 8, 30, 1))
    await callback(SimpleNamespace(job=job))
    assert telegram.count(-1) == 1
    assert kb.sentences["county-safety-2023/p3.3.s3"].text in telegram.received[-1][0]


async def test_a_slot_that_starts_late_still_runs_within_the_grace_period(service, store):
    store.subscribe(-1, "duty")
    queue = FakeJobQueue()
    resync(queue, service)
    (job,) = queue.jobs()
    assert job.job_kwargs == {"misfire_grace_time": 3600, "coalesce": True}  # the service's grace: an hour


async def test_a_slot_that_finds_the_last_chat_gone_removes_its_job(service, store, telegram):
    store.subscribe(-1, "duty", now=cst(2024, 1, 1))
    store.subscribe(-1, "inspection", now=cst(2024, 1, 1))
    queue = FakeJobQueue()
    resync(queue, service, clock=lambda: cst(2024, 3, 4, 8, 30, 1))
    telegram.failures[-1] = [Forbidden("Forbidden: bot was kicked from the group chat")]
    await queue.get("reminder:duty@08:30").run()
    assert not store.subscription(-1, "duty").enabled
    assert queue.jobs() == ()


async def test_a_slot_that_finds_a_chat_migrated_rebuilds_the_jobs(service, store, telegram):
    store.subscribe(-1, "duty", local_time(7, 45), now=cst(2024, 1, 1))
    store.subscribe(-1009, "duty", now=cst(2024, 1, 1))  # the supergroup has the reminder at its own time
    queue = FakeJobQueue()
    resync(queue, service, clock=lambda: cst(2024, 3, 4, 7, 45, 1))
    telegram.failures[-1] = [ChatMigrated(-1009)]
    await queue.get("reminder:duty@07:45").run()
    assert telegram.count(-1009) == 1  # this morning's reminder, at the new id
    assert [j.name for j in queue.jobs()] == ["reminder:duty@08:30"]  # nobody is left at 07:45


async def test_start_up_builds_the_jobs_the_heartbeat_and_a_catch_up_that_says_when_it_is_done(service, store, telegram):
    store.subscribe(-1, "duty", now=cst(2024, 1, 1))
    store.touch_alive(cst(2024, 3, 4, 8, 0))
    queue = FakeJobQueue()
    done = asyncio.Event()
    now = cst(2024, 3, 4, 8, 40)  # the bot was down at 08:30
    start_jobs(queue, service, lambda: now, done)
    assert sorted(j.name for j in queue.jobs()) == sorted([CATCH_UP_JOB, HEARTBEAT_JOB, "reminder:duty@08:30"])
    catch_up = queue.get(CATCH_UP_JOB)
    assert catch_up.job_kwargs == {"misfire_grace_time": None}
    await catch_up.run()
    assert done.is_set() and telegram.count(-1) == 1
    await queue.get(HEARTBEAT_JOB).run()
    assert store.last_alive == now
