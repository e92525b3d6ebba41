"""sequence: A must not come before B — no apology before the first fact (HS001).

A sentence states a fact when it has a date, number or amount, or one of our actions
(発送いたしました, we have asked); or when it says where the order stands (お荷物は配達店に
ございます, the parcel is still at the depot) — a `states` word in a sentence that neither
apologises nor thanks nor asks (お荷物についてのお問い合わせありがとうございます states nothing).
An apology on a line quoted from the customer's mail (> Sorry to bother you …) is theirs.
"""

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
    states: PerLanguage = PerLanguage()  # where the order stands: a plain sentence with one states a fact
    not_statements: PerLanguage = PerLanguage()  # thanks, requests, questions: no fact, whatever they name


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    apologies, actions = compile_lists(params.first, rule.match), compile_lists(params.actions, rule.match)
    states, not_statements = compile_lists(params.states, rule.match), compile_lists(params.not_statements, rule.match)

    def first_fact_at(reply: CheckedText) -> int:
        """Where the first sentence stating a fact or an action starts."""
        language = reply.language
        for sentence in reply.sentences:
            has_mention = any(sentence.start <= m.start < sentence.end for m in reply.mentions)
            has_action = actions[language].found(reply, sentence.start, sentence.end)
            if has_mention or has_action:
                return sentence.start
            plain = not apologies[language].found(reply, sentence.start, sentence.end) and not not_statements[
                language
            ].found(reply, sentence.start, sentence.end)
            if plain and states[language].found(reply, sentence.start, sentence.end):
                return sentence.start
        return len(reply.text)

    def run(reply: CheckedText) -> list[Finding]:
        body = reply.parts.body
        limit = first_fact_at(reply)
        found = [(s, e) for s, e in apologies[reply.language].spans(reply, body.start, body.end) if not reply.quoted(s)]
        for start, end in found:
            sentence = reply.sentence_at(start)
            if start < limit and (sentence is None or sentence.start < limit):
                # the apology is every apology phrase of its sentence (ご不便をおかけしましたことを、深くお詫び…)
                end = max((e for s, e in found if sentence is not None and sentence.start <= s < sentence.end), default=end)
                return [reply.finding(rule, start, end, suggestion="state the facts and what was done first")]
        return []

    return run
