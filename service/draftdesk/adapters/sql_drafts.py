"""SqlDraftStore: every draft version, the tickets they answer, the audit trail and
the idempotency keys of `POST /v1/drafts`, in SQL.

A version is never changed once written: an edit or an approval is the next version.
Two agents saving the same next version race on the (draft_id, version) unique key;
the loser gets `Conflict`, so nobody's edit is silently overwritten.

Nor is a ticket: a helpdesk sends the same ticket id again when the customer writes
again, and that is the ticket's next revision; each draft remembers the revision it
answers. A new draft is written in one transaction with its ticket revision and its
Idempotency-Key, so a crash leaves all of them or none: never a key that points at no
draft. Card numbers and My Numbers are masked before anything is written
(`draftdesk.adapters.masking`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Index,
    MetaData,
    Table,
    UniqueConstraint,
    and_,
    delete,
    exists,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from draftdesk.adapters.database import Base, Database, is_unique_violation, load_stored
from draftdesk.adapters.masking import (
    mask_draft_data,
    mask_ticket_data,
    masked_draft,
    masked_ticket,
    personal_numbers,
)
from draftdesk.domain import Draft, Ticket
from draftdesk.errors import Conflict
from draftdesk.history import AuditEntry
from draftdesk.ports import IdempotencyKeyTaken

T = TypeVar("T")

# Two writers adding the next revision of one ticket at once (PostgreSQL; SQLite's
# write lock serialises them): the loser starts its transaction again, this often.
_REVISION_ATTEMPTS = 5


class TicketRevisionRow(Base):
    __tablename__ = "ticket_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[str] = mapped_column(index=True)
    revision: Mapped[int]
    data: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("ticket_id", "revision", name="uq_ticket_revisions_ticket_revision"),)


class DraftTicketRow(Base):
    """Which ticket revision a draft answers (written with the draft's first version)."""

    __tablename__ = "draft_tickets"

    draft_id: Mapped[str] = mapped_column(primary_key=True)
    ticket_id: Mapped[str]
    ticket_revision: Mapped[int]

    # The helpdesk apps look up the draft waiting on a ticket's latest revision.
    __table_args__ = (Index("ix_draft_tickets_ticket_revision", "ticket_id", "ticket_revision"),)


class DraftVersionRow(Base):
    __tablename__ = "draft_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str]
    version: Mapped[int]
    ticket_id: Mapped[str] = mapped_column(index=True)
    status: Mapped[str]
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("draft_id", "version", name="uq_draft_versions_draft_version"),)


class AuditRow(Base):
    __tablename__ = "draft_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str] = mapped_column(index=True)
    version: Mapped[int]
    action: Mapped[str]
    actor: Mapped[str | None]
    at: Mapped[datetime]
    # Added later: a database written before has them added, empty (`Database.create_schema`).
    key_owner: Mapped[str | None]
    override_reason: Mapped[str | None]


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(primary_key=True)
    draft_id: Mapped[str]
    request_hash: Mapped[str]
    created_at: Mapped[datetime]


