"""Request bodies of the REST API (responses are the domain models themselves).

Every text field of every request must be text UTF-8 can carry: JSON can spell a lone
surrogate (`"\\ud800"`), Python decodes it, and the first `.encode()` downstream (the
idempotency hash, an embedder, the database) would fail. `Body` refuses such text where
the request is validated, with a 422 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from draftdesk.domain import Agent, Claim, Finding, Language, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.pipeline.approve import MIN_OVERRIDE_REASON
from draftdesk.text.visible import BLANK, visible_length

if TYPE_CHECKING:
    from draftdesk.desk import CheckOutcome

# The OpenAPI document says (to clients and to schema-driven tests) what the validators
# refuse; both are written from the same character classes.
# What `str.strip()` removes (every character with `str.isspace()`), spelled out: `\s`
# means other things to other regex engines (ECMA-262 for JSON Schema, Python, Rust).
SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{SPACE}]"  # a character that is not white space
HAS_TEXT = f"[^{BLANK}]"  # ... nor a control or invisible character (what intake reads as empty)


def _not_only(characters: str) -> dict[str, object]:
    """JSON Schema for "not only these characters". (Said with `not`, not as a `pattern`
    next to `maxLength`: Schemathesis would compile that pair into a regex repeating
    50,000 times, for seconds per operation.)"""
    return {"not": {"pattern": f"^[{characters}]*$"}}


Location = tuple[str | int, ...]


def unencodable_text(value: object, location: Location = ()) -> Iterator[tuple[Location, str]]:
    """(where, why) for every string in `value` (parsed JSON, or models) that UTF-8
    cannot encode, field names included."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            yield location, f"contains an unpaired surrogate (U+{ord(value[exc.start]):04X}) at character {exc.start}"
    elif isinstance(value, dict):
        for key, item in value.items():
            # a name that is not text itself is given escaped (\ud800), so the answer can carry it
            name = key.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(key, str) else key
            for where, why in unencodable_text(key, (*location, name)):
                yield where, f"the field name {why}"
            yield from unencodable_text(item, (*location, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from unencodable_text(item, (*location, index))
    elif isinstance(value, BaseModel):
        yield from unencodable_text(value.model_dump(by_alias=True), location)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _encodable_text(cls, data: object) -> object:
        """Before anything else reads the text: one uniform 422 per field."""
        errors = [
            InitErrorDetails(
                type=PydanticCustomError("unencodable_text", "{reason}; send valid Unicode text", {"reason": why}),
                loc=where,
                input="",  # the text itself is not echoed
            )
            for where, why in unencodable_text(data)
        ]
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return data


class TicketIn(Ticket):
    """The ticket of a request: the domain's Ticket, with a body that says something."""

    body: str = Field(
        json_schema_extra=_not_only(BLANK),
        description="The customer's mail, plain text or HTML; besides quoted history, a signature and "
        "markup it must hold some words of theirs (else 422)",
    )

    @field_validator("body")
    @classmethod
    def _has_body(cls, body: str) -> str:
        if not re.search(HAS_TEXT, body):
            raise ValueError("the ticket body is empty")
        return body

    @field_validator("received_at", mode="before")
    @classmethod
    def _date_time_text(cls, value: object) -> object:
        """JSON gives a date-time as a string; a bare number is not one (pydantic would
        read it as a Unix timestamp)."""
        if value is not None and not isinstance(value, (str, datetime)):
            raise ValueError("a date-time string, e.g. 2026-11-20T09:12:00+09:00")
        return value


def refuse_over_long_ticket(ticket: Ticket | None, *, max_body_chars: int) -> None:
    """The configured limit on a ticket's body (DRAFTDESK_MAX_BODY_CHARS; the OpenAPI
    document states it as maxLength), before any work or any stream starts."""
    if ticket is not None and len(ticket.body) > max_body_chars:
        raise InvalidInput(f"ticket.body: {len(ticket.body):,} characters; the limit is {max_body_chars:,}")


class DraftOptions(Body):
    model: str | None = Field(
        default=None,
        max_length=200,
        description="One of the models this service allows (the enum lists them); null: the configured model",
    )


class CreateDraft(Body):
    ticket: TicketIn
    agent: Agent | None = None
    options: DraftOptions | None = None


_SEEN_VERSION = "The draft version the agent saw: 409 if the draft has moved on since (none: the latest)"


class EditDraft(Body):
    version: int | None = Field(default=None, ge=1, le=1_000_000, description=_SEEN_VERSION)
    subject: str | None = Field(default=None, max_length=500)
    body: str = Field(min_length=1, max_length=50_000, json_schema_extra=_not_only(SPACE))
    agent: Agent | None = None


class CheckResult(BaseModel):
    language: Language
    findings: list[Finding]
    blocking: bool
    claims: list[Claim] = []  # the dates, amounts, numbers the text states, and their sources

    @classmethod
    def of(cls, outcome: CheckOutcome) -> CheckResult:
        return cls(
            language=outcome.language,
            findings=outcome.findings,
            blocking=any(finding.severity == "error" for finding in outcome.findings),
            claims=outcome.claims,
        )


class RecheckDraft(Body):
    subject: str | None = Field(default=None, max_length=500)
    body: str = Field(min_length=1, max_length=50_000, json_schema_extra=_not_only(SPACE))


# 1 to MIN_OVERRIDE_REASON - 1 characters from the first to the last that is not white space
AgentName = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$", json_schema_extra=_not_only(BLANK))
]


class ApproveDraft(Body):
    version: int | None = Field(default=None, ge=1, le=1_000_000, description=_SEEN_VERSION)
    agent: Agent | AgentName
    override_reason: str | None = Field(
        default=None,
        max_length=2_000,
        # what the approval gate accepts: nothing visible (no override), or 10+ visible
        # characters (zero-width spaces and fillers are not writing)
        pattern=f"^(?:[{BLANK}]*$|(?:[{BLANK}]*[^{BLANK}]){{{MIN_OVERRIDE_REASON}}})",
        description=f"Why error findings may be overridden: at least {MIN_OVERRIDE_REASON} visible characters",
    )

    @property
    def agent_name(self) -> str:
        return self.agent if isinstance(self.agent, str) else self.agent.name

    @field_validator("agent")
    @classmethod
    def _named(cls, agent: Agent | str) -> Agent | str:
        name = agent if isinstance(agent, str) else agent.name
        if visible_length(name) == 0:
            raise ValueError("the approving agent's name shows nothing")
        return agent


class CheckText(Body):
    text: str = Field(min_length=1, max_length=50_000, json_schema_extra=_not_only(SPACE))
    language: Language | None = None
    ticket: TicketIn | None = None
    subject: str = Field(default="", max_length=1_000)
    agent: Agent | None = None

    @field_validator("text")
    @classmethod
    def _has_text(cls, text: str) -> str:
        if not re.search(NOT_BLANK, text):
            raise ValueError("the reply text is empty")
        return text
