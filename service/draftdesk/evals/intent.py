"""Intent on tickets written blind (`evals/intent_blind/tickets.jsonl`): accuracy, and
how often `other` is guessed for a ticket that has an intent.

    python -m draftdesk.evals.intent                  # the dev part (what the rules were tuned on)
    python -m draftdesk.evals.intent --part holdout   # every third line, scored only at the end
    python -m draftdesk.evals.intent --part all

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
from typing import Literal

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen, Intent, OrderStatus, Ticket
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules, with_order_state

BLIND_TICKETS = PROJECT_ROOT / "evals" / "intent_blind" / "tickets.jsonl"
INTENT_RULES = PROJECT_ROOT / "knowledge" / "intents.yaml"
HOLDOUT_EVERY = 3  # every third line (3rd, 6th …) is the hold-out

Part = Literal["dev", "holdout", "all"]


class BlindTicket(Frozen):
    ticket: Ticket
    intent: Intent
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


def intent_metrics(rules: IntentRules) -> dict[str, float]:
    """The `intent` section of `draftdesk eval`: both parts, reported apart."""
    metrics: dict[str, float] = {}
    for part in ("dev", "holdout"):
        report = evaluate_intents(load_blind_tickets(part=part), rules=rules)
        metrics[f"intent.{part}.accuracy"] = round(report.accuracy, 4)
        metrics[f"intent.{part}.other_when_not_other"] = round(report.other_when_not_other, 4)
    return metrics


def main(argv: list[str]) -> int:
    part: Part = "dev"
    if argv[:1] == ["--part"] and len(argv) == 2 and argv[1] in ("dev", "holdout", "all"):
        part = argv[1]  # type: ignore[assignment]
    elif argv:
        print("usage: python -m draftdesk.evals.intent [--part dev|holdout|all]", file=sys.stderr)
        return 2
    report = evaluate_intents(load_blind_tickets(part=part), rules=load_intent_rules(INTENT_RULES))
    for guess in report.guesses:
        if guess.got is not guess.expected:
            print(f"{guess.id:<12} {guess.expected.value:<20} got {guess.got.value:<20} {list(guess.evidence)[:4]}")
    print(
        f"{part}: {len(report.guesses)} tickets, accuracy {report.accuracy:.3f}, "
        f"`other` for a ticket with an intent {report.other_when_not_other:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
