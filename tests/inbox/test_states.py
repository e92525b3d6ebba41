"""Every path a ticket reaches Draftdesk by, and every state its inbox row goes through,
on the real stores (SQLite on tmp_path and PostgreSQL): stored without drafting, drafted
through the API desk, edited to add and remove an error finding, approved, written
again; a helpdesk job accepted (drafting), done (its draft's state) or dead without a
draft (none, the job named) and retried. The desks are the kit's (the template
drafter, in-memory orders); the draft, inbox and job stores share one database."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_drafts import SqlDraftStore
from draftdesk.adapters.sql_inbox import InboxTicketRow, SqlInboxStore
from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.desk import DraftDesk
from draftdesk.domain import Agent, Sender, Ticket
from draftdesk.errors import HelpdeskRejected, InvalidInput, NotFound
from draftdesk.inbox.desk import InboxDesk
from draftdesk.inbox.model import DraftState, InboxItem, Response, Sort, state_of
from draftdesk.integrations.deliveries import Delivery
from draftdesk.jobs.backoff import RetryPolicy
from draftdesk.jobs.desk import JobDesk
from draftdesk.jobs.model import Job, JobState
from draftdesk.jobs.runner import JobRunner
from tests.jobs.support import Clock, QueueSpy, ScriptedNotes, make_job
from tests.jobs.support import ticket as job_ticket
from tests.support.desks import DEMO_CLOCK, intent_rules, make_desk, policy_passages, shop
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex

AGENT = Agent(name="佐藤")
TICKET = Ticket.model_validate(
    {
        "id": "T-1",
        "subject": "まだ届きません",
        "body": "11月15日に注文した煎茶（注文番号：HM-24-09001）がまだ届いていません。\nいつ届くのか教えていただけますか。",
        "from": Sender(email="taro@example.jp", name="山田 太郎").model_dump(),
        "received_at": "2026-11-20T10:30:00+09:00",
    }
)
CLOSING = "何卒よろしくお願い申し上げます。"


def hedged(body: str) -> str:
    """The reply with a hedged promise before its closing line (HS004, an error)."""
    return body.replace(CLOSING, f"たぶん明日には届くと思います。\n{CLOSING}")


@dataclass
class Kit:
    desk: DraftDesk
    tickets: InboxDesk
    jobs: SqlJobStore
    job_desk: JobDesk
    runner: JobRunner
    notes: ScriptedNotes
    inbox: SqlInboxStore

    def item(self, ticket_id: str = TICKET.id) -> InboxItem:
        return self.tickets.ticket(ticket_id).item

    def draft(self, ticket: Ticket = TICKET):  # noqa: ANN201
        draft, _ = asyncio.run(self.desk.create(ticket, agent=AGENT))
        return draft

    def accept(self, job: Job) -> Job:
        accepted, created = asyncio.run(self.job_desk.accept(Delivery(key=job.key, ticket=job.ticket, target=job.target)))
        assert created
        return accepted

    def run_job(self) -> JobState | None:
        (claimed,) = self.jobs.claim(worker="w1", now=datetime.now(UTC), lease_s=30)
        return asyncio.run(self.runner.run(claimed, worker="w1"))


@pytest.fixture
def kit(database: Database) -> Kit:
    drafts = SqlDraftStore(database)
    inbox = SqlInboxStore(database, clock=lambda: DEMO_CLOCK, zone=ZoneInfo("Asia/Tokyo"))
    jobs = SqlJobStore(database)
    orders = InMemoryOrders([make_order(shipment=SHIPPED)])
    desk = make_desk(orders=orders, policies=ListPolicyIndex(policy_passages()), drafts=drafts, inbox=inbox)
    tickets = InboxDesk(
        tickets=drafts, inbox=inbox, jobs=jobs, intent_rules=intent_rules(), orders=orders, shop=shop(),
        clock=lambda: DEMO_CLOCK,
    )  # fmt: skip
    queue, notes = QueueSpy(), ScriptedNotes()
    job_desk = JobDesk(jobs=jobs, inbox=inbox, queue=queue, clock=Clock(datetime.now(UTC)))
    runner = JobRunner(
        jobs=jobs, desk=desk, inbox=inbox, notes=notes, queue=queue, clock=lambda: datetime.now(UTC),
        retry=RetryPolicy(max_attempts=1, base_s=1.0, cap_s=1.0),
    )  # fmt: skip
    return Kit(desk, tickets, jobs, job_desk, runner, notes, inbox)


# --- the API's paths ------------------------------------------------------------------


def test_a_ticket_goes_from_stored_to_needs_review_blocked_and_back_to_approved(kit: Kit) -> None:
    stored = kit.tickets.store(TICKET)
    assert (stored.draft_state, stored.draft_id, stored.age_minutes, stored.response) == (DraftState.NONE, None, 90, Response.DUE)
    assert (stored.intent, stored.order_number, stored.language) == ("where_is_my_order", "HM-24-09001", "ja")

    draft = kit.draft()
    assert (kit.item().draft_state, kit.item().draft_id) == (DraftState.NEEDS_REVIEW, draft.id)
    edited = kit.desk.edit(draft.id, body=hedged(draft.body), subject=None, actor="佐藤")
    assert "HS004" in {f.rule for f in edited.findings} and kit.item().draft_state == DraftState.BLOCKED
    kit.desk.edit(draft.id, body=draft.body, subject=None, actor="佐藤")
    assert kit.item().draft_state == DraftState.NEEDS_REVIEW

    approved = kit.desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    item = kit.item()
    assert (item.draft_state, item.draft_id, item.age_minutes) == (DraftState.APPROVED, approved.id, 90)
    later = InboxDesk(**{**kit.tickets.__dict__, "clock": lambda: DEMO_CLOCK + timedelta(days=1)})
    assert later.ticket(TICKET.id).item.age_minutes == 90  # the wait ended at the approval


def test_a_blocked_draft_approved_with_an_override_is_approved(kit: Kit) -> None:
    draft = kit.draft()
    kit.desk.edit(draft.id, body=hedged(draft.body), subject=None, actor="佐藤")
    kit.desk.approve(draft.id, agent_name="佐藤", override_reason="確認済み：配送業者に電話で確認しました")
    assert kit.item().draft_state == DraftState.APPROVED


def test_a_ticket_drafted_at_once_needs_no_stored_ticket_first(kit: Kit) -> None:
    draft = kit.draft()
    item = kit.item()
    assert (item.draft_state, item.draft_id, item.received_at) == (DraftState.NEEDS_REVIEW, draft.id, TICKET.received_at)


def test_the_customer_writing_again_waits_for_a_new_draft(kit: Kit) -> None:
    first = kit.draft()
    kit.desk.approve(first.id, agent_name="佐藤", override_reason=None)
    again = TICKET.model_copy(update={"body": "追伸：至急ご連絡ください。", "received_at": DEMO_CLOCK - timedelta(minutes=5)})
    item = kit.tickets.store(again)
    assert (item.draft_state, item.draft_id, item.age_minutes, item.response) == (DraftState.NONE, None, 5, Response.FAST)
    assert kit.tickets.ticket(TICKET.id).ticket == again
    second = kit.draft(again)
    assert (kit.item().draft_state, kit.item().draft_id) == (DraftState.NEEDS_REVIEW, second.id)
    assert kit.tickets.store(again).draft_state == DraftState.NEEDS_REVIEW  # the same message again changes nothing


def test_editing_a_draft_a_newer_message_replaced_leaves_the_ticket_alone(kit: Kit) -> None:
    first = kit.draft()
    kit.tickets.store(TICKET.model_copy(update={"body": "追伸：至急ご連絡ください。"}))
    kit.desk.edit(first.id, body=hedged(first.body), subject=None, actor="佐藤")
    assert (kit.item().draft_state, kit.item().draft_id) == (DraftState.NONE, None)


def test_a_ticket_with_no_words_of_the_customer_is_refused_and_not_stored(kit: Kit) -> None:
    quoted_only = TICKET.model_copy(update={"id": "T-quoted", "body": "> 以前のメッセージ\n> まだ届きません"})
    with pytest.raises(InvalidInput, match="empty after removing quoted history"):
        kit.tickets.store(quoted_only)
    with pytest.raises(NotFound, match="no ticket with id T-quoted"):
        kit.tickets.ticket("T-quoted")


def test_the_ticket_page_shows_the_new_words_apart_from_the_quoted_history(kit: Kit) -> None:
    mail = TICKET.model_copy(
        update={"body": "まだ届きません。\n山田\n\n2026年11月18日 10:00 茶舗みどり屋 <support@midoriya.example.jp>:\n> ご注文ありがとうございます。\n> 発送いたしました。"}
    )
    kit.tickets.store(mail)
    view = kit.tickets.ticket(TICKET.id)
    assert view.message == "まだ届きません。\n山田"
    assert view.quoted.startswith("2026年11月18日 10:00 茶舗みどり屋") and view.quoted.endswith("> 発送いたしました。")


def test_a_card_number_in_the_subject_is_masked_in_the_inbox(kit: Kit, database: Database) -> None:
    kit.tickets.store(TICKET.model_copy(update={"subject": "カード 4111 1111 1111 1111 の請求について"}))
    assert kit.item().subject == "カード **** **** **** 1111 の請求について"
    with database.session() as session:
        assert "4111 1111 1111 1111" not in str(session.execute(select(InboxTicketRow.__table__)).all())


# --- a helpdesk's jobs --------------------------------------------------------------------


def test_a_webhook_job_drafts_then_needs_review(kit: Kit) -> None:
    job = kit.accept(make_job(7))
    item = kit.item(job.ticket.id)
    assert (item.draft_state, item.job_id, item.draft_id, item.age_minutes) == (DraftState.DRAFTING, job.id, None, 0)
    assert kit.tickets.ticket(job.ticket.id).ticket == job.ticket  # the job's, before any draft stores it

    assert kit.run_job() == JobState.DONE
    done = kit.jobs.get(job.id)
    assert done is not None and done.draft_id is not None
    draft = kit.desk.latest(done.draft_id)
    item = kit.item(job.ticket.id)
    assert (item.draft_state, item.draft_id, item.job_id) == (state_of(draft), done.draft_id, job.id)
    assert item.draft_state in (DraftState.NEEDS_REVIEW, DraftState.BLOCKED)


def test_a_dead_job_without_a_draft_leaves_the_ticket_waiting_with_the_job_named(kit: Kit) -> None:
    job = kit.accept(make_job(8, body="> 以前のメッセージ\n> まだ届きません"))  # no words of the customer's: not draftable
    assert kit.run_job() == JobState.DEAD
    item = kit.item(job.ticket.id)
    assert (item.draft_state, item.job_id, item.draft_id) == (DraftState.NONE, job.id, None)
    assert kit.tickets.ticket(job.ticket.id).message == "> 以前のメッセージ\n> まだ届きません"  # shown as it came

    asyncio.run(kit.job_desk.retry(job.id))
    assert kit.item(job.ticket.id).draft_state == DraftState.DRAFTING


def test_a_dead_job_that_made_its_draft_keeps_the_drafts_state(kit: Kit) -> None:
    kit.notes.script.append(HelpdeskRejected("Zendesk PUT answered 404", helpdesk="Zendesk", status=404))
    job = kit.accept(make_job(9))
    assert kit.run_job() == JobState.DEAD
    dead = kit.jobs.get(job.id)
    assert dead is not None and dead.draft_id is not None
    item = kit.item(job.ticket.id)
    assert (item.draft_id, item.job_id) == (dead.draft_id, job.id) and item.draft_state != DraftState.DRAFTING

    asyncio.run(kit.job_desk.retry(job.id))  # it only posts the note again: the draft stays the ticket's
    assert kit.item(job.ticket.id).draft_id == dead.draft_id


def test_a_customer_writing_again_through_the_helpdesk_is_drafting_again(kit: Kit) -> None:
    kit.accept(make_job(10))
    kit.run_job()
    later = make_job(10, body="追伸：至急ご連絡ください。")
    again = kit.accept(later.model_copy(update={"key": "zendesk:4810:9999"}))
    item = kit.item(again.ticket.id)
    assert (item.draft_state, item.draft_id, item.job_id) == (DraftState.DRAFTING, None, again.id)


# --- listing ---------------------------------------------------------------------------------


def seed(kit: Kit) -> dict[str, DraftState]:
    """Ten tickets a minute apart, T-0 the oldest (T-7 and T-8 at the same time), in every state."""
    states: dict[str, DraftState] = {}
    for n in range(9):
        ticket = TICKET.model_copy(update={"id": f"T-{n}", "received_at": DEMO_CLOCK - timedelta(minutes=100 - min(n, 7))})
        kit.tickets.store(ticket)
        if n % 4 == 1:
            kit.draft(ticket)
        elif n % 4 == 2:
            draft = kit.draft(ticket)
            kit.desk.edit(draft.id, body=hedged(draft.body), subject=None, actor="佐藤")
        elif n % 4 == 3:
            kit.desk.approve(kit.draft(ticket).id, agent_name="佐藤", override_reason=None)
        states[ticket.id] = kit.item(ticket.id).draft_state
    kit.accept(make_job(11).model_copy(update={"ticket": job_ticket("T-9").model_copy(update={"received_at": DEMO_CLOCK})}))
    states["T-9"] = DraftState.DRAFTING
    return states


def every_page(kit: Kit, **query: object) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = kit.tickets.page(cursor=cursor, **query)  # type: ignore[arg-type]
        pages.append([item.ticket_id for item in page.tickets])
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_pages_follow_the_order_and_the_filter_and_counts_cover_every_ticket(kit: Kit) -> None:
    states = seed(kit)
    newest_first = ["T-9", "T-8", "T-7", "T-6", "T-5", "T-4", "T-3", "T-2", "T-1", "T-0"]  # T-8, T-7: by id
    assert every_page(kit, state=None, sort=Sort.NEWEST, limit=3) == [newest_first[0:3], newest_first[3:6], newest_first[6:9], newest_first[9:]]
    assert every_page(kit, state=None, sort=Sort.AGE, limit=4) == [newest_first[::-1][0:4], newest_first[::-1][4:8], newest_first[::-1][8:]]
    for state in DraftState:
        wanted = [ticket_id for ticket_id in newest_first if states[ticket_id] == state]
        assert sum(every_page(kit, state=state, sort=Sort.NEWEST, limit=2), []) == wanted
    page = kit.tickets.page(state=DraftState.BLOCKED, sort=Sort.NEWEST, limit=50, cursor=None)
    assert page.counts.model_dump() == {state.value: list(states.values()).count(state) for state in DraftState}
    assert page.counts.model_dump() == {"none": 3, "drafting": 1, "needs_review": 2, "blocked": 2, "approved": 2}
    assert page.next_cursor is None and page.target.model_dump() == {"fast_minutes": 60, "limit_minutes": 180}


def test_a_cursor_from_another_list_or_a_limit_out_of_range_is_invalid_input(kit: Kit) -> None:
    seed(kit)
    cursor = kit.tickets.page(state=None, sort=Sort.NEWEST, limit=2, cursor=None).next_cursor
    with pytest.raises(InvalidInput, match="another sort or state"):
        kit.tickets.page(state=None, sort=Sort.AGE, limit=2, cursor=cursor)
    with pytest.raises(InvalidInput, match="between 1 and 200"):
        kit.tickets.page(state=None, sort=Sort.AGE, limit=201, cursor=None)


# --- the store itself -----------------------------------------------------------------------


def test_rows_missing_from_the_inbox_are_filled_in_at_start_up(kit: Kit, database: Database) -> None:
    """A database from before the inbox: tickets, drafts and waiting jobs, no rows."""
    kit.tickets.store(TICKET.model_copy(update={"id": "T-none"}))
    blocked = kit.draft(TICKET.model_copy(update={"id": "T-blocked"}))
    kit.desk.edit(blocked.id, body=hedged(blocked.body), subject=None, actor="佐藤")
    kit.desk.approve(kit.draft().id, agent_name="佐藤", override_reason=None)
    waiting = kit.accept(make_job(12))
    dead = kit.accept(make_job(13, body="> 以前のメッセージ"))
    (claimed,) = kit.jobs.claim(worker="w1", now=datetime.now(UTC), lease_s=30, job_id=dead.id)
    asyncio.run(kit.runner.run(claimed, worker="w1"))
    tickets = ("T-none", "T-blocked", "T-1", waiting.ticket.id, dead.ticket.id)

    def shown() -> list[tuple[object, ...]]:
        return [(i.ticket_id, i.draft_state, i.draft_id, i.job_id, i.subject, i.language) for i in map(kit.item, tickets)]

    before = shown()
    with database.session(writes=True) as session:
        session.execute(delete(InboxTicketRow))
    database.create_schema()
    assert shown() == before
    assert [kit.item(t).draft_state for t in tickets] == [
        DraftState.NONE, DraftState.BLOCKED, DraftState.APPROVED, DraftState.DRAFTING, DraftState.NONE,
    ]  # fmt: skip
    assert kit.item("T-blocked").received_at == TICKET.received_at and kit.item("T-blocked").intent is not None
    assert kit.item("T-none").intent is None  # intake's reading comes with the first draft
    assert kit.item(waiting.ticket.id).received_at == waiting.created_at  # when the job was accepted
    filled = [kit.item(t) for t in tickets]
    database.create_schema()  # and once every ticket has its row, nothing changes
    assert [kit.item(t) for t in tickets] == filled


def test_many_requests_adding_one_new_ticket_at_once_make_one_row(kit: Kit, database: Database) -> None:
    ticket = TICKET.model_copy(update={"id": "T-race"})
    start, failures = threading.Barrier(6), []

    def store() -> None:
        start.wait()
        try:
            kit.tickets.store(ticket)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=store) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with database.session() as session:
        assert session.scalars(select(InboxTicketRow.ticket_id).where(InboxTicketRow.ticket_id == "T-race")).all() == ["T-race"]
