"""The reply pipeline: intake → context → redact → retrieve → draft → restore → check.

`ReplyPipeline` holds the adapters wired once at start-up; `draft_reply` runs the
stages in order for one ticket and returns the checked Draft. Redaction runs before
retrieval so that a remote embedder, like a model, only ever sees placeholders.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from jinja2 import Environment

from draftdesk.domain import (
    Agent,
    Draft,
    DraftRequest,
    DraftResult,
    Flag,
    Intent,
    Language,
    RedactionSummary,
    ScoredPassage,
    ShopProfile,
    Ticket,
    Withheld,
)
from draftdesk.errors import InvalidInput, RedactionFailed
from draftdesk.pipeline.check import CheckContext, RuleSet, check
from draftdesk.pipeline.context import Context, resolve_context
from draftdesk.pipeline.draft import draft_sections, fallback_sections
from draftdesk.pipeline.intake import Intake, IntentRules, intake
from draftdesk.pipeline.redact import KnownValues, Vault, redact
from draftdesk.pipeline.restore import restore_reply
from draftdesk.pipeline.retrieve import citations, retrieve
from draftdesk.ports import Drafter, OrderSource, PiiDetector, PolicyIndex, SectionSink

T = TypeVar("T")


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
    # Seconds the drafter may take, all attempts and fallback models together, before
    # the template drafter answers instead; None: no overall limit.
    draft_deadline_s: float | None = None

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
        timings: dict[str, float] = {}
        prepared = await asyncio.to_thread(self._prepare, ticket, now=now, timings=timings)
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
        timings["draft"] = _ms(started)
        return await asyncio.to_thread(
            self._finish, ticket, prepared, result, agent=agent, now=now, timings=timings,
            draft_id=draft_id or new_draft_id(),
        )

    def _prepare(self, ticket: Ticket, *, now: datetime, timings: dict[str, float]) -> _Prepared:
        if len(ticket.body) > self.max_body_chars:
            raise InvalidInput(
                f"ticket body has {len(ticket.body):,} characters; the limit is {self.max_body_chars:,}"
            )
        received = _timed(timings, "intake", lambda: intake(ticket, rules=self.intent_rules))
        context = _timed(
            timings,
            "context",
            lambda: resolve_context(
                order_numbers=received.order_numbers,
                phones=received.phones,
                sender=ticket.sender,
                language=received.language,
                orders=self.orders,
                shop=self.shop,
                now=now,
            ),
        )
        vault = Vault()
        known = _known_values(context, ticket)
        started = time.perf_counter()
        try:
            subject, text = self._redacted_ticket(received, context, known, vault)
            redaction = RedactionSummary(entities=vault.counts())
        except RedactionFailed as failure:
            # Fail closed: nothing of this ticket may reach a model or a remote embedder.
            subject, text = received.subject, received.text
            redaction = RedactionSummary(failed=True, reason=f"redaction failed: {failure.detail}")
        timings["redact"] = _ms(started)

        query = text if not redaction.failed else received.subject
        scored = _timed(
            timings,
            "retrieve",
            lambda: retrieve(
                f"{subject}\n{query}",
                language=received.language,
                intent=received.intent,
                index=self.policies,
                k=self.passages_per_draft,
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
            withheld=_withheld(known),
        )
        return _Prepared(
            intake=received, context=context, vault=vault, redaction=redaction,
            request=request, scores={s.passage.id: s for s in scored},
        )

    def _redacted_ticket(
        self, received: Intake, context: Context, known: KnownValues, vault: Vault
    ) -> tuple[str, str]:
        keep = _not_personal(context, self.shop)
        redact_one = lambda value: redact(  # noqa: E731
            value, language=received.language, known=known, vault=vault, detector=self.detector, keep=keep
        )
        return redact_one(received.subject), redact_one(received.text)

    def _finish(
        self,
        ticket: Ticket,
        prepared: _Prepared,
        result: DraftResult,
        *,
        agent: Agent | None,
        now: datetime,
        timings: dict[str, float],
        draft_id: str,
    ) -> Draft:
        language = prepared.intake.language
        agent = agent or default_agent(self.shop, language)
        customer_name = customer_name_on_record(prepared.context, ticket)
        reply = _timed(
            timings,
            "restore",
            lambda: restore_reply(
                result.sections,
                vault=prepared.vault,
                env=self.env,
                language=language,
                customer_name=customer_name,
                shop=self.shop,
                agent=agent,
            ),
        )
        cited = [prepared.scores[pid] for pid in result.cited if pid in prepared.scores]
        findings = _timed(
            timings,
            "check",
            lambda: check(
                reply.body,
                context=CheckContext(
                    language=language,
                    facts=prepared.context.facts,
                    ticket=ticket,
                    intent=prepared.intake.intent,
                    passages=[s.passage for s in cited],
                    shop=self.shop,
                    agent=agent,
                    customer_name=customer_name,
                    subject=reply.subject,
                    abusive=prepared.intake.abusive,
                    now=now,
                ),
                rules=self.rules,
            ),
        )
        return Draft(
            id=draft_id,
            ticket_id=ticket.id,
            language=language,
            intent=prepared.intake.intent,
            subject=reply.subject,
            body=reply.body,
            facts=prepared.context.facts,
            citations=citations(cited),
            findings=findings,
            redaction=prepared.redaction,
            model=result.model,
            timings_ms=timings,
            order_resolution=prepared.context.resolution,
            created_at=now,
            agent=agent,
            abusive=prepared.intake.abusive,
            flags=_flags(prepared),
        )


@dataclass(frozen=True, kw_only=True)
class _Prepared:
    intake: Intake
    context: Context
    vault: Vault
    redaction: RedactionSummary
    request: DraftRequest
    scores: dict[str, ScoredPassage]


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


def customer_name_on_record(context: Context, ticket: Ticket) -> str | None:
    if context.order is not None:
        return context.order.customer.name
    return ticket.sender.name


def _flags(prepared: _Prepared) -> list[str]:
    flags: list[str] = []
    if prepared.context.sender_mismatch:
        flags.append(Flag.SENDER_MISMATCH.value)
    return flags


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


def _withheld(known: KnownValues) -> Withheld:
    """What the wire guard must not find in anything sent (card_last4 is left out: four
    digits alone are everywhere, and a reply may quote them)."""
    return Withheld(
        names=known.names, name_parts=known.name_parts, emails=known.emails, phones=known.phones,
        addresses=known.addresses, postal_codes=known.postal_codes,
    )


def _not_personal(context: Context, shop: ShopProfile) -> tuple[str, ...]:
    """Strings the redactor must leave alone: products, carriers, the shop itself."""
    order = context.order
    keep: list[str] = [shop.name.ja, shop.name.en, shop.email]
    if shop.phone:
        keep.append(shop.phone)
    if order is not None:
        keep += [item.name for item in order.items]
        if order.shipment and order.shipment.carrier:
            keep.append(order.shipment.carrier)
    return tuple(keep)


def _timed(timings: dict[str, float], stage: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        timings[stage] = _ms(started)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


__all__ = ["ReplyPipeline", "Intent", "new_draft_id", "customer_name_on_record"]
