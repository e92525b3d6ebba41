"""JobRunner: one attempt at a claimed job, over the job store (SQLite on tmp_path), the
desk (the kit: in-memory drafts, the template drafter), a scripted note poster and a
clock that moves only when told. What each attempt did is counted by the store."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.errors import HelpdeskRejected, HelpdeskUnavailable, InvalidInput, StoreUnavailable
from draftdesk.integrations.deliveries import ZendeskTicketRef
from draftdesk.jobs.backoff import RetryPolicy
from draftdesk.jobs.model import Job, JobState
from draftdesk.jobs.runner import MAX_REASON_CHARS, JobRunner, describe_failure
from draftdesk.jobs.stats import JobEvent
from tests.adapters.conftest import sqlite_database
from tests.jobs.support import START, Clock, Posted, QueueSpy, ScriptedNotes, make_job
from tests.support.desks import make_desk, policy_passages
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex
from tests.support.stores import InMemoryDrafts

WORKER = "w1"
UNAVAILABLE = HelpdeskUnavailable("Zendesk PUT /api/v2/tickets/4801.json answered 503", helpdesk="Zendesk", status=503)


@dataclass
class Kit:
    runner: JobRunner
    jobs: SqlJobStore
    drafts: InMemoryDrafts
    notes: ScriptedNotes
    queue: QueueSpy
    clock: Clock

    def drafts_made(self) -> int:
        return sum(1 for line in self.drafts.audit if line.action == "created")

    def run(self, job: Job, *, worker: str = WORKER) -> JobState | None:
        return asyncio.run(self.runner.run(job, worker=worker))

    def claim(self, *, worker: str = WORKER) -> Job:
        (job,) = self.jobs.claim(worker=worker, now=self.clock(), lease_s=30)
        return job

    def stored(self, job: Job) -> Job:
        found = self.jobs.get(job.id)
        assert found is not None
        return found

    def counted(self) -> dict[str, int]:
        """The store's job events (all from Zendesk), those that happened."""
        stats = self.jobs.stats()
        assert {tally.source for tally in stats.tallies} <= {"zendesk"}
        return {event.value: n for event in JobEvent if (n := sum(stats.totals(event).values()))}


@pytest.fixture()
def kit(tmp_path: Path) -> Kit:
    jobs, drafts, notes, queue, clock = (
        SqlJobStore(sqlite_database(tmp_path)), InMemoryDrafts(), ScriptedNotes(), QueueSpy(), Clock(),
    )  # fmt: skip
    desk = make_desk(orders=InMemoryOrders([make_order(shipment=SHIPPED)]), policies=ListPolicyIndex(policy_passages()), drafts=drafts)
    runner = JobRunner(
        jobs=jobs, desk=desk, inbox=desk.inbox, notes=notes, queue=queue, clock=clock,
        retry=RetryPolicy(max_attempts=3, base_s=2.0, cap_s=60.0), jitter=lambda: 0.5,
    )  # fmt: skip
    return Kit(runner, jobs, drafts, notes, queue, clock)


def test_a_job_drafts_posts_its_note_and_is_done(kit: Kit) -> None:
    job, _ = kit.jobs.add(make_job())
    assert kit.run(kit.claim()) == JobState.DONE
    done = kit.stored(job)
    assert done.state == JobState.DONE and done.draft_id is not None and done.last_error is None
    assert kit.notes.posted == [Posted(ZendeskTicketRef(ticket_id=4801), done.draft_id)]
    assert kit.drafts.latest(done.draft_id).ticket_id == "zendesk-4801"
    assert kit.counted() == {"accepted": 1, "done": 1}


def test_a_helpdesk_outage_is_retried_with_backoff_and_the_draft_is_not_made_again(kit: Kit) -> None:
    kit.notes.script.extend([UNAVAILABLE])
    job, _ = kit.jobs.add(make_job())
    assert kit.run(kit.claim()) == JobState.RETRYING
    waiting = kit.stored(job)
    # attempt 1 with base 2 s: between 1 and 2 s; jitter 0.5 → 1.5 s
    assert (waiting.state, waiting.attempts, waiting.next_attempt_at) == (JobState.RETRYING, 1, START.replace(second=1, microsecond=500_000))
    assert waiting.last_error == UNAVAILABLE.detail and waiting.draft_id is not None
    assert [(j.id, j.next_attempt_at) for j in kit.queue.submitted] == [(job.id, waiting.next_attempt_at)]
    assert kit.jobs.claim(worker=WORKER, now=kit.clock(), lease_s=30) == []  # not due yet

    kit.clock.advance(1.5)
    assert kit.run(kit.claim()) == JobState.DONE
    assert kit.drafts_made() == 1 and len(kit.notes.posted) == 1 and kit.notes.calls == 2
    assert kit.counted() == {"accepted": 1, "retried": 1, "done": 1}


def test_retry_after_is_honoured(kit: Kit) -> None:
    kit.notes.script.append(replace_error(UNAVAILABLE, retry_after_s=30.0))
    job, _ = kit.jobs.add(make_job())
    kit.run(kit.claim())
    assert (kit.stored(job).next_attempt_at - START).total_seconds() == 30.0


def test_after_the_last_attempt_the_job_is_dead_with_the_reason(kit: Kit) -> None:
    kit.notes.script.extend([UNAVAILABLE] * 3)
    job, _ = kit.jobs.add(make_job())
    states = []
    for _ in range(3):
        states.append(kit.run(kit.claim()))
        kit.clock.advance(60)
    assert states == [JobState.RETRYING, JobState.RETRYING, JobState.DEAD]
    dead = kit.stored(job)
    assert (dead.state, dead.attempts) == (JobState.DEAD, 3)
    assert dead.last_error == f"gave up after 3 attempts: {UNAVAILABLE.detail}"
    assert kit.notes.posted == [] and kit.drafts_made() == 1
    assert kit.counted() == {"accepted": 1, "retried": 2, "dead": 1}


