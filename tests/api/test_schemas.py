"""Request schemas: the text they refuse, and how the OpenAPI document says so.

The document's patterns are read by other regex engines (ECMA-262 in JSON Schema tools,
Rust in Schemathesis' validator) than the validators' Python `re`; the character classes
are spelled out so that all of them, and intake, agree on every character.
"""

from __future__ import annotations

import json
import re
import sys

import jsonschema_rs
import pytest
from pydantic import ValidationError

from draftdesk.text.visible import visible_length
from draftdesk.api.schemas import (
    HAS_TEXT,
    NOT_BLANK,
    SPACE,
    ApproveDraft,
    CheckText,
    CreateDraft,
    TicketIn,
    unencodable_text,
)
from draftdesk.errors import InvalidInput
from draftdesk.text.mail_text import read_mail

BMP = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]


def test_space_is_exactly_what_str_strip_removes():
    spelled = {c for c in BMP if re.fullmatch(f"[{SPACE}]", c)}
    assert spelled == {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}


def test_a_ticket_body_has_text_exactly_when_intake_does_not_call_it_empty():
    """(Intake may still find no words of the customer's, in a lone `>` say: that is
    not a matter of characters, and the document says it in words.)"""
    for c in BMP:
        try:
            read_mail(c)
            empty = False
        except InvalidInput as refused:
            empty = refused.detail == "ticket body is empty"
        assert bool(re.search(HAS_TEXT, c)) is not empty, hex(ord(c))


@pytest.mark.parametrize(("field", "pattern"), [("body", HAS_TEXT), ("text", NOT_BLANK)])
def test_the_document_and_the_validator_agree_on_every_character(field, pattern):
    model = TicketIn if field == "body" else CheckText
    schema = model.model_json_schema()["properties"][field]
    document = jsonschema_rs.validator_for({"type": "string", "not": schema["not"]})
    for c in BMP:
        assert document.is_valid(c) is bool(re.search(pattern, c)), hex(ord(c))


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [(None, True), ("", True), ("   ", True), ("短い", False), ("123456789", False), (" 123456789 \n", False),
     ("1234567890", True), ("\u3000お客様と電話で合意済み\u3000", True), ("a        b", False),
     ("\u200b" * 20, True), ("\u3164" * 12, True), ("ab\u200bcd\u200bef\u200bgh\u200bi", False),
     ("お客様と電話で\u200b合意済みです", True)],
)
def test_the_documented_override_reason_is_what_the_approval_gate_accepts(reason, accepted):
    """The gate (pipeline.approve): nothing visible means no override; otherwise 10+
    visible characters (zero-width spaces and fillers are not writing)."""
    schema = ApproveDraft.model_json_schema()["properties"]["override_reason"]
    string = next(option for option in schema["anyOf"] if option.get("type") == "string")
    document = jsonschema_rs.validator_for({"type": "string", "pattern": string["pattern"]})
    assert reason is None or document.is_valid(reason) is accepted
    assert reason is None or (visible_length(reason) == 0 or visible_length(reason) >= 10) is accepted


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"ticket": {"id": "T", "body": "x", "from": {"name": "a\\ud800"}}}', "ticket.from.name"),
        ('{"ticket": {"id": "T", "body": "\\udfff"}}', "ticket.body"),
        ('{"ticket": {"id": "T", "body": "x"}, "options": {"model": "\\udc00"}}', "options.model"),
        ('{"ticket": {"id": "T", "body": "x", "\\ud800": 1}}', "ticket.\\ud800"),  # the name, escaped
    ],
)
def test_unencodable_text_is_refused_where_the_request_is_validated(raw, field):
    with pytest.raises(ValidationError) as caught:
        CreateDraft.model_validate(json.loads(raw))
    [error] = caught.value.errors()
    assert ".".join(map(str, error["loc"])) == field and error["type"] == "unencodable_text"
    assert error["input"] == ""  # the text is not echoed


def test_a_surrogate_pair_is_ordinary_text():
    assert list(unencodable_text(json.loads('{"text": "\\ud83d\\ude00"}'))) == []


@pytest.mark.parametrize("received_at", [0, 1.5, True, ["2026-11-20"]])
def test_a_number_is_not_a_date_time(received_at):
    with pytest.raises(ValidationError, match="date-time string"):
        TicketIn.model_validate({"id": "T", "body": "x", "received_at": received_at})
