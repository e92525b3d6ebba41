"""required: something the reply must have — a specific subject (HS008), a humble
closing line (HS011), a concrete next step with a when (HS012), the ticket's language (HS018),
and, when the ticket carried a full card number or My Number, a line asking the customer
not to send them by e-mail (HS019)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding, Language
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import compile_lists
from draftdesk.text.sensitive_numbers import has_sensitive_number
from draftdesk.text.sentences import paragraphs
from draftdesk.text.written_language import foreign_sentence


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: Literal["subject", "closing", "next_step", "language", "sensitive_numbers_warning"]
    patterns: PerLanguage = PerLanguage()
    when: PerLanguage = PerLanguage()
    # closing, sensitive_numbers_warning: the line a reply without one gets, inserted
    # after its last paragraph.
    closing_line: dict[Language, str] = {}


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    patterns, when = compile_lists(params.patterns, rule.match), compile_lists(params.when, rule.match)

    def subject(reply: CheckedText) -> list[Finding]:
        text = reply.context.subject.strip()
        if not text:
            return [reply.finding(rule, 0, 0, detail="no subject")]
        specific = any(f.key == "order.number" and f.value in text for f in reply.context.facts)
        if specific or patterns[reply.language].found_in(text):
            return []
        return [reply.finding(rule, 0, 0, detail=f"subject: {text}")]

    def closing(reply: CheckedText) -> list[Finding]:
        found = paragraphs(reply.parts.body)
        if not found:
            return []
        last = found[-1]
        if patterns[reply.language].found(reply, last.start, last.end):
            return []
        return [_missing_line(reply, last.end)]

    def sensitive_numbers_warning(reply: CheckedText) -> list[Finding]:
        ticket = reply.context.ticket
        if ticket is None or not has_sensitive_number(f"{ticket.subject}\n{ticket.body}"):
            return []
        body = reply.parts.body
        if patterns[reply.language].found(reply, body.start, body.end):
            return []
        return [_missing_line(reply, body.end)]

    def _missing_line(reply: CheckedText, at: int) -> Finding:
        line = params.closing_line.get(reply.language)
        return reply.finding(rule, at, at, suggestion=line, replacement=f"\n\n{line}" if line else None)

    def next_step(reply: CheckedText) -> list[Finding]:
        # A next step is today or later: "shipped on November 16" is a fact, not a plan.
        today = reply.today.isoformat()
        dated = {m.start for m in reply.mentions if m.kind == "day" or m.kind == "date" and m.value >= today}
        for sentence in reply.sentences:
            acts = patterns[reply.language].found(reply, sentence.start, sentence.end)
            timed = any(sentence.start <= at < sentence.end for at in dated) or when[reply.language].found(
                reply, sentence.start, sentence.end
            )
            if acts and timed:
                return []
        body = reply.parts.body
        return [reply.finding(rule, body.start, body.start, detail="say what was or will be done, and when")]

    def language(reply: CheckedText) -> list[Finding]:
        if reply.language == reply.ticket_language:
            # a whole sentence in the other language (a script line pasted in) is written in it too
            return [
                reply.finding(rule, s.start, s.end, detail=f"a sentence in {foreign}, ticket in {reply.ticket_language}")
                for s in reply.sentences if (foreign := foreign_sentence(s.text, reply.language))
            ]
        span = reply.parts.body
        return [
            reply.finding(rule, span.start, span.end, detail=f"written in {reply.language}, ticket in {reply.ticket_language}")
        ]

    return {
        "subject": subject, "closing": closing, "next_step": next_step, "language": language,
        "sensitive_numbers_warning": sensitive_numbers_warning,
    }[params.target]
