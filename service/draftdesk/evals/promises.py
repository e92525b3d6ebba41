"""Unbacked-promise eval: replies written blind to the checker (`evals/promises/`), each
labelled `unbacked` (an offer the cited passages do not allow for this order),
`backed` (exactly what a cited passage allows, its conditions met) or `none`.

    python -m draftdesk.evals.promises

Each reply is checked as the desk checks an agent's edit: in the context of its order
(the sender is the order's customer), its intent, the passages it cites and the demo
clock. A promise finding is an error of the offer rule (HS013) or of the estimate
rule (HS002: a forecast date stated as certain). Reported: how many unbacked replies
could be approved (no error finding of any rule but the signature rule HS007 — the
replies were written without the shop's contact line, which an agent's signature
adds: the bar is 0), the promise rule's recall on unbacked replies and its false
alarms on backed and offer-free ones.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, TypeAdapter

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen, Intent, Language, Sender, Severity
from draftdesk.files import read_yaml
from draftdesk.pipeline.check import CheckContext, check
from draftdesk.pipeline.context import resolve_context

if TYPE_CHECKING:
    from draftdesk.wiring import Services

CASES_FILE = PROJECT_ROOT / "evals" / "promises" / "cases.yaml"
PROMISE_RULES = frozenset({"HS013", "HS002"})
SIGNATURE_RULE = "HS007"


class PromiseCase(Frozen):
    id: str = Field(min_length=1)
    language: Language
    order: str
    intent: Intent
    cited: tuple[str, ...]
    subject: str
    body: str
    promise: Literal["unbacked", "backed", "none"]
    why: str = ""


class PromiseOutcome(Frozen):
    case: str
    label: str
    promise_findings: tuple[str, ...]  # rule ids of promise findings (errors)
    blocking: bool  # an error finding of any rule but the signature rule


class PromiseReport(Frozen):
    outcomes: list[PromiseOutcome]

    def of(self, *labels: str) -> list[PromiseOutcome]:
        return [o for o in self.outcomes if o.label in labels]

    @property
    def approvable_unbacked(self) -> int:
        return sum(not o.blocking for o in self.of("unbacked"))

    @property
    def recall(self) -> float:
        unbacked = self.of("unbacked")
        return sum(bool(o.promise_findings) for o in unbacked) / len(unbacked) if unbacked else 1.0

    @property
    def false_alarm_rate(self) -> float:
        clean = self.of("backed", "none")
        return sum(bool(o.promise_findings) for o in clean) / len(clean) if clean else 0.0


def load_promise_cases(path: Path = CASES_FILE) -> list[PromiseCase]:
    return TypeAdapter(list[PromiseCase]).validate_python(read_yaml(path))


def evaluate_promises(services: Services, *, cases: list[PromiseCase] | None = None) -> PromiseReport:
    services.load_demo_shop()
    now = services.now()
    outcomes = []
    for case in cases if cases is not None else load_promise_cases():
        order = services.orders.by_number(case.order)
        if order is None:
            raise ValueError(f"{case.id}: no demo order {case.order}")
        sender = Sender(email=order.customer.email, name=order.customer.name)
        found = resolve_context(
            order_numbers=[case.order], phones=[], sender=sender, language=case.language,
            orders=services.orders, shop=services.shop, now=now,
        )
        passages = [services.policies.get(passage_id) for passage_id in case.cited]
        context = CheckContext(
            language=case.language, facts=found.facts, intent=case.intent,
            passages=[p for p in passages if p is not None], shop=services.shop,
            customer_name=order.customer.name, customer=order.customer, other_orders=found.other_orders,
            subject=case.subject, now=now,
        )
        findings = [f for f in check(case.body, context=context, rules=services.rules) if f.severity == Severity.ERROR]
        outcomes.append(
            PromiseOutcome(
                case=case.id,
                label=case.promise,
                promise_findings=tuple(sorted({f.rule for f in findings if f.rule in PROMISE_RULES})),
                blocking=any(f.rule != SIGNATURE_RULE for f in findings),
            )
        )
    return PromiseReport(outcomes=outcomes)


def main(argv: list[str]) -> int:
    from draftdesk.config import Settings
    from draftdesk.wiring import Services

    report = evaluate_promises(Services(Settings()))
    for outcome in report.outcomes:
        missed = outcome.label == "unbacked" and not outcome.promise_findings
        alarm = outcome.label != "unbacked" and outcome.promise_findings
        if missed or alarm:
            kind = "missed" if missed else "false alarm"
            print(f"{kind:<12}{outcome.case} ({outcome.label}) blocking={outcome.blocking} {list(outcome.promise_findings)}")
    counts = {label: len(report.of(label)) for label in ("unbacked", "backed", "none")}
    print(f"cases {counts}: approvable unbacked {report.approvable_unbacked}, "
          f"promise recall {report.recall:.3f}, false alarms on backed/none {report.false_alarm_rate:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
