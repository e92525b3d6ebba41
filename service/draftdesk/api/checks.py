"""/v1/check: house-style findings for any reply text."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, SettingsDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.api.schemas import CheckText, refuse_over_long_ticket
from draftdesk.domain import Claim, Finding, Language
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1", tags=["check"], dependencies=[ApiKey], responses=problem_responses(400, 401, 403, 413, 422, 503)
)


class CheckResult(BaseModel):
    language: Language
    findings: list[Finding]
    blocking: bool
    claims: list[Claim] = []  # the dates, amounts, numbers the text states, and their sources


@router.post("/check", response_model=CheckResult, dependencies=[requires(Permission.CHECK)])
async def check_text(body: CheckText, desk: DeskDep, settings: SettingsDep) -> CheckResult:
    refuse_over_long_ticket(body.ticket, max_body_chars=settings.max_body_chars)
    outcome = await run_in_threadpool(  # CPU work: off the event loop
        desk.check_text, body.text, ticket=body.ticket, language=body.language, agent=body.agent, subject=body.subject
    )
    return CheckResult(
        language=outcome.language,
        findings=outcome.findings,
        blocking=any(f.severity == "error" for f in outcome.findings),
        claims=outcome.claims,
    )
