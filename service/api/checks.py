"""/v1/check: house-style findings for any reply text."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from service.api.deps import ApiKey, DeskDep
from service.api.schemas import CheckText
from service.domain import Finding, Language

router = APIRouter(prefix="/v1", tags=["check"], dependencies=[ApiKey])


class CheckResult(BaseModel):
    language: Language
    findings: list[Finding]
    blocking: bool


@router.post("/check", response_model=CheckResult)
async def check_text(body: CheckText, desk: DeskDep) -> CheckResult:
    outcome = desk.check_text(
        body.text, ticket=body.ticket, language=body.language, agent=body.agent, subject=body.subject
    )
    return CheckResult(
        language=outcome.language,
        findings=outcome.findings,
        blocking=any(f.severity == "error" for f in outcome.findings),
    )
