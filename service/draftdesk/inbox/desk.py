"""What `/v1/tickets` and `draftdesk tickets` do: store a ticket without drafting it, list
the inbox a page at a time, show one ticket. Routers and commands call this; they own
no logic of their own. Drafting, editing and approving keep the inbox up to date in
`DraftDesk`; the helpdesk jobs in `JobDesk` and `JobRunner`."""

from __future__ import annotations

from dataclasses import dataclass

from draftdesk.domain import ShopProfile, Ticket
from draftdesk.errors import InvalidInput, NotFound
from draftdesk.inbox.model import (
    DraftState,
    InboxCursor,
    InboxItem,
    InboxPage,
    InboxRow,
    ResponseTarget,
    Sort,
    StateCounts,
    TicketView,
    Triage,
    decode_cursor,
    encode_cursor,
    inbox_item,
)
from draftdesk.pipeline.intake import IntentRules
from draftdesk.pipeline.reply import read_ticket
from draftdesk.ports import Clock, DraftStore, InboxStore, JobStore, OrderSource
from draftdesk.text.mail_text import read_mail

MAX_PAGE = 200


@dataclass(frozen=True, kw_only=True)
class InboxDesk:
    tickets: DraftStore  # keeps the ticket revisions
    inbox: InboxStore
    jobs: JobStore  # a helpdesk job's ticket, until its draft stores it
    intent_rules: IntentRules
    orders: OrderSource  # the order's state tells what a short ticket asks
    shop: ShopProfile
    clock: Clock

    def store(self, ticket: Ticket) -> InboxItem:
        """Keep `ticket` (a new revision when its content is new) and show it in the
        inbox: a new message waits for a draft (`none`)."""
        triage = self.triage(ticket)
        self.tickets.save_ticket(ticket)
        return self._item(self.inbox.ticket_stored(ticket, triage=triage))

    def triage(self, ticket: Ticket) -> Triage:
        """Language, intent and order number, as drafting reads them (InvalidInput for a
        mail with no words of the customer's, as drafting would refuse it)."""
        read, context = read_ticket(
            ticket, rules=self.intent_rules, shop=self.shop, orders=self.orders, now=self.clock()
        )
        order_number = context.order.number if context.order else None
        return Triage(
            language=read.language,
            intent=read.intent,
            order_number=order_number or (read.order_numbers[0] if read.order_numbers else None),
        )

    def page(self, *, state: DraftState | None, sort: Sort, limit: int, cursor: str | None) -> InboxPage:
        """Up to `limit` tickets in `state` (None: every state) in `sort` order, after
        the page `cursor` ended; the counts are over the whole inbox."""
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit: between 1 and {MAX_PAGE}, not {limit}")
        after = decode_cursor(cursor, sort=sort, state=state) if cursor else None
        rows = self.inbox.page(state=state, sort=sort, limit=limit + 1, after=after)
        shown = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            last = shown[-1]
            next_cursor = encode_cursor(
                InboxCursor(sort=sort, state=state, received_at=last.received_at, ticket_id=last.ticket_id)
            )
        now = self.clock()
        return InboxPage(
            tickets=[inbox_item(row, now=now, target=self.shop.response_time) for row in shown],
            counts=StateCounts(**{state.value: n for state, n in self.inbox.counts().items()}),
            next_cursor=next_cursor,
            target=ResponseTarget.of(self.shop.response_time),
        )

    def ticket(self, ticket_id: str) -> TicketView:
        row = self.inbox.row(ticket_id)
        if row is None:
            raise NotFound(f"no ticket with id {ticket_id}")
        ticket = self._latest_message(row)
        try:
            mail = read_mail(ticket.body)
        except InvalidInput:  # stored from a helpdesk as it came: shown as it is
            return TicketView(ticket=ticket, message=ticket.body, quoted="", item=self._item(row))
        return TicketView(ticket=ticket, message=mail.own.strip(), quoted=mail.quoted, item=self._item(row))

    def _latest_message(self, row: InboxRow) -> Ticket:
        """The ticket as the customer wrote it last: a helpdesk job's, while the job has
        made no draft (drafting stores the ticket), else the latest revision."""
        if row.job_id is not None and row.draft_id is None:
            job = self.jobs.get(row.job_id)
            if job is not None:
                return job.ticket
        ticket = self.tickets.ticket(row.ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket with id {row.ticket_id}")
        return ticket

    def _item(self, row: InboxRow) -> InboxItem:
        return inbox_item(row, now=self.clock(), target=self.shop.response_time)
