"""SqlModelCallStore: every call a drafter made to a model, in the `model_calls` table.

One row per attempt, by draft and version, only ever appended: the request body as
sent (JSON, redacted: placeholders where the customer's values were), the model's text,
tokens, latency, cost and outcome. Card numbers and My Numbers are masked here as in
the draft store; the wire guard lets none reach a model, so in a request this changes
nothing, but a model's answer could make one up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from draftdesk.adapters.database import Base, Database, load_stored
from draftdesk.adapters.masking import mask_personal_numbers
from draftdesk.domain import ModelCall, RecordedModelCall


class ModelCallRow(Base):
    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str]
    version: Mapped[int]
    purpose: Mapped[str]
    model: Mapped[str]
    request: Mapped[dict[str, Any]]
    response: Mapped[str | None] = mapped_column(Text)
    prompt_tokens: Mapped[int | None]
    completion_tokens: Mapped[int | None]
    latency_ms: Mapped[float]
    cost_usd: Mapped[float | None]
    outcome: Mapped[str]
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]

    __table_args__ = (Index("ix_model_calls_draft_id", "draft_id", "id"),)


_INSERT = insert(ModelCallRow.__table__)


class SqlModelCallStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, draft_id: str, *, version: int, calls: Sequence[ModelCall]) -> None:
        """Append `calls` (in the order they were made) to the draft's record."""
        if not calls:
            return
        rows = [
            {"draft_id": draft_id, "version": version, **_masked(call).model_dump(mode="json", exclude={"at"}), "at": call.at}
            for call in calls
        ]
        with self._database.session(writes=True) as session:
            session.execute(_INSERT, rows)  # Core: the ORM's unit of work costs more than the insert

    def for_draft(self, draft_id: str) -> list[RecordedModelCall]:
        query = select(ModelCallRow).where(ModelCallRow.draft_id == draft_id).order_by(ModelCallRow.id)
        with self._database.session() as session:
            return [
                load_stored(RecordedModelCall, _fields(row), what=f"model call {row.id} of draft {draft_id}")
                for row in session.scalars(query)
            ]


def _fields(row: ModelCallRow) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in ModelCallRow.__table__.columns}


def _masked(call: ModelCall) -> ModelCall:
    return call.model_copy(
        update={
            "request": _masked_strings(call.request),
            "response": None if call.response is None else mask_personal_numbers(call.response),
        }
    )


def _masked_strings(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: _masked_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_strings(item) for item in value]
    return value
