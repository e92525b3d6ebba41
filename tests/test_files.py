from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from draftdesk.errors import ConfigurationError, InvalidInput, PayloadTooLarge
from draftdesk.files import parse_yaml, read_ticket, read_yaml

GOOD = {"id": "T-1", "subject": "まだ届きません", "body": "注文した煎茶が届きません。", "from": {"email": "a@example.jp"}}


def _write(tmp_path, content: bytes):
    path = tmp_path / "ticket.json"
    path.write_bytes(content)
    return path


def test_a_valid_ticket_is_read(tmp_path):
    ticket = read_ticket(_write(tmp_path, json.dumps(GOOD, ensure_ascii=False).encode()))
    assert ticket.sender.email == "a@example.jp"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{\"id\": \"T-1\", ", "invalid JSON at line 1"),
        (b"\xff\xfe\x00bad", "not valid UTF-8"),
        (b"   ", "is empty"),
        (b"[1, 2]", "a ticket is a JSON object"),
        (json.dumps({"id": "T-1"}).encode(), "body: Field required"),
        (json.dumps({**GOOD, "body": "   "}).encode(), "the ticket body is empty"),
        (json.dumps({**GOOD, "language": "fr"}).encode(), "language"),
        (json.dumps({**GOOD, "received_at": "yesterday"}).encode(), "received_at"),
    ],
)
def test_bad_ticket_files_get_one_precise_message(tmp_path, content, message):
    with pytest.raises(InvalidInput) as error:
        read_ticket(_write(tmp_path, content))
    assert message in error.value.detail


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match="no such ticket file"):
        read_ticket(tmp_path / "nope.json")


def test_a_megabyte_of_text_is_refused(tmp_path):
    body = "あ" * 400_000
    with pytest.raises(PayloadTooLarge):
        read_ticket(_write(tmp_path, json.dumps({**GOOD, "body": body}, ensure_ascii=False).encode()))


def test_error_messages_do_not_echo_the_submitted_values(tmp_path):
    with pytest.raises(InvalidInput) as error:
        read_ticket(_write(tmp_path, json.dumps({**GOOD, "from": {"email": 12345678}}).encode()))
    assert "12345678" not in error.value.detail



def test_a_yaml_mistake_is_shown_with_its_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "house_style.yaml"
    path.write_text("rules:\n  - id: HS001\n    type: a: b\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"(?s)invalid YAML: mapping values.*line 3, column 12:\n +type: a: b\n +\^"):
        read_yaml(path)


def test_yaml_documents_read_alike_by_both_parsers() -> None:
    text = "a: [1, 2.5, true, null, '０９０', 2026-11-20]\nb:\n  c: |\n    two\n    lines\n  d: ~\n"
    assert parse_yaml(text) == yaml.safe_load(text) and parse_yaml(text)["b"]["c"] == "two\nlines\n"
