"""Signed helpdesk webhook deliveries, as Zendesk and Chatwoot send them: for the tests
and the webhook burst benchmark. Signed with `draftdesk.integrations.signatures`, whose
own tests check it against independently computed values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from draftdesk.integrations.signatures import (
    CHATWOOT_SIGNATURE,
    CHATWOOT_TIMESTAMP,
    ZENDESK_SIGNATURE,
    ZENDESK_TIMESTAMP,
    sign_chatwoot,
    sign_zendesk,
)

ZENDESK_PATH = "/v1/integrations/zendesk/webhook"
CHATWOOT_PATH = "/v1/integrations/chatwoot/webhook"


@dataclass(frozen=True)
class SignedDelivery:
    path: str
    body: bytes
    headers: dict[str, str]


def zendesk_payload(
    *, ticket_id: int, comment_id: int, comment: str, subject: str = "", email: str = "", name: str = "", locale: str = ""
) -> dict[str, object]:
    """The body our documented trigger sends (`integrations.zendesk.TRIGGER_BODY`): every value a string."""
    return {
        "ticket_id": str(ticket_id),
        "subject": subject,
        "comment_id": str(comment_id),
        "comment": comment,
        "requester": {"email": email, "name": name, "locale": locale},
    }


def chatwoot_payload(
    *,
    account_id: int,
    conversation_id: int,
    message_id: int,
    content: str,
    email: str | None = None,
    name: str | None = None,
    message_type: str = "incoming",
    private: bool = False,
) -> dict[str, object]:
    """A `message_created` delivery, with the fields Chatwoot sends that we read."""
    return {
        "event": "message_created",
        "id": message_id,
        "content": content,
        "message_type": message_type,
        "private": private,
        "created_at": "2026-11-20T00:00:00.000Z",
        "conversation": {"id": conversation_id},
        "account": {"id": account_id, "name": "Hanamachi Tea"},
        "sender": {"id": 1000 + message_id, "name": name, "email": email, "type": "contact"},
        "inbox": {"id": 3, "name": "Website"},
    }


def signed_zendesk(payload: object, *, secret: str, signed_at: datetime | None = None) -> SignedDelivery:
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = (signed_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {
        "Content-Type": "application/json",
        ZENDESK_TIMESTAMP: timestamp,
        ZENDESK_SIGNATURE: sign_zendesk(body, secret=secret, timestamp=timestamp),
    }
    return SignedDelivery(ZENDESK_PATH, body, headers)


def signed_chatwoot(
    payload: object, *, secret: str, delivery_id: str | None = None, signed_at: datetime | None = None
) -> SignedDelivery:
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int((signed_at or datetime.now(UTC)).timestamp()))
    headers = {
        "Content-Type": "application/json",
        CHATWOOT_TIMESTAMP: timestamp,
        CHATWOOT_SIGNATURE: sign_chatwoot(body, secret=secret, timestamp=timestamp),
    }
    if delivery_id is not None:
        headers["X-Chatwoot-Delivery"] = delivery_id
    return SignedDelivery(CHATWOOT_PATH, body, headers)
