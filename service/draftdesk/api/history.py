"""/v1/drafts/{id}/versions and /v1/drafts/{id}/audit: what happened to a draft.

The audit trail is append-only: GET is all there is (any other method is 405)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, requires
from draftdesk.api.drafts import DraftId
from draftdesk.api.openapi import problem_responses
from draftdesk.domain import Frozen
from draftdesk.history import VersionEntry
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/drafts",
    tags=["drafts"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 404, 413, 422, 503),
)


class AuditRecord(Frozen):
    """One entry of a draft's audit trail. `actor`: the agent the request named;
    `key_owner`: who holds the API key that sent it (null before keys had owners)."""

    at: datetime
    action: str
    version: int
    actor: str | None
    key_owner: str | None
    override_reason: str | None


@router.get("/{draft_id}/versions", response_model=list[VersionEntry], dependencies=[requires(Permission.READ)])
async def draft_versions(draft_id: DraftId, desk: DeskDep) -> list[VersionEntry]:
    """Every version, oldest first, with the action that made it and who."""
    return await run_in_threadpool(desk.version_history, draft_id)


@router.get("/{draft_id}/audit", response_model=list[AuditRecord], dependencies=[requires(Permission.AUDIT)])
async def draft_audit(draft_id: DraftId, desk: DeskDep) -> list[AuditRecord]:
    """The audit trail, oldest first: append-only, one entry per version."""
    entries = await run_in_threadpool(desk.audit_trail, draft_id)
    return [
        AuditRecord(
            at=entry.at,
            action=entry.action,
            version=entry.version,
            actor=entry.actor,
            key_owner=entry.key_owner,
            override_reason=entry.override_reason,
        )
        for entry in entries
    ]
