"""/v1/knowledge/reindex (admin): the same incremental sync as `draftdesk ingest`."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel

from draftdesk.api.deps import AdminKey, ServicesDep
from draftdesk.api.openapi import problem_responses

router = APIRouter(
    prefix="/v1/knowledge", tags=["knowledge"], dependencies=[AdminKey], responses=problem_responses(401, 403, 413, 503)
)


class ReindexResult(BaseModel):
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int


@router.post("/reindex", response_model=ReindexResult)
async def reindex(services: ServicesDep) -> ReindexResult:
    report = await asyncio.to_thread(services.sync_knowledge)
    return ReindexResult(
        added=list(report.added), updated=list(report.updated), removed=list(report.removed),
        unchanged=len(report.unchanged),
    )