# A new draft's rows are written with these (SQLAlchemy Core): the ORM's unit of work
# costs more CPU than the inserts themselves, on every draft and every edit.
_DRAFT_TICKET = insert(DraftTicketRow.__table__)
_VERSION = insert(DraftVersionRow.__table__)
_AUDIT = insert(AuditRow.__table__)
_TICKET_REVISION = insert(TicketRevisionRow.__table__)
_IDEMPOTENCY_KEY = insert(IdempotencyKeyRow.__table__)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SqlDraftStore:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._database = database
        self._clock = clock

    # --- drafts ---------------------------------------------------------------

    def create(
        self,
        draft: Draft,
        *,
        ticket: Ticket,
        actor: str | None = None,
        key_owner: str | None = None,
        idempotency_key: str | None = None,
        request_hash: str = "",
    ) -> Draft:
        """Store a new draft (version 1), the ticket revision it answers and its
        Idempotency-Key in one transaction; returns the draft as stored (masked).

        Raises IdempotencyKeyTaken when another request stored a draft under the key
        first; nothing of this one is kept then. A key left pointing at no draft (by a
        crash before keys and drafts were written together) is taken over."""
        if draft.version != 1:
            raise Conflict(_version_clash(draft, 0))
        if draft.ticket_id != ticket.id:
            raise ValueError(f"draft {draft.id} answers ticket {draft.ticket_id}, not {ticket.id}")
        stored = masked_draft(draft, known=personal_numbers(f"{ticket.subject}\n{ticket.body}"))

        def write(session: Session) -> None:
            now = self._clock()
            if idempotency_key:
                _claim_idempotency_key(session, idempotency_key, draft.id, request_hash, now)
            revision = _add_ticket_revision(session, masked_ticket(ticket), now)
            # The version first: a draft stored already is a Conflict on its version.
            _add_version(session, stored, action="created", actor=actor, key_owner=key_owner, now=now)
            session.execute(_DRAFT_TICKET, {"draft_id": draft.id, "ticket_id": ticket.id, "ticket_revision": revision})

        self._revising(ticket, write)
        return stored

    def save(self, draft: Draft, *, action: str, actor: str | None = None, key_owner: str | None = None) -> Draft:
        """Append `draft` as its `version`, which must be the next one, and audit `action`
        by `actor` with the key of `key_owner`; returns the version as stored (masked)."""
        stored = masked_draft(draft)
        with self._database.session(writes=True) as session:
            latest = _latest_version(session, draft.id)
            if draft.version != latest + 1:
                raise Conflict(_version_clash(draft, latest))
            _add_version(session, stored, action=action, actor=actor, key_owner=key_owner, now=self._clock())
        return stored

    def latest(self, draft_id: str) -> Draft | None:
        query = (
            select(DraftVersionRow.data)
            .where(DraftVersionRow.draft_id == draft_id)
            .order_by(DraftVersionRow.version.desc())
            .limit(1)
        )
        with self._database.session() as session:
            data = session.scalar(query)
        return None if data is None else load_stored(Draft, data, what=f"draft {draft_id}")

    def latest_for_ticket(self, ticket_id: str) -> Draft | None:
        """The latest version of the newest draft answering the ticket's latest revision;
        None when that revision has none (yet). Newest: the first version written last."""
        latest_revision = (
            select(func.max(TicketRevisionRow.revision))
            .where(TicketRevisionRow.ticket_id == ticket_id)
            .scalar_subquery()
        )
        newest_draft = (
            select(DraftTicketRow.draft_id)
            .join(
                DraftVersionRow,
                and_(DraftVersionRow.draft_id == DraftTicketRow.draft_id, DraftVersionRow.version == 1),
            )
            .where(DraftTicketRow.ticket_id == ticket_id, DraftTicketRow.ticket_revision == latest_revision)
            .order_by(DraftVersionRow.id.desc())
            .limit(1)
        )
        with self._database.session() as session:
            draft_id = session.scalar(newest_draft)
        # Versions are only ever appended, so the draft found has a latest version.
        return None if draft_id is None else self.latest(draft_id)

    def versions(self, draft_id: str) -> list[Draft]:
        query = (
            select(DraftVersionRow.data)
            .where(DraftVersionRow.draft_id == draft_id)
            .order_by(DraftVersionRow.version)
        )
        with self._database.session() as session:
            return [load_stored(Draft, data, what=f"draft {draft_id}") for data in session.scalars(query)]

    def audit_trail(self, draft_id: str) -> list[AuditEntry]:
        """Oldest first. There is no method to change or remove an entry, on purpose."""
        query = select(AuditRow).where(AuditRow.draft_id == draft_id).order_by(AuditRow.at, AuditRow.id)
        with self._database.session() as session:
            return [
                AuditEntry(
                    draft_id=row.draft_id,
                    version=row.version,
                    action=row.action,
                    actor=row.actor,
                    at=row.at,
                    key_owner=row.key_owner,
                    override_reason=row.override_reason,
                )
                for row in session.scalars(query)
            ]

    # --- tickets --------------------------------------------------------------

    def save_ticket(self, ticket: Ticket) -> int:
        """Keep `ticket` (masked) and return its revision: the next one when the id is
        known with other content, the latest when it is the same ticket again."""
        return self._revising(ticket, lambda session: _add_ticket_revision(session, masked_ticket(ticket), self._clock()))

    def _revising(self, ticket: Ticket, write: Callable[[Session], T]) -> T:
        """`write` in one write transaction, run again when another transaction stored
        the ticket's next revision first."""
        for attempt in range(1, _REVISION_ATTEMPTS + 1):
            try:
                with self._database.session(writes=True) as session:
                    return write(session)
            except _RevisionTaken:
                if attempt == _REVISION_ATTEMPTS:
                    raise Conflict(f"ticket {ticket.id} is being revised by other requests; retry") from None
        raise AssertionError("unreachable: the loop returns or raises")

    def ticket(self, ticket_id: str, *, revision: int | None = None) -> Ticket | None:
        """The latest revision of the ticket, or the one asked for."""
        query = select(TicketRevisionRow.data).where(TicketRevisionRow.ticket_id == ticket_id)
        if revision is None:
            query = query.order_by(TicketRevisionRow.revision.desc()).limit(1)
        else:
            query = query.where(TicketRevisionRow.revision == revision)
        with self._database.session() as session:
            data = session.scalar(query)
        return None if data is None else load_stored(Ticket, data, what=f"ticket {ticket_id}")

    def ticket_revisions(self, ticket_id: str) -> list[Ticket]:
        """Every revision of the ticket, oldest first."""
        query = (
            select(TicketRevisionRow.data)
            .where(TicketRevisionRow.ticket_id == ticket_id)
            .order_by(TicketRevisionRow.revision)
        )
        with self._database.session() as session:
            return [load_stored(Ticket, data, what=f"ticket {ticket_id}") for data in session.scalars(query)]

    def ticket_for_draft(self, draft: Draft) -> Ticket | None:
        """The ticket revision `draft` answers (the latest one for drafts stored before
        revisions were)."""
        with self._database.session() as session:
            link = session.get(DraftTicketRow, draft.id)
            revision = None if link is None else link.ticket_revision
        return self.ticket(draft.ticket_id, revision=revision)

    # --- idempotency keys -----------------------------------------------------

    def draft_for_idempotency_key(self, key: str) -> tuple[str, str] | None:
        """(draft_id, request_hash) of the draft stored under `key`; None when there is
        none, or the key points at no draft (a crash before keys and drafts were
        written together: the next request with the key drafts again)."""
        query = select(IdempotencyKeyRow.draft_id, IdempotencyKeyRow.request_hash).where(
            IdempotencyKeyRow.key == key, _has_a_version(IdempotencyKeyRow.draft_id)
        )
        with self._database.session() as session:
            row = session.execute(query).first()
        return None if row is None else (row.draft_id, row.request_hash)


