"""The inbox's pure parts: the response classes at their boundaries, the wait (frozen at
approval), every transition of a ticket's row, cursors, and the shop's response time."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import (
    Approval,
    Draft,
    DraftStatus,
    Finding,
    Intent,
    ModelInfo,
    OrderResolution,
    ResponseTime,
    Severity,
    ShopProfile,
    Ticket,
)
from draftdesk.errors import InvalidInput
from draftdesk.inbox.model import (
    DraftState,
    InboxCursor,
    InboxRow,
    Response,
    Sort,
    Triage,
    after_draft_created,
    after_draft_saved,
    after_job_ended,
    after_job_queued,
    after_ticket_stored,
    decode_cursor,
    encode_cursor,
    in_zone,
    inbox_item,
    response_class,
    waited_minutes,
)

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
TARGET = ResponseTime(fast_within_minutes=60, limit_minutes=180)
TICKET = Ticket(id="T-1", subject="まだ届きません", body="注文した煎茶がまだ届きません。", received_at=NOW - timedelta(minutes=30))
WROTE_AGAIN = TICKET.model_copy(update={"body": "追伸：至急ご連絡ください。", "received_at": NOW - timedelta(minutes=5)})
TRIAGE = Triage(language="ja", intent=Intent.DELAY, order_number="HM-24-00012")
ERROR = Finding(rule="HS004", severity=Severity.ERROR, message="hedged", start=0, end=2, excerpt="たぶん")
WARNING = Finding(rule="HS005", severity=Severity.WARNING, message="vague", start=0, end=2, excerpt="近日中")


def draft(draft_id: str = "d_1", *, findings: tuple[Finding, ...] = (), approved_at: datetime | None = None, version: int = 1) -> Draft:
    return Draft(
        id=draft_id, ticket_id="T-1", version=version, language="ja", intent=Intent.WHERE_IS_MY_ORDER,
        subject="ご注文について", body="…", findings=list(findings), model=ModelInfo(name="template"),
        order_resolution=OrderResolution(method="order_number", reason="in the text", order_number="HM-24-00099"),
        status=DraftStatus.APPROVED if approved_at else DraftStatus.DRAFT,
        approval=Approval(by="佐藤", at=approved_at) if approved_at else None,
    )  # fmt: skip


def stored(ticket: Ticket = TICKET) -> InboxRow:
    row = after_ticket_stored(None, ticket=ticket, triage=TRIAGE, now=NOW)
    assert row is not None
    return row


# --- response classes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "response"),
    [(0, Response.FAST), (60, Response.FAST), (61, Response.DUE), (180, Response.DUE), (181, Response.LATE), (10_000, Response.LATE)],
)
def test_fast_up_to_the_fast_target_due_up_to_the_limit_late_after(minutes: int, response: Response) -> None:
    assert response_class(minutes, TARGET) == response


@pytest.mark.parametrize(
    ("waited", "minutes"),
    [(timedelta(minutes=60, seconds=59), 60), (timedelta(minutes=61), 61), (timedelta(seconds=-90), 0)],
    ids=["whole minutes, rounded down", "one more minute", "a message from the future has waited 0"],
)
def test_the_wait_is_counted_in_whole_minutes_on_the_desks_clock(waited: timedelta, minutes: int) -> None:
    row = stored(TICKET.model_copy(update={"received_at": NOW - waited}))
    assert waited_minutes(row, now=NOW) == minutes


def test_an_approved_ticket_stops_waiting_at_the_approval() -> None:
    in_tokyo = (NOW - timedelta(minutes=10)).astimezone(ZoneInfo("Asia/Tokyo"))  # the desk's clock, say
    approved = after_draft_created(stored(), draft=draft(approved_at=in_tokyo), ticket=TICKET, now=NOW)
    assert approved.approved_at == in_tokyo and approved.approved_at.tzinfo == UTC  # kept as the store gives it back
    item = inbox_item(approved, now=NOW + timedelta(days=2), target=TARGET)
    assert (item.draft_state, item.age_minutes, item.response) == (DraftState.APPROVED, 20, Response.FAST)


# --- transitions --------------------------------------------------------------------


def test_a_stored_ticket_waits_for_a_draft_with_what_intake_read() -> None:
    row = stored()
    assert (row.draft_state, row.draft_id, row.intent, row.order_number, row.received_at) == (
        DraftState.NONE, None, Intent.DELAY, "HM-24-00012", TICKET.received_at,
    )  # fmt: skip
    assert after_ticket_stored(row, ticket=TICKET, triage=TRIAGE, now=NOW) is None  # the same message: no change


@pytest.mark.parametrize(
    ("findings", "approved_at", "state"),
    [
        ((), None, DraftState.NEEDS_REVIEW),
        ((WARNING,), None, DraftState.NEEDS_REVIEW),
        ((WARNING, ERROR), None, DraftState.BLOCKED),
        ((ERROR,), NOW, DraftState.APPROVED),  # approved with an override
    ],
)
def test_a_draft_decides_the_state(findings: tuple[Finding, ...], approved_at: datetime | None, state: DraftState) -> None:
    row = after_draft_created(stored(), draft=draft(findings=findings, approved_at=approved_at), ticket=TICKET, now=NOW)
    assert (row.draft_state, row.draft_id, row.approved_at) == (state, "d_1", approved_at)
    assert (row.intent, row.order_number) == (Intent.WHERE_IS_MY_ORDER, "HM-24-00099")  # the draft knows better


def test_an_edit_that_adds_or_removes_an_error_moves_between_needs_review_and_blocked() -> None:
    row = after_draft_created(stored(), draft=draft(), ticket=TICKET, now=NOW)
    blocked = after_draft_saved(row, draft=draft(findings=(ERROR,), version=2))
    assert blocked is not None and blocked.draft_state == DraftState.BLOCKED
    fixed = after_draft_saved(blocked, draft=draft(version=3))
    assert fixed is not None and fixed.draft_state == DraftState.NEEDS_REVIEW
    assert after_draft_saved(fixed, draft=draft("d_other", findings=(ERROR,))) is None  # not the ticket's draft


def test_a_new_message_takes_the_ticket_back_to_none_and_its_own_arrival() -> None:
    answered = after_draft_created(stored(), draft=draft(approved_at=NOW), ticket=TICKET, now=NOW)
    again = after_ticket_stored(answered, ticket=WROTE_AGAIN, triage=TRIAGE, now=NOW)
    assert again is not None
    assert (again.draft_state, again.draft_id, again.approved_at, again.received_at) == (
        DraftState.NONE, None, None, WROTE_AGAIN.received_at,
    )  # fmt: skip
    assert after_draft_saved(again, draft=draft(approved_at=NOW, version=2)) is None  # the old draft no longer answers


def test_a_message_without_a_time_arrives_when_first_seen_and_keeps_that_time() -> None:
    untimed = TICKET.model_copy(update={"received_at": None})
    row = after_ticket_stored(None, ticket=untimed, triage=TRIAGE, now=NOW)
    assert row is not None and row.received_at == NOW
    later = after_draft_created(row, draft=draft(), ticket=untimed, now=NOW + timedelta(hours=1))
    assert later.received_at == NOW
    redrafted = after_draft_created(later, draft=draft("d_2"), ticket=untimed, now=NOW + timedelta(hours=2))
    assert (redrafted.draft_id, redrafted.received_at) == ("d_2", NOW)  # drafted again: the same message


def test_a_job_drafts_then_answers_or_leaves_the_ticket_waiting_with_the_job_named() -> None:
    drafting = after_job_queued(None, job_id="job_1", ticket=TICKET, now=NOW)
    assert (drafting.draft_state, drafting.job_id, drafting.draft_id) == (DraftState.DRAFTING, "job_1", None)
    answered = after_draft_created(drafting, draft=draft(), ticket=TICKET, now=NOW)
    assert (answered.draft_state, answered.job_id) == (DraftState.NEEDS_REVIEW, "job_1")
    assert after_job_ended(answered, job_id="job_1", draft=draft()) is None  # the draft shows already

    dead = after_job_ended(drafting, job_id="job_1", draft=None)
    assert dead is not None and (dead.draft_state, dead.job_id, dead.draft_id) == (DraftState.NONE, "job_1", None)
    done_unseen = after_job_ended(drafting, job_id="job_1", draft=draft(findings=(ERROR,)))
    assert done_unseen is not None and (done_unseen.draft_state, done_unseen.draft_id) == (DraftState.BLOCKED, "d_1")


def test_an_older_job_ending_leaves_the_newer_one_drafting() -> None:
    first = after_job_queued(None, job_id="job_1", ticket=TICKET, now=NOW)
    second = after_job_queued(first, job_id="job_2", ticket=WROTE_AGAIN, now=NOW)
    assert after_job_ended(second, job_id="job_1", draft=None) is None
    assert second.received_at == WROTE_AGAIN.received_at


def test_a_job_for_an_answered_message_drafts_it_again() -> None:
    answered = after_draft_created(stored(), draft=draft(), ticket=TICKET, now=NOW)
    requeued = after_job_queued(answered, job_id="job_1", ticket=TICKET, now=NOW + timedelta(hours=1))
    assert (requeued.draft_state, requeued.draft_id, requeued.received_at) == (DraftState.DRAFTING, None, TICKET.received_at)


def test_times_are_kept_in_utc_and_a_time_without_an_offset_is_the_shops() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    naive = TICKET.model_copy(update={"received_at": datetime(2026, 11, 20, 9, 12)})
    row = stored(in_zone(naive, tokyo))
    assert row.received_at == datetime(2026, 11, 20, 0, 12, tzinfo=UTC) and row.received_at.tzinfo == UTC
    offset = TICKET.model_copy(update={"received_at": datetime(2026, 11, 20, 9, 12, tzinfo=timezone(timedelta(hours=9)))})
    assert in_zone(offset, UTC) == offset


# --- cursors --------------------------------------------------------------------------


def test_a_cursor_comes_back_as_it_went_out_for_the_same_list_only() -> None:
    cursor = InboxCursor(sort=Sort.AGE, state=DraftState.BLOCKED, received_at=NOW, ticket_id="注文/1")
    text = encode_cursor(cursor)
    assert text.isascii() and "=" not in text
    assert decode_cursor(text, sort=Sort.AGE, state=DraftState.BLOCKED) == cursor
    with pytest.raises(InvalidInput, match="another sort or state"):
        decode_cursor(text, sort=Sort.NEWEST, state=DraftState.BLOCKED)
    with pytest.raises(InvalidInput, match="another sort or state"):
        decode_cursor(text, sort=Sort.AGE, state=None)


@pytest.mark.parametrize("text", ["", "%%%", "bm90IGpzb24", "e30", "ａｂｃ", "eyJzb3J0IjoiYWdlIn0"])
def test_anything_else_is_not_a_cursor(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a cursor this list gave"):
        decode_cursor(text, sort=Sort.AGE, state=None)


def test_a_cursor_with_a_time_without_offset_is_refused() -> None:
    naive = b'{"sort":"age","state":null,"received_at":"2026-11-20T00:00:00","ticket_id":"T-1"}'
    with pytest.raises(InvalidInput, match="not a cursor this list gave"):
        decode_cursor(base64.urlsafe_b64encode(naive).decode(), sort=Sort.AGE, state=None)


# --- the shop's response time -----------------------------------------------------------


def shop_data(**changes: object) -> dict:
    data = yaml.safe_load((PROJECT_ROOT / "knowledge" / "shop.yaml").read_text("utf-8"))
    return {**data, **changes}


def test_the_demo_shop_answers_fast_within_an_hour_and_late_after_three() -> None:
    assert ShopProfile.model_validate(shop_data()).response_time == ResponseTime(fast_within_minutes=60, limit_minutes=180)


def test_without_response_time_the_limit_is_response_target_hours() -> None:
    data = {key: value for key, value in shop_data(response_target_hours=2.5).items() if key != "response_time"}
    assert ShopProfile.model_validate(data).response_time == ResponseTime(fast_within_minutes=60, limit_minutes=150)
    only_fast = shop_data(response_target_hours=4, response_time={"fast_within_minutes": 30})
    assert ShopProfile.model_validate(only_fast).response_time == ResponseTime(fast_within_minutes=30, limit_minutes=240)


def test_a_fast_target_over_the_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="fast_within_minutes \\(200\\) is over limit_minutes \\(180\\)"):
        ShopProfile.model_validate(shop_data(response_time={"fast_within_minutes": 200, "limit_minutes": 180}))
