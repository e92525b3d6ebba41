"""Zendesk webhooks: the trigger's JSON body we document, and what a delivery becomes.

Zendesk sends what the trigger's "Notify webhook" action says, placeholders filled in,
so the body is ours to define. `TRIGGER_BODY` is that body; the README shows it with
the trigger's conditions (a public comment by the end user only, so that our own
private notes never start a draft).

De-duplication: Zendesk also sends `x-zendesk-webhook-invocation-id`, which its retries
of one invocation share; but a second trigger or a re-run makes a new invocation for the
same comment. The ticket and the comment's id name the event itself, so they are the key.
`{{ticket.latest_public_comment.id}}` is not in Zendesk's placeholder table; it is the
comment object's `id` property, and an unknown placeholder would be sent as "" — which
the model refuses, rather than letting every comment of a ticket share one key.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from draftdesk.domain import Sender, Ticket
from draftdesk.integrations.deliveries import (
    Delivery,
    Ignored,
    ZendeskTicketRef,
    language_from_locale,
    load_json,
    validate_payload,
)

TRIGGER_BODY = """\
{
  "ticket_id": "{{ticket.id}}",
  "subject": "{{ticket.title}}",
  "comment_id": "{{ticket.latest_public_comment.id}}",
  "comment": "{{ticket.latest_public_comment}}",
  "requester": {
    "email": "{{ticket.requester.email}}",
    "name": "{{ticket.requester.name}}",
    "locale": "{{ticket.requester.language}}"
  }
}
"""


class _Payload(BaseModel):
    # Placeholders are filled in as strings ("42"); ids parse from them. Fields a shop adds
    # to the body are ignored.
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


class ZendeskRequester(_Payload):
    email: str = Field(default="", max_length=320)
    name: str = Field(default="", max_length=200)
    locale: str = Field(default="", max_length=100)  # a locale code or a language's name


class ZendeskTrigger(_Payload):
    ticket_id: int = Field(gt=0)
    subject: str = Field(default="", max_length=1_000)
    comment_id: int = Field(gt=0)
    comment: str = ""  # the latest public comment, as plain text
    requester: ZendeskRequester = Field(default_factory=ZendeskRequester)


def read_zendesk_delivery(body: bytes) -> Delivery | Ignored:
    """A verified delivery's raw body → the ticket to draft, or why there is none.
    `InvalidInput` when the body is not the trigger's."""
    payload = validate_payload(ZendeskTrigger, load_json(body, helpdesk="Zendesk"), helpdesk="Zendesk")
    return delivery_from_zendesk(payload)


def delivery_from_zendesk(payload: ZendeskTrigger) -> Delivery | Ignored:
    if not payload.comment:
        return Ignored(reason="the latest public comment is empty")
    requester = payload.requester
    ticket = Ticket(
        id=f"zendesk-{payload.ticket_id}",
        channel="zendesk",
        subject=payload.subject,
        body=payload.comment,
        sender=Sender(email=requester.email or None, name=requester.name or None),
        language=language_from_locale(requester.locale),
    )
    return Delivery(
        key=f"zendesk:{payload.ticket_id}:{payload.comment_id}",
        ticket=ticket,
        target=ZendeskTicketRef(ticket_id=payload.ticket_id),
    )
