"""check: the house-style rules of knowledge/house_style.yaml over a reply text.

A rule is data: `id`, `type`, `severity`, `languages`, `message` and the parameters
its type reads. Each type is one small builder in `draftdesk.pipeline.checks` that
turns a rule into its `RuleCheck`; the registry there is the one list of types that exist.

Some rules read the ticket's intent (the conditions under which a policy allows an
offer). A caller that knows it passes `intent`; otherwise, when the rules were loaded
next to the shop's `intents.yaml`, the ticket is classified the way intake does it.

`review` is `check` and the reply's claims (`draftdesk.pipeline.claims`) in one pass:
every draft, edit and re-check gets both from there.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from draftdesk.domain import Agent, Claim, Customer, Fact, Finding, Frozen, Intent, Language, Order, Passage, Severity, ShopProfile, Ticket
from draftdesk.errors import ConfigurationError, InvalidInput, describe_validation_error
from draftdesk.files import read_yaml
from draftdesk.knowledge import PolicyPassage
from draftdesk.pipeline.claims import Sources, find_claims, orders_named_in
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules
from draftdesk.text.mentions import Mention, find_mentions
from draftdesk.text.order_numbers import OrderNumberFormat, order_number_format
from draftdesk.text.sentences import ReplyParts, Span, paragraphs, reply_parts, split_sentences
from draftdesk.text.written_language import written_language

if TYPE_CHECKING:
    from draftdesk.pipeline.checks.words import Token


class CheckContext(Frozen):
    language: Language
    facts: list[Fact] = Field(default_factory=list)
    ticket: Ticket | None = None
    intent: Intent | None = None
    # The cited passages; a PolicyPassage carries the conditions of what it allows.
    passages: list[PolicyPassage | Passage] = Field(default_factory=list)
    shop: ShopProfile | None = None
    agent: Agent | None = None
    customer_name: str | None = None
    # The customer's record: their own e-mail, phone and address are no data "beyond the order" (HS016).
    customer: Customer | None = None
    # The same customer's other orders (the context's `customer.other_order.N`): a paragraph of
    # the reply that names one may state its record — items, total, dates (HS003) — and an offer
    # made there is judged by that order's record, not the ticket's order's (HS013).
    other_orders: list[Order] = Field(default_factory=list)
    subject: str = ""
    abusive: bool = False
    now: datetime | None = None


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z]{2}\d{3}$")
    type: str
    severity: Severity
    languages: tuple[Language, ...] = ("ja", "en")
    message: dict[Language, str]
    params: dict[str, Any] = Field(default_factory=dict)
    exceptions: tuple[str, ...] = ()
    # How the rule's phrase lists are read: as regular expressions, or as words matched on
    # their lemmas (`draftdesk.pipeline.checks.phrases`).
    match: Literal["regex", "lemmas"] = "regex"
    # Rules whose finding on the same words says what is wrong with them better: a date of
    # birth is personal data (HS016), not also a date no fact holds (HS003). One fault, one finding.
    yields_to: tuple[str, ...] = ()

    @field_validator("message", mode="before")
    @classmethod
    def _one_or_per_language(cls, value: object) -> object:
        return {"ja": value, "en": value} if isinstance(value, str) else value

    def says(self, language: Language) -> str:
        return self.message.get(language) or next(iter(self.message.values()))


@dataclass(frozen=True)
class CheckedText:
    """The reply text under check, with what several rules need computed once."""

    text: str
    context: CheckContext

    @property
    def ticket_language(self) -> Language:
        """The language the reply must be in (HS018 holds `language` against it)."""
        return self.context.language

    @cached_property
    def language(self) -> Language:
        """The language the reply is written in. Every rule reads the reply in it, so a reply
        in the wrong language gets HS018, not also the findings of rules that read Japanese
        as if it were English (no `Dear`, no marker `estimated`, no signature found)."""
        return written_language(self._parts_as_ticket.body.text) or self.ticket_language

    @cached_property
    def _parts_as_ticket(self) -> ReplyParts:
        return reply_parts(self.text, self.ticket_language)

    @cached_property
    def parts(self) -> ReplyParts:
        if self.language == self.ticket_language:
            return self._parts_as_ticket
        return reply_parts(self.text, self.language)

    @cached_property
    def sentences(self) -> list[Span]:
        body = self.parts.body
        return split_sentences(body.text, self.language, offset=body.start)

    @cached_property
    def postscript_sentences(self) -> list[Span]:
        """The sentences of a P.S. after the signature: what it states or gives counts too."""
        postscript = self.parts.postscript
        return split_sentences(postscript.text, self.language, offset=postscript.start) if postscript else []

    @cached_property
    def today(self) -> date:
        return (self.context.now or datetime.now()).date()

    @cached_property
    def order_numbers(self) -> OrderNumberFormat:
        return order_number_format(self.context.shop)

    @cached_property
    def mentions(self) -> list[Mention]:
        """The dates, numbers and amounts the reply states; not those on a line quoted from
        the customer's mail (> It was due on the 17th): those are theirs."""
        found = find_mentions(self.text, today=self.today, order_numbers=self.order_numbers)
        return [m for m in found if not self.quoted(m.start)]

    @cached_property
    def sources(self) -> Sources:
        from draftdesk.pipeline.context import order_facts

        context = self.context
        return Sources(
            facts=context.facts, ticket=context.ticket, passages=context.passages, today=self.today,
            order_numbers=self.order_numbers,
            other_orders=[(o.number, order_facts(o, language=context.language)) for o in context.other_orders],
            shop={"business_hours": context.shop.business_hours(self.language)} if context.shop else {},
        )

    @cached_property
    def _paragraphs(self) -> list[Span]:
        spans = [self.parts.body] + ([self.parts.postscript] if self.parts.postscript else [])
        return [p for span in spans for p in paragraphs(span)]

    def orders_named_around(self, offset: int) -> frozenset[str]:
        """The customer's other orders (as `number_key`s) that the paragraph holding `offset` names."""
        if not self.context.other_orders:
            return frozenset()
        paragraph = next((p for p in self._paragraphs if p.start <= offset < p.end), None)
        return orders_named_in(paragraph, self.mentions, self.sources.other_order_keys)

    @cached_property
    def claims(self) -> list[Claim]:
        return find_claims(
            self.text, mentions=self.mentions, body=self.parts.body, sentences=self.sentences, sources=self.sources
        )

    @cached_property
    def tokens(self) -> list[Token]:
        """The body's words and lemmas, read once for every rule that matches phrases."""
        from draftdesk.pipeline.checks.words import tokenize  # the checks package imports this module

        body = self.parts.body
        return tokenize(body.text, self.language, offset=body.start)

    @cached_property
    def lemmas(self) -> list[str]:
        """Each word's lemma as phrase lists are matched on it (`checks.phrases.lemma`)."""
        from draftdesk.pipeline.checks.phrases import lemma

        return [lemma(token, self.language) for token in self.tokens]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [token.start for token in self.tokens]

    def word_range(self, start: int, end: int) -> slice:
        """The words that lie within [start, end) of the text, as a slice of `tokens`."""
        first = bisect_left(self._token_starts, start)
        last = bisect_left(self._token_starts, end, lo=first)
        while last > first and self.tokens[last - 1].end > end:
            last -= 1
        return slice(first, last)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        return self.tokens[self.word_range(start, end)]

    def quoted(self, offset: int) -> bool:
        """The offset lies on a line quoted from the customer's mail (`> …`, `＞ …`): their
        words, not the reply's — an apology or a guess there is not ours."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text[line_start:offset + 1].lstrip(" \t　")[:1] in (">", "＞")

    def sentence_at(self, offset: int) -> Span | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        *,
        suggestion: str | None = None,
        replacement: str | None = None,
        detail: str = "",
    ) -> Finding:
        """`replacement`: the text that fixes it at [start, end) (a one-click fix), when the rule knows it."""
        message = rule.says(self.ticket_language) + (f" ({detail})" if detail else "")
        return Finding(
            rule=rule.id, severity=rule.severity, message=message, start=start, end=end,
            excerpt=self.text[start:end], suggestion=suggestion, replacement=replacement,
        )


# One rule's check, built from the rule's parameters once, run on every reply.
RuleCheck = Callable[[CheckedText], list[Finding]]
RuleBuilder = Callable[[Rule], RuleCheck]


class RuleSet:
    def __init__(self, rules: list[Rule], checks: dict[str, RuleCheck], *, intent_rules: IntentRules | None = None) -> None:
        self.rules = rules
        self._checks = checks
        self.intent_rules = intent_rules

    def with_intent(self, context: CheckContext) -> CheckContext:
        """The context with the ticket's intent, classified here when the caller did not say."""
        if context.intent is not None or context.ticket is None or self.intent_rules is None:
            return context
        try:
            intent = intake(context.ticket, rules=self.intent_rules).intent
        except InvalidInput:  # nothing of the customer's own left to read (only quoted lines): no intent known
            return context
        return context.model_copy(update={"intent": intent})

    def run(self, reply: CheckedText) -> list[Finding]:
        findings: list[Finding] = []
        for rule in self.rules:
            if reply.language in rule.languages:
                findings += self._checks[rule.id](reply)
        yielding = {rule.id: set(rule.yields_to) for rule in self.rules if rule.yields_to}
        if yielding:
            findings = [f for f in findings if not _yields(f, yielding.get(f.rule), findings)]
        return sorted(findings, key=lambda f: (f.start, f.rule))


