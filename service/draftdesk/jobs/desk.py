"""What the webhooks and `/v1/jobs` do with jobs: accept a delivery, look a job up, queue
a dead one again. Routers call this; they own no logic of their own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from draftdesk.errors import NotFound
from draftdesk.integrations.deliveries import Delivery
from draftdesk.jobs.model import Job, new_job
from draftdesk.ports import Clock, InboxStore, JobQueue, JobStore


class GroupCommit:
    """Jobs accepted at the same moment are stored in one transaction (group commit): a
    burst of webhooks makes a few writes instead of one each, and no request waits its
    turn for the write lock. At most one batch is being written at a time; what arrives
    meanwhile is the next batch."""

    def __init__(self, add_many: Callable[[Sequence[Job]], list[tuple[Job, bool]]]) -> None:
        """`add_many`: stores a batch as `JobStore.add_many` does."""
        self._add_many = add_many
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
                results = await asyncio.to_thread(self._add_many, [job for job, _ in batch])
            except Exception as error:  # noqa: BLE001 - each request answers with the store's failure
                for _, stored in batch:
                    stored.set_exception(error)
                continue
            for (_, stored), result in zip(batch, results, strict=True):
                stored.set_result(result)


@dataclass(frozen=True, kw_only=True)
class JobDesk:
    jobs: JobStore
    inbox: InboxStore
    queue: JobQueue
    clock: Clock  # the wall clock

    @cached_property
    def _accepted(self) -> GroupCommit:
        return GroupCommit(self._store_batch)

    def _store_batch(self, jobs: Sequence[Job]) -> list[tuple[Job, bool]]:
        """The batch stored, and its new jobs' tickets shown as `drafting` (one more
        transaction per batch, not per webhook)."""
        results = self.jobs.add_many(jobs)
        self.inbox.jobs_queued([job for job, created in results if created])
        return results

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
        if job.draft_id is None:  # it drafts again; one that has its draft only posts the note
            await asyncio.to_thread(self.inbox.jobs_queued, [job])
        await self.queue.submit(job)
        return job
