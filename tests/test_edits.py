"""Edit capture's records and the stats over them: pure functions, a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from draftdesk.domain import Approval, Draft, DraftStatus, Finding, Intent, ModelInfo, Severity
from draftdesk.edits import (
    DraftedRecord,
    EditRecord,
    Period,
    aggregate_stats,
    drafted_record,
    edit_record,
    stats_period,
)
from draftdesk.errors import InvalidInput
from draftdesk.pipeline.edit_classes import EditClass

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=JST)
BODY = "山田 太郎 様\n\nお届けは11月18日頃の見込みです。\n\nお待たせしてしまい、申し訳ございません。"


def draft(version: int = 1, *, body: str = BODY, model: str = "template", approved_at: datetime | None = None) -> Draft:
    return Draft(
        id="d_1", ticket_id="T-1", version=version, language="ja", intent=Intent.DELAY, subject="配送について", body=body,
        model=ModelInfo(name=model), created_at=NOW,
        findings=[Finding(rule="HS005", severity=Severity.WARNING, message="m", start=0, end=1, excerpt="x")] * 2,
        status=DraftStatus.APPROVED if approved_at else DraftStatus.DRAFT,
        approval=Approval(by="佐藤", at=approved_at) if approved_at else None,
    )  # fmt: skip


def test_a_drafted_record_notes_the_drafter_and_its_findings_by_rule():
    record = drafted_record(draft(model="openai/gpt-4o-mini"), at=NOW)
    assert (record.draft_id, record.at, record.model, record.findings) == ("d_1", NOW, "openai/gpt-4o-mini", {"HS005": 2})


def test_an_approval_as_drafted_is_no_edit_and_an_edited_one_carries_classes_and_diff():
    unchanged = edit_record(draft(), draft(2, approved_at=NOW))
    assert unchanged.classes == [] and not unchanged.edited and unchanged.diff == ""
    edited_body = BODY.replace("11月18日", "11月20日").replace("\n\nお待たせしてしまい、申し訳ございません。", "")
    edited = edit_record(draft(), draft(3, body=edited_body, approved_at=NOW))
    assert edited.classes == [EditClass.FACTS_CHANGED, EditClass.SECTIONS_REMOVED] and edited.edited
    assert (edited.version, edited.at, edited.approved_by, edited.intent) == (3, NOW, "佐藤", Intent.DELAY)
    assert edited.diff.startswith("--- v1\n+++ v3\n") and "-お届けは11月18日頃の見込みです。" in edited.diff


def test_a_version_not_approved_is_no_approval():
    with pytest.raises(ValueError):
        edit_record(draft(), draft(2))


def _approval(draft_id: str, *classes: EditClass, intent=Intent.DELAY, language="ja", model="template") -> EditRecord:
    return EditRecord(
        draft_id=draft_id, ticket_id="T", version=2, at=NOW, approved_by="佐藤", intent=intent, language=language,
        model=model, classes=list(classes),
    )  # fmt: skip


def _drafted(draft_id: str, *, fallback: bool = False, findings: dict[str, int] | None = None) -> DraftedRecord:
    return DraftedRecord(
        draft_id=draft_id, ticket_id="T", at=NOW, intent=Intent.DELAY, language="ja", model="template",
        fallback_used=fallback, findings=findings or {},
    )  # fmt: skip


def test_stats_count_drafts_approvals_edit_rates_findings_and_fallbacks():
    period = Period(since=NOW - timedelta(days=30), until=NOW)
    stats = aggregate_stats(
        period,
        drafted=[_drafted("a", findings={"HS005": 1}), _drafted("b", fallback=True, findings={"HS005": 2, "HS002": 1}),
                 _drafted("c")],
        approved=[
            _approval("a"),
            _approval("b", EditClass.FACTS_CHANGED, EditClass.WORDING_CHANGED, model="openai/gpt-4o-mini"),
            _approval("c", EditClass.WORDING_CHANGED, intent=Intent.RETURN, language="en"),
            _approval("d", intent=Intent.RETURN, language="en"),
        ],
    )  # fmt: skip
    assert (stats.period, stats.drafts, stats.approved, stats.fallbacks) == (period, 3, 4, 1)
    assert stats.findings == {"HS002": 1, "HS005": 3}
    rates = stats.edit_rates
    assert (rates.overall.approved, rates.overall.edited, rates.overall.rate) == (4, 2, 0.5)
    assert {name: rate.rate for name, rate in rates.by_class.items()} == {
        "facts_changed": 0.25, "wording_changed": 0.5, "sections_added": 0.0, "sections_removed": 0.0,
    }
    assert {name: (r.approved, r.edited) for name, r in rates.by_intent.items()} == {"delay": (2, 1), "return": (2, 1)}
    assert {name: r.rate for name, r in rates.by_language.items()} == {"en": 0.5, "ja": 0.5}
    assert {name: r.rate for name, r in rates.by_model.items()} == {"openai/gpt-4o-mini": 1.0, "template": 1 / 3}


def test_with_no_approvals_a_rate_is_null_not_zero():
    stats = aggregate_stats(Period(since=NOW - timedelta(days=1), until=NOW), drafted=[], approved=[])
    dumped = stats.model_dump(mode="json")
    assert dumped["edit_rates"]["overall"] == {"approved": 0, "edited": 0, "rate": None}
    assert dumped["edit_rates"]["by_intent"] == {} and dumped["findings"] == {} and dumped["drafts"] == 0


@pytest.mark.parametrize(
    ("since", "until", "expected_since", "expected_until"),
    [
        (None, None, datetime(2026, 10, 22, tzinfo=JST), datetime(2026, 11, 21, tzinfo=JST)),
        (date(2026, 11, 1), date(2026, 11, 19), datetime(2026, 11, 1, tzinfo=JST), datetime(2026, 11, 20, tzinfo=JST)),
        (datetime(2026, 11, 19, 9, tzinfo=timezone.utc), None, datetime(2026, 11, 19, 18, tzinfo=JST),
         datetime(2026, 11, 21, tzinfo=JST)),
        (None, date(2026, 11, 10), datetime(2026, 10, 12, tzinfo=JST), datetime(2026, 11, 11, tzinfo=JST)),
        (date(2026, 11, 20), date(2026, 11, 19), datetime(2026, 11, 20, tzinfo=JST), datetime(2026, 11, 20, tzinfo=JST)),
    ],
    ids=["default", "days", "moment", "until-only", "empty"],
)
def test_a_period_is_whole_days_in_the_shops_time_zone_or_exact_times(since, until, expected_since, expected_until):
    period = stats_period(since, until, now=NOW, timezone="Asia/Tokyo")
    assert (period.since, period.until) == (expected_since, expected_until)


@pytest.mark.parametrize("bound", ["since", "until"])
def test_a_date_time_without_a_utc_offset_is_refused_naming_the_bound(bound):
    with pytest.raises(InvalidInput) as refused:
        stats_period(**{"since": None, "until": None, bound: datetime(2026, 11, 20, 9)}, now=NOW, timezone="Asia/Tokyo")
    assert refused.value.detail.startswith(f"{bound}: give the date-time a UTC offset")
