"""Webhook payload → the ticket to draft and where its note goes, or why not: tables over
the fixtures (which the contract tests hold to the helpdesks' shapes) and variations."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from draftdesk.domain import Sender, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.integrations.chatwoot import read_chatwoot_delivery
from draftdesk.integrations.deliveries import (
    ChatwootConversationRef,
    Delivery,
    Ignored,
    ZendeskTicketRef,
    language_from_locale,
)
from draftdesk.integrations.zendesk import read_zendesk_delivery

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "helpdesk"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def changed(name: str, **changes: Any) -> dict[str, Any]:
    return fixture(name) | changes


# --- Zendesk -------------------------------------------------------------------------


def test_zendesk_japanese_trigger_becomes_a_ticket_and_a_target() -> None:
    payload = fixture("zendesk/trigger_ja.json")
    delivery = read_zendesk_delivery(body(payload))
    assert delivery == Delivery(
        key="zendesk:4812:54509304133531",
        ticket=Ticket(
            id="zendesk-4812",
            channel="zendesk",
            subject="まだ届きません",
            body=payload["comment"],
            sender=Sender(email="taro.yamada@example.jp", name="山田 太郎"),
            language="ja",
        ),
        target=ZendeskTicketRef(ticket_id=4812),
    )


def test_zendesk_english_trigger() -> None:
    delivery = read_zendesk_delivery(body(fixture("zendesk/trigger_en.json")))
    assert isinstance(delivery, Delivery)
    assert (delivery.ticket.id, delivery.ticket.language, delivery.ticket.sender.name) == ("zendesk-4813", "en", "Emily Carter")
    assert delivery.key == "zendesk:4813:54509363035291"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"comment": ""}, Ignored(reason="the latest public comment is empty")),
        ({"comment": "  \n "}, Ignored(reason="the latest public comment is empty")),
    ],
    ids=["empty comment", "blank comment"],
)
def test_zendesk_ignored(changes: dict[str, Any], expected: Ignored) -> None:
    assert read_zendesk_delivery(body(changed("zendesk/trigger_ja.json", **changes))) == expected


def test_zendesk_empty_comment_fixture_is_ignored() -> None:
    assert isinstance(read_zendesk_delivery(body(fixture("zendesk/trigger_empty_comment.json"))), Ignored)


def test_zendesk_same_comment_same_key_next_comment_new_key() -> None:
    first = read_zendesk_delivery(body(fixture("zendesk/trigger_ja.json")))
    again = read_zendesk_delivery(body(fixture("zendesk/trigger_ja.json")))
    follow_up = read_zendesk_delivery(body(changed("zendesk/trigger_ja.json", comment_id="54509304133999", comment="まだですか")))
    assert isinstance(first, Delivery) and isinstance(again, Delivery) and isinstance(follow_up, Delivery)
    assert first.key == again.key != follow_up.key
    assert first.ticket.id == follow_up.ticket.id  # a new revision of the same ticket


@pytest.mark.parametrize(
    ("requester", "sender", "language"),
    [
        ({"email": "", "name": "", "locale": ""}, Sender(), None),
        ({"email": "a@example.com", "name": " Ann ", "locale": "en-US"}, Sender(email="a@example.com", name="Ann"), "en"),
        ({"email": "a@example.jp", "name": "花子", "locale": "Japanese"}, Sender(email="a@example.jp", name="花子"), "ja"),
        ({"email": "a@example.de", "name": "Jan", "locale": "Deutsch"}, Sender(email="a@example.de", name="Jan"), None),
    ],
    ids=["nothing known", "en-US", "Japanese", "another language: detected later"],
)
def test_zendesk_requester(requester: dict[str, str], sender: Sender, language: str | None) -> None:
    delivery = read_zendesk_delivery(body(changed("zendesk/trigger_ja.json", requester=requester)))
    assert isinstance(delivery, Delivery)
    assert (delivery.ticket.sender, delivery.ticket.language) == (sender, language)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        (changed("zendesk/trigger_ja.json", comment_id=""), "comment_id"),  # an unresolved placeholder renders as ""
        (changed("zendesk/trigger_ja.json", ticket_id="{{ticket.id}}"), "ticket_id"),
        (changed("zendesk/trigger_ja.json", ticket_id="0"), "ticket_id"),
        ({k: v for k, v in fixture("zendesk/trigger_ja.json").items() if k != "ticket_id"}, "ticket_id"),
        (changed("zendesk/trigger_ja.json", subject="件" * 1001), "subject"),
        (changed("zendesk/trigger_ja.json", requester={"email": "x" * 400}), "requester.email"),
        ([1, 2], "(root)"),
    ],
    ids=["empty comment id", "placeholder left in", "ticket 0", "no ticket id", "long subject", "long e-mail", "not an object"],
)
def test_zendesk_invalid_payload_names_the_field_not_the_value(payload: object, named: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        read_zendesk_delivery(body(payload))
    assert named in invalid.value.detail
    assert "山田" not in invalid.value.detail and "件件" not in invalid.value.detail and "xxx" not in invalid.value.detail


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe{}", b"[" * 100_000], ids=["empty", "truncated", "not utf-8", "deep"])
def test_zendesk_body_that_is_not_json(raw: bytes) -> None:
    with pytest.raises(InvalidInput, match="Zendesk webhook: the body"):
        read_zendesk_delivery(raw)


# --- Chatwoot ------------------------------------------------------------------------


def test_chatwoot_incoming_message_becomes_a_ticket_and_a_target() -> None:
    payload = fixture("chatwoot/message_created_incoming_ja.json")
    delivery = read_chatwoot_delivery(body(payload), delivery_id="5f0c2c8e-6a61-4a3c-9a4a-0d7f3c1e2b11")
    assert delivery == Delivery(
        key="chatwoot:delivery:5f0c2c8e-6a61-4a3c-9a4a-0d7f3c1e2b11",
        ticket=Ticket(
            id="chatwoot-7-21",
            channel="chatwoot",
            body=payload["content"],
            sender=Sender(email="taro.yamada@example.jp", name="山田 太郎"),
            received_at=datetime(2026, 11, 20, 0, 12, tzinfo=UTC),
        ),
        target=ChatwootConversationRef(account_id=7, conversation_id=21),
    )
    assert delivery.ticket.language is None  # no locale in the event: intake detects it from the text


def test_chatwoot_without_a_delivery_header_the_message_id_is_the_key() -> None:
    for header in (None, "", "  "):
        delivery = read_chatwoot_delivery(body(fixture("chatwoot/message_created_incoming_en.json")), delivery_id=header)
        assert isinstance(delivery, Delivery)
        assert delivery.key == "chatwoot:7:message:90312"


def test_chatwoot_same_delivery_same_key() -> None:
    raw = body(fixture("chatwoot/message_created_incoming_ja.json"))
    keys = {read_chatwoot_delivery(raw, delivery_id="d-1").key for _ in range(3)}  # type: ignore[union-attr]
    assert keys == {"chatwoot:delivery:d-1"}


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (fixture("chatwoot/message_created_outgoing_reply.json"), "outgoing message: only customers' messages are drafted"),
        (fixture("chatwoot/message_created_private_note.json"), "outgoing message: only customers' messages are drafted"),
        (fixture("chatwoot/message_created_activity.json"), "activity message: only customers' messages are drafted"),
        (changed("chatwoot/message_created_incoming_ja.json", private=True), "private note"),
        (changed("chatwoot/message_created_incoming_ja.json", content=None), "the message has no text"),
        (changed("chatwoot/message_created_incoming_ja.json", content=" \n"), "the message has no text"),
        (changed("chatwoot/message_created_incoming_ja.json", event="message_updated"), "event 'message_updated' is not drafted"),
        ({"event": "conversation_created", "id": 21}, "event 'conversation_created' is not drafted"),
        ({"id": 21}, "event 'None' is not drafted"),
        ([], "event 'None' is not drafted"),
    ],
    ids=["agent reply", "our own private note", "activity", "private incoming", "no content", "blank content",
         "message_updated", "conversation_created", "no event", "not an object"],
)
def test_chatwoot_ignored(payload: object, reason: str) -> None:
    assert read_chatwoot_delivery(body(payload), delivery_id="d-1") == Ignored(reason=reason)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({k: v for k, v in fixture("chatwoot/message_created_incoming_ja.json").items() if k != "conversation"}, "conversation"),
        (changed("chatwoot/message_created_incoming_ja.json", account={"name": "x"}), "account.id"),
        (changed("chatwoot/message_created_incoming_ja.json", message_type=0), "message_type"),
        (changed("chatwoot/message_created_incoming_ja.json", sender={"id": 1, "name": "山" * 201}), "sender.name"),
    ],
    ids=["no conversation", "no account id", "message type as a number", "long sender name"],
)
def test_chatwoot_invalid_message_created_names_the_field_not_the_value(payload: object, named: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        read_chatwoot_delivery(body(payload), delivery_id=None)
    assert named in invalid.value.detail and "山山" not in invalid.value.detail


@pytest.mark.parametrize("header", ["x" * 201, "d-\n1", "d\x00"], ids=["long", "newline", "nul"])
def test_chatwoot_odd_delivery_header_is_refused(header: str) -> None:
    with pytest.raises(InvalidInput, match="X-Chatwoot-Delivery is not a delivery id"):
        read_chatwoot_delivery(body(fixture("chatwoot/message_created_incoming_ja.json")), delivery_id=header)


def test_delivery_round_trips_through_json_for_a_job_store() -> None:
    for delivery in (
        read_zendesk_delivery(body(fixture("zendesk/trigger_ja.json"))),
        read_chatwoot_delivery(body(fixture("chatwoot/message_created_incoming_ja.json")), delivery_id="d-1"),
    ):
        assert isinstance(delivery, Delivery)
        assert Delivery.model_validate_json(delivery.model_dump_json(by_alias=True)) == delivery


# --- language from a locale ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language"),
    [("ja", "ja"), ("ja-JP", "ja"), ("ja_jp", "ja"), ("日本語", "ja"), ("Japanese", "ja"), ("JAPANESE", "ja"),
     ("en", "en"), ("en-US", "en"), ("en_GB", "en"), ("English", "en"), ("English (United States)", "en"), ("英語", "en"),
     ("", None), ("  ", None), ("de", None), ("Deutsch", None), ("jam", None), ("eng-x", None)],
)
def test_language_from_locale(value: str, language: str | None) -> None:
    assert language_from_locale(value) == language
