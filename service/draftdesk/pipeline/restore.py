"""restore: placeholders back to values, then the whole reply in house order.

The greeting uses the customer's name as recorded and the signature comes from the
shop profile and the agent, so neither depends on what a model wrote. Facts come
before resolution and apology because the layout template says so.
"""

from __future__ import annotations

import re

from jinja2 import Environment

from draftdesk.domain import SECTION_NAMES, Agent, Frozen, Language, Sections, ShopProfile
from draftdesk.pipeline.redact import Vault

_BLANK_RUNS = re.compile(r"\n{3,}")


class Reply(Frozen):
    subject: str
    body: str
    unknown_placeholders: tuple[str, ...] = ()


def restore_reply(
    sections: Sections,
    *,
    vault: Vault,
    env: Environment,
    language: Language,
    customer_name: str | None,
    shop: ShopProfile,
    agent: Agent,
) -> Reply:
    restored: dict[str, str] = {}
    unknown: list[str] = []
    for field in SECTION_NAMES:
        result = vault.restore(getattr(sections, field))
        restored[field] = result.text.strip()
        unknown.extend(u for u in result.unknown if u not in unknown)
    body = env.get_template(f"replies/{language}/_layout.j2").render(
        sections=Sections(**restored),
        customer_name=customer_name,
        agent_name=agent.name,
        department=agent.department or shop.department(language),
        shop_name=shop.name(language),
        shop_email=shop.email,
        shop_phone=shop.phone,
        business_hours=shop.business_hours(language),
    )
    return Reply(
        subject=restored["subject"],
        body=_BLANK_RUNS.sub("\n\n", body).strip() + "\n",
        unknown_placeholders=tuple(unknown),
    )
