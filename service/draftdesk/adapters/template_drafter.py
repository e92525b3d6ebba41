"""TemplateDrafter: deterministic replies from the facts, per intent and language.

The embedded default (no key, no network) and the last fallback when a model fails.
Templates live in `prompts/replies/{ja,en}/<intent>.j2`; each extends `_base.j2` and
overrides the sections it words differently. The base template marks where each
section starts, so one `render` gives all six sections with inheritance intact.
`sender_mismatch.j2` answers, whatever the intent, a ticket that names an order the
sender could not be matched to.
"""

from __future__ import annotations

import re
from datetime import date

from jinja2 import Environment, TemplateNotFound

from draftdesk.domain import SECTION_NAMES, Certainty, DraftRequest, DraftResult, Fact, ModelInfo, Sections
from draftdesk.errors import DraftingFailed
from draftdesk.conditions import case_from_facts
from draftdesk.formatting import format_amount, format_date
from draftdesk.knowledge import permits
from draftdesk.labels import label
from draftdesk.ports import SectionSink

SENDER_MISMATCH_TEMPLATE = "sender_mismatch"
_MARKER = re.compile(r"^⟦(\w+)⟧$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n\s*\n(\s*\n)+")


class TemplateDrafter:
    name = "template"

    def __init__(self, *, env: Environment) -> None:
        self._env = env

    async def draft(self, request: DraftRequest, *, on_section: SectionSink | None = None) -> DraftResult:
        sections = self.sections(request)
        if on_section is not None:
            for name in SECTION_NAMES:
                await on_section(name, getattr(sections, name))
        return DraftResult(
            sections=sections,
            model=ModelInfo(name=self.name),
            cited=tuple(p.id for p in request.passages),
        )

    def sections(self, request: DraftRequest) -> Sections:
        """The intent's template; `sender_mismatch.j2` whatever the intent when the ticket
        names an order the sender could not be matched to."""
        name = SENDER_MISMATCH_TEMPLATE if request.sender_mismatch else request.intent.value
        try:
            template = self._env.get_template(f"replies/{request.language}/{name}.j2")
        except TemplateNotFound:
            template = self._env.get_template(f"replies/{request.language}/other.j2")
        rendered = template.render(**_template_variables(request))
        return Sections(**_split_sections(rendered))


def _split_sections(rendered: str) -> dict[str, str]:
    parts = _MARKER.split(rendered)
    # parts: [preamble, name1, text1, name2, text2, ...]
    sections = {name: _tidy(text) for name, text in zip(parts[1::2], parts[2::2], strict=True)}
    missing = set(SECTION_NAMES) - sections.keys()
    if missing:
        raise DraftingFailed(f"reply template lacks the sections {sorted(missing)}")
    return sections


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _template_variables(request: DraftRequest) -> dict[str, object]:
    language = request.language
    facts: dict[str, Fact] = {fact.key: fact for fact in request.facts}
    currency = facts["order.currency"].value if "order.currency" in facts else "JPY"

    def known(key: str) -> bool:
        return key in facts and facts[key].certainty != Certainty.UNKNOWN and facts[key].value != ""

    def value(key: str) -> str:
        return facts[key].value

    def day(key: str) -> str:
        return format_date(date.fromisoformat(facts[key].value), language)

    def money(key: str) -> str:
        return format_amount(float(facts[key].value), currency, language)

    items = [f.value for f in request.facts if f.key.startswith("order.item.")]
    others = [f.value for f in request.facts if f.key.startswith("customer.other_order.")]
    today = request.now.date()
    case = case_from_facts({f.key: f.value for f in request.facts}, intent=request.intent.value, written=today)
    late = known("shipment.estimated_delivery") and date.fromisoformat(
        value("shipment.estimated_delivery")
    ) < today
    return {
        "language": language,
        "intent": request.intent.value,
        "shop_name": request.shop.name(language),
        "department": request.shop.department(language),
        "abusive": request.abusive,
        "sensitive_numbers": request.sensitive_numbers,
        "order": known("order.number"),
        "status": value("order.status") if known("order.status") else None,
        "items": items,
        "other_orders": others,
        "late": late,
        "today": format_date(today, language),
        "known": known,
        "unknown": lambda key: key in facts and facts[key].certainty == Certainty.UNKNOWN,
        "value": value,
        # What a customer reads for a coded value (a plan, a payment method, a carrier).
        "label": lambda key: label(key, value(key), language=language, shop=request.shop),
        "day": day,
        "money": money,
        # Offer only what a passage the reply stands on allows in this case (house rule HS013).
        "allows": lambda offer: any(permits(passage, {offer}, case) for passage in request.passages),
    }
