"""/v1/drafts: create, read, edit, approve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from service.api.deps import ApiKey, DeskDep
from service.api.metrics import METRICS
from service.api.schemas import ApproveDraft, CreateDraft, EditDraft
from service.domain import Draft

router = APIRouter(prefix="/v1/drafts", tags=["drafts"], dependencies=[ApiKey])


@router.post("", status_code=201, response_model=Draft)
async def create_draft(
    body: CreateDraft,
    desk: DeskDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Draft:
    draft, created = await desk.create(
        body.ticket,
        agent=body.agent,
        model=body.options.model if body.options else None,
        idempotency_key=idempotency_key,
    )
    if created:
        METRICS.record_draft(draft)
    else:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/v1/drafts/{draft.id}"
    return draft


@router.get("/{draft_id}", response_model=Draft)
async def get_draft(draft_id: str, desk: DeskDep) -> Draft:
    return desk.latest(draft_id)


@router.put("/{draft_id}", response_model=Draft)
async def edit_draft(draft_id: str, body: EditDraft, desk: DeskDep) -> Draft:
    return desk.edit(
        draft_id, body=body.body, subject=body.subject, actor=body.agent.name if body.agent else None
    )


@router.post("/{draft_id}/approve", response_model=Draft)
async def approve_draft(draft_id: str, body: ApproveDraft, desk: DeskDep) -> Draft:
    return desk.approve(draft_id, agent_name=body.agent_name, override_reason=body.override_reason)
