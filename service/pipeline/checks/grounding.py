"""grounding: what the reply states must come from somewhere.

`mentions` (HS003): every date, order or tracking number, amount and quantity in the
body is among the facts, the ticket or the cited passages. `offers` (HS013): a refund,
coupon, free shipping, gift or reshipment is promised only where a cited passage
`allows` it; a negated sentence ("we cannot offer a refund") promises nothing.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from service.pipeline.checks.patterns import PerLanguage, compile_both, matches
from service.pipeline.mentions import IDENTIFIERS, find_mentions, normalise_identifier, normalise_number

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["mentions", "offers"]
    offers: dict[str, PerLanguage] = {}
    negations: PerLanguage = PerLanguage()


def build(rule):  # noqa: ANN001, ANN201
    params = Params.model_validate(rule.params)
    if params.kind == "mentions":
        return _mentions
    offers = {kind: compile_both(phrases) for kind, phrases in params.offers.items()}
    negations = compile_both(params.negations)

    def run(rule, reply):  # noqa: ANN001, ANN202
        allowed = {kind for passage in reply.context.passages for kind in passage.allows}
        body = reply.parts.body
        findings = []
        for kind, compiled in offers.items():
            if kind in allowed:
                continue
            for start, end in matches(compiled[reply.language], body.text, offset=body.start):
                sentence = reply.sentence_at(start)
                if sentence and any(True for _ in matches(negations[reply.language], sentence.text)):
                    continue
                findings.append(reply.finding(rule, start, end, detail=f"{kind}: no cited policy allows it"))
        return findings

    return run


def _known_values(reply) -> dict[str, set[str]]:  # noqa: ANN001
    """Normalised values the reply may state, by mention kind."""
    known: dict[str, set[str]] = {"date": set(), "day": set(), "id": set(), "number": set()}
    sources = []
    for fact in reply.context.facts:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact.value):
            known["date"].add(fact.value)
            known["day"].add(str(int(fact.value[-2:])))
        elif fact.value:
            known["id"].add(normalise_identifier(fact.value))
            known["number"].update(_plain_numbers(fact.value))
    ticket = reply.context.ticket
    if ticket is not None:
        sources.append(f"{ticket.subject}\n{ticket.body}")
    sources += [passage.text for passage in reply.context.passages]
    for source in sources:
        for mention in find_mentions(source, today=reply.today):
            if mention.kind == "date":
                known["date"].add(mention.value)
                known["day"].add(str(int(mention.value[-2:])))
            elif mention.kind in ("order_number", "tracking_number"):
                known["id"].add(mention.value)
            else:
                known["number"].add(mention.value)
        known["number"].update(_plain_numbers(source))
    return known


def _plain_numbers(text: str) -> set[str]:
    """Numbers written in a text, leaving out the digits inside order and tracking numbers."""
    return {normalise_number(n) for n in _NUMBER.findall(IDENTIFIERS.sub(" ", text))}


def _mentions(rule, reply):  # noqa: ANN001, ANN202
    known = _known_values(reply)
    body = reply.parts.body
    findings = []
    for mention in reply.mentions:
        if not body.start <= mention.start < body.end:
            continue
        pool = {"date": "date", "day": "day", "order_number": "id", "tracking_number": "id"}.get(mention.kind, "number")
        if mention.value not in known[pool]:
            findings.append(reply.finding(rule, mention.start, mention.end, detail=f"{mention.kind} not in the facts or the ticket"))
    return findings
