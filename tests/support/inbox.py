"""An in-memory InboxStore (a hand-written fake) over the same transitions as the SQL
store: tickets masked before a transition sees them, rows sorted in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo
from functools import partial

from draftdesk.adapters.masking import masked_ticket
from draftdesk.domain import Draft, Ticket
from draftdesk.inbox.model import (
    DraftState,
    InboxCursor,
    InboxRow,
    Sort,
    Triage,
    after_draft_created,
    after_draft_saved,
    after_job_ended,
    after_job_queued,
    after_ticket_stored,
    in_zone,
)
from draftdesk.jobs.model import Job

Change = Callable[[InboxRow | None], InboxRow | None]


class InMemoryInbox:
    def __init__(self, *, clock: Callable[[], datetime], zone: tzinfo = ZoneInfo("Asia/Tokyo")) -> None:
        self.rows: dict[str, InboxRow] = {}
        self._clock = clock
        self._zone = zone

    def _kept(self, ticket: Ticket) -> Ticket:
        return in_zone(masked_ticket(ticket), self._zone)

    def ticket_stored(self, ticket: Ticket, *, triage: Triage) -> InboxRow:
        self._change(ticket.id, partial(after_ticket_stored, ticket=self._kept(ticket), triage=triage, now=self._clock()))
        return self.rows[ticket.id]

    def jobs_queued(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            ticket = self._kept(job.ticket)
            self._change(ticket.id, partial(after_job_queued, job_id=job.id, ticket=ticket, now=self._clock()))

    def job_ended(self, job: Job, *, draft: Draft | None) -> None:
        self._change(job.ticket.id, partial(after_job_ended, job_id=job.id, draft=draft))

    def draft_created(self, draft: Draft, *, ticket: Ticket) -> None:
        self._change(ticket.id, partial(after_draft_created, draft=draft, ticket=self._kept(ticket), now=self._clock()))

    def draft_saved(self, draft: Draft) -> None:
        self._change(draft.ticket_id, partial(after_draft_saved, draft=draft))

    def row(self, ticket_id: str) -> InboxRow | None:
        return self.rows.get(ticket_id)

    def page(self, *, state: DraftState | None, sort: Sort, limit: int, after: InboxCursor | None) -> list[InboxRow]:
        def place(row: InboxRow) -> tuple[datetime, str]:
            return row.received_at, row.ticket_id

        rows = [row for row in self.rows.values() if state is None or row.draft_state == state]
        if after is not None:
            mark = (after.received_at, after.ticket_id)
            rows = [row for row in rows if (place(row) < mark if sort == Sort.NEWEST else place(row) > mark)]
        return sorted(rows, key=place, reverse=sort == Sort.NEWEST)[:limit]

    def counts(self) -> dict[DraftState, int]:
        return {state: sum(row.draft_state == state for row in self.rows.values()) for state in DraftState}

    def _change(self, ticket_id: str, change: Change) -> None:
        changed = change(self.rows.get(ticket_id))
        if changed is not None:
            self.rows[ticket_id] = changed
