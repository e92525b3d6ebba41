"""estimate: a date that is only an estimate says so in its sentence (HS002)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from draftdesk.domain import Certainty, Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage, compile_both, matches


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
    markers, certain = compile_both(params.markers), compile_both(params.certain)
    confirmed_uses = compile_both(params.confirmed_uses)

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
            text = sentence.text if sentence else ""
            if mention.value in confirmed and any(True for _ in matches(confirmed_uses[reply.language], text)):
                continue
            if any(True for _ in matches(certain[reply.language], text)):
                findings.append(reply.finding(rule, mention.start, mention.end, detail="an estimate stated as certain"))
            elif not any(True for _ in matches(markers[reply.language], text)):
                marked = params.replacement.get(reply.language)
                findings.append(
                    reply.finding(
                        rule, mention.start, mention.end, suggestion=params.suggestion.get(reply.language),
                        replacement=marked.replace("{date}", mention.text) if marked else None,
                    )
                )
        return findings

    return run
