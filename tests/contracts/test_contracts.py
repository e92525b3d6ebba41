"""Our contract schemas: well-formed, naming their source, and every fixture and every
request our clients build conforms (the fake helpdesk checks the requests on the wire)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from draftdesk.integrations.zendesk import TRIGGER_BODY
from tests.contracts.schemas import (
    CHATWOOT_MESSAGE_CREATED,
    CHATWOOT_NOTE_REQUEST,
    SCHEMA_NAMES,
    ZENDESK_NOTE_REQUEST,
    ZENDESK_TRIGGER,
    load_schema,
    violations,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "helpdesk"

FIXTURE_SCHEMAS = {
    "zendesk/trigger_ja.json": ZENDESK_TRIGGER,
    "zendesk/trigger_en.json": ZENDESK_TRIGGER,
    "zendesk/trigger_empty_comment.json": ZENDESK_TRIGGER,
    "zendesk/update_ticket_note.request.json": ZENDESK_NOTE_REQUEST,
    "chatwoot/message_created_incoming_ja.json": CHATWOOT_MESSAGE_CREATED,
    "chatwoot/message_created_incoming_en.json": CHATWOOT_MESSAGE_CREATED,
    "chatwoot/message_created_outgoing_reply.json": CHATWOOT_MESSAGE_CREATED,
    "chatwoot/message_created_private_note.json": CHATWOOT_MESSAGE_CREATED,
    "chatwoot/message_created_activity.json": CHATWOOT_MESSAGE_CREATED,
    "chatwoot/create_message_note.request.json": CHATWOOT_NOTE_REQUEST,
}


def fixture(name: str) -> object:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_json_schema(name: str) -> None:
    Draft202012Validator.check_schema(load_schema(name))


@pytest.mark.parametrize("name", [CHATWOOT_NOTE_REQUEST, CHATWOOT_MESSAGE_CREATED])
def test_chatwoot_schemas_name_their_source_files_and_commits(name: str) -> None:
    source = load_schema(name)["x-source"]
    assert isinstance(source, dict) and source["repository"] == "chatwoot/chatwoot"
    files = source.get("files") or [{"path": source["path"], "commit": source["commit"]}]
    assert files
    for entry in files:
        assert entry["path"] and re.fullmatch(r"[0-9a-f]{40}", entry["commit"])


@pytest.mark.parametrize("name", [ZENDESK_NOTE_REQUEST, ZENDESK_TRIGGER])
def test_zendesk_schemas_say_they_come_from_the_documentation_only(name: str) -> None:
    schema = load_schema(name)
    assert "NOT validated against a live Zendesk instance" in str(schema["description"])
    source = schema["x-source"]
    assert isinstance(source, dict) and source["validated_against_live_instance"] is False
    assert all(url.startswith("https://") for url in source["documentation"])


def test_every_fixture_has_a_schema() -> None:
    on_disk = {str(path.relative_to(FIXTURES)) for path in FIXTURES.rglob("*.json")}
    assert on_disk == set(FIXTURE_SCHEMAS)


@pytest.mark.parametrize(("name", "schema"), FIXTURE_SCHEMAS.items())
def test_fixture_conforms(name: str, schema: str) -> None:
    assert violations(schema, fixture(name)) == []


def test_the_trigger_body_we_document_has_exactly_the_schema_s_fields() -> None:
    template = json.loads(TRIGGER_BODY)
    schema = load_schema(ZENDESK_TRIGGER)
    assert set(template) == set(schema["properties"]) == set(schema["required"])
    requester = schema["properties"]["requester"]
    assert set(template["requester"]) == set(requester["properties"])
    assert all(isinstance(value, str) and value.startswith("{{") for value in template.values() if not isinstance(value, dict))


@pytest.mark.parametrize(
    ("schema", "instance", "broken"),
    [
        (ZENDESK_NOTE_REQUEST, {"ticket": {"comment": {"public": False}}}, "ticket/comment"),
        (ZENDESK_NOTE_REQUEST, {"ticket": {"comment": {"html_body": "<p>x</p>", "public": "no"}}}, "ticket/comment/public"),
        (ZENDESK_NOTE_REQUEST, {"comment": {"html_body": "<p>x</p>"}}, "(root)"),
        (CHATWOOT_NOTE_REQUEST, {"message_type": "outgoing", "private": True}, "(root)"),
        (CHATWOOT_NOTE_REQUEST, {"content": "x", "private": "true"}, "private"),
        (CHATWOOT_NOTE_REQUEST, {"content": "x", "message_type": "note"}, "message_type"),
        (CHATWOOT_NOTE_REQUEST, {"content": "x", "is_private": True}, "(root)"),
        (CHATWOOT_MESSAGE_CREATED, {**fixture("chatwoot/message_created_incoming_ja.json"), "message_type": 0}, "message_type"),  # type: ignore[dict-item]
        (ZENDESK_TRIGGER, {**fixture("zendesk/trigger_ja.json"), "ticket_id": 4812}, "ticket_id"),  # type: ignore[dict-item]
    ],
    ids=["no body", "public as text", "no ticket wrapper", "no content", "private as text", "unknown message type",
         "unknown field", "message type as number", "ticket id as number"],
)
def test_schemas_refuse_what_the_helpdesks_would_not_send_or_accept(schema: str, instance: object, broken: str) -> None:
    assert any(problem.startswith(f"{broken}:") for problem in violations(schema, instance))
