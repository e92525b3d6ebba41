"""The embedded worker loop on SQLite: it runs what is due, a few at a time, wakes when
a job is submitted (once a burst has paused), and stops without losing a job."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.jobs.model import Job, JobState
from draftdesk.jobs.worker import JobWorker, LocalQueue
from tests.adapters.conftest import sqlite_database
from tests.jobs.support import make_job


class SlowRunner:
    """Stands in for JobRunner: finishes each job after `seconds`, counting how many run at once."""

    def __init__(self, jobs: SqlJobStore, *, seconds: float) -> None:
        self.jobs, self.seconds = jobs, seconds
        self.running = self.most_at_once = 0
        self.ran: list[str] = []

    async def run(self, job: Job, *, worker: str) -> JobState:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            await asyncio.sleep(self.seconds)
            self.jobs.finish(job.id, worker=worker, now=job.next_attempt_at)
            self.ran.append(job.id)
            return JobState.DONE
        finally:
            self.running -= 1


async def until(check: object, *, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_it_runs_due_jobs_a_few_at_a_time_and_wakes_on_submit(tmp_path: Path) -> None:
    jobs = SqlJobStore(sqlite_database(tmp_path))
    for n in range(6):
        jobs.add(make_job(n))
    runner = SlowRunner(jobs, seconds=0.2)
    queue = LocalQueue(quiet_s=0.05)
    worker = JobWorker(jobs=jobs, runner=runner, doorbell=queue, concurrency=2, poll_s=30, lease_s=30)  # type: ignore[arg-type]

    async def scenario() -> float:
        running = asyncio.create_task(worker.run())
        await until(lambda: len(runner.ran) == 6)
        late, _ = jobs.add(make_job(7))
        submitted = time.monotonic()
        await queue.submit(late)  # far sooner than the 30 s poll
        await until(lambda: late.id in runner.ran)
        woke_after = time.monotonic() - submitted
        worker.stop()
        await running
        return woke_after

    woke_after = asyncio.run(scenario())
    assert runner.most_at_once == 2 and woke_after < 1.0
    assert jobs.counts()[JobState.DONE] == 7


def test_a_burst_is_drafted_once_it_pauses() -> None:
    queue = LocalQueue(quiet_s=0.1, max_delay_s=5)

    async def burst() -> float:
        started = time.monotonic()
        for _ in range(5):
            await queue.submit(make_job())
            await asyncio.sleep(0.05)  # still arriving
        await queue.settled()
        return time.monotonic() - started

    assert 0.3 <= asyncio.run(burst()) < 1.0  # the 0.25 s of arrivals, then 0.1 s of quiet


def test_stopping_leaves_unfinished_jobs_to_their_leases(tmp_path: Path) -> None:
    jobs = SqlJobStore(sqlite_database(tmp_path))
    job, _ = jobs.add(make_job())
    runner = SlowRunner(jobs, seconds=30)
    worker = JobWorker(jobs=jobs, runner=runner, concurrency=1, poll_s=0.05, lease_s=30)  # type: ignore[arg-type]

    async def scenario() -> None:
        running = asyncio.create_task(worker.run(grace_s=0.1))
        await until(lambda: runner.running == 1)
        worker.stop()
        await running

    asyncio.run(scenario())
    left = jobs.get(job.id)
    assert left is not None and (left.state, left.lease_owner) == (JobState.RUNNING, worker.name)  # taken over later
