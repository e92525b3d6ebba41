"""In-memory stores (hand-written fakes) that keep the protocols' promises. DraftStore:
versions only ever appended, ticket revisions, Idempotency-Keys, masking at rest.
EditStore: records only added, one approval per draft, periods by the desk's time.
ModelCallStore: calls kept per draft in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from draftdesk.adapters.masking import masked_draft, masked_ticket, personal_numbers
from draftdesk.domain import Draft, ModelCall, RecordedModelCall, Ticket
from draftdesk.edits import DraftedRecord, EditRecord
from draftdesk.errors import Conflict
from draftdesk.history import AuditEntry
from draftdesk.ports import IdempotencyKeyTaken


@dataclass(frozen=True)
class AuditLine:
    draft_id: str
    version: int
    action: str
    actor: str | None
    key_owner: str | None = None


class InMemoryDrafts:
    def __init__(self) -> None:
        self._versions: dict[str, list[Draft]] = {}
        self._revisions: dict[str, list[Ticket]] = {}
        self._answers: dict[str, tuple[str, int]] = {}  # draft id → (ticket id, revision)
        self._keys: dict[str, tuple[str, str]] = {}  # key → (draft id, request hash)
        self.audit: list[AuditLine] = []

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
        if draft.version != 1 or draft.id in self._versions:
            raise Conflict(f"draft {draft.id} exists or does not start at version 1")
        if draft.ticket_id != ticket.id:
            raise ValueError(f"draft {draft.id} answers ticket {draft.ticket_id}, not {ticket.id}")
        if idempotency_key and idempotency_key in self._keys:
            raise IdempotencyKeyTaken("this Idempotency-Key is already in use")
        stored = masked_draft(draft, known=personal_numbers(f"{ticket.subject}\n{ticket.body}"))
        revision = self._revision_of(masked_ticket(ticket))
        if idempotency_key:
            self._keys[idempotency_key] = (draft.id, request_hash)
        self._answers[draft.id] = (ticket.id, revision)
        self._append(stored, action="created", actor=actor, key_owner=key_owner)
        return stored

    def save(self, draft: Draft, *, action: str, actor: str | None = None, key_owner: str | None = None) -> Draft:
        latest = len(self._versions.get(draft.id, []))
        if latest == 0 or draft.version != latest + 1:
            raise Conflict(f"draft {draft.id} is at version {latest}; version {draft.version} cannot be saved")
        stored = masked_draft(draft)
        self._append(stored, action=action, actor=actor, key_owner=key_owner)
        return stored

    def latest(self, draft_id: str) -> Draft | None:
        versions = self._versions.get(draft_id)
        return versions[-1] if versions else None

    def versions(self, draft_id: str) -> list[Draft]:
        return list(self._versions.get(draft_id, []))

    def latest_for_ticket(self, ticket_id: str) -> Draft | None:
        latest_revision = len(self._revisions.get(ticket_id, []))
        answering = [
            draft_id for draft_id, answers in self._answers.items() if answers == (ticket_id, latest_revision)
        ]
        return self.latest(answering[-1]) if answering else None  # dicts keep the order drafts were created in

    def save_ticket(self, ticket: Ticket) -> int:
        return self._revision_of(masked_ticket(ticket))

    def ticket(self, ticket_id: str, *, revision: int | None = None) -> Ticket | None:
        revisions = self._revisions.get(ticket_id, [])
        if not revisions:
            return None
        if revision is None:
            return revisions[-1]
        return revisions[revision - 1] if 1 <= revision <= len(revisions) else None

    def ticket_revisions(self, ticket_id: str) -> list[Ticket]:
        return list(self._revisions.get(ticket_id, []))

    def ticket_for_draft(self, draft: Draft) -> Ticket | None:
        ticket_id, revision = self._answers.get(draft.id, (draft.ticket_id, None))
        return self.ticket(ticket_id, revision=revision)

    def audit_trail(self, draft_id: str) -> list[AuditEntry]:
        """The lines of this draft, each at the time its version was made."""
        entries = []
        for line in (line for line in self.audit if line.draft_id == draft_id):
            version = self._versions[draft_id][line.version - 1]
            approval = version.approval if line.action.startswith("approved") else None
            entries.append(
                AuditEntry(
                    draft_id=draft_id,
                    version=line.version,
                    action=line.action,
                    actor=line.actor,
                    at=version.created_at,
                    key_owner=line.key_owner,
                    override_reason=approval.override_reason if approval else None,
                )
            )
        return entries

    def draft_for_idempotency_key(self, key: str) -> tuple[str, str] | None:
        return self._keys.get(key)

    def _revision_of(self, ticket: Ticket) -> int:
        """The latest revision when the content is the same, else a new one."""
        revisions = self._revisions.setdefault(ticket.id, [])
        if not revisions or revisions[-1] != ticket:
            revisions.append(ticket)
        return len(revisions)

    def _append(self, draft: Draft, *, action: str, actor: str | None, key_owner: str | None) -> None:
        self._versions.setdefault(draft.id, []).append(draft)
        self.audit.append(AuditLine(draft.id, draft.version, action, actor, key_owner))


class InMemoryModelCalls:
    def __init__(self) -> None:
        self.calls: list[RecordedModelCall] = []

    def add(self, draft_id: str, *, version: int, calls: Sequence[ModelCall]) -> None:
        self.calls += [
            RecordedModelCall(**call.model_dump(), id=len(self.calls) + offset, draft_id=draft_id, version=version)
            for offset, call in enumerate(calls, start=1)
        ]

    def for_draft(self, draft_id: str) -> list[RecordedModelCall]:
        return [call for call in self.calls if call.draft_id == draft_id]


class InMemoryEdits:
    def __init__(self) -> None:
        self.drafted: list[DraftedRecord] = []
        self.edits: list[EditRecord] = []

    def add_drafted(self, record: DraftedRecord) -> None:
        if any(r.draft_id == record.draft_id for r in self.drafted):
            raise Conflict(f"draft {record.draft_id} is recorded as made already")
        self.drafted.append(record)

    def add_edit(self, record: EditRecord) -> None:
        if any(r.draft_id == record.draft_id for r in self.edits):
            raise Conflict(f"the approval of draft {record.draft_id} is recorded already")
        self.edits.append(record)

    def drafted_between(self, since: datetime, until: datetime) -> list[DraftedRecord]:
        return sorted((r for r in self.drafted if since <= r.at < until), key=lambda r: r.at)

    def edits_between(self, since: datetime, until: datetime) -> list[EditRecord]:
        return sorted((r for r in self.edits if since <= r.at < until), key=lambda r: r.at)
