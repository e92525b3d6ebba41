"""A drafting job: what a helpdesk delivery asks for, and how far it has got. Data only."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from draftdesk.domain import Frozen, Ticket
from draftdesk.integrations.deliveries import Delivery, NoteTarget

Source = Literal["zendesk", "chatwoot"]


class JobState(StrEnum):
    QUEUED = "queued"  # accepted, waiting for a worker
    RUNNING = "running"  # a worker holds its lease
    RETRYING = "retrying"  # an attempt failed in a way worth repeating; waits for `next_attempt_at`
    DONE = "done"  # the note is on the ticket
    DEAD = "dead"  # given up: `last_error` says why; `POST /v1/jobs/{id}/retry` queues it again


FINISHED = frozenset({JobState.DONE, JobState.DEAD})


class Job(Frozen):
    """`key` is the delivery's de-duplication key: one job per key, ever. `ticket` is
    masked at rest (card numbers and My Numbers), and the job drafts from what was stored.
    `lease_owner`/`lease_until`: the worker running it, and until when; a job whose worker
    died is claimed again once the lease has run out. `posting_since`: a post of the note
    was started and not confirmed (the at-least-once window, see `runner`)."""

    id: str
    source: Source
    key: str = Field(min_length=1, max_length=300)
    ticket: Ticket
    target: NoteTarget
    state: JobState = JobState.QUEUED
    attempts: int = Field(default=0, ge=0)
    next_attempt_at: datetime
    lease_owner: str | None = None
    lease_until: datetime | None = None
    draft_id: str | None = None
    posting_since: datetime | None = None
    last_error: str | None = None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None


def new_job(delivery: Delivery, *, now: datetime) -> Job:
    return Job(
        id=f"job_{uuid.uuid4().hex}",
        source=delivery.target.helpdesk,
        key=delivery.key,
        ticket=delivery.ticket,
        target=delivery.target,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )


class JobStatus(Frozen):
    """A job as the API shows it: state and progress, never the ticket's text."""

    job_id: str
    status: JobState
    source: Source
    ticket_id: str
    attempts: int
    next_attempt_at: datetime | None = Field(description="When a queued or retrying job is due; null once finished")
    draft_id: str | None
    last_error: str | None = Field(description="Why the last attempt failed: no personal data, no credential")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> JobStatus:
        return cls(
            job_id=job.id,
            status=job.state,
            source=job.source,
            ticket_id=job.ticket.id,
            attempts=job.attempts,
            next_attempt_at=None if job.state in FINISHED else job.next_attempt_at,
            draft_id=job.draft_id,
            last_error=job.last_error,
            created_at=job.created_at,
            updated_at=job.updated_at,
            finished_at=job.finished_at,
        )


class IgnoredDelivery(Frozen):
    """A genuine delivery that asks for no draft (200)."""

    ignored: str