def _yields(finding: Finding, to: set[str] | None, findings: list[Finding]) -> bool:
    """Another rule's finding covers the same words and this rule yields to it."""
    return bool(to) and any(
        other.rule in to and other.start < finding.end and finding.start < other.end for other in findings
    )


def load_rules(path: Path, *, intent_rules: IntentRules | None = None) -> RuleSet:
    """The rules of `path`; the intent rules default to `intents.yaml` beside it, if any."""
    from draftdesk.pipeline.checks import RULE_TYPES

    if intent_rules is None and path.with_name("intents.yaml").is_file():
        intent_rules = load_intent_rules(path.with_name("intents.yaml"))
    raw = read_yaml(path) or {}
    entries = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path.name}: a top-level 'rules:' list is required")
    rules: list[Rule] = []
    checks: dict[str, RuleCheck] = {}
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        where = f"{path.name}: rule {name}"
        try:
            rule = Rule.model_validate(entry)
        except ValidationError as exc:
            raise ConfigurationError(describe_validation_error(exc, where=where)) from None
        if rule.id in seen:
            raise ConfigurationError(f"{where}: id is used twice")
        if rule.type not in RULE_TYPES:
            raise ConfigurationError(f"{where}: type: must be one of {', '.join(sorted(RULE_TYPES))}")
        try:
            checks[rule.id] = RULE_TYPES[rule.type](rule)
        except (ValidationError, ValueError, KeyError, TypeError) as exc:
            detail = describe_validation_error(exc, where=f"{where}: params") if isinstance(exc, ValidationError) else f"{where}: params: {exc}"
            raise ConfigurationError(detail) from None
        seen.add(rule.id)
        rules.append(rule)
    for rule in rules:
        unknown = sorted(set(rule.yields_to) - seen)
        if unknown:
            raise ConfigurationError(f"{path.name}: rule {rule.id}: yields_to: no rule {', '.join(unknown)}")
    return RuleSet(rules, checks, intent_rules=intent_rules)


class Review(Frozen):
    """A reply text checked: the rules' findings and what it claims, with their sources."""

    findings: list[Finding]
    claims: list[Claim]


def review(text: str, *, context: CheckContext, rules: RuleSet) -> Review:
    reply = CheckedText(text=text, context=rules.with_intent(context))
    return Review(findings=rules.run(reply), claims=reply.claims)


def check(text: str, *, context: CheckContext, rules: RuleSet) -> list[Finding]:
    return rules.run(CheckedText(text=text, context=rules.with_intent(context)))
