"""existence: a phrase that must not appear in the reply's body (HS004, HS005, HS014); on a
line quoted from the customer's mail (> …) it is their words, not the reply's."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import compile_lists


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: PerLanguage
    # Word groups the patterns name as `{name}` (a family of meanings listed once).
    groups: dict[str, PerLanguage] = {}
    suggestion: dict[str, str] = {}


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    compiled = compile_lists(params.patterns, rule.match, groups=params.groups)

    def run(reply: CheckedText) -> list[Finding]:
        body = reply.parts.body
        return [
            reply.finding(rule, start, end, suggestion=params.suggestion.get(reply.language))
            for start, end in compiled[reply.language].spans(reply, body.start, body.end)
            if reply.text[start:end] not in rule.exceptions and not reply.quoted(start)
        ]

    return run
