"""What a helpdesk webhook delivery becomes: a ticket to draft and where its note goes,
or a reason to ignore it. Data only; the job system stores and runs these."""

from __future__ import annotations

import json
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from draftdesk.domain import Frozen, Language, Ticket
from draftdesk.errors import InvalidInput, describe_validation_error


class ZendeskTicketRef(Frozen):
    helpdesk: Literal["zendesk"] = "zendesk"
    ticket_id: int = Field(gt=0)


class ChatwootConversationRef(Frozen):
    helpdesk: Literal["chatwoot"] = "chatwoot"
    account_id: int = Field(gt=0)
    conversation_id: int = Field(gt=0)  # the conversation's number within its account (display_id)


NoteTarget = Annotated[ZendeskTicketRef | ChatwootConversationRef, Field(discriminator="helpdesk")]


class Delivery(Frozen):
    """A delivery worth a draft. `key` is the same for every delivery of the same event
    (a helpdesk's retry, a replay), so a job system can keep exactly one job per key."""

    key: str = Field(min_length=1, max_length=300)
    ticket: Ticket
    target: NoteTarget


class Ignored(Frozen):
    """A genuine delivery that asks for no draft (our own note, an agent's reply, another event)."""

    reason: str


Payload = TypeVar("Payload", bound=BaseModel)


def load_json(body: bytes, *, helpdesk: str) -> object:
    try:
        return json.loads(body)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{helpdesk} webhook: the body is not JSON ({error.msg})") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{helpdesk} webhook: the body is not UTF-8") from None
    except RecursionError:
        raise InvalidInput(f"{helpdesk} webhook: the body is nested too deeply") from None


def validate_payload(model: type[Payload], data: object, *, helpdesk: str) -> Payload:
    """`data` as `model`, else `InvalidInput` naming the failing fields (never their values)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error, where=f"{helpdesk} webhook")) from None


_LANGUAGE_NAMES: dict[str, Language] = {
    "ja": "ja", "jp": "ja", "japanese": "ja", "日本語": "ja",
    "en": "en", "english": "en", "英語": "en",
}


def language_from_locale(value: str) -> Language | None:
    """ja or en from a locale code (`ja`, `ja-JP`, `en_US`) or a language's name as a
    helpdesk shows it (`Japanese`, `日本語`, `English (United States)`); None otherwise,
    and the pipeline detects the language from the text."""
    words = value.strip().lower().replace("_", "-").replace("(", " ").split()
    if not words:
        return None
    return _LANGUAGE_NAMES.get(words[0].split("-")[0])
