"""/v1/knowledge/reindex (the `reindex` permission: admins): the same incremental sync as `draftdesk ingest`."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel

from draftdesk.api.deps import ApiKey, ServicesDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/knowledge", tags=["knowledge"], dependencies=[ApiKey], responses=problem_responses(401, 403, 413, 503)
)


class ReindexResult(BaseModel):
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int


@router.post("/reindex", response_model=ReindexResult, dependencies=[requires(Permission.REINDEX)])
async def reindex(services: ServicesDep) -> ReindexResult:
    report = await asyncio.to_thread(services.sync_knowledge)
    return ReindexResult(
        added=list(report.added), updated=list(report.updated), removed=list(report.removed),
        unchanged=len(report.unchanged),
    )
