"""SqlInboxStore: the `inbox` table, one row per ticket, on SQLite and PostgreSQL.

A change reads the ticket's row, applies one of the transitions of
`draftdesk.inbox.model` and writes the result, in one write transaction: SQLite's write
lock (taken at BEGIN) or PostgreSQL's `SELECT … FOR UPDATE` keeps two changes to one
row from crossing; two processes inserting the same new row at once make the loser
start its transaction again. Listing is one query on an index: by state, then by when
the latest message came, then by ticket id (the order pages follow).

Tickets are masked (`draftdesk.adapters.masking`) before a transition sees them, so the
stored subject and message fingerprint never hold a card number or a My Number.

A database written before the inbox existed gets a row for each ticket it holds at
start-up (`fill_from_stored`), from the same transitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import Any

from sqlalchemy import Connection, Index, and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from draftdesk.adapters.database import Base, Database, is_unique_violation, load_stored
from draftdesk.adapters.masking import masked_ticket
from draftdesk.adapters.sql_drafts import DraftTicketRow, DraftVersionRow, TicketRevisionRow
from draftdesk.adapters.sql_jobs import JobRow
from draftdesk.domain import Draft, Ticket
from draftdesk.errors import Conflict
from draftdesk.inbox.model import (
    DraftState,
    InboxCursor,
    InboxRow,
    Sort,
    Triage,
    after_draft_created,
    after_draft_saved,
    after_job_ended,
    after_job_queued,
    after_ticket_stored,
    in_zone,
)
from draftdesk.jobs.model import Job, JobState
from draftdesk.pipeline.intake import detect_language

Change = Callable[[InboxRow | None], InboxRow | None]

# Two processes adding the same ticket's first row at once (PostgreSQL; SQLite's write
# lock serialises them): the loser starts its transaction again, this often.
_ATTEMPTS = 5


class InboxTicketRow(Base):
    __tablename__ = "inbox"

    ticket_id: Mapped[str] = mapped_column(primary_key=True)
    subject: Mapped[str]
    language: Mapped[str]
    intent: Mapped[str | None]
    order_number: Mapped[str | None]
    channel: Mapped[str | None]
    received_at: Mapped[datetime]
    message: Mapped[str]
    draft_state: Mapped[str]
    draft_id: Mapped[str | None]
    job_id: Mapped[str | None]
    approved_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_inbox_received", "received_at", "ticket_id"),
        Index("ix_inbox_state_received", "draft_state", "received_at", "ticket_id"),
    )


_INBOX = InboxTicketRow.__table__
# Built once, run with each row's values: every draft saved pays for one of these.
_INSERT = insert(_INBOX)
_UPDATE = update(_INBOX).where(_INBOX.c.ticket_id == bindparam("key"))


class SqlInboxStore:
    def __init__(self, database: Database, *, clock: Callable[[], datetime], zone: tzinfo) -> None:
        """`clock`: the desk's, for a message that names no time of its own; `zone`: the
        shop's, for one that names a time without an offset."""
        self._database = database
        self._clock = clock
        self._zone = zone
        self._lock_rows = database.engine.dialect.name == "postgresql"

    def _kept(self, ticket: Ticket) -> Ticket:
        return in_zone(masked_ticket(ticket), self._zone)

    # --- changes --------------------------------------------------------------

    def ticket_stored(self, ticket: Ticket, *, triage: Triage) -> InboxRow:
        change = partial(after_ticket_stored, ticket=self._kept(ticket), triage=triage, now=self._clock())
        row = self._change([(ticket.id, change)])[ticket.id]
        assert row is not None  # a stored ticket always has its row now
        return row

    def jobs_queued(self, jobs: Sequence[Job]) -> None:
        now = self._clock()
        changes = [
            (job.ticket.id, partial(after_job_queued, job_id=job.id, ticket=self._kept(job.ticket), now=now))
            for job in jobs
        ]
        if changes:
            self._change(changes)

    def job_ended(self, job: Job, *, draft: Draft | None) -> None:
        self._change([(job.ticket.id, partial(after_job_ended, job_id=job.id, draft=draft))])

    def draft_created(self, draft: Draft, *, ticket: Ticket) -> None:
        change = partial(after_draft_created, draft=draft, ticket=self._kept(ticket), now=self._clock())
        self._change([(ticket.id, change)])

    def draft_saved(self, draft: Draft) -> None:
        self._change([(draft.ticket_id, partial(after_draft_saved, draft=draft))])

    def _change(self, changes: Sequence[tuple[str, Change]]) -> dict[str, InboxRow | None]:
        """Each change applied in turn to its ticket's row, all in one transaction; the rows as they are now."""
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with self._database.session(writes=True) as session:
                    return _apply(session, changes, lock=self._lock_rows)
            except _RowTaken:
                if attempt == _ATTEMPTS:
                    raise Conflict("the inbox is being changed by other requests; retry") from None
        raise AssertionError("unreachable: the loop returns or raises")

    # --- reading --------------------------------------------------------------

    def row(self, ticket_id: str) -> InboxRow | None:
        with self._database.session() as session:
            found = session.execute(select(_INBOX).where(_INBOX.c.ticket_id == ticket_id)).first()
        return None if found is None else _row(found._mapping)

    def page(self, *, state: DraftState | None, sort: Sort, limit: int, after: InboxCursor | None) -> list[InboxRow]:
        received_at, ticket_id = _INBOX.c.received_at, _INBOX.c.ticket_id
        query = select(_INBOX)
        if state is not None:
            query = query.where(_INBOX.c.draft_state == state.value)
        if sort == Sort.NEWEST:
            query = query.order_by(received_at.desc(), ticket_id.desc())
            if after is not None:
                query = query.where(
                    or_(received_at < after.received_at, and_(received_at == after.received_at, ticket_id < after.ticket_id))
                )
        else:
            query = query.order_by(received_at, ticket_id)
            if after is not None:
                query = query.where(
                    or_(received_at > after.received_at, and_(received_at == after.received_at, ticket_id > after.ticket_id))
                )
        with self._database.session() as session:
            return [_row(found._mapping) for found in session.execute(query.limit(limit))]

    def counts(self) -> dict[DraftState, int]:
        query = select(_INBOX.c.draft_state, func.count()).group_by(_INBOX.c.draft_state)
        with self._database.session() as session:
            found = dict(session.execute(query).tuples().all())
        return {state: found.get(state.value, 0) for state in DraftState}


