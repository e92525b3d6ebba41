"""/v1/drafts/{id}/rewrite: the reply rewritten by the model in a style, as a new version."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from draftdesk.api.deps import ApiKey, CallerDep, DeskDep, requires
from draftdesk.api.drafts import DraftId
from draftdesk.api.openapi import problem_responses
from draftdesk.api.schemas import Body
from draftdesk.domain import Agent, Draft, RewriteStyle
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/drafts",
    tags=["drafts"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 413, 422, 503),
)


class RewriteDraft(Body):
    style: RewriteStyle
    agent: Agent | None = None
    seen_version: int | None = Field(
        default=None, ge=1, le=1_000_000,
        description="The draft version the agent saw: 409 if the draft has moved on since (none: the latest)",
    )


_CONFLICT = {
    **problem_responses(409)[409],
    "description": "The draft is approved or moved on from `seen_version`, or the configured drafter cannot "
    "rewrite (the templates: type `…/cannot-rewrite`)",
}
_FAILED = {
    **problem_responses(502)[502],
    "description": "No model gave a valid rewrite (every attempt is in `/model-calls`); the draft is unchanged",
}


@router.post(
    "/{draft_id}/rewrite",
    response_model=Draft,
    responses={**problem_responses(400, 404), 409: _CONFLICT, 502: _FAILED},
    dependencies=[requires(Permission.EDIT)],
)
async def rewrite_draft(draft_id: DraftId, body: RewriteDraft, desk: DeskDep, caller: CallerDep) -> Draft:
    """The next version: the latest one's subject and text rewritten `shorter`, more
    `formal` or `warmer` by the configured model, redacted before it is sent and restored
    after, then checked as an edit is (action `rewrite` in the audit trail)."""
    return await desk.rewrite(
        draft_id,
        style=body.style,
        actor=body.agent.name if body.agent else None,
        seen_version=body.seen_version,
        key_owner=caller.owner,
    )
