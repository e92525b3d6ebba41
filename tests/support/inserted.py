"""A sentence put into a correct style-case reply (`evals/style/`), checked in that case's
context: what one rule then finds. The ticket may be replaced, so that a value the
customer wrote counts as theirs."""

from __future__ import annotations

from draftdesk.domain import Sender, Ticket
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}
AT = {"shipped_ja": "本日、配送業者に", "shipped_en": "I have asked"}  # the sentence goes in before this


def excerpts_found(rule: str, context: str, sentence: str, *, ticket_body: str | None = None) -> list[str]:
    ctx = CONTEXTS[context]
    if ticket_body is not None:
        ctx = ctx.model_copy(update={"ticket": Ticket(id="T-N", body=ticket_body, **{"from": Sender(email="x@example.jp")})})
    text = GOOD[context].replace(AT[context], sentence + " " + AT[context], 1)
    return [f.excerpt for f in check(text, context=ctx, rules=house_rules()) if f.rule == rule]
