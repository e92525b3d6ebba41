"""/v1/stats: drafts, approvals, edit rates, findings and fallbacks over a period.

(Until the roles branch is merged this takes any API key; the contract's permission is `stats`.)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep
from draftdesk.api.openapi import problem_responses
from draftdesk.edits import Stats

router = APIRouter(prefix="/v1", tags=["stats"], dependencies=[ApiKey], responses=problem_responses(401, 422, 503))

_WHEN = "An ISO date (a whole day in the shop's time zone) or a date-time with a UTC offset"


@router.get("/stats", response_model=Stats)
async def stats(
    desk: DeskDep,
    since: Annotated[str | None, Query(max_length=40, description=f"{_WHEN}; default: 30 days before `until`")] = None,
    until: Annotated[str | None, Query(max_length=40, description=f"{_WHEN}, included; default: now")] = None,
) -> Stats:
    """Edit rates are edited approvals / approvals: overall, by kind of edit
    (facts_changed, wording_changed, sections_added, sections_removed), by intent,
    language and model; `findings` counts the findings on each draft as the drafter
    wrote it, by rule; `fallbacks` the drafts the template drafter wrote because the
    model failed."""
    return await run_in_threadpool(desk.stats, since=since, until=until)
