"""Our JSON Schemas of what the helpdesks accept and send, loaded for validation."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

CONTRACTS_DIR = Path(__file__).resolve().parent

ZENDESK_NOTE_REQUEST = "zendesk_update_ticket_comment.request"
ZENDESK_TRIGGER = "zendesk_trigger.webhook"
CHATWOOT_NOTE_REQUEST = "chatwoot_create_message.request"
CHATWOOT_MESSAGE_CREATED = "chatwoot_message_created.webhook"
SCHEMA_NAMES = (ZENDESK_NOTE_REQUEST, ZENDESK_TRIGGER, CHATWOOT_NOTE_REQUEST, CHATWOOT_MESSAGE_CREATED)


def load_schema(name: str) -> dict[str, Any]:
    return json.loads((CONTRACTS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


def violations(name: str, instance: object) -> list[str]:
    """Each way `instance` breaks the schema, as "path: message"; empty when it conforms."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator(name).iter_errors(instance)
    ]
