"""/v1/drafts: create, read, edit, approve."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, CallerDep, DeskDep, SettingsDep, requires
from draftdesk.api.metrics import METRICS
from draftdesk.api.openapi import allowed_models, problem_responses
from draftdesk.api.schemas import ApproveDraft, CheckResult, CreateDraft, EditDraft, RecheckDraft, refuse_over_long_ticket
from draftdesk.desk import DraftDesk
from draftdesk.domain import Draft, Sections
from draftdesk.errors import DraftdeskError, InvalidInput
from draftdesk.roles import Permission
from draftdesk.text.mail_text import read_mail

log = logging.getLogger("draftdesk.api")

router = APIRouter(
    prefix="/v1/drafts",
    tags=["drafts"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 413, 422, 503),
)


# A draft id is what the store can look up: no control characters (PostgreSQL refuses NUL).
DraftId = Annotated[str, Path(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _event(name: str, data: dict[str, object]) -> dict[str, object]:
    """One server-sent event: its name, and JSON data of the given schema."""
    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": {"const": name},
            "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": data},
        },
    }


_SECTION = {
    "type": "object",
    "required": ["name", "text"],
    "properties": {"name": {"enum": list(Sections.model_fields)}, "text": {"type": "string"}},
}

# `?stream=true` answers 200, not 201: the status goes out before anything is created,
# the body is the event stream (not the new resource), and drafting can still fail;
# the outcome is the last event (`draft`, or `error` with a problem).
_STREAM = {
    "description": "`?stream=true`: server-sent events. `event: section` with `{name, text}` as each "
    "section is drafted, then `event: draft` with the checked Draft, or `event: error` with a problem",
    "content": {
        "text/event-stream": {
            "schema": {
                "oneOf": [
                    _event("section", _SECTION),
                    _event("draft", {"$ref": "#/components/schemas/Draft"}),
                    _event("error", {"$ref": "#/components/schemas/Problem"}),
                ]
            }
        }
    },
}
_CREATED = {
    "description": "The new draft (or, with a replayed Idempotency-Key, the earlier one)",
    "headers": {
        "Location": {"description": "/v1/drafts/{id} of the draft", "schema": {"type": "string"}},
        "Idempotent-Replayed": {
            "description": "`true` when an earlier request with the same Idempotency-Key made this draft",
            "schema": {"type": "string", "enum": ["true"]},
        },
    },
}


@router.post(
    "",
    status_code=201,
    response_model=Draft,
    responses={201: _CREATED, 200: _STREAM, **problem_responses(400, 409, 502)},
    dependencies=[requires(Permission.DRAFT)],
)
async def create_draft(
    body: CreateDraft,
    desk: DeskDep,
    settings: SettingsDep,
    caller: CallerDep,
    request: Request,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    stream: Annotated[
        bool, Query(description="Server-sent events (200 text/event-stream) instead of 201 JSON")
    ] = False,
) -> Draft | StreamingResponse:
    refuse_over_long_ticket(body.ticket, max_body_chars=settings.max_body_chars)
    _refuse_unlisted_model(body, allowed=allowed_models(settings))
    if stream:
        read_mail(body.ticket.body)  # an empty mail is a 422 before anything streams, as without streaming
        return StreamingResponse(
            _draft_events(desk, body, idempotency_key, request.url.path, key_owner=caller.owner),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    draft, created = await desk.create(
        body.ticket,
        agent=body.agent,
        model=body.options.model if body.options else None,
        idempotency_key=idempotency_key,
        key_owner=caller.owner,
    )
    if created:
        METRICS.record_draft(draft)
    else:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/v1/drafts/{draft.id}"
    return draft


def _refuse_unlisted_model(body: CreateDraft, *, allowed: list[str]) -> None:
    """Before anything streams: a request may pick a model only from what this service
    is configured for, so no caller can make it reach (and pay) an arbitrary provider."""
    if body.options and body.options.model is not None and body.options.model not in allowed:
        raise InvalidInput(f"options.model: not a model this service allows ({', '.join(allowed)})")


@router.get(
    "/{draft_id}", response_model=Draft, responses=problem_responses(404), dependencies=[requires(Permission.READ)]
)
async def get_draft(draft_id: DraftId, desk: DeskDep) -> Draft:
    return await run_in_threadpool(desk.latest, draft_id)


@router.put(
    "/{draft_id}",
    response_model=Draft,
    responses=problem_responses(400, 404, 409),
    dependencies=[requires(Permission.EDIT)],
)
async def edit_draft(draft_id: DraftId, body: EditDraft, desk: DeskDep, caller: CallerDep) -> Draft:
    # Checking is CPU work: off the event loop, so one long edit does not stall the others.
    return await run_in_threadpool(
        desk.edit,
        draft_id,
        body=body.body,
        subject=body.subject,
        actor=body.agent.name if body.agent else None,
        seen_version=body.version,
        key_owner=caller.owner,
    )


@router.post(
    "/{draft_id}/check",
    response_model=CheckResult,
    responses=problem_responses(400, 404),
    dependencies=[requires(Permission.EDIT)],
)
async def recheck_draft(draft_id: DraftId, body: RecheckDraft, desk: DeskDep) -> CheckResult:
    """Findings and claims for an edit not saved yet, checked against what the draft
    answers, as `PUT` would check it; nothing is stored. An agent editing the draft
    re-checks as they type with this (it needs `edit`, not `check`)."""
    outcome = await run_in_threadpool(desk.recheck, draft_id, body=body.body, subject=body.subject)
    return CheckResult.of(outcome)


_BLOCKED = (
    "Blocked by error findings (listed in `findings`) without an override reason, already approved,"
    " or moved on from the `version` the agent saw"
)


@router.post(
    "/{draft_id}/approve",
    response_model=Draft,
    responses={**problem_responses(400, 404), 409: {**problem_responses(409)[409], "description": _BLOCKED}},
    dependencies=[requires(Permission.APPROVE)],
)
async def approve_draft(draft_id: DraftId, body: ApproveDraft, desk: DeskDep, caller: CallerDep) -> Draft:
    return await run_in_threadpool(
        desk.approve,
        draft_id,
        agent_name=body.agent_name,
        override_reason=body.override_reason,
        seen_version=body.version,
        key_owner=caller.owner,
    )


async def _draft_events(
    desk: DraftDesk, body: CreateDraft, idempotency_key: str | None, path: str, *, key_owner: str
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
                key_owner=key_owner,
            )
            if created:
                METRICS.record_draft(draft)
            await queue.put(("draft", draft.model_dump(mode="json")))
        except DraftdeskError as error:
            await queue.put(("error", {"type": error.type_uri, "title": error.title, "status": error.status_code,
                                       "detail": error.detail, "instance": path}))
        except Exception as error:  # the 200 is sent: end the stream with a problem, not mid-air
            log.error("unhandled %s in the draft stream on %s", type(error).__name__, path)
            await queue.put(("error", {"type": "about:blank", "title": "Internal error", "status": 500,
                                       "detail": "an unexpected error occurred", "instance": path}))
        finally:
            await queue.put(None)

    task = asyncio.create_task(run())
    try:
        while (item := await queue.get()) is not None:
            event, data = item
            yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    finally:
        await task
