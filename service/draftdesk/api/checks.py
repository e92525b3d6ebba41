"""/v1/check: house-style findings for any reply text."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, SettingsDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.api.schemas import CheckResult, CheckText, refuse_over_long_ticket
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1", tags=["check"], dependencies=[ApiKey], responses=problem_responses(400, 401, 403, 413, 422, 503)
)


@router.post("/check", response_model=CheckResult, dependencies=[requires(Permission.CHECK)])
async def check_text(body: CheckText, desk: DeskDep, settings: SettingsDep) -> CheckResult:
    refuse_over_long_ticket(body.ticket, max_body_chars=settings.max_body_chars)
    outcome = await run_in_threadpool(  # CPU work: off the event loop
        desk.check_text, body.text, ticket=body.ticket, language=body.language, agent=body.agent, subject=body.subject
    )
    return CheckResult.of(outcome)
