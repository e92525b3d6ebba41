"""SqlJobStore: drafting jobs in the `jobs` table, on SQLite and PostgreSQL.

Claiming is one write transaction: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED`
picks the rows (two workers never pick the same one, and neither waits for the other),
on SQLite the write lock taken at BEGIN does the same; the UPDATE repeats the claim's
condition either way. Every later change is an `UPDATE … WHERE` the job is still running
under the caller's lease, so a worker that lost its lease changes nothing.

What a change means for the job counters (accepted, retried, reposted, done with its
seconds, dead) is added to `job_stats` in the same transaction (`sql_job_stats`): counted
once, whichever process made it, and never for a change that did not happen.

The ticket is masked before it is written (`draftdesk.adapters.masking`).
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Index, Row, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from draftdesk.adapters.database import Base, Database, load_stored
from draftdesk.adapters.masking import masked_ticket
from draftdesk.adapters.sql_job_stats import SqlJobTallies
from draftdesk.domain import Ticket
from draftdesk.errors import Conflict, NotFound
from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.jobs.model import Job, JobState
from draftdesk.jobs.stats import JobEvent, JobStats

_WAITING = (JobState.QUEUED.value, JobState.RETRYING.value)


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(primary_key=True)
    source: Mapped[str]
    key: Mapped[str] = mapped_column(unique=True)
    ticket: Mapped[dict[str, Any]]
    target: Mapped[dict[str, Any]]
    state: Mapped[str]
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None]
    lease_until: Mapped[datetime | None]
    draft_id: Mapped[str | None]
    posting_since: Mapped[datetime | None]
    last_error: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_jobs_state_next_attempt", "state", "next_attempt_at"),)


class SqlJobStore:
    def __init__(self, database: Database) -> None:
        self._database = database
        postgresql = database.engine.dialect.name == "postgresql"
        self._skip_locked = postgresql
        self._insert = postgresql_insert if postgresql else sqlite_insert
        self._tallies = SqlJobTallies(postgresql=postgresql)
        # SQLite has one writer at a time, and a writer that finds the file locked sleeps
        # in growing steps (up to 100 ms) before it tries again. This process's job
        # writes take turns on a lock instead, which hands over at once.
        self._write_turn = contextlib.nullcontext() if postgresql else threading.Lock()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        with self._write_turn, self._database.session(writes=True) as session:
            yield session

    def add(self, job: Job) -> tuple[Job, bool]:
        return self.add_many([job])[0]

    def add_many(self, jobs: Sequence[Job]) -> list[tuple[Job, bool]]:
        # Re-sent deliveries are found with a read: they never wait for the write lock.
        known = self._by_keys({job.key for job in jobs})
        fresh: dict[str, Job] = {}
        for job in jobs:
            if job.key not in known and job.key not in fresh:
                fresh[job.key] = job.model_copy(update={"ticket": masked_ticket(job.ticket)})
        inserted: set[str] = set()
        if fresh:
            # ON CONFLICT (key) DO NOTHING: of two deliveries of one event stored at once
            # by two processes, one inserts and the other finds its job.
            # Executed with a list of rows (one statement, whatever their number, compiled once).
            statement = self._insert(JobRow).on_conflict_do_nothing(index_elements=["key"]).returning(JobRow.id)
            with self._writing() as session:
                inserted = set(session.scalars(statement, [_values(job) for job in fresh.values()]))
                accepted = Counter(job.source for job in fresh.values() if job.id in inserted)
                for source, n in sorted(accepted.items()):
                    self._tallies.count(session, source, JobEvent.ACCEPTED, n=n)
            known |= self._by_keys({key for key, job in fresh.items() if job.id not in inserted})
        results, reported = [], set()
        for job in jobs:
            new = fresh.get(job.key)
            if new is not None and new.id in inserted and job.key not in reported:
                results.append((new, True))
                reported.add(job.key)
            else:  # stored before, by another process just now, or earlier in this batch
                results.append((known.get(job.key) or fresh[job.key], False))
        return results

    def _by_keys(self, keys: Iterable[str]) -> dict[str, Job]:
        keys = list(keys)
        if not keys:
            return {}
        with self._database.session() as session:
            return {row.key: _job(row) for row in session.scalars(select(JobRow).where(JobRow.key.in_(keys)))}

    def get(self, job_id: str) -> Job | None:
        with self._database.session() as session:
            row = session.get(JobRow, job_id)
        return None if row is None else _job(row)

    def claim(
        self, *, worker: str, now: datetime, lease_s: float, limit: int = 1, job_id: str | None = None
    ) -> list[Job]:
        claimable = _claimable(now)
        pick = select(JobRow.id).where(claimable).order_by(JobRow.next_attempt_at, JobRow.id).limit(limit)
        if job_id is not None:
            pick = pick.where(JobRow.id == job_id)
        if self._skip_locked:
            pick = pick.with_for_update(skip_locked=True)
        until = now + timedelta(seconds=lease_s)
        with self._writing() as session:
            ids = list(session.scalars(pick))
            if not ids:
                return []
            session.execute(
                update(JobRow)
                .where(JobRow.id.in_(ids), claimable)
                .values(
                    state=JobState.RUNNING.value,
                    lease_owner=worker,
                    lease_until=until,
                    attempts=JobRow.attempts + 1,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            rows = session.scalars(
                select(JobRow)
                .where(JobRow.id.in_(ids), JobRow.lease_owner == worker, JobRow.state == JobState.RUNNING.value)
                .order_by(JobRow.next_attempt_at, JobRow.id)
                .execution_options(populate_existing=True)
            )
            return [_job(row) for row in rows]

    def extend_leases(self, job_ids: Iterable[str], *, worker: str, until: datetime) -> set[str]:
        ids = list(job_ids)
        if not ids:
            return set()
        held = and_(JobRow.id.in_(ids), JobRow.lease_owner == worker, JobRow.state == JobState.RUNNING.value)
        with self._writing() as session:
            session.execute(update(JobRow).where(held).values(lease_until=until).execution_options(synchronize_session=False))
            return set(session.scalars(select(JobRow.id).where(held)))

    def record_draft(self, job_id: str, *, worker: str, draft_id: str, now: datetime) -> bool:
        return self._while_leased(job_id, worker, draft_id=draft_id, updated_at=now)

    def mark_posting(self, job_id: str, *, worker: str, now: datetime) -> bool:
        with self._writing() as session:
            # An earlier attempt's post left unconfirmed: this one posts the note again.
            again = _change_leased(session, job_id, worker, JobRow.posting_since.is_not(None), updated_at=now)
            if again is not None:
                self._tallies.count(session, again.source, JobEvent.REPOSTED)
                return True
            return _change_leased(session, job_id, worker, posting_since=now, updated_at=now) is not None

    def finish(self, job_id: str, *, worker: str, now: datetime) -> bool:
        return self._while_leased(
            job_id, worker, JobEvent.DONE,
            state=JobState.DONE.value, lease_owner=None, lease_until=None, finished_at=now, updated_at=now,
        )  # fmt: skip

    def reschedule(
        self, job_id: str, *, worker: str, at: datetime, error: str, posting_since: datetime | None, now: datetime
    ) -> bool:
        return self._while_leased(
            job_id, worker, JobEvent.RETRIED,
            state=JobState.RETRYING.value, next_attempt_at=at, lease_owner=None, lease_until=None,
            last_error=error, posting_since=posting_since, updated_at=now,
        )  # fmt: skip

    def bury(self, job_id: str, *, worker: str, error: str, posting_since: datetime | None, now: datetime) -> bool:
        return self._while_leased(
            job_id, worker, JobEvent.DEAD,
            state=JobState.DEAD.value, lease_owner=None, lease_until=None, last_error=error,
            posting_since=posting_since, finished_at=now, updated_at=now,
        )  # fmt: skip

    def requeue(self, job_id: str, *, now: datetime) -> Job:
        with self._writing() as session:
            row = session.get(JobRow, job_id)
            if row is None:
                raise NotFound(f"no job with id {job_id}")
            if row.state != JobState.DEAD.value:
                raise Conflict(f"job {job_id} is {row.state}; only a dead job can be retried")
            row.state, row.attempts, row.next_attempt_at, row.finished_at = JobState.QUEUED.value, 0, now, None
            row.updated_at = now
            session.flush()
            return _job(row)

    def due(self, *, now: datetime, limit: int = 100) -> list[Job]:
        query = select(JobRow).where(_claimable(now)).order_by(JobRow.next_attempt_at, JobRow.id).limit(limit)
        with self._database.session() as session:
            return [_job(row) for row in session.scalars(query)]

    def counts(self) -> dict[JobState, int]:
        with self._database.session() as session:
            found = {state: n for state, n in session.execute(select(JobRow.state, func.count()).group_by(JobRow.state))}
        return {state: found.get(state.value, 0) for state in JobState}

    def stats(self) -> JobStats:
        with self._database.session() as session:
            return self._tallies.read(session)

    def _while_leased(self, job_id: str, worker: str, counted: JobEvent | None = None, **values: object) -> bool:
        with self._writing() as session:
            changed = _change_leased(session, job_id, worker, **values)
            if changed is None:
                return False
            if counted == JobEvent.DONE:
                seconds = max(0.0, (changed.finished_at - changed.created_at).total_seconds())
                self._tallies.count(session, changed.source, counted, seconds=seconds)
            elif counted is not None:
                self._tallies.count(session, changed.source, counted)
            return True


def _change_leased(
    session: Session, job_id: str, worker: str, *conditions: ColumnElement[bool], **values: object
) -> Row[tuple[str, datetime, datetime | None]] | None:
    """The job changed while `worker` holds its lease (and `conditions` hold): its source,
    accepted and finished times after the change; None when nothing changed."""
    held = and_(JobRow.id == job_id, JobRow.lease_owner == worker, JobRow.state == JobState.RUNNING.value, *conditions)
    return session.execute(
        update(JobRow)
        .where(held)
        .values(**values)
        .returning(JobRow.source, JobRow.created_at, JobRow.finished_at)
        .execution_options(synchronize_session=False)
    ).one_or_none()


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(JobRow.state.in_(_WAITING), JobRow.next_attempt_at <= now),
        and_(JobRow.state == JobState.RUNNING.value, JobRow.lease_until < now),
    )


def _values(job: Job) -> dict[str, object]:
    return dict(
        id=job.id,
        source=job.source,
        key=job.key,
        ticket=job.ticket.model_dump(mode="json", by_alias=True),
        target=job.target.model_dump(mode="json"),
        state=job.state.value,
        attempts=job.attempts,
        next_attempt_at=job.next_attempt_at,
        lease_owner=job.lease_owner,
        lease_until=job.lease_until,
        draft_id=job.draft_id,
        posting_since=job.posting_since,
        last_error=job.last_error,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
    )


def _job(row: JobRow) -> Job:
    target_model = ZendeskTicketRef if row.target.get("helpdesk") == "zendesk" else ChatwootConversationRef
    return Job(
        id=row.id,
        source=row.source,  # type: ignore[arg-type]  # validated by the model
        key=row.key,
        ticket=load_stored(Ticket, row.ticket, what=f"the ticket of job {row.id}"),
        target=load_stored(target_model, row.target, what=f"the note target of job {row.id}"),
        state=JobState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        lease_owner=row.lease_owner,
        lease_until=row.lease_until,
        draft_id=row.draft_id,
        posting_since=row.posting_since,
        last_error=row.last_error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
    )
