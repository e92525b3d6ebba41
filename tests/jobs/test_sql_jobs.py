"""SqlJobStore on SQLite and PostgreSQL: one job per key, masked at rest, claims that
never hand one job to two workers, leases that run out, changes only under the lease."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_jobs import JobRow, SqlJobStore
from draftdesk.errors import Conflict, NotFound
from draftdesk.jobs.model import JobState
from tests.jobs.support import START, TICKET_BODY, make_job

CARD = "4111 1111 1111 1111"


@pytest.fixture()
def jobs(database: Database) -> SqlJobStore:
    return SqlJobStore(database)


def test_a_job_is_stored_once_per_key(jobs: SqlJobStore) -> None:
    job = make_job()
    stored, created = jobs.add(job)
    assert created and stored == job
    again, created_again = jobs.add(make_job())  # another id, the same delivery key
    assert not created_again and again.id == job.id
    assert jobs.get(job.id) == job and jobs.get("job_nope") is None
    assert jobs.counts()[JobState.QUEUED] == 1


def test_the_ticket_is_masked_at_rest(jobs: SqlJobStore, database: Database) -> None:
    job = make_job(body=TICKET_BODY + f"\nカード {CARD} で払いました。")
    stored, _ = jobs.add(job)
    assert CARD not in stored.ticket.body and "**** **** **** 1111" in stored.ticket.body
    with database.session() as session:
        raw = session.scalar(select(JobRow.ticket).where(JobRow.id == job.id))
    assert CARD not in str(raw) and jobs.get(job.id) == stored


def test_a_claim_leases_due_jobs_oldest_first(jobs: SqlJobStore) -> None:
    first, second, later = make_job(1), make_job(2, now=START + timedelta(seconds=1)), make_job(3, now=START + timedelta(hours=1))
    for job in (later, second, first):
        jobs.add(job)
    claimed = jobs.claim(worker="w1", now=START + timedelta(seconds=5), lease_s=30, limit=5)
    assert [job.id for job in claimed] == [first.id, second.id]  # `later` is not due yet
    assert {(job.state, job.attempts, job.lease_owner) for job in claimed} == {(JobState.RUNNING, 1, "w1")}
    assert claimed[0].lease_until == START + timedelta(seconds=35)
    assert jobs.claim(worker="w2", now=START + timedelta(seconds=6), lease_s=30, limit=5) == []  # leased


def test_an_expired_lease_is_claimed_again_and_the_old_worker_can_change_nothing(jobs: SqlJobStore) -> None:
    job, _ = jobs.add(make_job())
    jobs.claim(worker="dead", now=START, lease_s=30)
    (taken,) = jobs.claim(worker="w2", now=START + timedelta(seconds=31), lease_s=30)
    assert (taken.lease_owner, taken.attempts) == ("w2", 2)
    now = START + timedelta(seconds=32)
    assert not jobs.finish(job.id, worker="dead", now=now)
    assert not jobs.record_draft(job.id, worker="dead", draft_id="d_x", now=now)
    assert jobs.record_draft(job.id, worker="w2", draft_id="d_1", now=now)
    assert jobs.finish(job.id, worker="w2", now=now)
    done = jobs.get(job.id)
    assert done is not None and (done.state, done.draft_id, done.lease_owner, done.finished_at) == (
        JobState.DONE, "d_1", None, now,
    )  # fmt: skip
    assert jobs.claim(worker="w3", now=now + timedelta(days=1), lease_s=30) == []


def test_leases_are_extended_only_for_their_holder(jobs: SqlJobStore) -> None:
    a, _ = jobs.add(make_job(1))
    b, _ = jobs.add(make_job(2))
    jobs.claim(worker="w1", now=START, lease_s=30, job_id=a.id)
    jobs.claim(worker="w2", now=START, lease_s=30, job_id=b.id)
    until = START + timedelta(minutes=5)
    assert jobs.extend_leases([a.id, b.id], worker="w1", until=until) == {a.id}
    assert jobs.get(a.id).lease_until == until and jobs.get(b.id).lease_until == START + timedelta(seconds=30)
    taken = jobs.claim(worker="w3", now=START + timedelta(minutes=1), lease_s=30, limit=5)
    assert [job.id for job in taken] == [b.id]  # w2's lease ran out; w1's was renewed


def test_a_retry_waits_for_its_time_and_a_dead_job_can_be_queued_again(jobs: SqlJobStore) -> None:
    job, _ = jobs.add(make_job())
    jobs.claim(worker="w1", now=START, lease_s=30)
    at = START + timedelta(seconds=8)
    assert jobs.reschedule(job.id, worker="w1", at=at, error="Zendesk PUT … answered 503", posting_since=None, now=START)
    waiting = jobs.get(job.id)
    assert (waiting.state, waiting.next_attempt_at, waiting.last_error) == (JobState.RETRYING, at, "Zendesk PUT … answered 503")
    assert jobs.due(now=at - timedelta(seconds=1)) == [] and [j.id for j in jobs.due(now=at)] == [job.id]
    assert jobs.claim(worker="w1", now=at - timedelta(seconds=1), lease_s=30) == []
    (again,) = jobs.claim(worker="w1", now=at, lease_s=30)
    assert again.attempts == 2

    with pytest.raises(Conflict):
        jobs.requeue(job.id, now=at)  # running, not dead
    assert jobs.bury(job.id, worker="w1", error="gave up", posting_since=None, now=at)
    assert jobs.counts()[JobState.DEAD] == 1
    requeued = jobs.requeue(job.id, now=at + timedelta(seconds=1))
    assert (requeued.state, requeued.attempts, requeued.next_attempt_at, requeued.last_error) == (
        JobState.QUEUED, 0, at + timedelta(seconds=1), "gave up",
    )  # fmt: skip
    with pytest.raises(NotFound):
        jobs.requeue("job_nope", now=at)


def test_posting_since_keeps_the_first_start(jobs: SqlJobStore) -> None:
    job, _ = jobs.add(make_job())
    jobs.claim(worker="w1", now=START, lease_s=30)
    assert jobs.mark_posting(job.id, worker="w1", now=START + timedelta(seconds=1))
    assert jobs.mark_posting(job.id, worker="w1", now=START + timedelta(seconds=2))
    assert jobs.get(job.id).posting_since == START + timedelta(seconds=1)


def test_concurrent_claims_never_share_a_job(jobs: SqlJobStore) -> None:
    """Eight workers claim two at a time from 40 due jobs, at once: each job goes to one."""
    for n in range(40):
        jobs.add(make_job(n))
    claims: dict[str, list[str]] = {}
    barrier = threading.Barrier(8)

    def worker(name: str) -> None:
        barrier.wait()
        mine = claims.setdefault(name, [])
        while batch := jobs.claim(worker=name, now=START, lease_s=60, limit=2):
            mine += [job.id for job in batch]

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    claimed = [job_id for ids in claims.values() for job_id in ids]
    assert len(claimed) == 40 and len(set(claimed)) == 40
    assert sum(1 for ids in claims.values() if ids) > 1  # they really competed
    assert jobs.counts()[JobState.RUNNING] == 40


def test_a_batch_stores_each_key_once_and_finds_the_ones_stored_before(jobs: SqlJobStore) -> None:
    earlier, _ = jobs.add(make_job(1))
    batch = [make_job(1), make_job(2), make_job(3), make_job(2)]  # 1 is stored; 2 comes twice
    results = jobs.add_many(batch)
    assert [(job.id, created) for job, created in results] == [
        (earlier.id, False), (batch[1].id, True), (batch[2].id, True), (batch[1].id, False),
    ]  # fmt: skip
    assert jobs.counts()[JobState.QUEUED] == 3
