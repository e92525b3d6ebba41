"""A ticket's inbox row, its states and how they change; how long the customer has
waited and whether that is fast, due or late. Data and pure functions: the stores apply
the transitions (`after_…`) to the row in one transaction, with their clock's `now`.

States (`DraftState`):

- `none`: stored, no draft answers its latest message and no job is drafting one
  (`POST /v1/tickets`; a customer who wrote again; a helpdesk job that died without a draft)
- `drafting`: a helpdesk's job for its latest message is queued, running or retrying.
  `POST /v1/drafts` drafts within the request: its ticket goes from `none` (or nothing)
  straight to one of the next three.
- `needs_review`: a draft answers it and the draft's latest version has no error finding
- `blocked`: the draft's latest version has an error finding (approval needs an override)
- `approved`: the draft is approved; the customer's wait stops at the approval

A message is the ticket's content (what the draft store keeps a revision of): the same
ticket sent again is the same message, other content is a new one, and a new message
takes the ticket back to `none` (or `drafting`) with no draft.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from pydantic import AwareDatetime, Field, ValidationError, field_validator

from draftdesk.domain import Draft, DraftStatus, Frozen, Intent, Language, ResponseTime, Severity, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.pipeline.intake import detect_language


class DraftState(StrEnum):
    NONE = "none"
    DRAFTING = "drafting"
    NEEDS_REVIEW = "needs_review"
    BLOCKED = "blocked"
    APPROVED = "approved"


class Response(StrEnum):
    """How the wait compares with the shop's response time (`shop.yaml`)."""

    FAST = "fast"  # waited no longer than `fast_within_minutes`
    DUE = "due"  # longer, but within `limit_minutes`
    LATE = "late"  # over the limit


class Sort(StrEnum):
    NEWEST = "newest"  # latest message first
    AGE = "age"  # waited longest first


class Triage(Frozen):
    """What intake reads from a ticket before any draft: shown in the inbox."""

    language: Language
    intent: Intent | None = None
    order_number: str | None = None


