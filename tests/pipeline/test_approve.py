from __future__ import annotations

from datetime import datetime, timezone

import pytest

from draftdesk.domain import Draft, DraftStatus, Finding, Intent, ModelInfo, Severity
from draftdesk.errors import Conflict, InvalidInput
from draftdesk.pipeline.approve import ApprovalBlocked, approve

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def _draft(*severities: Severity) -> Draft:
    findings = [
        Finding(rule=f"HS00{i}", severity=s, message="m", start=0, end=1, excerpt="x")
        for i, s in enumerate(severities, start=1)
    ]
    return Draft(
        id="d_1", ticket_id="T-1", language="ja", intent=Intent.DELAY, subject="s", body="b",
        findings=findings, model=ModelInfo(name="template"),
    )


def test_a_clean_draft_is_approved_as_a_new_version():
    approved = approve(_draft(Severity.WARNING), agent_name="佐藤", override_reason=None, now=NOW)
    assert approved.status == DraftStatus.APPROVED
    assert approved.version == 2
    assert approved.approval.by == "佐藤" and approved.approval.override_reason is None


def test_error_findings_block_approval_and_are_named():
    with pytest.raises(ApprovalBlocked) as blocked:
        approve(_draft(Severity.ERROR, Severity.WARNING), agent_name="佐藤", override_reason=None, now=NOW)
    assert [f.rule for f in blocked.value.blocking] == ["HS001"]
    assert blocked.value.status_code == 409


def test_an_override_with_a_written_reason_approves_and_records_the_rules():
    approved = approve(
        _draft(Severity.ERROR), agent_name="佐藤", override_reason="顧客と電話で確認済みの日付です", now=NOW
    )
    assert approved.approval.override_reason == "顧客と電話で確認済みの日付です"
    assert approved.approval.overridden_rules == ["HS001"]


@pytest.mark.parametrize("reason", ["ok", "   ", "fine"])
def test_a_token_override_reason_is_refused(reason):
    with pytest.raises((InvalidInput, ApprovalBlocked)):
        approve(_draft(Severity.ERROR), agent_name="佐藤", override_reason=reason, now=NOW)


def test_an_approved_draft_cannot_be_approved_again():
    approved = approve(_draft(), agent_name="佐藤", override_reason=None, now=NOW)
    with pytest.raises(Conflict):
        approve(approved, agent_name="佐藤", override_reason=None, now=NOW)
