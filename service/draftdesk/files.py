"""Reading the files a user hands the CLI: tickets, reply texts, YAML data files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from draftdesk.domain import Ticket
from draftdesk.errors import ConfigurationError, InvalidInput, PayloadTooLarge, describe_validation_error

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 1_000_000


def read_text(path: Path, *, what: str = "file") -> str:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such {what}")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise PayloadTooLarge(f"{path}: {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InvalidInput(f"{path}: the {what} is empty")
    return text


def read_ticket(path: Path) -> Ticket:
    text = read_text(path, what="ticket file")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    return parse_ticket(raw, where=str(path))


def parse_ticket(raw: object, *, where: str) -> Ticket:
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: a ticket is a JSON object")
    try:
        ticket = Ticket.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc, where=where)) from None
    if not ticket.body.strip():
        raise InvalidInput(f"{where}: body: the ticket body is empty")
    return ticket


# libyaml's parser where PyYAML has it: the same documents in a tenth of the CPU (the
# house-style, intent and policy files took ~80 ms of every start in the pure-Python one).
_FAST_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> object:
    """yaml.safe_load, fast; yaml.YAMLError as the pure-Python parser words it (it shows the
    line in error with a caret, libyaml only its number)."""
    try:
        return yaml.load(text, Loader=_FAST_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def read_yaml(path: Path) -> object:
    """A data file a shop edits: missing or unparsable is a configuration error."""
    if not path.is_file():
        raise ConfigurationError(f"{path}: not found")
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: invalid YAML: {exc}") from None


def load_yaml_model(path: Path, model: type[M]) -> M:
    """A data file a shop edits; mistakes are configuration errors naming the field."""
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc, where=str(path))) from None
