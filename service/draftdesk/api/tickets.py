"""/v1/tickets: the inbox of every ticket that reached Draftdesk, one ticket, and a
ticket's waiting draft (for the helpdesk apps, Zendesk and Chatwoot)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, SettingsDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.api.schemas import Body, TicketIn, refuse_over_long_ticket
from draftdesk.domain import Draft
from draftdesk.roles import Permission
from draftdesk.inbox.desk import MAX_PAGE, InboxDesk
from draftdesk.inbox.model import DraftState, InboxItem, InboxPage, Sort, TicketView

router = APIRouter(
    prefix="/v1/tickets",
    tags=["tickets"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 413, 422, 503),
)

# Any id the store keeps (see Ticket.id), a slash included (hence the `path` converter):
# a helpdesk's are `zendesk-{id}` and `chatwoot-{account}-{conversation}`.
TicketId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


async def get_inbox_desk(request: Request) -> InboxDesk:
    return request.app.state.services.tickets


InboxDeskDep = Annotated[InboxDesk, Depends(get_inbox_desk)]


class StoreTicket(Body):
    ticket: TicketIn


_BAD_QUERY = {
    **problem_responses(422)[422],
    "description": "A state, sort or limit this list does not have, or a cursor it did not give",
}


@router.get("", response_model=InboxPage, responses={422: _BAD_QUERY}, dependencies=[requires(Permission.READ)])
async def list_tickets(
    tickets: InboxDeskDep,
    state: Annotated[DraftState | None, Query(description="Only tickets in this state")] = None,
    sort: Annotated[Sort, Query(description="`newest`: latest message first; `age`: waited longest first")] = Sort.NEWEST,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    cursor: Annotated[str | None, Query(max_length=1_000, description="`next_cursor` of the page before")] = None,
) -> InboxPage:
    """A page of the inbox, with the counts by state over all tickets and the shop's response time."""
    return await run_in_threadpool(tickets.page, state=state, sort=sort, limit=limit, cursor=cursor)


_STORED = {
    "description": "The ticket's inbox entry (a new message waits for a draft: `none`)",
    "headers": {"Location": {"description": "/v1/tickets/{ticket_id}", "schema": {"type": "string"}}},
}


@router.post(
    "", status_code=201, response_model=InboxItem, responses={201: _STORED}, dependencies=[requires(Permission.DRAFT)]
)
async def store_ticket(body: StoreTicket, tickets: InboxDeskDep, settings: SettingsDep, response: Response) -> InboxItem:
    """Keep a ticket without drafting it; the same id with other content is its next revision."""
    refuse_over_long_ticket(body.ticket, max_body_chars=settings.max_body_chars)
    item = await run_in_threadpool(tickets.store, body.ticket)
    response.headers["Location"] = f"/v1/tickets/{quote(item.ticket_id, safe='')}"
    return item


_NONE_WAITING = {
    **problem_responses(404)[404],
    "description": "No draft answers the ticket's latest message yet (none was drafted, or the customer wrote again)",
}


# Before the route for the ticket itself, which would take `…/draft` as part of the id.
@router.get(
    "/{ticket_id:path}/draft",
    response_model=Draft,
    responses={404: _NONE_WAITING},
    dependencies=[requires(Permission.READ)],
)
async def draft_for_ticket(ticket_id: TicketId, desk: DeskDep) -> Draft:
    """The latest version of the newest draft answering the ticket's latest revision."""
    return await run_in_threadpool(desk.latest_for_ticket, ticket_id)


@router.get(
    "/{ticket_id:path}",
    response_model=TicketView,
    responses={404: {**problem_responses(404)[404], "description": "No such ticket"}},
    dependencies=[requires(Permission.READ)],
)
async def get_ticket(ticket_id: TicketId, tickets: InboxDeskDep) -> TicketView:
    """The ticket as the customer wrote it last: their new words, the quoted history apart, and its inbox entry."""
    return await run_in_threadpool(tickets.ticket, ticket_id)
