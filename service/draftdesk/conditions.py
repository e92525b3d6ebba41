"""The condition language of policy markup: when an offer a passage allows applies.

    <!-- allows: refund, exchange when: intent in [damaged] and days_since(delivery) <= 7 -->

A condition is data a shop writes, never code: a few named tests over the case,
joined by `and`, `or`, `not` and brackets. Nothing is evaluated but these tests.

    test     := NAME in [value, …]            status, intent, return_reason, payment
              | NUMBER_TERM OP NUMBER_TERM    OP: < <= > >= = !=
    NUMBER_TERM := days_since(EVENT) | amount | total | a number
    EVENT    := order | shipment | delivery | return | estimated_delivery

`days_since(EVENT)` counts whole days from the event's date to the day the customer
wrote (the ticket's date, else today). `amount` is the money the reply offers (in
the order's currency; a percentage counts as that share of the total) and `total`
the order total. A test on something the case does not know (no delivery date, no
intent) is unknown, and unknown never grants: `not`, `and` and `or` follow Kleene's
three-valued logic, and only a condition that is true allows the offer. An offer
that states no amount passes `amount` tests: it is the amount the policy names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from draftdesk.domain import Intent, OrderStatus, ReturnReason

Truth = bool | None  # None: unknown

# What the names read: the facts of `draftdesk.pipeline.context`, by key.
FACT_VALUES = {"status": "order.status", "return_reason": "shipment.return_reason", "payment": "order.payment_method"}
FACT_EVENTS = {
    "order": "order.placed_at", "shipment": "shipment.shipped_at", "delivery": "shipment.delivered_at",
    "return": "shipment.returned_at", "estimated_delivery": "shipment.estimated_delivery",
}
SETS: dict[str, frozenset[str] | None] = {
    "status": frozenset(s.value for s in OrderStatus),
    "intent": frozenset(i.value for i in Intent),
    "return_reason": frozenset(r.value for r in ReturnReason),
    "payment": None,  # a shop's own payment method names
}
EVENTS = ("order", "shipment", "delivery", "return", "estimated_delivery")
NUMBERS = ("amount", "total")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, ">": lambda a, b: a > b, "=": lambda a, b: a == b,
}
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[a-z_][a-z0-9_]*)|(?P<op><=|>=|!=|==|<|>|=)|(?P<punct>[\[\](),]))")


class ConditionError(ValueError):
    """A condition that does not parse; the message says what and where."""


@dataclass(frozen=True)
class Case:
    """What a condition can test: the order's facts, the ticket's intent, the offer."""

    values: Mapping[str, str] = field(default_factory=dict)  # status, intent, return_reason, payment
    dates: Mapping[str, date] = field(default_factory=dict)  # by event name
    today: date | None = None  # the day the customer wrote
    total: float | None = None
    amount: float | None = None  # the money the offer states, if it can be told
    amount_stated: bool = False  # an offer that names no amount is the policy's own


def case_from_facts(facts: Mapping[str, str], *, intent: str | None, written: date) -> Case:
    """The case a condition tests: fact values by key, the ticket's intent, and the day
    the customer wrote (what `days_since` counts to)."""
    values = {name: facts[key] for name, key in FACT_VALUES.items() if facts.get(key)}
    if intent:
        values["intent"] = intent
    dates = {
        event: date.fromisoformat(facts[key])
        for event, key in FACT_EVENTS.items()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts.get(key) or "")
    }
    try:
        total = float(facts["order.total"]) if facts.get("order.total") else None
    except ValueError:
        total = None
    return Case(values=values, dates=dates, today=written, total=total)


class Condition:
    def evaluate(self, case: Case) -> Truth:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class _In(Condition):
    name: str
    options: frozenset[str]

    def evaluate(self, case: Case) -> Truth:
        value = case.values.get(self.name)
        return None if not value else value in self.options


@dataclass(frozen=True)
class _Compare(Condition):
    left: str | float
    op: str
    right: str | float

    def evaluate(self, case: Case) -> Truth:
        if "amount" in (self.left, self.right) and not case.amount_stated:
            return True  # no amount stated: the policy's own amount
        left, right = _number(self.left, case), _number(self.right, case)
        if left is None or right is None:
            return None
        return _OPERATORS[self.op](left, right)


@dataclass(frozen=True)
class _Not(Condition):
    inner: Condition

    def evaluate(self, case: Case) -> Truth:
        value = self.inner.evaluate(case)
        return None if value is None else not value


@dataclass(frozen=True)
class _All(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, case: Case) -> Truth:
        values = [part.evaluate(case) for part in self.parts]
        return False if False in values else (None if None in values else True)


@dataclass(frozen=True)
class _Any(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, case: Case) -> Truth:
        values = [part.evaluate(case) for part in self.parts]
        return True if True in values else (None if None in values else False)


def _number(term: str | float, case: Case) -> float | None:
    if isinstance(term, float):
        return term
    if term == "total":
        return case.total
    if term == "amount":
        return case.amount
    event = term.removeprefix("days_since:")
    happened = case.dates.get(event)
    return None if happened is None or case.today is None else float((case.today - happened).days)


@lru_cache(maxsize=512)
def parse_condition(text: str) -> Condition:
    """The condition in `text`, or ConditionError naming what is wrong and where."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, text)
    condition = parser.any()
    if parser.peek() is not None:
        parser.fail(f"unexpected {parser.peek()!r}")
    return condition


