"""Liveness, readiness and metrics (unauthenticated: for the orchestrator and Prometheus)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

from draftdesk.api.deps import ServicesDep
from draftdesk.api.metrics import METRICS
from draftdesk.api.openapi import problem_responses

router = APIRouter(tags=["health"], responses=problem_responses(413))


class Liveness(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    checks: dict[str, bool]


@router.get("/healthz", response_model=Liveness)
async def healthz() -> Liveness:
    return Liveness(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready: `checks` says what is not"}},
)
async def readyz(services: ServicesDep) -> JSONResponse:
    checks = {
        "database": services.database.ping(),
        "knowledge": services.policies.ready(),
    }
    ready = all(checks.values())
    readiness = Readiness(status="ready" if ready else "not ready", checks=checks)
    return JSONResponse(readiness.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics() -> PlainTextResponse:
    # Not async: the job metrics are database reads, kept off the loop that answers webhooks.
    return PlainTextResponse(METRICS.render(), media_type="text/plain; version=0.0.4")
