"""The embedded worker: runs due jobs from the table in this process, a few at a time.

It claims as many due jobs as it has free slots, runs each as a task, and waits for
whichever comes first: a slot freeing up, the doorbell (a job was just accepted), or the
poll interval (a retry fell due, a lease ran out, another process accepted a job).
While jobs run, `LeaseKeeper` pushes their leases on, so only a worker that died loses
them. Stopping waits for running jobs up to a grace period, then cancels them: their
leases run out and a later claim finishes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from draftdesk.errors import DraftdeskError
from draftdesk.jobs.model import Job
from draftdesk.jobs.runner import JobRunner
from draftdesk.ports import Clock, JobStore

log = logging.getLogger("draftdesk.jobs")


def wall_clock() -> datetime:
    return datetime.now(UTC)


def worker_name() -> str:
    """Unique per process start: a restarted process must not inherit its old leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LocalQueue:
    """The `JobQueue` of the embedded worker: submitting a job rings its doorbell.

    The worker drafts in the process that answers the webhooks, and drafting is CPU work
    that competes with them for the interpreter. So while jobs keep arriving the worker
    lets them: it starts when submissions have paused for `quiet_s`, or `max_delay_s`
    after the first one at the latest. A burst is answered first, then drafted."""

    def __init__(self, *, quiet_s: float = 0.05, max_delay_s: float = 0.5) -> None:
        self._bell = asyncio.Event()
        self._quiet_s, self._max_delay_s = quiet_s, max_delay_s
        self._last_submit = float("-inf")

    async def submit(self, job: Job) -> None:
        self._last_submit = time.monotonic()
        self._bell.set()

    async def rung(self) -> None:
        await self._bell.wait()
        self._bell.clear()

    async def settled(self) -> None:
        """Returns once no job has been submitted for `quiet_s` (at most `max_delay_s`)."""
        deadline = time.monotonic() + self._max_delay_s
        while (quiet_in := self._last_submit + self._quiet_s - time.monotonic()) > 0 and time.monotonic() < deadline:
            await asyncio.sleep(min(quiet_in, deadline - time.monotonic()))


class LeaseKeeper:
    """Renews the leases of the jobs this worker is running, every third of a lease."""

    def __init__(self, jobs: JobStore, *, worker: str, lease_s: float, clock: Clock = wall_clock) -> None:
        self._jobs, self._worker, self._lease_s, self._clock = jobs, worker, lease_s, clock
        self._held: set[str] = set()

    @contextlib.contextmanager
    def holding(self, job_id: str) -> Iterator[None]:
        self._held.add(job_id)
        try:
            yield
        finally:
            self._held.discard(job_id)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._lease_s / 3)
            held = set(self._held)
            if not held:
                continue
            until = self._clock() + timedelta(seconds=self._lease_s)
            try:
                kept = await asyncio.to_thread(self._jobs.extend_leases, held, worker=self._worker, until=until)
            except DraftdeskError as error:
                log.warning("job leases not renewed: %s", error.detail)
                continue
            for job_id in sorted((held - kept) & self._held):  # still running here, taken over there
                log.warning("job %s: lease lost to another worker", job_id)


class JobWorker:
    def __init__(
        self,
        *,
        jobs: JobStore,
        runner: JobRunner,
        doorbell: LocalQueue | None = None,
        concurrency: int = 4,
        poll_s: float = 1.0,
        lease_s: float = 60.0,
        clock: Clock = wall_clock,
        name: str | None = None,
    ) -> None:
        if concurrency < 1 or poll_s <= 0 or lease_s <= 0:
            raise ValueError("a worker needs concurrency ≥ 1 and positive poll and lease times")
        self.name = name or worker_name()
        self._jobs, self._runner, self._doorbell = jobs, runner, doorbell
        self._concurrency, self._poll_s, self._lease_s, self._clock = concurrency, poll_s, lease_s, clock
        self._leases = LeaseKeeper(jobs, worker=self.name, lease_s=lease_s, clock=clock)
        self._running: set[asyncio.Task[None]] = set()
        self._stopping = asyncio.Event()

    async def run(self, *, grace_s: float = 10.0) -> None:
        """Run jobs until `stop()`; then wait up to `grace_s` for the running ones."""
        keeper = asyncio.create_task(self._leases.run(), name="job leases")
        try:
            while not self._stopping.is_set():
                full = await self._claim()
                await self._wait(for_slot_only=full)
        finally:
            await self._drain(grace_s)
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    def stop(self) -> None:
        self._stopping.set()

    async def _claim(self) -> bool:
        """Start as many due jobs as there are free slots; True when every slot is taken."""
        free = self._concurrency - len(self._running)
        if free <= 0:
            return True
        if self._doorbell is not None:
            await self._doorbell.settled()
        try:
            claimed = await asyncio.to_thread(
                self._jobs.claim, worker=self.name, now=self._clock(), lease_s=self._lease_s, limit=free
            )
        except DraftdeskError as error:
            log.warning("no jobs claimed: %s", error.detail)
            return False
        for job in claimed:
            task = asyncio.create_task(self._run_one(job), name=f"job {job.id}")
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return len(claimed) == free

    async def _run_one(self, job: Job) -> None:
        with self._leases.holding(job.id):
            await self._runner.run(job, worker=self.name)

    async def _wait(self, *, for_slot_only: bool) -> None:
        waiters: set[asyncio.Future[object]] = {asyncio.ensure_future(self._stopping.wait())}
        if not for_slot_only and self._doorbell is not None:
            waiters.add(asyncio.ensure_future(self._doorbell.rung()))
        try:
            await asyncio.wait(
                waiters | set(self._running),
                timeout=None if for_slot_only else self._poll_s,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def _drain(self, grace_s: float) -> None:
        if not self._running:
            return
        _, unfinished = await asyncio.wait(set(self._running), timeout=grace_s)
        for task in unfinished:
            task.cancel()
        if unfinished:
            log.info("%d jobs stopped mid-way; they run again once their leases run out", len(unfinished))
            await asyncio.wait(unfinished)
