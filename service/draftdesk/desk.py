"""What agents and integrators do with drafts: create, read, edit, approve, check.

`DraftDesk` works over ports only (`draftdesk.ports`); `draftdesk.wiring.Services`
builds the adapters from the settings and the desk from them. The API routers, the
CLI and the eval runner call the desk; they own no logic of their own. Every draft
goes through the one `ReplyPipeline.prepare`, and every reply text, drafted, edited or
pasted in, through the one `ReplyPipeline.check`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property

from jinja2 import Environment
from pydantic import Field

from draftdesk.adapters.masking import masked_ticket
from draftdesk.domain import (
    Agent,
    Claim,
    Draft,
    DraftStatus,
    Finding,
    Frozen,
    Language,
    ModelInfo,
    Order,
    RecordedModelCall,
    RewriteStyle,
    ShopProfile,
    Ticket,
)
from draftdesk.errors import (
    CannotRewrite,
    ConfigurationError,
    Conflict,
    DraftingFailed,
    InvalidInput,
    NotFound,
    RewriteFailed,
)
from draftdesk.history import AuditEntry, VersionEntry, version_history
from draftdesk.edits import Stats, aggregate_stats, drafted_record, edit_record, reply_text, stats_period
from draftdesk.pipeline.approve import approve
from draftdesk.pipeline.check import RuleSet
from draftdesk.pipeline.intake import IntentRules, detect_language
from draftdesk.pipeline.reply import Grounds, ReplyPipeline, customer_name_on_record, default_agent
from draftdesk.pipeline.rewrite import Layout, prepare_rewrite, restore_rewrite
from draftdesk.ports import (
    Clock,
    Drafter,
    DrafterChoice,
    DraftStore,
    EditStore,
    IdempotencyKeyTaken,
    InboxStore,
    ModelCallStore,
    OrderSource,
    PiiDetector,
    PolicyIndex,
    Rewriter,
    SectionSink,
    Transaction,
)
from draftdesk.text.diffs import TextDiff, diff_texts


class CheckOutcome(Frozen):
    language: Language
    findings: list[Finding]
    claims: list[Claim] = Field(default_factory=list)


class VersionDiff(TextDiff):
    from_version: int = Field(alias="from")
    to_version: int = Field(alias="to")


@dataclass(frozen=True, kw_only=True)
class DraftDesk:
    """The application service: each method is one thing an agent or integrator does."""

    orders: OrderSource
    drafts: DraftStore
    edits: EditStore  # edit capture: what drafters produced and what approvals changed
    inbox: InboxStore  # each ticket's state, kept as drafts are created, edited, approved
    policies: PolicyIndex
    detector: PiiDetector
    drafter: Drafter  # the configured one
    choose_drafter: DrafterChoice  # the one a request names, from the allow-list
    fallback: Drafter  # the template drafter: when a model fails, or redaction does
    rules: RuleSet
    intent_rules: IntentRules
    shop: ShopProfile
    env: Environment
    clock: Clock
    model_calls: ModelCallStore  # what each drafter sent to a model, and got back
    # A new draft's writes (its version, ticket revision and key, its model calls, its
    # edit-capture row, its inbox row) as one transaction: all kept or none, and one
    # commit and one turn at the write lock per draft instead of four.
    transaction: Transaction = nullcontext
    max_body_chars: int = 50_000
    # Seconds a drafter may take, all attempts and fallback models together, before
    # the fallback answers instead; None: no overall limit.
    draft_deadline_s: float | None = None

    @cached_property
    def pipeline(self) -> ReplyPipeline:
        """The stages over this desk's ports, drafting with the configured drafter."""
        return ReplyPipeline(
            orders=self.orders,
            policies=self.policies,
            detector=self.detector,
            drafter=self.drafter,
            fallback=self.fallback,
            rules=self.rules,
            intent_rules=self.intent_rules,
            shop=self.shop,
            env=self.env,
            max_body_chars=self.max_body_chars,
            draft_deadline_s=self.draft_deadline_s,
        )

    async def draft(
        self,
        ticket: Ticket,
        *,
        agent: Agent | None,
        drafter: Drafter | None = None,
        on_section: SectionSink | None = None,
    ) -> Draft:
        """A checked draft of `ticket`, not stored, by `drafter` (default: the configured one)."""
        pipeline = self.pipeline if drafter is None else replace(self.pipeline, drafter=drafter)
        return await pipeline.draft_reply(ticket, agent=agent, now=self.clock(), on_section=on_section)

    async def create(
        self,
        ticket: Ticket,
        *,
        agent: Agent | None,
        model: str | None = None,
        idempotency_key: str | None = None,
        on_section: SectionSink | None = None,
        key_owner: str | None = None,
    ) -> tuple[Draft, bool]:
        """The new draft and True, or the draft an earlier identical request made and False.

        The draft, the ticket revision it answers and the Idempotency-Key (and with them
        its model calls, its edit-capture row and its inbox row) are stored in one
        transaction: a crash before it leaves nothing (a retry with the key drafts
        again), a crash after it leaves all of them (a retry replays). What is stored and
        returned has card numbers and My Numbers masked; the pipeline drafts from the
        ticket as received. `key_owner` (who holds the API key of the request) goes
        into the audit trail, as with every change below."""
        # Over the masked ticket: a hash of the full text would let anyone holding the
        # stored row and the masked ticket search out the masked digits.
        request_hash = _hash(ticket=masked_ticket(ticket), agent=agent, model=model)
        if idempotency_key:
            earlier = await asyncio.to_thread(self.drafts.draft_for_idempotency_key, idempotency_key)
            if earlier is not None:
                return await asyncio.to_thread(self._replay, earlier, request_hash), False
        drafter = None if model is None else self._requested_drafter(model)
        result = await self.draft(ticket, agent=agent, drafter=drafter, on_section=on_section)
        # The writes off the event loop: other requests' drafts go on while these commit.
        return await asyncio.to_thread(
            self._store, result, ticket=ticket, key_owner=key_owner, idempotency_key=idempotency_key,
            request_hash=request_hash,
        )

    def _store(
        self, result: Draft, *, ticket: Ticket, key_owner: str | None, idempotency_key: str | None, request_hash: str
    ) -> tuple[Draft, bool]:
        try:
            with self.transaction():
                stored = self.drafts.create(
                    result,
                    ticket=ticket,
                    actor=result.agent.name if result.agent else None,
                    key_owner=key_owner,
                    idempotency_key=idempotency_key,
                    request_hash=request_hash,
                )
                self.model_calls.add(stored.id, version=stored.version, calls=result.model_calls)
                self.edits.add_drafted(drafted_record(stored, at=stored.created_at or self.clock()))
                self.inbox.draft_created(stored, ticket=ticket)
        except IdempotencyKeyTaken:
            # Another worker finished the same request first: answer with its draft.
            earlier = self.drafts.draft_for_idempotency_key(idempotency_key or "")
            if earlier is None:
                raise
            return self._replay(earlier, request_hash), False
        return stored, True

    def _requested_drafter(self, model: str) -> Drafter:
        try:
            return self.choose_drafter(model)
        except ConfigurationError as bad_model:
            # The operator's settings are fine; the request named a model that cannot be set up.
            raise InvalidInput(f"options.model: {bad_model.detail}") from None

    def _replay(self, earlier: tuple[str, str], request_hash: str) -> Draft:
        draft_id, earlier_hash = earlier
        if earlier_hash != request_hash:
            raise Conflict("Idempotency-Key was already used with a different request body")
        return self.latest(draft_id)

    def latest(self, draft_id: str) -> Draft:
        draft = self.drafts.latest(draft_id)
        if draft is None:
            raise NotFound(f"no draft with id {draft_id}")
        return draft

    def latest_for_ticket(self, ticket_id: str) -> Draft:
        """The draft waiting on a ticket (a helpdesk's, say `zendesk-4711`): the newest one
        answering what the customer wrote last; NotFound when there is none yet."""
        draft = self.drafts.latest_for_ticket(ticket_id)
        if draft is None:
            raise NotFound(f"no draft answers the latest message of ticket {ticket_id}")
        return draft

    def edit(
        self,
        draft_id: str,
        *,
        body: str,
        subject: str | None,
        actor: str | None,
        seen_version: int | None = None,
        key_owner: str | None = None,
    ) -> Draft:
        """The next version with `body` (and `subject`, else the current one), checked
        against what the draft answers: its facts, the ticket revision, its citations."""
        current = self._seen(draft_id, seen_version)
        _refuse_approved(current)
        if not body.strip():
            raise InvalidInput("body: the reply text is empty")
        subject = current.subject if subject is None else subject
        grounds = self._grounds_of(current)
        edited = self._next_version(current, subject=subject, body=body, actor=actor, grounds=grounds)
        return self._saved(edited, action="edited", actor=actor, key_owner=key_owner)

    async def rewrite(
        self,
        draft_id: str,
        *,
        style: RewriteStyle,
        actor: str | None,
        seen_version: int | None = None,
        key_owner: str | None = None,
    ) -> Draft:
        """The next version: the latest one rewritten in `style` by the configured model,
        then checked as an edit is. The model sees the text redacted, as a ticket is for
        drafting; the values are restored after. Its calls are recorded with the new
        version, or, when the rewrite fails, with the version it was asked to rewrite
        (which stays the latest: no template rewrites instead)."""
        current = await asyncio.to_thread(self._seen, draft_id, seen_version)
        _refuse_approved(current)
        if not isinstance(self.drafter, Rewriter):
            raise CannotRewrite(f"the {self.drafter.name} drafter cannot rewrite; set DRAFTDESK_MODEL to a model")
        order = await asyncio.to_thread(self._order_of, current)
        grounds = await asyncio.to_thread(self._grounds_of, current)
        layout = Layout(
            language=current.language,
            customer_name=grounds.customer_name,
            agent=current.agent or default_agent(self.shop, current.language),
            shop=self.shop,
            env=self.env,
        )
        prepared = await asyncio.to_thread(
            prepare_rewrite, current, style=style, layout=layout, order=order, ticket=grounds.ticket,
            detector=self.detector,
        )
        try:
            result = await self.drafter.rewrite(prepared.request)
        except DraftingFailed as failure:
            await asyncio.to_thread(self.model_calls.add, draft_id, version=current.version, calls=failure.model_calls)
            raise RewriteFailed(
                f"draft {draft_id} was not rewritten and stays at version {current.version}: {failure.detail}"
            ) from None
        reply = restore_rewrite(result, prepared, layout=layout, subject=current.subject)
        rewritten = await asyncio.to_thread(
            self._next_version, current, subject=reply.subject, body=reply.body, actor=actor, grounds=grounds,
            model=result.model,
        )
        try:
            saved = await asyncio.to_thread(
                self._saved, rewritten, action="rewrite", actor=actor, key_owner=key_owner
            )
        except Conflict:  # another version came first: the calls were for the one the agent saw
            await asyncio.to_thread(self.model_calls.add, draft_id, version=current.version, calls=result.model_calls)
            raise
        await asyncio.to_thread(self.model_calls.add, draft_id, version=saved.version, calls=result.model_calls)
        return saved

    def model_calls_of(self, draft_id: str) -> list[RecordedModelCall]:
        """Every call to a model made for the draft, in order: what it saw and answered."""
        self.latest(draft_id)  # NotFound for a draft that does not exist
        return self.model_calls.for_draft(draft_id)

    def _next_version(
        self,
        current: Draft,
        *,
        subject: str,
        body: str,
        actor: str | None,
        grounds: Grounds,
        model: ModelInfo | None = None,
    ) -> Draft:
        """`current`'s next version with this text, re-checked; `model` when one wrote it."""
        now = self.clock()
        checked = self.pipeline.review(
            body,
            grounds=grounds,
            agent=current.agent or default_agent(self.shop, current.language),
            subject=subject,
            now=now,
        )
        return current.model_copy(
            update={
                "version": current.version + 1,
                "subject": subject,
                "body": body,
                "findings": checked.findings,
                "claims": checked.claims,
                "edited_by": actor,
                "created_at": now,
                "model": model or current.model,
            }
        )

    def _order_of(self, draft: Draft) -> Order | None:
        number = draft.order_resolution.order_number if draft.order_resolution else None
        return self.orders.by_number(number) if number else None

    def _grounds_of(self, draft: Draft) -> Grounds:
        ticket = self.drafts.ticket_for_draft(draft)
        order = self._order_of(draft)
        cited = (self.policies.get(citation.passage_id) for citation in draft.citations)
        return Grounds(
            language=draft.language,
            intent=draft.intent,
            facts=draft.facts,
            ticket=ticket,
            passages=[passage for passage in cited if passage is not None],
            customer_name=customer_name_on_record(order, ticket),
            customer=order.customer if order else None,
            other_orders=[
                other for f in draft.facts if f.key.startswith("customer.other_order.")
                if (other := self.orders.by_number(f.value)) is not None
            ],
            abusive=draft.abusive,
        )

    def approve(
        self,
        draft_id: str,
        *,
        agent_name: str,
        override_reason: str | None,
        seen_version: int | None = None,
        key_owner: str | None = None,
    ) -> Draft:
        approved = approve(
            self._seen(draft_id, seen_version),
            agent_name=agent_name,
            override_reason=override_reason,
            now=self.clock(),
        )
        action = "approved_with_override" if approved.approval and approved.approval.override_reason else "approved"
        stored = self._saved(approved, action=action, actor=agent_name, key_owner=key_owner)
        first = self.drafts.versions(draft_id)[0]
        self.edits.add_edit(edit_record(first, stored))
        return stored

    def diff(self, draft_id: str, *, from_version: int = 1, to_version: int | None = None) -> VersionDiff:
        """What changed between two versions (default: the first and the latest); the
        subject is the first line of each."""
        versions = {draft.version: draft for draft in self.drafts.versions(draft_id)}
        if not versions:
            raise NotFound(f"no draft with id {draft_id}")
        to_version = max(versions) if to_version is None else to_version
        for name, version in (("from", from_version), ("to", to_version)):
            if version not in versions:
                raise NotFound(f"{name}: draft {draft_id} has versions 1 to {max(versions)}, not {version}")
        changes = diff_texts(
            reply_text(versions[from_version]), reply_text(versions[to_version]),
            from_name=f"v{from_version}", to_name=f"v{to_version}",
        )  # fmt: skip
        return VersionDiff(from_version=from_version, to_version=to_version, **changes.model_dump())

    def stats(self, *, since: date | datetime | None = None, until: date | datetime | None = None) -> Stats:
        """Drafts, approvals, edit rates, findings and fallbacks of a period (default: the
        30 days up to the end of today); `since` and `until` as `edits.stats_period` reads them."""
        period = stats_period(since, until, now=self.clock(), timezone=self.shop.timezone)
        return aggregate_stats(
            period,
            drafted=self.edits.drafted_between(period.since, period.until),
            approved=self.edits.edits_between(period.since, period.until),
        )

    def audit_trail(self, draft_id: str) -> list[AuditEntry]:
        entries = self.drafts.audit_trail(draft_id)
        if not entries:
            raise NotFound(f"no draft with id {draft_id}")
        return entries

    def version_history(self, draft_id: str) -> list[VersionEntry]:
        versions = self.drafts.versions(draft_id)
        if not versions:
            raise NotFound(f"no draft with id {draft_id}")
        return version_history(versions, self.drafts.audit_trail(draft_id))

    def _saved(self, draft: Draft, *, action: str, actor: str | None, key_owner: str | None) -> Draft:
        saved = self.drafts.save(draft, action=action, actor=actor, key_owner=key_owner)
        self.inbox.draft_saved(saved)
        return saved

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

    def recheck(self, draft_id: str, *, body: str, subject: str | None) -> CheckOutcome:
        """Findings and claims for an edit the agent has not saved yet, checked against
        what the draft answers (its facts, ticket revision, citations) exactly as saving
        it would check it; nothing is stored."""
        current = self.latest(draft_id)
        if not body.strip():
            raise InvalidInput("body: the reply text is empty")
        checked = self.pipeline.review(
            body,
            grounds=self._grounds_of(current),
            agent=current.agent or default_agent(self.shop, current.language),
            subject=current.subject if subject is None else subject,
            now=self.clock(),
        )
        return CheckOutcome(language=current.language, findings=checked.findings, claims=checked.claims)

    def check_text(
        self,
        text: str,
        *,
        ticket: Ticket | None,
        language: Language | None = None,
        agent: Agent | None = None,
        subject: str = "",
    ) -> CheckOutcome:
        """Findings for any reply text. With the ticket it answers, the ticket is
        prepared as for drafting (its order's facts, the policies it is about, the
        customer's name); `language` overrides the ticket's."""
        if not text.strip():
            raise InvalidInput("text: the reply text is empty")
        now = self.clock()
        if ticket is None:
            grounds = Grounds(language=language or detect_language(text))
        else:
            prepared = self.pipeline.prepare(ticket, now=now)
            grounds = prepared.grounds(passages=prepared.request.passages)
            if language is not None:
                grounds = grounds.model_copy(update={"language": language})
        checked = self.pipeline.review(text, grounds=grounds, agent=agent, subject=subject, now=now)
        return CheckOutcome(language=grounds.language, findings=checked.findings, claims=checked.claims)


def _refuse_approved(draft: Draft) -> None:
    if draft.status == DraftStatus.APPROVED:
        raise Conflict(f"draft {draft.id} is approved; create a new draft to change it")


def _hash(**parts: object) -> str:
    payload = json.dumps(
        {k: v.model_dump(mode="json", by_alias=True) if hasattr(v, "model_dump") else v for k, v in parts.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