class _RevisionTaken(Exception):
    """Another transaction stored the same next revision of a ticket first."""


def _add_version(
    session: Session, draft: Draft, *, action: str, actor: str | None, key_owner: str | None, now: datetime
) -> None:
    version = {
        "draft_id": draft.id,
        "version": draft.version,
        "ticket_id": draft.ticket_id,
        "status": draft.status.value,
        "data": draft.model_dump(mode="json"),
        "created_at": now,
    }
    try:
        session.execute(_VERSION, version)
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise Conflict(_version_clash(draft, draft.version)) from None
    # An approval's entry says why error findings were overridden (the approved version
    # carries the approval; an entry of any later action would only repeat it).
    approval = draft.approval if action.startswith("approved") else None
    audit = {
        "draft_id": draft.id,
        "version": draft.version,
        "action": action,
        "actor": actor,
        "at": now,
        "key_owner": key_owner,
        "override_reason": approval.override_reason if approval else None,
    }
    session.execute(_AUDIT, audit)


def _add_ticket_revision(session: Session, ticket: Ticket, now: datetime) -> int:
    """The revision number `ticket` has: the latest one when its content is the same,
    else a new one. Raises _RevisionTaken when another transaction added it first."""
    data = ticket.model_dump(mode="json", by_alias=True)
    latest = session.execute(
        select(TicketRevisionRow.revision, TicketRevisionRow.data)
        .where(TicketRevisionRow.ticket_id == ticket.id)
        .order_by(TicketRevisionRow.revision.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.data == data:
        return latest.revision
    revision = 1 if latest is None else latest.revision + 1
    try:
        session.execute(_TICKET_REVISION, {"ticket_id": ticket.id, "revision": revision, "data": data, "saved_at": now})
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise _RevisionTaken() from None
    return revision


def _claim_idempotency_key(session: Session, key: str, draft_id: str, request_hash: str, now: datetime) -> None:
    earlier = session.scalar(select(IdempotencyKeyRow.draft_id).where(IdempotencyKeyRow.key == key))
    if earlier is not None:
        if session.scalar(select(_has_a_version(earlier))):
            raise IdempotencyKeyTaken("this Idempotency-Key is already in use")
        # it points at no draft: what a crash left before the fix
        session.execute(delete(IdempotencyKeyRow.__table__).where(IdempotencyKeyRow.key == key))
    try:
        session.execute(_IDEMPOTENCY_KEY, {"key": key, "draft_id": draft_id, "request_hash": request_hash, "created_at": now})
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise IdempotencyKeyTaken("this Idempotency-Key is already in use") from None


def _has_a_version(draft_id: Any) -> Any:
    return exists().where(DraftVersionRow.draft_id == draft_id)


def upgrade_legacy_rows(connection: Connection) -> None:
    """Brings a database an earlier version wrote up to date. The index of drafts by
    ticket revision is added where `draft_tickets` was created without it (create_all
    leaves existing tables alone). Once, in a database written before ticket revisions
    and masking: the `tickets` table (one row per ticket id, overwritten) becomes
    revision 1 of each ticket, masked, and every stored draft version is masked; then
    `tickets` is dropped."""
    for index in DraftTicketRow.__table__.indexes:
        index.create(connection, checkfirst=True)
    if not inspect(connection).has_table("tickets"):
        return
    legacy = Table("tickets", MetaData(), autoload_with=connection)
    tickets = {
        row.id: (_json(row.data), _aware(row.saved_at))
        for row in connection.execute(select(legacy.c.id, legacy.c.data, legacy.c.saved_at))
    }
    if tickets:
        connection.execute(
            TicketRevisionRow.__table__.insert(),
            [
                {"ticket_id": ticket_id, "revision": 1, "data": mask_ticket_data(data), "saved_at": saved_at}
                for ticket_id, (data, saved_at) in tickets.items()
            ],
        )
    # A reply may repeat its ticket's numbers bare, where only the ticket says what they are.
    known = {
        ticket_id: personal_numbers(f"{data.get('subject', '')}\n{data.get('body', '')}")
        for ticket_id, (data, _) in tickets.items()
    }
    versions = DraftVersionRow.__table__
    for row in connection.execute(select(versions.c.id, versions.c.ticket_id, versions.c.data)).all():
        masked = mask_draft_data(row.data, known=known.get(row.ticket_id, ()))
        if masked != row.data:
            connection.execute(update(versions).where(versions.c.id == row.id).values(data=masked))
    legacy.drop(connection)


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return utc_now()
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _latest_version(session: Session, draft_id: str) -> int:
    query = select(func.max(DraftVersionRow.version)).where(DraftVersionRow.draft_id == draft_id)
    return session.scalar(query) or 0


def _version_clash(draft: Draft, latest: int) -> str:
    if latest == 0:
        return f"draft {draft.id} does not exist yet; its first version is 1, not {draft.version}"
    return f"draft {draft.id} is at version {latest}; version {draft.version} cannot be saved (reload and edit again)"