@pytest.mark.parametrize(
    "failure",
    [
        HelpdeskRejected("Zendesk PUT /api/v2/tickets/4801.json answered 404: no such ticket", helpdesk="Zendesk", status=404),
        HelpdeskRejected("Zendesk is not configured (DRAFTDESK_ZENDESK_*): the note cannot be posted", helpdesk="Zendesk"),
    ],
)
def test_a_permanent_failure_is_dead_at_once(kit: Kit, failure: HelpdeskRejected) -> None:
    kit.notes.script.append(failure)
    job, _ = kit.jobs.add(make_job())
    assert kit.run(kit.claim()) == JobState.DEAD
    dead = kit.stored(job)
    assert (dead.attempts, dead.last_error) == (1, failure.detail)
    assert kit.queue.submitted == []


def test_a_ticket_that_cannot_be_drafted_is_dead_at_once(kit: Kit) -> None:
    job, _ = kit.jobs.add(make_job(body="> 引用だけ\n> です"))
    assert kit.run(kit.claim()) == JobState.DEAD
    assert kit.stored(job).last_error.startswith("Invalid input: ticket body is empty")
    assert kit.notes.calls == 0


def test_a_job_resumed_after_a_crash_finds_its_draft_by_the_idempotency_key(kit: Kit) -> None:
    """The draft was stored, then the worker died before the job recorded it."""
    job, _ = kit.jobs.add(make_job())
    claimed = kit.claim(worker="died")
    draft, _ = asyncio.run(kit.runner.desk.create(claimed.ticket, agent=None, idempotency_key=job.id))
    kit.clock.advance(31)  # its lease runs out
    assert kit.run(kit.claim()) == JobState.DONE
    assert kit.drafts_made() == 1 and kit.stored(job).draft_id == draft.id
    assert kit.notes.posted == [Posted(job.target, draft.id)]


def test_a_post_that_was_never_confirmed_is_made_again_and_counted(kit: Kit) -> None:
    job, _ = kit.jobs.add(make_job())
    kit.claim(worker="died")
    kit.jobs.mark_posting(job.id, worker="died", now=kit.clock())
    kit.clock.advance(31)
    assert kit.run(kit.claim()) == JobState.DONE
    assert kit.counted() == {"accepted": 1, "reposted": 1, "done": 1} and len(kit.notes.posted) == 1


def test_a_worker_that_lost_its_lease_writes_nothing(kit: Kit) -> None:
    job, _ = kit.jobs.add(make_job())
    slow = kit.claim(worker="slow")
    kit.clock.advance(31)
    kit.claim(worker="fast")  # took it over
    assert kit.run(slow, worker="slow") is None
    taken = kit.stored(job)
    assert (taken.state, taken.lease_owner, taken.draft_id) == (JobState.RUNNING, "fast", None)
    assert kit.counted() == {"accepted": 1}  # the slow worker's attempt counted nothing


def test_a_job_whose_worker_kept_dying_is_given_up_without_another_try(kit: Kit) -> None:
    job, _ = kit.jobs.add(make_job())
    for _ in range(4):  # three attempts allowed; each claim counts one
        claimed = kit.claim(worker="crashing")
        kit.clock.advance(31)
    assert claimed.attempts == 4
    assert kit.run(kit.claim()) == JobState.DEAD
    assert kit.stored(job).last_error.startswith("gave up after 4 attempts; the last one never finished")
    assert kit.drafts_made() == 0


def test_failure_reasons_never_carry_personal_data() -> None:
    retryable, reason = describe_failure(ValueError("山田 太郎 <taro.yamada@example.jp> 4111 1111 1111 1111"))
    assert (retryable, reason) == (True, "unexpected ValueError")
    assert describe_failure(StoreUnavailable("the database failed while writing: OperationalError")) == (
        True, "Store unavailable: the database failed while writing: OperationalError",
    )  # fmt: skip
    retryable, reason = describe_failure(InvalidInput("card 4111 1111 1111 1111 " + "x" * 1000))
    assert not retryable and "4111 1111 1111 1111" not in reason and "**** **** **** 1111" in reason
    assert len(reason) == MAX_REASON_CHARS


def replace_error(error: HelpdeskUnavailable, *, retry_after_s: float) -> HelpdeskUnavailable:
    return HelpdeskUnavailable(error.detail, helpdesk=error.helpdesk, status=error.status, retry_after_s=retry_after_s)


def test_a_post_that_got_no_answer_counts_as_unconfirmed_one_that_got_an_answer_does_not(kit: Kit) -> None:
    timed_out = HelpdeskUnavailable("Zendesk PUT /api/v2/tickets/4801.json: no answer within 5 s", helpdesk="Zendesk")
    kit.notes.script.extend([UNAVAILABLE, timed_out])
    job, _ = kit.jobs.add(make_job())
    kit.run(kit.claim())
    assert kit.stored(job).posting_since is None  # a 503: the helpdesk stored nothing
    kit.clock.advance(10)
    kit.run(kit.claim())
    assert kit.stored(job).posting_since is not None  # a timeout: it may have
    kit.clock.advance(10)
    assert kit.run(kit.claim()) == JobState.DONE
    assert kit.counted() == {"accepted": 1, "retried": 2, "reposted": 1, "done": 1}
