"""sequence: A must not come before B — no apology before the first fact (HS001)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import compile_lists


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first: PerLanguage  # what must not come first (apologies)
    actions: PerLanguage  # verbs that make a sentence a stated action


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    apologies, actions = compile_lists(params.first, rule.match), compile_lists(params.actions, rule.match)

    def first_fact_at(reply: CheckedText) -> int:
        """Where the first sentence stating a fact or an action starts."""
        for sentence in reply.sentences:
            has_mention = any(sentence.start <= m.start < sentence.end for m in reply.mentions)
            has_action = actions[reply.language].found(reply, sentence.start, sentence.end)
            if has_mention or has_action:
                return sentence.start
        return len(reply.text)

    def run(reply: CheckedText) -> list[Finding]:
        body = reply.parts.body
        limit = first_fact_at(reply)
        for start, end in apologies[reply.language].spans(reply, body.start, body.end):
            sentence = reply.sentence_at(start)
            if start < limit and (sentence is None or sentence.start < limit):
                return [reply.finding(rule, start, end, suggestion="state the facts and what was done first")]
        return []

    return run
