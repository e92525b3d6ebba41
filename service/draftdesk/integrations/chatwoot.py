"""Chatwoot webhooks: the `message_created` event, and what a delivery becomes.

The payload is Chatwoot's `Message#webhook_data` with `event` merged in (see
tests/contracts/chatwoot_message_created.schema.json for the fields and where they come
from). Every message fires it, our own private notes and the agents' replies too, so
only incoming, non-private messages with text become drafts.

De-duplication: Chatwoot sends `X-Chatwoot-Delivery`, an id its retries of one delivery
share; it says the header is there "when a delivery id is available", so without it the
message's own id (unique within the account) is the key.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from draftdesk.domain import Sender, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.integrations.deliveries import (
    ChatwootConversationRef,
    Delivery,
    Ignored,
    load_json,
    validate_payload,
)

CHATWOOT_DELIVERY = "X-Chatwoot-Delivery"
MESSAGE_CREATED = "message_created"


class _Payload(BaseModel):
    # Chatwoot sends far more than we read (content_attributes, conversation meta …).
    model_config = ConfigDict(frozen=True, extra="ignore")


class ChatwootAccount(_Payload):
    id: int = Field(gt=0)


class ChatwootConversation(_Payload):
    id: int = Field(gt=0)  # the display id: the number in the conversation's URL and API path


class ChatwootInbox(_Payload):
    id: int
    name: str | None = None


class ChatwootSender(_Payload):
    id: int | None = None
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    type: str | None = None  # "contact" for customers, "user" for agents (absent on some versions)


class ChatwootMessageCreated(_Payload):
    event: str
    id: int = Field(gt=0)
    content: str | None = None
    message_type: str  # incoming, outgoing, activity, template
    private: bool = False
    created_at: datetime | None = None
    conversation: ChatwootConversation
    account: ChatwootAccount
    sender: ChatwootSender | None = None
    inbox: ChatwootInbox | None = None


def read_chatwoot_delivery(body: bytes, *, delivery_id: str | None) -> Delivery | Ignored:
    """A verified delivery's raw body and its `X-Chatwoot-Delivery` header → the ticket to
    draft, or why there is none. `InvalidInput` when a `message_created` body lacks what
    we need."""
    data = load_json(body, helpdesk="Chatwoot")
    event = data.get("event") if isinstance(data, dict) else None
    if event != MESSAGE_CREATED:
        return Ignored(reason=f"event {str(event)[:50]!r} is not drafted")
    message = validate_payload(ChatwootMessageCreated, data, helpdesk="Chatwoot")
    return delivery_from_chatwoot(message, delivery_id=_delivery_id(delivery_id))


def delivery_from_chatwoot(message: ChatwootMessageCreated, *, delivery_id: str | None) -> Delivery | Ignored:
    if message.message_type != "incoming":
        return Ignored(reason=f"{message.message_type[:50]} message: only customers' messages are drafted")
    if message.private:
        return Ignored(reason="private note")
    if not (message.content or "").strip():
        return Ignored(reason="the message has no text")
    account, conversation = message.account.id, message.conversation.id
    sender = message.sender or ChatwootSender()
    ticket = Ticket(
        id=f"chatwoot-{account}-{conversation}",
        channel="chatwoot",
        body=message.content or "",
        sender=Sender(email=sender.email or None, name=sender.name or None),
        received_at=message.created_at,
    )
    key = f"chatwoot:delivery:{delivery_id}" if delivery_id else f"chatwoot:{account}:message:{message.id}"
    return Delivery(
        key=key,
        ticket=ticket,
        target=ChatwootConversationRef(account_id=account, conversation_id=conversation),
    )


def _delivery_id(value: str | None) -> str | None:
    value = (value or "").strip()
    if len(value) > 200 or not value.isprintable():
        raise InvalidInput(f"Chatwoot webhook: {CHATWOOT_DELIVERY} is not a delivery id")
    return value or None