class _RowTaken(Exception):
    """Another transaction inserted the same ticket's first row first."""


def _apply(session: Session, changes: Sequence[tuple[str, Change]], *, lock: bool) -> dict[str, InboxRow | None]:
    # Rows locked and written in one order (the ticket ids'): two batches never wait on each other crosswise.
    query = select(_INBOX).where(_INBOX.c.ticket_id.in_({ticket_id for ticket_id, _ in changes}))
    if lock:
        query = query.order_by(_INBOX.c.ticket_id).with_for_update()
    stored = {found.ticket_id: _row(found._mapping) for found in session.execute(query)}
    rows: dict[str, InboxRow | None] = dict(stored)
    for ticket_id, change in changes:
        changed = change(rows.get(ticket_id))
        if changed is not None:
            rows[ticket_id] = changed
        else:
            rows.setdefault(ticket_id, None)
    try:
        for ticket_id, row in sorted(rows.items(), key=lambda item: item[0]):
            if row is None or row == stored.get(ticket_id):
                continue
            if ticket_id in stored:
                session.execute(_UPDATE, {"key": ticket_id, **_values(row)})
            else:
                session.execute(_INSERT, {"ticket_id": ticket_id, **_values(row)})
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise _RowTaken() from None
    return rows


def _values(row: InboxRow) -> dict[str, object]:
    """The row's columns but its key."""
    return {
        "subject": row.subject,
        "language": row.language,
        "intent": row.intent.value if row.intent else None,
        "order_number": row.order_number,
        "channel": row.channel,
        "received_at": row.received_at,
        "message": row.message,
        "draft_state": row.draft_state.value,
        "draft_id": row.draft_id,
        "job_id": row.job_id,
        "approved_at": row.approved_at,
    }


