"""What the webhooks and `/v1/jobs` do with jobs: accept a delivery, look a job up, queue
a dead one again. Routers call this; they own no logic of their own."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cached_property

from draftdesk.errors import NotFound
from draftdesk.integrations.deliveries import Delivery
from draftdesk.jobs.model import Job, new_job
from draftdesk.ports import Clock, JobQueue, JobStore


class GroupCommit:
    """Jobs accepted at the same moment are stored in one transaction (group commit): a
    burst of webhooks makes a few writes instead of one each, and no request waits its
    turn for the write lock. At most one batch is being written at a time; what arrives
    meanwhile is the next batch."""

    def __init__(self, jobs: JobStore) -> None:
        self._jobs = jobs
        self._pending: list[tuple[Job, asyncio.Future[tuple[Job, bool]]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, job: Job) -> tuple[Job, bool]:
        stored: asyncio.Future[tuple[Job, bool]] = asyncio.get_running_loop().create_future()
        self._pending.append((job, stored))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await stored

    async def _write(self) -> None:
        while self._pending:
            await asyncio.sleep(0)  # the requests that arrived together join the batch
            batch, self._pending = self._pending, []
            try:
                results = await asyncio.to_thread(self._jobs.add_many, [job for job, _ in batch])
            except Exception as error:  # noqa: BLE001 - each request answers with the store's failure
                for _, stored in batch:
                    stored.set_exception(error)
                continue
            for (_, stored), result in zip(batch, results, strict=True):
                stored.set_result(result)


@dataclass(frozen=True, kw_only=True)
class JobDesk:
    jobs: JobStore
    queue: JobQueue
    clock: Clock  # the wall clock

    @cached_property
    def _accepted(self) -> GroupCommit:
        return GroupCommit(self.jobs)

    async def accept(self, delivery: Delivery) -> tuple[Job, bool]:
        """The new job and True; or the job an earlier delivery of the same event made and
        False (a helpdesk's retry, a replay): nothing new is stored or run."""
        job, created = await self._accepted.add(new_job(delivery, now=self.clock()))
        if created:
            await self.queue.submit(job)
        return job, created

    async def get(self, job_id: str) -> Job:
        job = await asyncio.to_thread(self.jobs.get, job_id)
        if job is None:
            raise NotFound(f"no job with id {job_id}")
        return job

    async def retry(self, job_id: str) -> Job:
        """A dead job queued again, attempts reset (NotFound; Conflict when it is not dead)."""
        job = await asyncio.to_thread(self.jobs.requeue, job_id, now=self.clock())
        await self.queue.submit(job)
        return job
