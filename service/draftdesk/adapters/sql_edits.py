"""SqlEditStore: edit capture in SQL — a row per draft made (`drafts_made`) and one per
approval (`draft_edits`: what the agent changed against the drafter's first version).

Rows are only ever added. The draft versions they describe are in `draft_versions`
(`sql_drafts`); these tables keep what the stats read, indexed by the desk's time, so
that GET /v1/stats reads a period without opening every draft of it. The diff comes
from stored (masked) versions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Text, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from draftdesk.adapters.database import Base, Database, is_unique_violation
from draftdesk.edits import DraftedRecord, EditRecord
from draftdesk.errors import Conflict


class DraftMadeRow(Base):
    __tablename__ = "drafts_made"

    draft_id: Mapped[str] = mapped_column(primary_key=True)
    ticket_id: Mapped[str]
    at: Mapped[datetime] = mapped_column(index=True)
    intent: Mapped[str]
    language: Mapped[str]
    model: Mapped[str]
    fallback_used: Mapped[bool]
    findings: Mapped[dict[str, Any]]  # rule → count


class DraftEditRow(Base):
    __tablename__ = "draft_edits"

    draft_id: Mapped[str] = mapped_column(primary_key=True)
    ticket_id: Mapped[str]
    version: Mapped[int]
    at: Mapped[datetime] = mapped_column(index=True)
    approved_by: Mapped[str]
    intent: Mapped[str]
    language: Mapped[str]
    model: Mapped[str]
    edited: Mapped[bool]
    classes: Mapped[dict[str, Any]]  # {"classes": [...]}: one JSON type for SQLite and PostgreSQL
    diff: Mapped[str] = mapped_column(Text)


# Rows are written with SQLAlchemy Core: the ORM's unit of work cost more CPU than the
# insert itself, once for every draft made.
_DRAFT_MADE = insert(DraftMadeRow.__table__)
_DRAFT_EDIT = insert(DraftEditRow.__table__)


class SqlEditStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def add_drafted(self, record: DraftedRecord) -> None:
        row = dict(
            draft_id=record.draft_id, ticket_id=record.ticket_id, at=record.at, intent=record.intent.value,
            language=record.language, model=record.model, fallback_used=record.fallback_used, findings=record.findings,
        )  # fmt: skip
        self._add(_DRAFT_MADE, row, f"draft {record.draft_id} is recorded as made already")

    def add_edit(self, record: EditRecord) -> None:
        row = dict(
            draft_id=record.draft_id, ticket_id=record.ticket_id, version=record.version, at=record.at,
            approved_by=record.approved_by, intent=record.intent.value, language=record.language, model=record.model,
            edited=record.edited, classes={"classes": [c.value for c in record.classes]}, diff=record.diff,
        )  # fmt: skip
        self._add(_DRAFT_EDIT, row, f"the approval of draft {record.draft_id} is recorded already")

    def drafted_between(self, since: datetime, until: datetime) -> list[DraftedRecord]:
        query = select(DraftMadeRow).where(DraftMadeRow.at >= since, DraftMadeRow.at < until).order_by(DraftMadeRow.at)
        with self._database.session() as session:
            return [
                DraftedRecord(
                    draft_id=row.draft_id, ticket_id=row.ticket_id, at=row.at, intent=row.intent,
                    language=row.language, model=row.model, fallback_used=row.fallback_used, findings=row.findings,
                )  # fmt: skip
                for row in session.scalars(query)
            ]

    def edits_between(self, since: datetime, until: datetime) -> list[EditRecord]:
        query = select(DraftEditRow).where(DraftEditRow.at >= since, DraftEditRow.at < until).order_by(DraftEditRow.at)
        with self._database.session() as session:
            return [
                EditRecord(
                    draft_id=row.draft_id, ticket_id=row.ticket_id, version=row.version, at=row.at,
                    approved_by=row.approved_by, intent=row.intent, language=row.language, model=row.model,
                    classes=row.classes["classes"], diff=row.diff,
                )  # fmt: skip
                for row in session.scalars(query)
            ]

    def _add(self, statement: Insert, row: dict[str, Any], clash: str) -> None:
        with self._database.session(writes=True) as session:
            try:
                session.execute(statement, row)
            except IntegrityError as exc:
                if not is_unique_violation(exc):
                    raise
                raise Conflict(clash) from None