def _row(columns: Mapping[str, Any]) -> InboxRow:
    return InboxRow.model_validate(dict(columns))


# --- a database from before the inbox ---------------------------------------------------


def fill_from_stored(connection: Connection) -> None:
    """A row for every ticket the stores hold and the inbox does not (a database written
    before the inbox existed): its latest revision and the newest draft answering it,
    then the helpdesk jobs for it that came later and made no draft, oldest first. (An
    arrival time without an offset is taken as UTC here: the shop's zone is not known.)"""
    no_row = ~exists().where(InboxTicketRow.ticket_id == TicketRevisionRow.ticket_id)
    stored = set(connection.scalars(select(TicketRevisionRow.ticket_id).where(no_row).distinct()))
    # Jobs that made a draft are in the draft store; the others are few (waiting or dead).
    undrafted = connection.execute(
        select(JobRow.id, JobRow.ticket, JobRow.state, JobRow.created_at)
        .where(JobRow.draft_id.is_(None), JobRow.state != JobState.DONE.value)
        .order_by(JobRow.created_at, JobRow.id)
    ).all()
    jobs: dict[str, list[tuple[str, Ticket, str, datetime]]] = {}
    for job in undrafted:
        ticket = in_zone(load_stored(Ticket, job.ticket, what=f"the ticket of job {job.id}"), UTC)
        jobs.setdefault(ticket.id, []).append((job.id, ticket, job.state, job.created_at))
    has_row = set(connection.scalars(select(InboxTicketRow.ticket_id).where(InboxTicketRow.ticket_id.in_(jobs))))
    rows = []
    for ticket_id in sorted(stored | (jobs.keys() - has_row)):
        row = None
        for change in _history(connection, ticket_id, jobs.get(ticket_id, [])):
            row = change(row) or row
        if row is not None:
            rows.append({"ticket_id": ticket_id, **_values(row)})
    if rows:
        connection.execute(_INSERT, rows)


def _history(
    connection: Connection, ticket_id: str, jobs: list[tuple[str, Ticket, str, datetime]]
) -> Iterator[Change]:
    """The changes that give the ticket's row, in the order they happened."""
    latest = connection.execute(
        select(TicketRevisionRow.revision, TicketRevisionRow.data, TicketRevisionRow.saved_at)
        .where(TicketRevisionRow.ticket_id == ticket_id)
        .order_by(TicketRevisionRow.revision.desc())
        .limit(1)
    ).first()
    if latest is not None:
        ticket = in_zone(load_stored(Ticket, latest.data, what=f"ticket {ticket_id}"), UTC)
        triage = Triage(language=ticket.language or detect_language(f"{ticket.subject}\n{ticket.body}"))
        yield partial(after_ticket_stored, ticket=ticket, triage=triage, now=latest.saved_at)
        draft = _newest_draft(connection, ticket_id, latest.revision)
        if draft is not None:
            yield partial(after_draft_created, draft=draft, ticket=ticket, now=latest.saved_at)
    for job_id, ticket, state, created_at in jobs:
        if latest is not None and created_at < latest.saved_at:
            continue  # its message was stored (or drafted) since
        yield partial(after_job_queued, job_id=job_id, ticket=ticket, now=created_at)
        if state == JobState.DEAD.value:
            yield partial(after_job_ended, job_id=job_id, draft=None)


def _newest_draft(connection: Connection, ticket_id: str, revision: int) -> Draft | None:
    """The latest version of the newest draft answering the revision (the waiting draft)."""
    newest = (
        select(DraftTicketRow.draft_id)
        .join(DraftVersionRow, and_(DraftVersionRow.draft_id == DraftTicketRow.draft_id, DraftVersionRow.version == 1))
        .where(DraftTicketRow.ticket_id == ticket_id, DraftTicketRow.ticket_revision == revision)
        .order_by(DraftVersionRow.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    data = connection.scalar(
        select(DraftVersionRow.data)
        .where(DraftVersionRow.draft_id == newest)
        .order_by(DraftVersionRow.version.desc())
        .limit(1)
    )
    return None if data is None else load_stored(Draft, data, what=f"a draft of ticket {ticket_id}")
