"""/v1/drafts/{id}/diff: what changed between two versions of a draft.

(Until the roles branch is merged this takes any API key, like the rest of /v1/drafts;
the contract's permission is `read`.)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, requires
from draftdesk.api.drafts import DraftId
from draftdesk.api.openapi import problem_responses
from draftdesk.desk import VersionDiff
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/drafts", tags=["drafts"], dependencies=[ApiKey], responses=problem_responses(401, 403, 404, 413, 422, 503)
)

@router.get("/{draft_id}/diff", response_model=VersionDiff, dependencies=[requires(Permission.READ)])
async def diff_versions(
    draft_id: DraftId,
    desk: DeskDep,
    from_version: Annotated[int, Query(alias="from", ge=1, le=1_000_000, description="Default: 1, the drafter's")] = 1,
    to_version: Annotated[int | None, Query(alias="to", ge=1, le=1_000_000, description="Default: the latest")] = None,
) -> VersionDiff:
    """`unified`: a unified diff by line (the subject is the first line of each version).
    `changes`: the texts split into what stayed (`equal`) and what changed, by word in
    English and by character in Japanese, which has no spaces between words."""
    return await run_in_threadpool(desk.diff, draft_id, from_version=from_version, to_version=to_version)
