"""What agents and integrators do with drafts: create, read, edit, approve, check.

The API routers and the CLI call these; they own no logic of their own.
"""

from __future__ import annotations

import hashlib
import json

from draftdesk.adapters.masking import masked_ticket
from draftdesk.adapters.sql_drafts import IdempotencyKeyTaken
from draftdesk.domain import Agent, Draft, DraftStatus, Finding, Frozen, Language, Passage, Ticket
from draftdesk.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from draftdesk.pipeline.reply import customer_name_on_record, default_agent
from draftdesk.pipeline.approve import approve
from draftdesk.pipeline.check import CheckContext, check
from draftdesk.pipeline.context import resolve_context
from draftdesk.pipeline.intake import detect_language, intake
from draftdesk.pipeline.retrieve import retrieve
from draftdesk.ports import SectionSink
from draftdesk.wiring import Services


class CheckOutcome(Frozen):
    language: Language
    findings: list[Finding]


class DraftDesk:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def create(
        self,
        ticket: Ticket,
        *,
        agent: Agent | None,
        model: str | None = None,
        idempotency_key: str | None = None,
        on_section: SectionSink | None = None,
    ) -> tuple[Draft, bool]:
        """The new draft and True, or the draft an earlier identical request made and False.

        The draft, the ticket revision it answers and the Idempotency-Key are stored in
        one transaction: a crash before it leaves nothing (a retry with the key drafts
        again), a crash after it leaves all three (a retry replays). What is stored and
        returned has card numbers and My Numbers masked; the pipeline drafts from the
        ticket as received."""
        drafts = self.services.drafts
        # Over the masked ticket: a hash of the full text would let anyone holding the
        # stored row and the masked ticket search out the masked digits.
        request_hash = _hash(ticket=masked_ticket(ticket), agent=agent, model=model)
        if idempotency_key:
            earlier = drafts.draft_for_idempotency_key(idempotency_key)
            if earlier is not None:
                return self._replay(idempotency_key, earlier, request_hash), False
        try:
            pipeline = self.services.pipeline(model)
        except ConfigurationError as bad_model:
            if model is None:
                raise
            raise InvalidInput(f"options.model: {bad_model.detail}") from None
        result = await pipeline.draft_reply(ticket, agent=agent, now=self.services.now(), on_section=on_section)
        try:
            stored = drafts.create(
                result,
                ticket=ticket,
                actor=result.agent.name if result.agent else None,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
            )
        except IdempotencyKeyTaken:
            # Another worker finished the same request first: answer with its draft.
            earlier = drafts.draft_for_idempotency_key(idempotency_key or "")
            if earlier is None:
                raise
            return self._replay(idempotency_key or "", earlier, request_hash), False
        return stored, True

    def _replay(self, key: str, earlier: tuple[str, str], request_hash: str) -> Draft:
        draft_id, earlier_hash = earlier
        if earlier_hash != request_hash:
            raise Conflict("Idempotency-Key was already used with a different request body")
        return self.latest(draft_id)

    def latest(self, draft_id: str) -> Draft:
        draft = self.services.drafts.latest(draft_id)
        if draft is None:
            raise NotFound(f"no draft with id {draft_id}")
        return draft

    def edit(
        self, draft_id: str, *, body: str, subject: str | None, actor: str | None, seen_version: int | None = None
    ) -> Draft:
        current = self._seen(draft_id, seen_version)
        if current.status == DraftStatus.APPROVED:
            raise Conflict(f"draft {draft_id} is approved; create a new draft to change it")
        if not body.strip():
            raise InvalidInput("body: the reply text is empty")
        ticket = self.services.drafts.ticket_for_draft(current)
        subject = current.subject if subject is None else subject
        findings = check(
            body,
            context=self._draft_context(current, ticket, subject=subject),
            rules=self.services.rules,
        )
        edited = current.model_copy(
            update={
                "version": current.version + 1,
                "subject": subject,
                "body": body,
                "findings": findings,
                "edited_by": actor,
                "created_at": self.services.now(),
            }
        )
        return self.services.drafts.save(edited, action="edited", actor=actor)

    def approve(
        self, draft_id: str, *, agent_name: str, override_reason: str | None, seen_version: int | None = None
    ) -> Draft:
        approved = approve(
            self._seen(draft_id, seen_version),
            agent_name=agent_name,
            override_reason=override_reason,
            now=self.services.now(),
        )
        action = "approved_with_override" if approved.approval and approved.approval.override_reason else "approved"
        return self.services.drafts.save(approved, action=action, actor=agent_name)

    def _seen(self, draft_id: str, seen_version: int | None) -> Draft:
        """The latest version, which must be the one the agent saw when they say which:
        an edit or an approval never lands on a version nobody looked at."""
        current = self.latest(draft_id)
        if seen_version is not None and seen_version != current.version:
            raise Conflict(
                f"draft {draft_id} is at version {current.version}, not the version {seen_version} you saw; "
                "reload it and try again"
            )
        return current

    def check_text(
        self,
        text: str,
        *,
        ticket: Ticket | None,
        language: Language | None = None,
        agent: Agent | None = None,
        subject: str = "",
    ) -> CheckOutcome:
        if not text.strip():
            raise InvalidInput("text: the reply text is empty")
        services = self.services
        now = services.now()
        if ticket is None:
            chosen = language or detect_language(text)
            context = CheckContext(
                language=chosen, facts=[], ticket=None, passages=[], shop=services.shop,
                agent=agent, customer_name=None, subject=subject, now=now,
            )
        else:
            services.load_demo_shop()
            received = intake(ticket, rules=services.intent_rules)
            chosen = language or received.language
            found = resolve_context(
                order_numbers=received.order_numbers, phones=received.phones, sender=ticket.sender,
                language=chosen, orders=services.orders, shop=services.shop, now=now,
            )
            passages = [
                s.passage
                for s in retrieve(received.text, language=chosen, intent=received.intent, index=services.policies)
            ]
            context = CheckContext(
                language=chosen, facts=found.facts, ticket=ticket, intent=received.intent, passages=passages, shop=services.shop,
                agent=agent, customer_name=customer_name_on_record(found, ticket), subject=subject,
                abusive=received.abusive, now=now,
            )
        return CheckOutcome(language=chosen, findings=check(text, context=context, rules=services.rules))

    def _draft_context(self, draft: Draft, ticket: Ticket | None, *, subject: str) -> CheckContext:
        services = self.services
        order = None
        if draft.order_resolution and draft.order_resolution.order_number:
            order = services.orders.by_number(draft.order_resolution.order_number)
        customer_name = order.customer.name if order else (ticket.sender.name if ticket else None)
        return CheckContext(
            language=draft.language,
            facts=draft.facts,
            ticket=ticket,
            intent=draft.intent,
            passages=self._passages(draft),
            shop=services.shop,
            agent=draft.agent or default_agent(services.shop, draft.language),
            customer_name=customer_name,
            subject=subject,
            abusive=draft.abusive,
            now=services.now(),
        )

    def _passages(self, draft: Draft) -> list[Passage]:
        found = (self.services.policies.get(c.passage_id) for c in draft.citations)
        return [p for p in found if p is not None]


def _hash(**parts: object) -> str:
    payload = json.dumps(
        {k: v.model_dump(mode="json", by_alias=True) if hasattr(v, "model_dump") else v for k, v in parts.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
