"""signature: shop name, department, agent name and a contact close the reply (HS007)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    last_lines: int = 8
    # Slots left unfilled (担当：[担当者名]): a signature with one is not complete.
    unfilled: list[str] = []


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    unfilled = re.compile("|".join(f"(?:{p})" for p in params.unfilled)) if params.unfilled else None

    def run(reply: CheckedText) -> list[Finding]:
        shop, agent, language = reply.context.shop, reply.context.agent, reply.language
        postscript = reply.parts.postscript
        closing = reply.text[: postscript.start if postscript else len(reply.text)].rstrip()  # a P.S. follows the name
        lines = closing.splitlines()
        tail = "\n".join(lines[-params.last_lines :])
        start = len(closing) - len(tail)
        needed: dict[str, list[str]] = {}
        if shop is not None:
            needed["shop name"] = [shop.name(language)]
            needed["department"] = [(agent.department if agent and agent.department else shop.department(language))]
            needed["contact"] = [c for c in (shop.email, shop.phone) if c]
        if agent is not None:
            needed["agent name"] = [agent.name]
        missing = [what for what, options in needed.items() if not any(o and o in tail for o in options)]
        if unfilled is not None and (slot := unfilled.search(_signature_block(reply))):
            missing.append(f"a slot left unfilled: {slot.group()}")
        if not missing:
            return []
        return [reply.finding(rule, max(start, 0), len(closing), detail="missing: " + ", ".join(missing))]

    return run


def _signature_block(reply: CheckedText) -> str:
    """The signature: after its rule line or sign-off, else the reply's last paragraph."""
    if reply.parts.signature is not None:
        return reply.parts.signature.text
    return re.split(r"\n\s*\n", reply.text.strip())[-1]
