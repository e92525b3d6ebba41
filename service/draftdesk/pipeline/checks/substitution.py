"""substitution: a wrong form with the right one as the suggestion and the replacement (HS015 keigo)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding, Language
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import compile_phrases


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    swap: dict[Language, dict[str, str]]


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    compiled = {
        language: [(pattern, right) for wrong, right in pairs.items() if (pattern := compile_phrases([wrong], language))]
        for language, pairs in params.swap.items()
    }

    def run(reply: CheckedText) -> list[Finding]:
        findings = []
        for pattern, right in compiled.get(reply.language, []):
            for match in pattern.finditer(reply.text):
                findings.append(reply.finding(rule, match.start(), match.end(), suggestion=right, replacement=right))
        return findings

    return run

