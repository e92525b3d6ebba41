"""/v1/drafts/{id}/model-calls: what each model was sent for a draft, and what it answered."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, requires
from draftdesk.api.drafts import DraftId
from draftdesk.api.openapi import problem_responses
from draftdesk.domain import RecordedModelCall
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/drafts",
    tags=["drafts"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 413, 422, 503),
)


@router.get(
    "/{draft_id}/model-calls",
    response_model=list[RecordedModelCall],
    responses=problem_responses(404),
    dependencies=[requires(Permission.READ)],
)
async def model_calls(draft_id: DraftId, desk: DeskDep) -> list[RecordedModelCall]:
    """Every call to a model made for the draft, in the order made: each attempt of a
    draft or a rewrite, retries and fallback models included. `request` is the JSON
    body as sent (redacted: placeholders such as `<PERSON_1>` where the customer's
    values were); `version` is the version a call made (for a failed rewrite, the
    version it was asked to rewrite)."""
    return await run_in_threadpool(desk.model_calls_of, draft_id)
