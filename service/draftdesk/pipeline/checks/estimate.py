"""estimate: a date that is only an estimate says so in its sentence (HS002)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from draftdesk.domain import Certainty, Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import compile_lists


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    markers: PerLanguage
    certain: PerLanguage = PerLanguage()
    # A date that is also a confirmed fact (our next update) may stand unmarked in a
    # sentence about that update: "we will write to you by Nov 24".
    confirmed_uses: PerLanguage = PerLanguage()
    suggestion: dict[str, str] = {}
    # The date marked as an estimate, `{date}` standing for the date as written: "{date}頃".
    replacement: dict[str, str] = {}

    @field_validator("replacement")
    @classmethod
    def _has_the_date(cls, replacement: dict[str, str]) -> dict[str, str]:
        for language, text in replacement.items():
            if "{date}" not in text:
                raise ValueError(f"replacement.{language}: write {{date}} where the date goes")
        return replacement


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    markers, certain = compile_lists(params.markers, rule.match), compile_lists(params.certain, rule.match)
    confirmed_uses = compile_lists(params.confirmed_uses, rule.match)

    def run(reply: CheckedText) -> list[Finding]:
        estimated = {f.value for f in reply.context.facts if f.certainty == Certainty.ESTIMATED and f.value}
        days = {str(int(v[-2:])) for v in estimated if len(v) == 10}
        confirmed = {f.value for f in reply.context.facts if f.certainty == Certainty.CONFIRMED}
        body = reply.parts.body
        findings = []
        for mention in reply.mentions:
            is_estimate = (mention.kind == "date" and mention.value in estimated) or (
                mention.kind == "day" and mention.value in days
            )
            if not is_estimate or not body.start <= mention.start < body.end:
                continue
            sentence = reply.sentence_at(mention.start)
            start, end = (sentence.start, sentence.end) if sentence else (0, 0)
            if mention.value in confirmed and confirmed_uses[reply.language].found(reply, start, end):
                continue
            if certain[reply.language].found(reply, start, end):
                findings.append(reply.finding(rule, mention.start, mention.end, detail="an estimate stated as certain"))
            elif not markers[reply.language].found(reply, start, end):
                marked = params.replacement.get(reply.language)
                findings.append(
                    reply.finding(
                        rule, mention.start, mention.end, suggestion=params.suggestion.get(reply.language),
                        replacement=marked.replace("{date}", mention.text) if marked else None,
                    )
                )
        return findings

    return run
