"""What goes to a model and what comes back: the prompt messages rendered from the
redacted request, and the model's JSON answer validated into sections."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from draftdesk.domain import Certainty, DraftRequest, Fact, Language, Sections, ShopProfile
from draftdesk.formatting import format_date
from draftdesk.labels import label

SECTION_KEYS = tuple(Sections.model_fields)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```$", re.DOTALL)


# --- the prompt -------------------------------------------------------------------


@dataclass(frozen=True)
class PromptFact:
    label: str
    certainty: str
    value: str  # canonical: ISO dates carry the year that English display omits
    display: str  # dates as the reply writes them; empty when unknown


def render_messages(request: DraftRequest, *, prompts: Environment) -> list[dict[str, str]]:
    """The system and user messages for `request`; pure, so evals can show them."""
    language = request.language
    next_contact = next((f for f in request.facts if f.key == "reply.next_contact" and f.value), None)
    variables = {
        "shop_name": request.shop.name(language),
        "abusive": request.abusive,
        "intent": request.intent.value,
        "today": format_date(request.now.date(), language),
        "today_iso": request.now.date().isoformat(),
        "subject": request.subject,
        "text": request.text,
        "facts": [_prompt_fact(fact, language, request.shop) for fact in request.facts],
        "sensitive_numbers": request.sensitive_numbers,
        "next_contact": _display(next_contact.value, language) if next_contact else None,
        "passages": request.passages,
    }
    return [
        {"role": role, "content": prompts.get_template(f"drafting/{language}/{role}.j2").render(**variables).strip()}
        for role in ("system", "user")
    ]


def _prompt_fact(fact: Fact, language: Language, shop: ShopProfile) -> PromptFact:
    if fact.certainty == Certainty.UNKNOWN:
        return PromptFact(label=fact.label, certainty=fact.certainty.value, value=fact.value, display="")
    # A code (credit_card, monthly) reaches the model only as the words a customer reads.
    words = label(fact.key, fact.value, language=language, shop=shop)
    if words != fact.value:
        return PromptFact(label=fact.label, certainty=fact.certainty.value, value=words, display=words)
    return PromptFact(
        label=fact.label, certainty=fact.certainty.value, value=fact.value, display=_display(fact.value, language)
    )


def _display(value: str, language: str) -> str:
    return format_date(date.fromisoformat(value), language) if _ISO_DATE.match(value) else value


# --- the answer -------------------------------------------------------------------


class ModelAnswer(BaseModel):
    """Exactly what the model may return; anything else is an invalid answer."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    subject: StrictStr
    opening: StrictStr
    facts: StrictStr
    resolution: StrictStr
    apology: StrictStr
    closing: StrictStr
    cited: list[StrictStr] = Field(default_factory=list)


class InvalidAnswer(Exception):
    """The model answered, but not with the one JSON object we asked for."""


def parse_answer(content: object, *, passage_ids: frozenset[str]) -> ModelAnswer:
    """Validate the model's message. Reasons name our keys only, never the model's text."""
    if not isinstance(content, str) or not content.strip():
        raise InvalidAnswer("empty answer")
    text = content.strip()
    fenced = _CODE_FENCE.match(text)
    try:
        data = json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        raise InvalidAnswer("answer is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidAnswer("answer is not a JSON object")
    try:
        answer = ModelAnswer.model_validate(data)
    except ValidationError as error:
        raise InvalidAnswer(_describe_problems(error)) from None
    if unknown := len(set(answer.cited) - passage_ids):
        raise InvalidAnswer(f"answer cites {unknown} passage id(s) it was not given")
    if not any(getattr(answer, key) for key in SECTION_KEYS):
        raise InvalidAnswer("answer has only empty sections")
    return answer


def _describe_problems(error: ValidationError) -> str:
    expected = set(ModelAnswer.model_fields)
    problems: list[str] = []
    for item in error.errors(include_input=False, include_url=False):
        key = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "missing":
            problems.append(f"missing key {key}")
        elif key not in expected:
            problems.append("unexpected key")
        else:
            problems.append(f"{key} is not a string")
    return "invalid answer: " + ", ".join(sorted(set(problems)))


# --- the calls --------------------------------------------------------------------


_COMPLETED_SECTION = re.compile(rf'"({"|".join(SECTION_KEYS)})"\s*:\s*"((?:[^"\\]|\\.)*)"')


def completed_sections(partial_json: str) -> list[tuple[str, str]]:
    """The sections whose string value is complete in a partly received JSON answer."""
    found = []
    for match in _COMPLETED_SECTION.finditer(partial_json):
        try:
            found.append((match.group(1), json.loads(f'"{match.group(2)}"')))
        except json.JSONDecodeError:
            continue
    return found
