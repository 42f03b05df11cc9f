"""The JobQueue table: fixed names rebuilt from SQLite, PTB's day numbering, no duplicates after a restart."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from reminder_helpers import SHANGHAI, cst

from bot.reminders.jobs import job_table, make_slot_callback, resync, sync_jobs
from bot.reminders.store import Store


class FakeJob:
    def __init__(self, queue, callback, name, data, time, days):
        self.queue, self.callback, self.name, self.data, self.time, self.days = queue, callback, name, data, time, days

    def schedule_removal(self):
        self.queue._jobs.remove(self)


class FakeJobQueue:
    """The three methods of telegram.ext.JobQueue that the glue uses."""

    def __init__(self):
        self._jobs: list[FakeJob] = []

    def jobs(self):
        return tuple(self._jobs)

    def run_daily(self, callback, time, days=(0, 1, 2, 3, 4, 5, 6), data=None, name=None):
        job = FakeJob(self, callback, name, data, time, days)
        self._jobs.append(job)
        return job


def test_one_job_per_reminder_and_time_with_fixed_names_and_ptb_day_numbers(store, catalog):
    store.subscribe(-1, "duty")
    store.subscribe(-2, "duty")
    store.subscribe(-3, "duty", "07:45")
    store.subscribe(-1, "inspection")
    specs = {s.name: s for s in job_table(catalog, store.subscriptions(enabled_only=True), SHANGHAI)}
    assert sorted(specs) == ["reminder:duty@07:45", "reminder:duty@08:30", "reminder:inspection@09:00"]
    assert specs["reminder:inspection@09:00"].days == (1,)  # PTB: 0 = Sunday, so Monday is 1
    assert specs["reminder:duty@08:30"].days == (0, 1, 2, 3, 4, 5, 6)  # adjusted weekend workdays need every day
    assert specs["reminder:duty@08:30"].time == dt.time(8, 30, tzinfo=SHANGHAI)


def test_rebuilding_the_jobs_after_a_restart_gives_the_same_table_without_duplicates(db_path, catalog, service):
    with Store(db_path) as s:
        s.subscribe(-1, "duty")
        s.subscribe(-1, "daily_tip", "18:00")
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
    sync_jobs(queue, job_table(service.catalog, store.subscriptions(), SHANGHAI), lambda c: None)
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
