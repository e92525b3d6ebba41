"""/v1/drafts: create, read, edit, approve."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from service.api.deps import ApiKey, DeskDep
from service.api.metrics import METRICS
from service.api.schemas import ApproveDraft, CreateDraft, EditDraft
from service.desk import DraftDesk
from service.domain import Draft
from service.errors import DraftdeskError

router = APIRouter(prefix="/v1/drafts", tags=["drafts"], dependencies=[ApiKey])


@router.post("", status_code=201, response_model=Draft)
async def create_draft(
    body: CreateDraft,
    desk: DeskDep,
    request: Request,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    stream: Annotated[bool, Query(description="Server-sent events: each section as drafted, then the Draft")] = False,
) -> Draft | StreamingResponse:
    if stream:
        return StreamingResponse(
            _draft_events(desk, body, idempotency_key, request.url.path),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
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


async def _draft_events(
    desk: DraftDesk, body: CreateDraft, idempotency_key: str | None, path: str
) -> AsyncIterator[str]:
    """`event: section` {name, text} as each section is drafted (placeholders restored),
    then `event: draft` with the checked Draft, or `event: error` with a problem."""
    queue: asyncio.Queue[tuple[str, object] | None] = asyncio.Queue()

    async def on_section(name: str, text: str) -> None:
        await queue.put(("section", {"name": name, "text": text}))

    async def run() -> None:
        try:
            draft, created = await desk.create(
                body.ticket,
                agent=body.agent,
                model=body.options.model if body.options else None,
                idempotency_key=idempotency_key,
                on_section=on_section,
            )
            if created:
                METRICS.record_draft(draft)
            await queue.put(("draft", draft.model_dump(mode="json")))
        except DraftdeskError as error:
            await queue.put(("error", {"type": error.type_uri, "title": error.title, "status": error.status_code,
                                       "detail": error.detail, "instance": path}))
        finally:
            await queue.put(None)

    task = asyncio.create_task(run())
    try:
        while (item := await queue.get()) is not None:
            event, data = item
            yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    finally:
        await task
