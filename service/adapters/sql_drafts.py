"""SqlDraftStore: every draft version, the tickets they answer, the audit trail and
the idempotency keys of `POST /v1/drafts`, in SQL.

A version is never changed once written: an edit or an approval is the next version.
Two agents saving the same next version race on the (draft_id, version) unique key;
the loser gets `Conflict`, so nobody's edit is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from service.adapters.database import Base, Database, is_unique_violation, load_stored
from service.domain import Draft, Frozen, Ticket
from service.errors import Conflict


class TicketRow(Base):
    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime]


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


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(primary_key=True)
    draft_id: Mapped[str]
    request_hash: Mapped[str]
    created_at: Mapped[datetime]


class AuditEntry(Frozen):
    draft_id: str
    version: int
    action: str
    actor: str | None
    at: datetime


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SqlDraftStore:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._database = database
        self._clock = clock

    # --- drafts ---------------------------------------------------------------

    def save(self, draft: Draft, *, action: str, actor: str | None = None) -> None:
        """Append `draft` as its `version`, which must be the next one, and audit `action`."""
        now = self._clock()
        with self._database.session(writes=True) as session:
            latest = _latest_version(session, draft.id)
            if draft.version != latest + 1:
                raise Conflict(_version_clash(draft, latest))
            session.add(
                DraftVersionRow(
                    draft_id=draft.id,
                    version=draft.version,
                    ticket_id=draft.ticket_id,
                    status=draft.status.value,
                    data=draft.model_dump(mode="json"),
                    created_at=now,
                )
            )
            session.add(AuditRow(draft_id=draft.id, version=draft.version, action=action, actor=actor, at=now))
            _flush_or_conflict(session, _version_clash(draft, draft.version))

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

    def versions(self, draft_id: str) -> list[Draft]:
        query = (
            select(DraftVersionRow.data)
            .where(DraftVersionRow.draft_id == draft_id)
            .order_by(DraftVersionRow.version)
        )
        with self._database.session() as session:
            return [load_stored(Draft, data, what=f"draft {draft_id}") for data in session.scalars(query)]

    def audit(self, draft_id: str) -> list[AuditEntry]:
        query = select(AuditRow).where(AuditRow.draft_id == draft_id).order_by(AuditRow.at, AuditRow.id)
        with self._database.session() as session:
            return [
                AuditEntry(draft_id=row.draft_id, version=row.version, action=row.action, actor=row.actor, at=row.at)
                for row in session.scalars(query)
            ]

    # --- tickets --------------------------------------------------------------

    def save_ticket(self, ticket: Ticket) -> None:
        """Keep the ticket a draft answers; saving the same id again replaces it."""
        with self._database.session(writes=True) as session:
            row = session.get(TicketRow, ticket.id) or TicketRow(id=ticket.id)
            row.data = ticket.model_dump(mode="json", by_alias=True)
            row.saved_at = self._clock()
            session.add(row)

    def ticket(self, ticket_id: str) -> Ticket | None:
        with self._database.session() as session:
            row = session.get(TicketRow, ticket_id)
            data = None if row is None else row.data
        return None if data is None else load_stored(Ticket, data, what=f"ticket {ticket_id}")

    # --- idempotency keys -----------------------------------------------------

    def remember_idempotency_key(self, key: str, draft_id: str, request_hash: str) -> None:
        """Raises Conflict when `key` is already taken (another request got there first)."""
        with self._database.session(writes=True) as session:
            row = IdempotencyKeyRow(key=key, draft_id=draft_id, request_hash=request_hash, created_at=self._clock())
            session.add(row)
            _flush_or_conflict(session, "this Idempotency-Key is already in use")

    def draft_for_idempotency_key(self, key: str) -> tuple[str, str] | None:
        with self._database.session() as session:
            row = session.get(IdempotencyKeyRow, key)
            return None if row is None else (row.draft_id, row.request_hash)


def _latest_version(session: Session, draft_id: str) -> int:
    query = select(func.max(DraftVersionRow.version)).where(DraftVersionRow.draft_id == draft_id)
    return session.scalar(query) or 0


def _version_clash(draft: Draft, latest: int) -> str:
    if latest == 0:
        return f"draft {draft.id} does not exist yet; its first version is 1, not {draft.version}"
    return f"draft {draft.id} is at version {latest}; version {draft.version} cannot be saved (reload and edit again)"


def _flush_or_conflict(session: Session, message: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise Conflict(message) from None

