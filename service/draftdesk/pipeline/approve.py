"""approve: the gate. Error-level findings block approval unless an agent writes why."""

from __future__ import annotations

from datetime import datetime

from draftdesk.domain import Approval, Draft, DraftStatus, Finding, Severity
from draftdesk.errors import Conflict, InvalidInput
from draftdesk.text.visible import visible_length

MIN_OVERRIDE_REASON = 10


class ApprovalBlocked(Conflict):
    """409 with the findings that stand in the way."""

    def __init__(self, blocking: list[Finding]) -> None:
        rules = ", ".join(sorted({f.rule for f in blocking}))
        super().__init__(
            f"{len(blocking)} error-level finding(s) ({rules}) block approval; "
            "fix the draft or approve with an override_reason"
        )
        self.blocking = blocking


def approve(draft: Draft, *, agent_name: str, override_reason: str | None, now: datetime) -> Draft:
    """The approved next version of `draft`, or ApprovalBlocked."""
    if draft.status == DraftStatus.APPROVED:
        raise Conflict(f"draft {draft.id} version {draft.version} is already approved")
    blocking = [f for f in draft.findings if f.severity == Severity.ERROR]
    reason = (override_reason or "").strip() or None
    if reason is not None and visible_length(reason) == 0:
        reason = None  # zero-width spaces, fillers: nothing was written
    if blocking and reason is None:
        raise ApprovalBlocked(blocking)
    if reason is not None and visible_length(reason) < MIN_OVERRIDE_REASON:
        raise InvalidInput(
            f"override_reason: write at least {MIN_OVERRIDE_REASON} visible characters saying why the findings do not apply"
        )
    approval = Approval(
        by=agent_name,
        at=now,
        override_reason=reason if blocking else None,
        overridden_rules=sorted({f.rule for f in blocking}),
    )
    return draft.model_copy(
        update={"version": draft.version + 1, "status": DraftStatus.APPROVED, "approval": approval}
    )
