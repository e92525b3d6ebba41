"""The checker on replies written and labelled blind (`evals/style_blind/replies.yaml`):
per error-level rule precision and recall, reported apart from the tuned style sets.

    python -m draftdesk.evals.style --blind     # the first set (now development data)
    python -m draftdesk.evals.style --blind2    # the second set (now development data too)
    python -m draftdesk.evals.style --blind3    # the third set: scored, never tuned on
    python -m draftdesk.evals.style --blind3 --dev   # its development part only (scores and misses)
    python -m draftdesk.evals.style --blind4    # the fourth set (two writers, two annotators): scored once, now development data
    python -m draftdesk.evals.style --blind5    # the fifth set (two more writers, two annotators): scored once, now development data
    python -m draftdesk.evals.style --blind6    # the sixth set (two more writers, two annotators): scored once, now development data
    python -m draftdesk.evals.style --blind7    # the seventh set (two more writers, two annotators): scored, then development data
    python -m draftdesk.evals.style --blind8    # the eighth set (two more writers, two annotators): scored, then development data
    python -m draftdesk.evals.style --blind9    # the ninth set (two more writers, two annotators): never tuned on

The second set (`evals/style_blind2/replies.yaml`, another writer, written while the
checker was being fixed on the first, scored once those fixes had merged) was the
measure of issue 17 until its misses were read and fixed; a third set, scored once, is
the final measure. Its citations may name a passage (`refunds-ja#returned-parcel`)
rather than a document, and a reply may answer a ticket with no order.

Each reply is checked the way the desk checks an agent's edit, in a context built from
its entry alone: the order (`knowledge/demo/orders.json`, the sender being its customer),
the customer's name, the ticket, the cited policy documents (every passage of each) and
the subject, on the demo clock; the intent is classified from the ticket. A rule fires
on a reply when it yields an error finding; a span counts as found when a finding of a
correctly fired rule overlaps one of the labelled spans.

The set is split by a fixed rule: every third reply (the 3rd, 6th, …) is the hold-out,
the rest the development part. Both parts of both sets have since been worked on
(issue 17), so `style_blind2.holdout.*` in `draftdesk eval` no longer measures unseen
wording. The report lists every reply with a miss, the hold-out ones marked.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, TypeAdapter, model_validator

from draftdesk.adapters.order_files import load_orders_file
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Finding, Frozen, Language, Order, Sender, Severity, ShopProfile, Ticket
from draftdesk.files import load_yaml_model, read_yaml
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.check import CheckContext, RuleSet, check, load_rules
from draftdesk.pipeline.context import resolve_context
from draftdesk.text.keys import email_key, number_key

REPLIES_FILE = PROJECT_ROOT / "evals" / "style_blind" / "replies.yaml"
SECOND_REPLIES_FILE = PROJECT_ROOT / "evals" / "style_blind2" / "replies.yaml"
THIRD_REPLIES_FILE = PROJECT_ROOT / "evals" / "style_blind3" / "replies.yaml"
FOURTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind4"  # two writers' files, replies_*.yaml
FIFTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind5"  # the same shape
SIXTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind6"
SEVENTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind7"
EIGHTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind8"
NINTH_REPLIES_DIR = PROJECT_ROOT / "evals" / "style_blind9"
# `python -m draftdesk.evals.style --<name>` scores the set; each set's README says whether it is still unseen.
BLIND_SETS = {
    "blind": REPLIES_FILE, "blind2": SECOND_REPLIES_FILE, "blind3": THIRD_REPLIES_FILE,
    "blind4": FOURTH_REPLIES_DIR, "blind5": FIFTH_REPLIES_DIR, "blind6": SIXTH_REPLIES_DIR,
    "blind7": SEVENTH_REPLIES_DIR, "blind8": EIGHTH_REPLIES_DIR, "blind9": NINTH_REPLIES_DIR,
}
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
PARTS = ("dev", "holdout", "all")


class BlindReply(Frozen):
    id: str = Field(min_length=1)
    language: Language  # the ticket's: the reply must be in it
    order: str | None  # None: a question from someone with no order
    customer_name: str | None = None  # None: no order, no name on record
    ticket: str  # the customer's text; a ticket given in DESIGN.md's shape is read as its subject and body
    ticket_subject: str = ""
    cited_policies: tuple[str, ...] = ()
    subject: str = ""
    body: str
    labels: dict[str, bool]
    spans: dict[str, list[str]] = Field(default_factory=dict)
    note: str = ""
    tricky: tuple[str, ...] = ()  # rules the reply comes close to without breaking them

    def cites(self, passage_id: str) -> bool:
        """A cited document cites each of its passages; a cited passage itself."""
        return passage_id in self.cited_policies or passage_id.split("#", 1)[0] in self.cited_policies

    @model_validator(mode="before")
    @classmethod
    def _ticket_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(ticket := data.get("ticket"), dict):
            return {**data, "ticket": ticket.get("body", ""), "ticket_subject": ticket.get("subject", "")}
        return data


class BlindScore(Frozen):
    rule: str
    labelled: int
    fired: int
    correct: int
    spans_found: int  # of the correct ones, how many overlap a labelled span

    @property
    def precision(self) -> float:
        return self.correct / self.fired if self.fired else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


class BlindOutcome(Frozen):
    reply: str
    holdout: bool
    expected: frozenset[str]
    fired: frozenset[str]
    spans_found: frozenset[str]


class BlindReport(Frozen):
    rules: tuple[str, ...]
    outcomes: list[BlindOutcome]

    def part(self, name: str) -> list[BlindOutcome]:
        if name == "all":
            return self.outcomes
        return [o for o in self.outcomes if o.holdout == (name == "holdout")]

    def scores(self, name: str) -> dict[str, BlindScore]:
        outcomes = self.part(name)
        return {
            rule: BlindScore(
                rule=rule,
                labelled=sum(rule in o.expected for o in outcomes),
                fired=sum(rule in o.fired for o in outcomes),
                correct=sum(rule in o.expected and rule in o.fired for o in outcomes),
                spans_found=sum(rule in o.spans_found for o in outcomes),
            )
            for rule in self.rules
        }


def load_replies(path: Path = REPLIES_FILE) -> list[BlindReply]:
    """One set's file, or a folder of several writers' files (`replies_*.yaml`, in name order)."""
    files = sorted(path.glob("replies*.yaml")) if path.is_dir() else [path]
    return [reply for file in files for reply in TypeAdapter(list[BlindReply]).validate_python(read_yaml(file))]


class _Orders:
    """The demo orders, looked up the way the context stage looks them up."""

    def __init__(self, orders: list[Order]) -> None:
        self._by_number = {number_key(order.number): order for order in orders}

    def by_number(self, number: str) -> Order | None:
        return self._by_number.get(number_key(number))

    def by_email(self, email: str) -> list[Order]:
        return [o for o in self._by_number.values() if email_key(o.customer.email) == email_key(email)]

    def by_name_and_phone(self, name: str, phone: str) -> list[Order]:
        return []


def evaluate_blind(rules: RuleSet | None = None, *, replies: list[BlindReply] | None = None) -> BlindReport:
    from draftdesk.evals.runner import EVAL_CLOCK

    rules = rules or load_rules(KNOWLEDGE_DIR / "house_style.yaml")
    replies = replies if replies is not None else load_replies()
    orders = _Orders(load_orders_file(KNOWLEDGE_DIR / "demo" / "orders.json"))
    shop = load_yaml_model(KNOWLEDGE_DIR / "shop.yaml", ShopProfile)
    passages = load_passages(KNOWLEDGE_DIR / "policies")
    labelled = sorted({rule for reply in replies for rule in reply.labels})
    outcomes = []
    for index, reply in enumerate(replies):
        order = orders.by_number(reply.order) if reply.order else None
        if reply.order and order is None:
            raise ValueError(f"{reply.id}: no demo order {reply.order}")
        sender = (
            Sender(email=order.customer.email, name=order.customer.name) if order
            else Sender(email=f"{reply.id.lower()}@example.com", name=reply.customer_name)
        )
        found = resolve_context(
            order_numbers=[reply.order] if reply.order else [], phones=[], sender=sender, language=reply.language,
            orders=orders, shop=shop, now=EVAL_CLOCK,
        )
        context = CheckContext(
            language=reply.language, facts=found.facts,
            ticket=Ticket(
                id=reply.id, subject=reply.ticket_subject, body=reply.ticket, sender=sender, language=reply.language,
            ),
            passages=[p for p in passages if reply.cites(p.id)],
            shop=shop, customer_name=reply.customer_name, customer=order.customer if order else None,
            other_orders=found.other_orders, subject=reply.subject, now=EVAL_CLOCK,
        )
        findings = [f for f in check(reply.body, context=context, rules=rules) if f.severity == Severity.ERROR]
        fired = frozenset(f.rule for f in findings if f.rule in labelled)
        expected = frozenset(rule for rule, broken in reply.labels.items() if broken)
        outcomes.append(BlindOutcome(
            reply=reply.id, holdout=index % 3 == 2, expected=expected, fired=fired,
            spans_found=frozenset(rule for rule in expected & fired if _span_found(reply, rule, findings)),
        ))
    return BlindReport(rules=tuple(labelled), outcomes=outcomes)


def _span_found(reply: BlindReply, rule: str, findings: list[Finding]) -> bool:
    wanted = [(at, at + len(text)) for text in reply.spans.get(rule, []) if (at := reply.body.find(text)) >= 0]
    return any(f.rule == rule and f.start < end and start < f.end for f in findings for start, end in wanted)


def format_blind(report: BlindReport, *, show: tuple[str, ...] = ("dev", "holdout", "all")) -> str:
    lines = []
    for part in show:
        outcomes = report.part(part)
        lines.append(f"blind replies, {part}: {len(outcomes)} replies")
        lines.append(f"{'rule':<6} {'labelled':>8} {'fired':>6} {'P':>6} {'R':>6} {'spans':>6}")
        for score in report.scores(part).values():
            lines.append(
                f"{score.rule:<6} {score.labelled:>8} {score.fired:>6} {score.precision:>6.3f} {score.recall:>6.3f}"
                f" {score.spans_found:>3}/{score.correct:<2}"
            )
    # Only the parts shown have their misses listed: `--dev` must not reveal the hold-out's.
    listed = report.outcomes if "all" in show else [o for part in show for o in report.part(part)]
    for outcome in listed:
        if outcome.fired != outcome.expected:
            part = " (hold-out)" if outcome.holdout else ""
            lines.append(f"miss {outcome.reply}{part}: expected {sorted(outcome.expected)}, fired {sorted(outcome.fired)}")
    return "\n".join(lines)
