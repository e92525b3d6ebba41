"""Jobs on several machines: an arq queue on Redis carries "run job X now (or at T)", and
`draftdesk worker` processes run them.

Why arq: it is asyncio from end to end, like the desk, the drafters and the helpdesk
clients, so a worker runs several jobs at once in one process without threads; its
messages can be deferred to a time (a retry's backoff) and it needs nothing but Redis.
RQ and Celery run synchronous functions (an event loop per job, or a thread pool);
Dramatiq's asyncio support is a middleware on top of threads.

The queue is never the source of truth. A message names a job id only; the worker
claims the job in the table (atomic, under a lease) and a message for a job that is not
due, or is leased to another worker, does nothing. So a duplicate message is harmless,
and a lost one (Redis restarted without persistence, the API unable to reach Redis when
it accepted the job) is made good by the sweep: every worker looks for jobs due for
longer than `sweep_s` and announces them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.worker import Worker, func
from redis.exceptions import RedisError

from draftdesk.errors import DraftdeskError
from draftdesk.jobs.model import Job
from draftdesk.jobs.runner import JobRunner
from draftdesk.jobs.worker import LeaseKeeper, wall_clock, worker_name
from draftdesk.ports import Clock, JobStore

log = logging.getLogger("draftdesk.jobs")

RUN_JOB = "draftdesk_run_job"
# The web process gives up on Redis quickly: the job is stored already and the sweep
# announces it later, while a webhook must be answered in well under a second.
SUBMIT_TIMEOUT_S = 1.0


def redis_settings(url: str, *, connect_retries: int) -> RedisSettings:
    settings = RedisSettings.from_dsn(url)
    settings.conn_retries, settings.conn_timeout = connect_retries, 1
    return settings


def where(url: str) -> str:
    """The queue's host, port and database for messages: never its password."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


class ArqQueue:
    """The `JobQueue` when DRAFTDESK_QUEUE_URL is set: one arq message per announcement."""

    def __init__(self, url: str, *, name: str, timeout_s: float = SUBMIT_TIMEOUT_S) -> None:
        self._settings = redis_settings(url, connect_retries=0)
        self._where, self.name, self._timeout_s = where(url), name, timeout_s
        self._pool: ArqRedis | None = None

    async def submit(self, job: Job) -> None:
        try:
            async with asyncio.timeout(self._timeout_s):
                pool = await self._connected()
                later = job.next_attempt_at if job.next_attempt_at > wall_clock() else None
                await pool.enqueue_job(RUN_JOB, job.id, _queue_name=self.name, _defer_until=later)
        except (RedisError, OSError, TimeoutError) as error:
            log.warning(
                "job %s: the queue at %s did not take it (%s); the sweep will announce it",
                job.id, self._where, type(error).__name__,
            )  # fmt: skip

    async def _connected(self) -> ArqRedis:
        if self._pool is None:
            self._pool = await create_pool(self._settings, default_queue_name=self.name)
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


class Sweep:
    """Announces jobs that have been due for longer than `after_s` (their message was lost,
    or their worker died) again, each at most once per `after_s`."""

    def __init__(self, jobs: JobStore, queue: ArqQueue, *, after_s: float, clock: Clock = wall_clock) -> None:
        self._jobs, self._queue, self._after_s, self._clock = jobs, queue, after_s, clock
        self._announced: dict[str, datetime] = {}

    async def once(self) -> int:
        now = self._clock()
        overdue = await asyncio.to_thread(self._jobs.due, now=now - timedelta(seconds=self._after_s))
        recently = now - timedelta(seconds=self._after_s)
        self._announced = {job_id: at for job_id, at in self._announced.items() if at > recently}
        fresh = [job for job in overdue if job.id not in self._announced]
        for job in fresh:
            await self._queue.submit(job.model_copy(update={"next_attempt_at": now}))
            self._announced[job.id] = now
        if fresh:
            log.info("sweep: %d overdue jobs announced again", len(fresh))
        return len(fresh)

    async def run(self) -> None:
        while True:
            try:
                await self.once()
            except DraftdeskError as error:
                log.warning("sweep skipped: %s", error.detail)
            await asyncio.sleep(self._after_s / 2)


def queue_worker(
    *,
    url: str,
    queue: ArqQueue,
    jobs: JobStore,
    runner: JobRunner,
    concurrency: int,
    lease_s: float,
    sweep_s: float,
    clock: Clock = wall_clock,
    handle_signals: bool = True,
) -> Worker:
    """An arq worker that runs the jobs its messages name, renews their leases, and sweeps."""
    name = worker_name()
    leases = LeaseKeeper(jobs, worker=name, lease_s=lease_s, clock=clock)
    sweep = Sweep(jobs, queue, after_s=sweep_s, clock=clock)
    background: list[asyncio.Task[None]] = []

    async def run_job(ctx: dict[str, Any], job_id: str) -> None:
        claimed = await asyncio.to_thread(jobs.claim, worker=name, now=clock(), lease_s=lease_s, job_id=job_id)
        for job in claimed:
            with leases.holding(job.id):
                await runner.run(job, worker=name)

    async def startup(ctx: dict[str, Any]) -> None:
        background.extend([asyncio.create_task(leases.run()), asyncio.create_task(sweep.run())])
        log.info("worker %s takes jobs from %s (queue %s)", name, where(url), queue.name)

    async def shutdown(ctx: dict[str, Any]) -> None:
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await queue.close()

    return Worker(
        functions=[func(run_job, name=RUN_JOB)],
        queue_name=queue.name,
        redis_settings=redis_settings(url, connect_retries=5),
        on_startup=startup,
        on_shutdown=shutdown,
        handle_signals=handle_signals,
        max_jobs=concurrency,
        # Drafts and posts have deadlines of their own; a job cut off here is claimed again
        # once its lease runs out.
        job_timeout=3600,
        keep_result=0,
        max_tries=3,
        poll_delay=0.2,
        job_completion_wait=10,
        log_results=False,
    )
