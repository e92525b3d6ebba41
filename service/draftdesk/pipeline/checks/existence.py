"""existence: a phrase that must not appear in the reply's body (HS004, HS005, HS014)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from draftdesk.pipeline.checks.patterns import PerLanguage, compile_both, matches


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: PerLanguage
    suggestion: dict[str, str] = {}


def build(rule):  # noqa: ANN001, ANN201
    params = Params.model_validate(rule.params)
    compiled = compile_both(params.patterns)

    def run(rule, reply):  # noqa: ANN001, ANN202
        body = reply.parts.body
        return [
            reply.finding(rule, start, end, suggestion=params.suggestion.get(reply.language))
            for start, end in matches(compiled[reply.language], body.text, offset=body.start)
            if reply.text[start:end] not in rule.exceptions
        ]

    return run
