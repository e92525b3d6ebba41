"""/v1/tickets: a ticket's waiting draft, for the helpdesk apps (Zendesk, Chatwoot)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from starlette.concurrency import run_in_threadpool

from draftdesk.api.deps import ApiKey, DeskDep, requires
from draftdesk.api.openapi import problem_responses
from draftdesk.domain import Draft
from draftdesk.roles import Permission

router = APIRouter(
    prefix="/v1/tickets",
    tags=["tickets"],
    dependencies=[ApiKey],
    responses=problem_responses(401, 403, 413, 422, 503),
)

# Any id the store keeps (see Ticket.id), a slash included (hence the `path` converter):
# a helpdesk's are `zendesk-{id}` and `chatwoot-{account}-{conversation}`.
TicketId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]

_NONE_WAITING = {
    **problem_responses(404)[404],
    "description": "No draft answers the ticket's latest message yet (none was drafted, or the customer wrote again)",
}


@router.get(
    "/{ticket_id:path}/draft",
    response_model=Draft,
    responses={404: _NONE_WAITING},
    dependencies=[requires(Permission.READ)],
)
async def draft_for_ticket(ticket_id: TicketId, desk: DeskDep) -> Draft:
    """The latest version of the newest draft answering the ticket's latest revision."""
    return await run_in_threadpool(desk.latest_for_ticket, ticket_id)