class InboxRow(Frozen):
    """One ticket in the inbox, as stored. `received_at`: when its latest message came
    (the ticket's own `received_at`, else when Draftdesk first saw that message).
    `message`: a fingerprint of that message. `draft_id`: the draft answering it;
    `job_id`: the latest helpdesk job for it (kept when the job dies, so it stays visible)."""

    ticket_id: str
    subject: str
    language: Language
    intent: Intent | None = None
    order_number: str | None = None
    channel: str | None = None
    received_at: AwareDatetime
    message: str
    draft_state: DraftState = DraftState.NONE
    draft_id: str | None = None
    job_id: str | None = None
    approved_at: AwareDatetime | None = None

    @field_validator("received_at", "approved_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        """As the store gives them back, whatever offset they came with."""
        return None if value is None else value.astimezone(UTC)


class InboxItem(Frozen):
    """A ticket as the inbox lists it."""

    ticket_id: str
    subject: str
    language: Language
    intent: Intent | None
    order_number: str | None
    received_at: datetime
    age_minutes: int = Field(description="Whole minutes the customer has waited; frozen at approval")
    response: Response
    draft_state: DraftState
    draft_id: str | None = Field(description="The draft answering the latest message, if any")
    channel: str | None
    job_id: str | None = Field(description="The latest helpdesk job for the ticket (GET /v1/jobs/{id}), if any")


class StateCounts(Frozen):
    """How many tickets are in each state, over the whole inbox."""

    none: int
    drafting: int
    needs_review: int
    blocked: int
    approved: int


class ResponseTarget(Frozen):
    """The shop's response time (`shop.yaml`), as the inbox classifies against it."""

    fast_minutes: int
    limit_minutes: int

    @classmethod
    def of(cls, response_time: ResponseTime) -> ResponseTarget:
        return cls(fast_minutes=response_time.fast_within_minutes, limit_minutes=response_time.limit_minutes)


class InboxPage(Frozen):
    tickets: list[InboxItem]
    counts: StateCounts
    next_cursor: str | None = Field(description="`cursor` for the next page; null on the last one")
    target: ResponseTarget


class TicketView(Frozen):
    """One ticket as the agent reads it: the latest message, the customer's new words
    apart from the quoted history (folded away in the console), and its inbox entry."""

    ticket: Ticket
    message: str = Field(description="What the customer wrote this time (their signature included)")
    quoted: str = Field(description="The quoted history below it; empty when there is none")
    item: InboxItem


class InboxCursor(Frozen):
    """Where a page ended: the next page starts after this row, in the same list."""

    sort: Sort
    state: DraftState | None
    received_at: AwareDatetime
    ticket_id: str


# --- waiting ----------------------------------------------------------------------


def waited_minutes(row: InboxRow, *, now: datetime) -> int:
    """Whole minutes from the latest message to now, or to the approval (the wait ended
    there); never below 0 (a clock behind the helpdesk's)."""
    until = row.approved_at if row.draft_state == DraftState.APPROVED and row.approved_at else now
    return max(0, int((until - row.received_at).total_seconds() // 60))


def response_class(minutes: int, target: ResponseTime) -> Response:
    if minutes <= target.fast_within_minutes:
        return Response.FAST
    if minutes <= target.limit_minutes:
        return Response.DUE
    return Response.LATE


def inbox_item(row: InboxRow, *, now: datetime, target: ResponseTime) -> InboxItem:
    minutes = waited_minutes(row, now=now)
    return InboxItem(
        ticket_id=row.ticket_id,
        subject=row.subject,
        language=row.language,
        intent=row.intent,
        order_number=row.order_number,
        received_at=row.received_at,
        age_minutes=minutes,
        response=response_class(minutes, target),
        draft_state=row.draft_state,
        draft_id=row.draft_id,
        channel=row.channel,
        job_id=row.job_id,
    )


# --- transitions ------------------------------------------------------------------
# Each takes the row as stored (None: the ticket has none yet) and returns the row it
# becomes, or None when nothing changes. Tickets come as the stores keep them: masked
# (`adapters.masking.masked_ticket`), so that neither the subject nor the fingerprint
# holds a card number, and a job's ticket (stored masked) is the same message as the
# ticket it was made from; and `in_zone`, so that every arrival time has an offset.


def in_zone(ticket: Ticket, zone: tzinfo) -> Ticket:
    """A `received_at` without an offset is the shop's local time (`shop.yaml` timezone)."""
    if ticket.received_at is None or ticket.received_at.tzinfo is not None:
        return ticket
    return ticket.model_copy(update={"received_at": ticket.received_at.replace(tzinfo=zone)})


def after_ticket_stored(row: InboxRow | None, *, ticket: Ticket, triage: Triage, now: datetime) -> InboxRow | None:
    """A ticket stored without drafting: a new message waits for a draft (`none`); the
    same message again changes nothing."""
    message = message_fingerprint(ticket)
    if row is not None and row.message == message:
        return None
    return _changed(_new_message(ticket, message, now=now), **triage.model_dump())


def after_job_queued(row: InboxRow | None, *, job_id: str, ticket: Ticket, now: datetime) -> InboxRow:
    """A helpdesk's job will draft the ticket's message: `drafting`."""
    message = message_fingerprint(ticket)
    base = row if row is not None and row.message == message else _new_message(ticket, message, now=now)
    return _changed(base, draft_state=DraftState.DRAFTING, draft_id=None, approved_at=None, job_id=job_id)


def after_draft_created(row: InboxRow | None, *, draft: Draft, ticket: Ticket, now: datetime) -> InboxRow:
    """A new draft answers the ticket's message (drafted again, or a new message drafted
    at once): it is the ticket's draft now."""
    message = message_fingerprint(ticket)
    base = row if row is not None and row.message == message else _new_message(ticket, message, now=now)
    return _answered_by(base, draft)


def after_draft_saved(row: InboxRow | None, *, draft: Draft) -> InboxRow | None:
    """A new version (edited, approved) of the ticket's draft; another draft of the
    ticket (one a newer message replaced) changes nothing."""
    if row is None or row.draft_id != draft.id:
        return None
    return _answered_by(row, draft)


def after_job_ended(row: InboxRow | None, *, job_id: str, draft: Draft | None) -> InboxRow | None:
    """The ticket's job is done (its draft answers the message) or dead: without a draft
    the ticket is back to `none`, the job still named. A job a newer one replaced, or
    whose draft the ticket shows already, changes nothing."""
    if row is None or row.job_id != job_id or row.draft_state != DraftState.DRAFTING:
        return None
    if draft is None:
        return _changed(row, draft_state=DraftState.NONE)
    return _answered_by(row, draft)


def state_of(draft: Draft) -> DraftState:
    if draft.status == DraftStatus.APPROVED:
        return DraftState.APPROVED
    if any(finding.severity == Severity.ERROR for finding in draft.findings):
        return DraftState.BLOCKED
    return DraftState.NEEDS_REVIEW


def _answered_by(row: InboxRow, draft: Draft) -> InboxRow:
    resolution = draft.order_resolution
    return _changed(
        row,
        language=draft.language,
        intent=draft.intent,
        order_number=(resolution.order_number if resolution else None) or row.order_number,
        draft_state=state_of(draft),
        draft_id=draft.id,
        approved_at=draft.approval.at if draft.approval else None,
    )


def _changed(row: InboxRow, **changes: object) -> InboxRow:
    """`row` with `changes`, validated (times in UTC), as `model_copy` would not."""
    return InboxRow.model_validate({**dict(row), **changes})


def _new_message(ticket: Ticket, message: str, *, now: datetime) -> InboxRow:
    return InboxRow(
        ticket_id=ticket.id,
        subject=ticket.subject,
        language=ticket.language or detect_language(f"{ticket.subject}\n{ticket.body}"),
        channel=ticket.channel,
        received_at=ticket.received_at or now,
        message=message,
    )


def message_fingerprint(ticket: Ticket) -> str:
    """The same for the same content, as the draft store decides what is a new revision."""
    content = ticket.model_dump(mode="json", by_alias=True)
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --- cursors ----------------------------------------------------------------------


def encode_cursor(cursor: InboxCursor) -> str:
    return base64.urlsafe_b64encode(cursor.model_dump_json().encode()).decode().rstrip("=")


def decode_cursor(text: str, *, sort: Sort, state: DraftState | None) -> InboxCursor:
    """The cursor a page of this same list (`sort`, `state`) ended with; InvalidInput otherwise."""
    try:
        cursor = InboxCursor.model_validate_json(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, ValidationError):
        raise InvalidInput("cursor: not a cursor this list gave; start again without one") from None
    if (cursor.sort, cursor.state) != (sort, state):
        raise InvalidInput("cursor: it belongs to a list with another sort or state; start again without one")
    return cursor
