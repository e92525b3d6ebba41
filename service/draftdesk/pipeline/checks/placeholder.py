"""placeholder: nothing left from a template or a model (HS009)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # A nested list is flattened: a rule may take a list shared by anchor (HS007's) and add its own.
    patterns: list[str | list[str]]


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    flat = [p for entry in params.patterns for p in ([entry] if isinstance(entry, str) else entry)]
    pattern = re.compile("|".join(f"(?:{p})" for p in flat))

    def run(reply: CheckedText) -> list[Finding]:
        # a line quoted from the customer's mail (> まだですか？？？) is their text, not a slot of ours
        findings = [reply.finding(rule, m.start(), m.end()) for m in pattern.finditer(reply.text) if not reply.quoted(m.start())]
        subject = reply.context.subject
        findings += [reply.finding(rule, 0, 0, detail=f"subject: {m.group()}") for m in pattern.finditer(subject)]
        return findings

    return run
