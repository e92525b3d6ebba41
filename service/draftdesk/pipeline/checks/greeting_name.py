"""greeting_name: the greeting uses the customer's name exactly as recorded (HS006)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titles: list[str] = ["Mr.", "Ms.", "Mrs.", "Mx.", "Dr."]


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)

    def run(reply: CheckedText) -> list[Finding]:
        name = (reply.context.customer_name or "").strip()
        greeting = reply.parts.greeting
        if not name:
            return []
        if reply.language == "ja":
            expected = f"{name} 様"
            good = greeting is not None and re.fullmatch(rf"{re.escape(name)}\s?様", greeting.text) is not None
        else:
            expected = f"Dear {name},"
            family = name.split()[-1]
            titled = "|".join(re.escape(t) for t in params.titles)
            good = greeting is not None and re.fullmatch(
                rf"Dear (?:{re.escape(name)}|(?:{titled}) {re.escape(family)}),?", greeting.text
            ) is not None
        if good:
            return []
        if greeting is None:  # the greeting goes in first, on a line of its own
            return [reply.finding(rule, 0, 0, suggestion=expected, replacement=f"{expected}\n\n")]
        return [reply.finding(rule, greeting.start, greeting.end, suggestion=expected, replacement=expected)]

    return run
