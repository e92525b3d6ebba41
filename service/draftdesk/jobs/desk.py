"""What the webhooks and `/v1/jobs` do with jobs: accept a delivery, look a job up, queue
a dead one again. Routers call this; they own no logic of their own."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from draftdesk.errors import NotFound
from draftdesk.integrations.deliveries import Delivery
from draftdesk.jobs.model import Job, new_job
from draftdesk.ports import Clock, JobObserver, JobQueue, JobStore


@dataclass(frozen=True, kw_only=True)
class JobDesk:
    jobs: JobStore
    queue: JobQueue
    clock: Clock  # the wall clock
    observer: JobObserver

    async def accept(self, delivery: Delivery) -> tuple[Job, bool]:
        """The new job and True; or the job an earlier delivery of the same event made and
        False (a helpdesk's retry, a replay): nothing new is stored or run."""
        job, created = await asyncio.to_thread(self.jobs.add, new_job(delivery, now=self.clock()))
        if created:
            self.observer.job_accepted(job.source)
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
