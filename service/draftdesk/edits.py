"""Edit capture, and the stats over it (GET /v1/stats).

When a draft is made, what the drafter produced is noted (`DraftedRecord`: intent,
language, model, fallback, findings by rule); when it is approved, what the agent
changed against that first version (`EditRecord`: the unified diff and the kinds of
edit, `draftdesk.pipeline.edit_classes`; no kind at all when it went out as drafted).
`aggregate_stats` turns the records of a period into the numbers: drafts, approvals,
edit rates (edited approvals / approvals) overall and by kind of edit, intent,
language and model, findings by rule, fallbacks. Times are the desk's clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field, computed_field

from draftdesk.domain import Draft, Frozen, Intent, Language
from draftdesk.errors import InvalidInput
from draftdesk.pipeline.edit_classes import EditClass, classify_edit
from draftdesk.text.diffs import diff_texts

DEFAULT_PERIOD = timedelta(days=30)


def reply_text(draft: Draft) -> str:
    """What is compared between versions: the subject, a blank line, the body."""
    return f"{draft.subject}\n\n{draft.body}"


class DraftedRecord(Frozen):
    draft_id: str
    ticket_id: str
    at: datetime
    intent: Intent
    language: Language
    model: str
    fallback_used: bool = False
    findings: dict[str, int] = Field(default_factory=dict)  # rule → findings on the first version


class EditRecord(Frozen):
    """An approval: what the agent changed in the drafter's text (no classes: nothing)."""

    draft_id: str
    ticket_id: str
    version: int  # the approved one
    at: datetime
    approved_by: str
    intent: Intent
    language: Language
    model: str  # the drafter of the first version
    classes: list[EditClass] = Field(default_factory=list)
    diff: str = ""  # unified, first version → approved ("" when the text is the same)

    @property
    def edited(self) -> bool:
        return bool(self.classes)


def drafted_record(draft: Draft, *, at: datetime) -> DraftedRecord:
    return DraftedRecord(
        draft_id=draft.id, ticket_id=draft.ticket_id, at=at, intent=draft.intent, language=draft.language,
        model=draft.model.name, fallback_used=draft.model.fallback_used,
        findings=dict(Counter(finding.rule for finding in draft.findings)),
    )  # fmt: skip


def edit_record(first: Draft, approved: Draft) -> EditRecord:
    """`approved` (with its Approval) against `first`, the version the drafter wrote."""
    if approved.approval is None:
        raise ValueError(f"draft {approved.id} version {approved.version} is not approved")
    before, after = reply_text(first), reply_text(approved)
    at = approved.approval.at
    classes = classify_edit(before, after, today=at.date())
    return EditRecord(
        draft_id=approved.id, ticket_id=approved.ticket_id, version=approved.version, at=at,
        approved_by=approved.approval.by, intent=first.intent, language=first.language, model=first.model.name,
        classes=sorted(classes),
        diff=diff_texts(before, after, from_name="v1", to_name=f"v{approved.version}").unified,
    )  # fmt: skip


# --- stats ----------------------------------------------------------------------


class Period(Frozen):
    since: datetime
    until: datetime  # not included


class EditRate(Frozen):
    approved: int
    edited: int

    @computed_field
    @property
    def rate(self) -> float | None:
        """Edited approvals / approvals; None when nothing was approved."""
        return self.edited / self.approved if self.approved else None


class EditRates(Frozen):
    overall: EditRate
    by_class: dict[str, EditRate]
    by_intent: dict[str, EditRate]
    by_language: dict[str, EditRate]
    by_model: dict[str, EditRate]


class Stats(Frozen):
    period: Period
    drafts: int
    approved: int
    edit_rates: EditRates
    findings: dict[str, int]  # rule → findings on the first versions of the drafts made
    fallbacks: int  # drafts the template drafter wrote because the model failed


def stats_metrics(stats: Stats, *, prefix: str = "edits.live") -> dict[str, float]:
    """The stats as flat eval metrics (`edits.live.rate`, `edits.live.by_intent.delay.rate`,
    `edits.live.approved`…): rates only where something was approved."""
    metrics = {f"{prefix}.drafts": float(stats.drafts), f"{prefix}.approved": float(stats.approved)}
    rates = stats.edit_rates
    groups = {"": {"": rates.overall}, "by_class": rates.by_class, "by_intent": rates.by_intent}
    groups |= {"by_language": rates.by_language, "by_model": rates.by_model}
    for group, by_key in groups.items():
        for key, edit_rate in by_key.items():
            if edit_rate.rate is not None:
                name = ".".join(part for part in (prefix, group, key, "rate") if part)
                metrics[name] = edit_rate.rate
    return metrics


def aggregate_stats(period: Period, *, drafted: Iterable[DraftedRecord], approved: Iterable[EditRecord]) -> Stats:
    drafted, approved = list(drafted), list(approved)
    findings: Counter[str] = Counter()
    for record in drafted:
        findings.update(record.findings)
    return Stats(
        period=period,
        drafts=len(drafted),
        approved=len(approved),
        edit_rates=EditRates(
            overall=_rate(approved),
            by_class={kind.value: EditRate(approved=len(approved), edited=sum(kind in r.classes for r in approved))
                      for kind in EditClass},
            by_intent=_rates_by(approved, lambda r: r.intent.value),
            by_language=_rates_by(approved, lambda r: r.language),
            by_model=_rates_by(approved, lambda r: r.model),
        ),
        findings=dict(sorted(findings.items())),
        fallbacks=sum(record.fallback_used for record in drafted),
    )  # fmt: skip


def _rate(records: list[EditRecord]) -> EditRate:
    return EditRate(approved=len(records), edited=sum(r.edited for r in records))


def _rates_by(records: list[EditRecord], key: Callable[[EditRecord], str]) -> dict[str, EditRate]:
    groups: dict[str, list[EditRecord]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {name: _rate(group) for name, group in sorted(groups.items())}


def stats_period(since: date | datetime | None, until: date | datetime | None, *, now: datetime, timezone: str) -> Period:
    """The period from `since` to `until`: a date is a whole day in the shop's time zone
    (`until`'s included), a date-time (with a UTC offset) the moment itself (`until`
    not included). By default `until` is the end of today and `since` 30 days before.
    A period whose `until` is not after its `since` holds nothing."""
    zone = ZoneInfo(timezone)
    end = _moment(until or now.astimezone(zone).date(), "until", zone, day_end=True)
    start = _moment(since, "since", zone, day_end=False) if since else end - DEFAULT_PERIOD
    return Period(since=start, until=end)


def _moment(when: date | datetime, name: str, zone: ZoneInfo, *, day_end: bool) -> datetime:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise InvalidInput(f"{name}: give the date-time a UTC offset (2026-11-20T09:00:00+09:00), or give a date")
        return when
    return datetime.combine(when + timedelta(days=1 if day_end else 0), time(), tzinfo=zone)
