"""The jobs as the entry points run them: beside the API (`draftdesk serve`) and on their
own (`draftdesk worker`). Each builds its HTTP client for the helpdesks and closes it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

from draftdesk.jobs.worker import JobWorker, LocalQueue

if TYPE_CHECKING:
    from draftdesk.wiring import Services

log = logging.getLogger("draftdesk.jobs")

STOP_GRACE_S = 10.0


@contextlib.asynccontextmanager
async def jobs_beside_the_api(services: Services) -> AsyncIterator[JobWorker | None]:
    """The embedded worker while the API runs, when jobs run in this process: no queue
    URL, and DRAFTDESK_JOB_CONCURRENCY above 0. With a queue the API only enqueues."""
    settings = services.settings
    try:
        if settings.queue_url or settings.job_concurrency == 0:
            yield None
            return
        async with httpx.AsyncClient() as http:
            worker = _table_worker(services, http)
            running = asyncio.create_task(worker.run(grace_s=STOP_GRACE_S), name="embedded job worker")
            log.info("jobs run in this process: worker %s, %d at a time", worker.name, settings.job_concurrency)
            try:
                yield worker
            finally:
                worker.stop()
                await running
    finally:
        await services.close_job_queue()


async def work(services: Services, *, stop: asyncio.Event) -> None:
    """`draftdesk worker`: run jobs until `stop` is set; from the Redis queue when
    DRAFTDESK_QUEUE_URL is set, else straight from the table."""
    settings = services.settings
    async with httpx.AsyncClient() as http:
        if not settings.queue_url:
            worker = _table_worker(services, http)
            running = asyncio.create_task(worker.run(grace_s=STOP_GRACE_S))
            await _until(stop, running)
            worker.stop()
            await running
            return
        from draftdesk.jobs.queue import queue_worker

        queue = services.job_queue
        arq_worker = queue_worker(
            url=settings.queue_url,
            queue=queue,  # type: ignore[arg-type]  # an ArqQueue whenever queue_url is set
            jobs=services.job_store,
            runner=services.job_runner(http=http),
            concurrency=max(settings.job_concurrency, 1),
            lease_s=settings.job_lease_s,
            sweep_s=settings.job_sweep_s,
            handle_signals=False,
        )
        running = asyncio.create_task(arq_worker.async_run())
        await _until(stop, running)
        arq_worker.allow_pick_jobs = False
        if arq_worker.tasks:
            await asyncio.wait(list(arq_worker.tasks.values()), timeout=STOP_GRACE_S)
        await arq_worker.close()
        with contextlib.suppress(asyncio.CancelledError):
            await running


def _table_worker(services: Services, http: httpx.AsyncClient) -> JobWorker:
    settings = services.settings
    queue = services.job_queue
    return JobWorker(
        jobs=services.job_store,
        runner=services.job_runner(http=http),
        doorbell=queue if isinstance(queue, LocalQueue) else None,
        concurrency=max(settings.job_concurrency, 1),
        poll_s=settings.job_poll_s,
        lease_s=settings.job_lease_s,
    )


async def _until(stop: asyncio.Event, running: asyncio.Task[None]) -> None:
    """Until `stop` is set, or the worker ends by itself (its failure is raised)."""
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({stopped, running}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if running.done():
        running.result()
