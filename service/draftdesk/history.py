"""What happened to a draft: its audit trail and its versions.

The audit trail is append-only: a store writes one entry with every version (created,
edited, approved …) and offers no way to change or remove one. `actor` is the agent the
request names; `key_owner` is who holds the API key that sent it (`anonymous` on an open
API; null in entries written before keys had owners, and for drafts no request made,
such as a helpdesk's drafting job).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from draftdesk.domain import Draft, Frozen


class AuditEntry(Frozen):
    draft_id: str
    version: int
    action: str
    actor: str | None
    at: datetime
    key_owner: str | None = None
    override_reason: str | None = None  # an approval over error findings: why


class VersionEntry(Frozen):
    """One version of a draft, as `GET /v1/drafts/{id}/versions` lists it."""

    version: int
    action: str
    actor: str | None
    key_owner: str | None
    at: datetime
    subject: str
    body: str


def version_history(versions: Sequence[Draft], audit: Sequence[AuditEntry]) -> list[VersionEntry]:
    """Each version with the audit entry written with it (there is exactly one)."""
    written = {entry.version: entry for entry in audit}
    return [
        VersionEntry(
            version=draft.version,
            action=written[draft.version].action,
            actor=written[draft.version].actor,
            key_owner=written[draft.version].key_owner,
            at=written[draft.version].at,
            subject=draft.subject,
            body=draft.body,
        )
        for draft in versions
    ]
