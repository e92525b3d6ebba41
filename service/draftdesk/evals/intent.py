"""Intent on tickets written blind (`evals/intent_blind/tickets.jsonl`): accuracy, and
how often `other` is guessed for a ticket that has an intent.

    python -m draftdesk.evals.intent                  # the dev part (what the rules were tuned on)
    python -m draftdesk.evals.intent --part holdout   # every third line
    python -m draftdesk.evals.intent --part all
    python -m draftdesk.evals.intent --part fresh     # evals/intent_holdout/: never tuned on

`fresh` is a second blind set by another writer, written after the rules were tuned on
the first (all of which has been looked at): it is scored, never read for tuning. Its
tickets are about the demo shop's orders, so each goes through what drafting does
(`read_ticket`: intake, the order found in the demo store, the order's state at the
demo clock, `shipped_late` included).

Each ticket goes through intake and then, as in the pipeline, the order's state
(`order_status` of the line; null: no order) decides what a short ticket asks. A line's
order is built from its status alone, so `shipped_late` (past the carrier's estimate)
never arises here: the set does not say when a parcel was due.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen, Intent, OrderStatus, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules, with_order_state

if TYPE_CHECKING:
    from draftdesk.wiring import Services

BLIND_TICKETS = PROJECT_ROOT / "evals" / "intent_blind" / "tickets.jsonl"
FRESH_TICKETS = PROJECT_ROOT / "evals" / "intent_holdout" / "tickets.jsonl"
INTENT_RULES = PROJECT_ROOT / "knowledge" / "intents.yaml"
HOLDOUT_EVERY = 3  # every third line (3rd, 6th …) is the hold-out

Part = Literal["dev", "holdout", "all", "fresh"]
PARTS = ("dev", "holdout", "all", "fresh")


class BlindTicket(Frozen):
    ticket: Ticket
    intent: Intent
    order: str | None = None  # the order the ticket is about (the fresh set names it)
    order_status: OrderStatus | None = None
    note: str = ""


@dataclass(frozen=True)
class Guess:
    id: str
    expected: Intent
    got: Intent
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class IntentReport:
    guesses: list[Guess]

    @property
    def accuracy(self) -> float:
        return sum(g.got is g.expected for g in self.guesses) / len(self.guesses) if self.guesses else 0.0

    @property
    def other_when_not_other(self) -> float:
        """Share of tickets with an intent that were guessed `other`."""
        labelled = [g for g in self.guesses if g.expected is not Intent.OTHER]
        return sum(g.got is Intent.OTHER for g in labelled) / len(labelled) if labelled else 0.0

    def confusions(self) -> Counter[tuple[str, str]]:
        return Counter((g.expected.value, g.got.value) for g in self.guesses if g.got is not g.expected)


def load_blind_tickets(path: Path = BLIND_TICKETS, *, part: Part = "all") -> list[BlindTicket]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = []
    for number, line in enumerate(lines, start=1):
        holdout = number % HOLDOUT_EVERY == 0
        if part == "all" or (part == "holdout") == holdout:
            rows.append(BlindTicket.model_validate(json.loads(line)))
    return rows


def evaluate_intents(rows: Sequence[BlindTicket], *, rules: IntentRules) -> IntentReport:
    guesses = []
    for row in rows:
        received = with_order_state(
            intake(row.ticket, rules=rules),
            state=row.order_status.value if row.order_status else None,
            rules=rules,
        )
        guesses.append(Guess(row.ticket.id, row.intent, received.intent, received.intent_evidence))
    return IntentReport(guesses)


def evaluate_fresh_intents(services: Services) -> IntentReport:
    """The fresh blind set, each ticket read as drafting reads it, against the demo
    shop's orders at the demo clock (`services` must hold the demo shop)."""
    from draftdesk.evals.runner import EVAL_CLOCK
    from draftdesk.pipeline.reply import read_ticket

    services.load_demo_shop()
    guesses = []
    for row in load_blind_tickets(FRESH_TICKETS):
        try:
            received, _ = read_ticket(
                row.ticket, rules=services.intent_rules, shop=services.shop, orders=services.orders, now=EVAL_CLOCK
            )
        except InvalidInput as refused:  # drafting refuses it too (an empty body): a miss
            guesses.append(Guess(row.ticket.id, row.intent, Intent.OTHER, (f"refused: {refused.detail}",)))
            continue
        guesses.append(Guess(row.ticket.id, row.intent, received.intent, received.intent_evidence))
    return IntentReport(guesses)


def intent_metrics(services: Services) -> dict[str, float]:
    """The `intent` section of `draftdesk eval`: the parts of the first set and the
    fresh set, reported apart."""
    metrics: dict[str, float] = {}
    reports = {part: evaluate_intents(load_blind_tickets(part=part), rules=services.intent_rules) for part in ("dev", "holdout")}
    reports["fresh"] = evaluate_fresh_intents(services)
    for part, report in reports.items():
        metrics[f"intent.{part}.accuracy"] = round(report.accuracy, 4)
        metrics[f"intent.{part}.other_when_not_other"] = round(report.other_when_not_other, 4)
    return metrics


def main(argv: list[str]) -> int:
    part: Part = "dev"
    if argv[:1] == ["--part"] and len(argv) == 2 and argv[1] in PARTS:
        part = argv[1]  # type: ignore[assignment]
    elif argv:
        print("usage: python -m draftdesk.evals.intent [--part dev|holdout|all|fresh]", file=sys.stderr)
        return 2
    if part == "fresh":
        report = _fresh_report()
    else:
        report = evaluate_intents(load_blind_tickets(part=part), rules=load_intent_rules(INTENT_RULES))
    for guess in report.guesses:
        if guess.got is not guess.expected:
            print(f"{guess.id:<12} {guess.expected.value:<20} got {guess.got.value:<20} {list(guess.evidence)[:4]}")
    print(
        f"{part}: {len(report.guesses)} tickets, accuracy {report.accuracy:.3f}, "
        f"`other` for a ticket with an intent {report.other_when_not_other:.3f}"
    )
    return 0


def _fresh_report() -> IntentReport:
    import tempfile

    from draftdesk.config import Settings
    from draftdesk.evals.runner import EVAL_CLOCK
    from draftdesk.wiring import Services

    with tempfile.TemporaryDirectory(prefix="draftdesk-intent-") as scratch:
        settings = Settings(var_dir=Path(scratch), database_url="", chroma_url="", now=EVAL_CLOCK, load_demo=True)
        services = Services(settings)
        try:
            return evaluate_fresh_intents(services)
        finally:
            services.database.dispose()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
