"""One attempt at one claimed job: draft, post the note, record the outcome.

Exactly-once where it can be, at-least-once where it cannot:

- **Drafting happens once.** The draft is created with the job's id as Idempotency-Key,
  and the draft store writes the draft and the key in one transaction; the job records
  the draft's id next. An attempt resumed after a crash finds the draft by either and
  never drafts again.
- **The note is posted at least once.** A crash after the helpdesk accepted the note and
  before `done` is written, a lease that ran out in between, or a helpdesk that stored
  the note but answered too late (a timeout, counted as retryable), leaves a job that
  posts its note again: the ticket then shows it twice. Neither helpdesk's note
  endpoint takes an idempotency key, so this cannot be closed from our side; it is kept
  small and visible instead: `done` is written the moment the post returns, the lease
  is renewed while the job runs, and `posting_since` marks a post that was started and
  not confirmed, so a repeated one is logged and counted by the store
  (`draftdesk_job_notes_reposted_total`).

Failures: retryable ones (the helpdesk unavailable or rate limited, a store or a model
unavailable, anything unexpected) are tried again after `RetryPolicy.delay_s`, honouring
Retry-After, up to `max_attempts`; then the job is dead. Permanent ones (the helpdesk
refused the note, a ticket that cannot be drafted, a configuration mistake) make it dead
at once. The reason stored and logged is our own error message, which names the failure
and never a value (masked and cut short all the same); an unexpected exception is named
by its class only, since its message may quote the ticket.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from draftdesk.adapters.masking import mask_personal_numbers
from draftdesk.desk import DraftDesk
from draftdesk.domain import Draft
from draftdesk.errors import ConfigurationError, DraftdeskError, HelpdeskFailed
from draftdesk.jobs.backoff import RetryPolicy
from draftdesk.jobs.model import Job, JobState
from draftdesk.ports import Clock, InboxStore, JobQueue, JobStore, NotePoster

log = logging.getLogger("draftdesk.jobs")

MAX_REASON_CHARS = 500


class _LeaseLost(Exception):
    """Another worker took the job over: this attempt stops without writing anything."""


@dataclass
class _Attempt:
    """What one attempt knows about posting: whether a post of the note was left unconfirmed."""

    posting_since: datetime | None  # as the attempt found it: an earlier attempt's unconfirmed post
    post_started: datetime | None = None

    def posting_since_after(self, error: Exception) -> datetime | None:
        """A post that got an answer (any status) did not store the note; one that got
        none (a timeout, a dropped connection) may have."""
        answered = isinstance(error, HelpdeskFailed) and error.status is not None
        if self.post_started is None or answered:
            return self.posting_since
        return self.posting_since or self.post_started


@dataclass(frozen=True, kw_only=True)
class JobRunner:
    jobs: JobStore
    desk: DraftDesk
    inbox: InboxStore
    notes: NotePoster
    queue: JobQueue
    retry: RetryPolicy
    clock: Clock  # the wall clock: leases and backoff run on real time, whatever the desk's demo clock says
    jitter: Callable[[], float] = random.random

    async def run(self, job: Job, *, worker: str) -> JobState | None:
        """Run `job`, claimed by `worker`; the state it ended in, or None when the lease
        was lost to another worker (who then owns the outcome)."""
        attempt = _Attempt(posting_since=job.posting_since)
        try:
            if job.attempts > self.retry.max_attempts:
                reason = f"gave up after {job.attempts - 1} attempts; the last one never finished (its worker stopped)"
                return await self._bury(job, worker, reason, posting_since=job.posting_since)
            draft = await self._draft(job, worker)
            await self._post(job, draft, worker, attempt)
            return await self._finish(job, draft, worker)
        except _LeaseLost:
            log.warning("job %s: the lease ran out and another worker took it over; this attempt stops", job.id)
            return None
        except Exception as error:  # noqa: BLE001 - every failure is the job's outcome, never the worker's end
            return await self._failed(job, worker, error, posting_since=attempt.posting_since_after(error))

    async def _draft(self, job: Job, worker: str) -> Draft:
        if job.draft_id is not None:
            return await asyncio.to_thread(self.desk.latest, job.draft_id)
        # The job's id, not the delivery's key: an API client cannot guess it and take it first.
        draft, _ = await self.desk.create(job.ticket, agent=None, idempotency_key=job.id)
        await self._leased(self.jobs.record_draft, job.id, worker=worker, draft_id=draft.id, now=self.clock())
        return draft

    async def _post(self, job: Job, draft: Draft, worker: str, attempt: _Attempt) -> None:
        if job.posting_since is not None:
            log.warning("job %s: an earlier post of its note was not confirmed; posting again may show it twice", job.id)
        attempt.post_started = self.clock()
        await self._leased(self.jobs.mark_posting, job.id, worker=worker, now=attempt.post_started)
        await self.notes.post(job.target, draft)

    async def _finish(self, job: Job, draft: Draft, worker: str) -> JobState:
        await self._leased(self.jobs.finish, job.id, worker=worker, now=self.clock())
        await self._show_in_inbox(job, draft)
        log.info("job %s done: note posted to %s (attempt %d)", job.id, job.source, job.attempts)
        return JobState.DONE

    async def _failed(self, job: Job, worker: str, error: Exception, *, posting_since: datetime | None) -> JobState | None:
        retryable, reason = describe_failure(error)
        if not retryable or self.retry.gives_up_after(job.attempts):
            if retryable:
                reason = f"gave up after {job.attempts} attempts: {reason}"
            return await self._bury(job, worker, reason, posting_since=posting_since)
        retry_after_s = error.retry_after_s if isinstance(error, HelpdeskFailed) else None
        delay_s = self.retry.delay_s(job.attempts, jitter=self.jitter(), retry_after_s=retry_after_s)
        now = self.clock()
        at = now + timedelta(seconds=delay_s)
        try:
            await self._leased(
                self.jobs.reschedule, job.id, worker=worker, at=at, error=reason, posting_since=posting_since, now=now
            )
        except _LeaseLost:
            return None
        log.info("job %s attempt %d failed (%s); next attempt in %.1f s", job.id, job.attempts, reason, delay_s)
        await self.queue.submit(job.model_copy(update={"state": JobState.RETRYING, "next_attempt_at": at}))
        return JobState.RETRYING

    async def _bury(self, job: Job, worker: str, reason: str, *, posting_since: datetime | None) -> JobState | None:
        now = self.clock()
        try:
            await self._leased(self.jobs.bury, job.id, worker=worker, error=reason, posting_since=posting_since, now=now)
        except _LeaseLost:
            return None
        await self._show_in_inbox(job, None)  # a draft it made shows already; without one the ticket waits again
        log.warning("job %s is dead after attempt %d: %s", job.id, job.attempts, reason)
        return JobState.DEAD

    async def _show_in_inbox(self, job: Job, draft: Draft | None) -> None:
        """The job's outcome is written: an inbox that cannot be told keeps its old state
        for the ticket (until the next change), and the outcome stands."""
        try:
            await asyncio.to_thread(self.inbox.job_ended, job, draft=draft)
        except DraftdeskError as error:
            log.warning("job %s: the inbox keeps its old state for the ticket (%s)", job.id, error.title)

    @staticmethod
    async def _leased(change: Callable[..., bool], job_id: str, **arguments: object) -> None:
        """A store change made while the lease holds; _LeaseLost when it no longer does."""
        if not await asyncio.to_thread(change, job_id, **arguments):
            raise _LeaseLost()


def describe_failure(error: Exception) -> tuple[bool, str]:
    """(retryable, reason): the reason without personal data or credentials."""
    if isinstance(error, HelpdeskFailed):
        retryable, reason = error.retryable, error.detail
    elif isinstance(error, ConfigurationError):
        retryable, reason = False, f"{error.title}: {error.detail}"
    elif isinstance(error, DraftdeskError):
        # 5xx: something was unavailable (a store, redaction, a model); 4xx: this ticket cannot be drafted
        retryable, reason = error.status_code >= 500, f"{error.title}: {error.detail}"
    else:
        retryable, reason = True, f"unexpected {type(error).__name__}"
    reason = mask_personal_numbers(reason)
    return retryable, reason if len(reason) <= MAX_REASON_CHARS else reason[: MAX_REASON_CHARS - 1] + "…"
