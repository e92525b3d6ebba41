"""The reply pipeline: intake → context → redact → retrieve → draft → restore → check.

`ReplyPipeline` holds the adapters wired once at start-up. `prepare` runs the stages
before drafting for one ticket, `check` checks any reply text against what a reply
answers (its `Grounds`), and `draft_reply` runs every stage in order and returns the
checked Draft. Redaction runs before retrieval so that a remote embedder, like a
model, only ever sees placeholders.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from jinja2 import Environment
from pydantic import Field

from draftdesk.domain import (
    Agent,
    Customer,
    Draft,
    DraftRequest,
    DraftResult,
    Fact,
    Finding,
    Flag,
    Frozen,
    Intent,
    Language,
    Order,
    Passage,
    RedactionSummary,
    ScoredPassage,
    ShopProfile,
    Ticket,
    Withheld,
)
from draftdesk.errors import InvalidInput, RedactionFailed
from draftdesk.pipeline.check import CheckContext, Review, RuleSet, review
from draftdesk.pipeline.context import Context, resolve_context
from draftdesk.pipeline.draft import draft_sections, fallback_sections
from draftdesk.pipeline.intake import Intake, IntentRules, intake, with_order_state
from draftdesk.pipeline.order_state import order_state
from draftdesk.pipeline.redact import KnownValues, Vault, redact
from draftdesk.pipeline.restore import restore_reply
from draftdesk.pipeline.retrieve import MIN_RELEVANCE, citations, retrieve
from draftdesk.ports import Drafter, OrderSource, PiiDetector, PolicyIndex, SectionSink
from draftdesk.text.keys import number_key
from draftdesk.text.order_numbers import order_number_format
from draftdesk.text.sensitive_numbers import has_sensitive_number

T = TypeVar("T")


class Grounds(Frozen):
    """What a reply answers, and so what it is checked against: the ticket, what was
    found for it, and the name the greeting must use. A reply text checked without a
    ticket has only its language."""

    language: Language
    intent: Intent | None = None
    facts: list[Fact] = Field(default_factory=list)
    ticket: Ticket | None = None
    passages: list[Passage] = Field(default_factory=list)
    customer_name: str | None = None
    customer: Customer | None = None  # the order's: what the reply may repeat of theirs
    other_orders: list[Order] = Field(default_factory=list)  # the customer's others: a paragraph naming one states its record, its offers are judged by it
    abusive: bool = False


def customer_name_on_record(order: Order | None, ticket: Ticket | None) -> str | None:
    """The name a reply greets: the customer's on the order, else the sender's."""
    if order is not None:
        return order.customer.name
    return ticket.sender.name if ticket is not None else None


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """One ticket after intake, context, redaction and retrieval: what a drafter gets
    (`request`, placeholders only) and what stays in the process (`vault`)."""

    ticket: Ticket
    intake: Intake
    context: Context
    vault: Vault
    redaction: RedactionSummary
    request: DraftRequest
    scored: list[ScoredPassage]
    timings: Mapping[str, float]

    def grounds(self, *, passages: list[Passage]) -> Grounds:
        """`passages`: those the reply may rely on (a draft's cited ones, or all retrieved)."""
        return Grounds(
            language=self.intake.language,
            intent=self.intake.intent,
            facts=self.context.facts,
            ticket=self.ticket,
            passages=passages,
            customer_name=customer_name_on_record(self.context.order, self.ticket),
            customer=self.context.order.customer if self.context.order else None,
            other_orders=self.context.other_orders,
            abusive=self.intake.abusive,
        )


@dataclass(frozen=True, kw_only=True)
class ReplyPipeline:
    orders: OrderSource
    policies: PolicyIndex
    detector: PiiDetector
    drafter: Drafter
    fallback: Drafter
    rules: RuleSet
    intent_rules: IntentRules
    shop: ShopProfile
    env: Environment
    max_body_chars: int = 50_000
    passages_per_draft: int = 3
    # A passage scoring below this is not cited: nothing rather than something off-topic.
    min_citation_score: float = MIN_RELEVANCE
    # Seconds the drafter may take, all attempts and fallback models together, before
    # the template drafter answers instead; None: no overall limit.
    draft_deadline_s: float | None = None
    # What `timings` are measured with: wall time in a Draft; the capacity benchmark
    # measures CPU time (time.thread_time) so that a loaded machine disturbs it less.
    stage_clock: Callable[[], float] = time.perf_counter

    async def draft_reply(
        self,
        ticket: Ticket,
        *,
        agent: Agent | None,
        now: datetime,
        draft_id: str | None = None,
        on_section: SectionSink | None = None,
    ) -> Draft:
        """`agent` signs the reply; without one, the shop's default agent does.
        `on_section` receives each section, placeholders restored, as it is drafted."""
        prepared = await asyncio.to_thread(self.prepare, ticket, now=now)
        restored_sink = _restoring(on_section, prepared.vault) if on_section else None
        started = time.perf_counter()
        if prepared.redaction.failed:
            result = await fallback_sections(
                prepared.request, fallback=self.fallback,
                reason=prepared.redaction.reason or "redaction failed", on_section=restored_sink,
            )
        else:
            result = await draft_sections(
                prepared.request, drafter=self.drafter, fallback=self.fallback, on_section=restored_sink,
                deadline_s=self.draft_deadline_s,
            )
        timings = {**prepared.timings, "draft": _ms(started, time.perf_counter)}
        return await asyncio.to_thread(
            self._finish, prepared, result, agent=agent, now=now, timings=timings,
            draft_id=draft_id or new_draft_id(),
        )

    def prepare(self, ticket: Ticket, *, now: datetime) -> Prepared:
        """intake → context → redact → retrieve for one ticket. A redaction that fails
        is recorded, not raised: the request then carries the ticket as received and no
        model may see it (the template drafter answers)."""
        if len(ticket.body) > self.max_body_chars:
            raise InvalidInput(
                f"ticket body has {len(ticket.body):,} characters; the limit is {self.max_body_chars:,}"
            )
        timings: dict[str, float] = {}
        received, context = read_ticket(
            ticket, rules=self.intent_rules, shop=self.shop, orders=self.orders, now=now, timings=timings,
            stage_clock=self.stage_clock,
        )
        vault = Vault()
        known = _known_values(context, ticket)
        started = self.stage_clock()
        try:
            subject, text = self._redacted_ticket(received, context, known, vault)
            redaction = RedactionSummary(entities=vault.counts())
        except RedactionFailed as failure:
            # Fail closed: nothing of this ticket may reach a model or a remote embedder.
            subject, text = received.subject, received.text
            redaction = RedactionSummary(failed=True, reason=f"redaction failed: {failure.detail}")
        timings["redact"] = _ms(started, self.stage_clock)

        query = text if not redaction.failed else received.subject
        scored = _timed(
            self.stage_clock,
            timings,
            "retrieve",
            lambda: retrieve(
                f"{subject}\n{query}",
                language=received.language,
                intent=received.intent,
                index=self.policies,
                k=self.passages_per_draft,
                min_score=self.min_citation_score,
            ),
        )
        request = DraftRequest(
            language=received.language,
            intent=received.intent,
            subject=subject,
            text=text,
            facts=context.facts,
            passages=[s.passage for s in scored],
            shop=self.shop,
            now=now,
            abusive=received.abusive,
            sender_mismatch=context.sender_mismatch,
            sensitive_numbers=has_sensitive_number(f"{ticket.subject}\n{ticket.body}"),
            withheld=withheld_values(known),
        )
        return Prepared(
            ticket=ticket, intake=received, context=context, vault=vault, redaction=redaction,
            request=request, scored=scored, timings=timings,
        )

    def check(self, text: str, *, grounds: Grounds, agent: Agent | None, subject: str, now: datetime) -> list[Finding]:
        """The house-style findings for `text` as a reply to what `grounds` describe,
        signed by `agent` under `subject`."""
        return self.review(text, grounds=grounds, agent=agent, subject=subject, now=now).findings

    def review(self, text: str, *, grounds: Grounds, agent: Agent | None, subject: str, now: datetime) -> Review:
        """`check`, and the claims of `text` with their sources: what a Draft carries."""
        context = CheckContext(
            language=grounds.language,
            facts=grounds.facts,
            ticket=grounds.ticket,
            intent=grounds.intent,
            passages=grounds.passages,
            shop=self.shop,
            agent=agent,
            customer_name=grounds.customer_name,
            customer=grounds.customer,
            other_orders=grounds.other_orders,
            subject=subject,
            abusive=grounds.abusive,
            now=now,
        )
        return review(text, context=context, rules=self.rules)

    def _redacted_ticket(
        self, received: Intake, context: Context, known: KnownValues, vault: Vault
    ) -> tuple[str, str]:
        keep = not_personal(context.order, self.shop, texts=(received.subject, received.text))
        redact_one = lambda value: redact(  # noqa: E731
            value, language=received.language, known=known, vault=vault, detector=self.detector, keep=keep
        )
        return redact_one(received.subject), redact_one(received.text)

    def _finish(
        self,
        prepared: Prepared,
        result: DraftResult,
        *,
        agent: Agent | None,
        now: datetime,
        timings: dict[str, float],
        draft_id: str,
    ) -> Draft:
        language = prepared.intake.language
        agent = agent or default_agent(self.shop, language)
        scores = {s.passage.id: s for s in prepared.scored}
        cited = [scores[pid] for pid in result.cited if pid in scores]
        grounds = prepared.grounds(passages=[s.passage for s in cited])
        reply = _timed(
            self.stage_clock,
            timings,
            "restore",
            lambda: restore_reply(
                result.sections,
                vault=prepared.vault,
                env=self.env,
                language=language,
                customer_name=grounds.customer_name,
                shop=self.shop,
                agent=agent,
            ),
        )
        checked = _timed(
            self.stage_clock,
            timings,
            "check",
            lambda: self.review(reply.body, grounds=grounds, agent=agent, subject=reply.subject, now=now),
        )
        return Draft(
            id=draft_id,
            ticket_id=prepared.ticket.id,
            language=language,
            intent=prepared.intake.intent,
            subject=reply.subject,
            body=reply.body,
            facts=prepared.context.facts,
            citations=citations(cited),
            findings=checked.findings,
            claims=checked.claims,
            redaction=prepared.redaction,
            model=result.model,
            timings_ms=timings,
            order_resolution=prepared.context.resolution,
            created_at=now,
            agent=agent,
            abusive=prepared.intake.abusive,
            flags=_flags(prepared),
            model_calls=result.model_calls,
        )


def default_agent(shop: ShopProfile, language: Language) -> Agent:
    if shop.default_agent is None:
        raise InvalidInput("no agent given and no default_agent in the shop profile")
    return Agent(name=shop.default_agent(language), department=shop.department(language))


def _restoring(sink: SectionSink, vault: Vault) -> SectionSink:
    """Streamed sections reach the agent with the customer's values, as the Draft will."""

    async def restored(name: str, text: str) -> None:
        await sink(name, vault.restore(text).text)

    return restored


def new_draft_id() -> str:
    return f"d_{uuid.uuid4().hex[:24]}"


def _flags(prepared: Prepared) -> list[str]:
    flags: list[str] = []
    if prepared.context.sender_mismatch:
        flags.append(Flag.SENDER_MISMATCH.value)
    if prepared.intake.injected:
        flags.append(Flag.SUSPECTED_INJECTION.value)
    if prepared.request.sensitive_numbers:
        flags.append(Flag.PII_IN_TICKET.value)
    return flags


def read_ticket(
    ticket: Ticket,
    *,
    rules: IntentRules,
    shop: ShopProfile,
    orders: OrderSource,
    now: datetime,
    timings: dict[str, float] | None = None,
    stage_clock: Callable[[], float] = time.perf_counter,
) -> tuple[Intake, Context]:
    """intake → context, and the intent the order's state gives a ticket that says little
    (`まだ？` about a backordered order): what the ticket asks and which order it is about,
    for drafting and for the inbox alike. `timings` receives the two stages' times, by
    `stage_clock`."""
    timings = {} if timings is None else timings
    received = _timed(
        stage_clock, timings, "intake", lambda: intake(ticket, rules=rules, order_numbers=order_number_format(shop))
    )
    context = _timed(
        stage_clock,
        timings,
        "context",
        lambda: resolve_context(
            order_numbers=received.order_numbers,
            phones=received.phones,
            sender=ticket.sender,
            language=received.language,
            orders=orders,
            shop=shop,
            now=now,
        ),
    )
    received = with_order_state(received, state=order_state(context.order, today=_shop_today(now, shop)), rules=rules)
    return received, context


def _shop_today(now: datetime, shop: ShopProfile) -> date:
    return now.astimezone(ZoneInfo(shop.timezone)).date()


def _known_values(context: Context, ticket: Ticket) -> KnownValues:
    """The values redaction replaces and the wire guard looks for: those of the order
    found and the sender, and also those of any order the ticket names that the sender
    could not be matched to (never disclosed, so nothing of them may be sent either)."""
    sets = [KnownValues.from_order(context.order, ticket.sender)]
    sets += [KnownValues.from_order(order, None) for order in context.undisclosed]
    if len(sets) == 1:
        return sets[0]
    return KnownValues(**{
        field: tuple(dict.fromkeys(value for known in sets for value in getattr(known, field)))
        for field in KnownValues.model_fields
    })


def withheld_values(known: KnownValues) -> Withheld:
    """What the wire guard must not find in anything sent (card_last4 is left out: four
    digits alone are everywhere, and a reply may quote them)."""
    return Withheld(
        names=known.names, name_parts=known.name_parts, emails=known.emails, phones=known.phones,
        addresses=known.addresses, postal_codes=known.postal_codes,
    )


def not_personal(order: Order | None, shop: ShopProfile, *, texts: Sequence[str] = ()) -> tuple[str, ...]:
    """Strings the redactor must leave alone: products, carriers, the shop itself, and
    the order numbers written in `texts` (a detector may read one as an ID or a phone).
    With the shop's own pattern every number it matches is kept; with the default's
    common shapes only the written forms of the order on record, as those shapes fit
    other identifiers too (an IBAN is letters and digits)."""
    found = [match for text in texts for match in order_number_format(shop).find(text)]
    if shop.order_number.pattern is None:
        on_record = number_key(order.number) if order is not None else None
        found = [match for match in found if match.key == on_record]
    keep: list[str] = [match.text for match in found]
    keep += [shop.name.ja, shop.name.en, shop.email]
    if shop.phone:
        keep.append(shop.phone)
    if order is not None:
        keep += [item.name for item in order.items]
        if order.shipment and order.shipment.carrier:
            keep.append(order.shipment.carrier)
    return tuple(keep)


def _timed(clock: Callable[[], float], timings: dict[str, float], stage: str, work: Callable[[], T]) -> T:
    started = clock()
    try:
        return work()
    finally:
        timings[stage] = _ms(started, clock)


def _ms(started: float, clock: Callable[[], float]) -> float:
    return round((clock() - started) * 1000, 3)
