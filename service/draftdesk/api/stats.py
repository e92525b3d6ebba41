"""/v1/stats: drafts, approvals, edit rates, findings and fallbacks over a period.

(Until the roles branch is merged this takes any API key; the contract's permission is `stats`.)
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BeforeValidator
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.edits import Stats
from draftdesk.roles import Permission

router = APIRouter(prefix="/v1", tags=["stats"], dependencies=[ApiKey], responses=problem_responses(401, 403, 413, 422, 503))

_WHEN = "A date-time with a UTC offset, or an ISO date: a whole day in the shop's time zone"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:T.*)?", re.DOTALL)


def _iso_text(value: object) -> object:
    """ISO text only: pydantic would read a bare number as a Unix timestamp."""
    if isinstance(value, str) and not _ISO.fullmatch(value):
        raise ValueError("an ISO date (2026-11-20) or date-time with a UTC offset (2026-11-20T09:00:00+09:00)")
    return value


# A date-time first: one at midnight is that moment, not a whole day.
When = Annotated[AwareDatetime | date | None, BeforeValidator(_iso_text)]


@router.get("/stats", response_model=Stats, dependencies=[requires(Permission.STATS)])
async def stats(
    desk: DeskDep,
    since: Annotated[When, Query(description=f"{_WHEN}; default: 30 days before `until`")] = None,
    until: Annotated[When, Query(description=f"{_WHEN}, not included (a date is); default: today")] = None,
) -> Stats:
    """Edit rates are edited approvals / approvals: overall, by kind of edit
    (facts_changed, wording_changed, sections_added, sections_removed), by intent,
    language and model; `findings` counts the findings on each draft as the drafter
    wrote it, by rule; `fallbacks` the drafts the template drafter wrote because the
    model failed. A period whose `until` is not after its `since` holds nothing."""
    return await run_in_threadpool(desk.stats, since=since, until=until)
