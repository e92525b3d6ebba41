"""substitution: a wrong form with the right one as the suggestion (HS015 keigo)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from draftdesk.pipeline.checks.patterns import compile_phrases


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    swap: dict[str, dict[str, str]]


def build(rule):  # noqa: ANN001, ANN201
    params = Params.model_validate(rule.params)
    compiled = {
        language: [(compile_phrases([wrong], language), right) for wrong, right in pairs.items()]
        for language, pairs in params.swap.items()
    }

    def run(rule, reply):  # noqa: ANN001, ANN202
        findings = []
        for pattern, right in compiled.get(reply.language, []):
            for match in pattern.finditer(reply.text):
                findings.append(reply.finding(rule, match.start(), match.end(), suggestion=right))
        return findings

    return run