def _tokenize(text: str) -> list[tuple[str, int]]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if not match:
            raise ConditionError(f"cannot read {text[position:].strip()[:20]!r} (column {position + 1})")
        token = match.group(match.lastgroup or "")
        tokens.append(("=" if token == "==" else token, match.start(match.lastgroup or 0)))
        position = match.end()
    if not tokens:
        raise ConditionError("the condition after 'when:' is empty")
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, int]], text: str) -> None:
        self.tokens, self.text, self.at = tokens, text, 0

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            self.fail(f"the condition ends too early{f', expected {expected!r}' if expected else ''}")
        if expected is not None and token != expected:
            self.fail(f"expected {expected!r}, found {token!r}")
        self.at += 1
        return token  # type: ignore[return-value]

    def fail(self, message: str) -> None:
        column = self.tokens[self.at][1] + 1 if self.at < len(self.tokens) else len(self.text) + 1
        raise ConditionError(f"{message} (column {column})")

    def any(self) -> Condition:
        parts = [self.all()]
        while self.peek() == "or":
            self.take()
            parts.append(self.all())
        return parts[0] if len(parts) == 1 else _Any(tuple(parts))

    def all(self) -> Condition:
        parts = [self.negated()]
        while self.peek() == "and":
            self.take()
            parts.append(self.negated())
        return parts[0] if len(parts) == 1 else _All(tuple(parts))

    def negated(self) -> Condition:
        if self.peek() == "not":
            self.take()
            return _Not(self.negated())
        if self.peek() == "(":
            self.take()
            inner = self.any()
            self.take(")")
            return inner
        return self.test()

    def test(self) -> Condition:
        if self.peek() in SETS:
            return self.membership(self.take())
        left = self.term()
        op = self.peek()
        if op not in _OPERATORS:
            self.fail(f"expected a comparison (<, <=, >, >=, =, !=) after {str(left).replace('days_since:', 'days_since of ')!r}")
        self.take()
        return _Compare(left, op, self.term())  # type: ignore[arg-type]

    def membership(self, name: str) -> Condition:
        self.take("in")
        self.take("[")
        if self.peek() == "]":
            self.fail(f"{name}: the list is empty")
        options = [self.take()]
        while self.peek() == ",":
            self.take()
            options.append(self.take())
        self.take("]")
        known = SETS[name]
        unknown = sorted(set(options) - known) if known is not None else []
        if unknown or any(not re.fullmatch(r"[a-z_][a-z0-9_]*", o) for o in options):
            self.fail(f"{name}: unknown {unknown or options}; known: {sorted(known or [])}")
        return _In(name, frozenset(options))

    def term(self) -> str | float:
        token = self.peek()
        if token is not None and re.fullmatch(r"\d+(?:\.\d+)?", token):
            return float(self.take())
        if token in NUMBERS:
            return self.take()
        if token == "days_since":
            self.take()
            self.take("(")
            event = self.take()
            if event not in EVENTS:
                self.at -= 1
                self.fail(f"days_since: unknown event {event!r}; known: {list(EVENTS)}")
            self.take(")")
            return f"days_since:{event}"
        known = [*SETS, *NUMBERS, "days_since(…)"]
        self.fail(f"unknown name {token!r}; known: {known}" if token else "the condition ends too early")
        raise AssertionError  # unreachable
