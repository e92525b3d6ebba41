"""Builds the adapters once per process from Settings, and the desk over them; entry
points hold one `Services` and work through `services.desk`.

The one place that knows the concrete adapters: everything else sees the protocols of
`draftdesk.ports`. Each part is built on first use, so `draftdesk check` without a
ticket never loads spaCy, and `draftdesk serve` builds everything at start-up (the
lifespan touches each part).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx
from jinja2 import Environment

from draftdesk.adapters.chroma_knowledge import HybridPolicyIndex, IngestReport, build_policy_index
from draftdesk.adapters.database import Database, create_database
from draftdesk.adapters.embedders import build_embedder
from draftdesk.adapters.order_files import load_orders_file
from draftdesk.adapters.presidio_redactor import build_presidio_detector
from draftdesk.adapters.recognizers.lexicons import keep_lexicons
from draftdesk.adapters.prompts import template_environment
from draftdesk.adapters.sql_drafts import SqlDraftStore
from draftdesk.adapters.sql_edits import SqlEditStore
from draftdesk.adapters.sql_inbox import SqlInboxStore
from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.adapters.sql_keys import SqlKeyStore
from draftdesk.adapters.sql_model_calls import SqlModelCallStore
from draftdesk.adapters.sql_orders import SqlOrderStore
from draftdesk.adapters.template_drafter import TemplateDrafter
from draftdesk.adapters.wire_guard import WireGuard
from draftdesk.api.metrics import METRICS
from draftdesk.config import Settings
from draftdesk.desk import DraftDesk
from draftdesk.domain import Passage, ShopProfile
from draftdesk.errors import InvalidInput
from draftdesk.files import load_yaml_model
from draftdesk.inbox.desk import InboxDesk
from draftdesk.integrations.clients import ChatwootClient, ZendeskClient
from draftdesk.integrations.notes import NoteRenderer
from draftdesk.jobs.backoff import RetryPolicy
from draftdesk.jobs.desk import JobDesk
from draftdesk.jobs.posting import HelpdeskNotes
from draftdesk.jobs.runner import JobRunner
from draftdesk.jobs.worker import LocalQueue, wall_clock
from draftdesk.knowledge import load_passages, load_synonyms_file
from draftdesk.pipeline.check import RuleSet, load_rules
from draftdesk.pipeline.intake import IntentRules, load_intent_rules
from draftdesk.ports import (
    Drafter,
    DraftStore,
    EditStore,
    InboxStore,
    JobQueue,
    JobStore,
    KeyStore,
    ModelCallStore,
    OrderStore,
    PiiDetector,
    PolicyIndex,
)

INTENT_SCORER_FILE = "intent-scorer.json"
LEXICONS_FILE = "lexicons.marshal"


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def now(self) -> datetime:
        return self.settings.now or datetime.now(timezone.utc)

    @cached_property
    def database(self) -> Database:
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        database = create_database(self.settings.resolved_database_url)
        database.create_schema()
        return database

    @cached_property
    def orders(self) -> OrderStore:
        return SqlOrderStore(self.database)

    @cached_property
    def drafts(self) -> DraftStore:
        return SqlDraftStore(self.database)

    @cached_property
    def keys(self) -> KeyStore:
        return SqlKeyStore(self.database)

    @cached_property
    def model_calls(self) -> ModelCallStore:
        return SqlModelCallStore(self.database)

    @cached_property
    def edits(self) -> EditStore:
        return SqlEditStore(self.database)

    @cached_property
    def inbox(self) -> InboxStore:
        """Ages and a message's arrival (when it names none) go by the desk's clock."""
        return SqlInboxStore(self.database, clock=self.now, zone=ZoneInfo(self.shop.timezone))

    @cached_property
    def tickets(self) -> InboxDesk:
        """What /v1/tickets and `draftdesk tickets` do."""
        return InboxDesk(
            tickets=self.drafts,
            inbox=self.inbox,
            jobs=self.job_store,
            intent_rules=self.intent_rules,
            orders=self.orders,
            shop=self.shop,
            clock=self.now,
        )

    @cached_property
    def shop(self) -> ShopProfile:
        return load_yaml_model(self.settings.knowledge_dir / "shop.yaml", ShopProfile)

    @cached_property
    def rules(self) -> RuleSet:
        return load_rules(self.settings.knowledge_dir / "house_style.yaml", intent_rules=self.intent_rules)

    @cached_property
    def intent_rules(self) -> IntentRules:
        return load_intent_rules(self.settings.knowledge_dir / "intents.yaml")

    def keep_intent_scorer(self) -> None:
        """From here on, intent rules whose scorer is read from the var folder when it was
        stored there from the same examples, rules, tokenizer and code, else trained and
        stored there for the next start. For processes that prepare the shared state
        (`draftdesk.startup`): `draftdesk check` writes nothing to disk."""
        self.intent_rules = load_intent_rules(
            self.settings.knowledge_dir / "intents.yaml", scorer_file=self.settings.var_dir / INTENT_SCORER_FILE
        )

    def keep_lexicons(self) -> None:
        """The detector's name lexicons read back from the var folder when stored there
        from the same files, else built and stored for the next start; before the
        detector is built. For processes that prepare the shared state, as the scorer."""
        keep_lexicons(self.settings.var_dir / LEXICONS_FILE)

    @cached_property
    def env(self) -> Environment:
        return template_environment(self.settings.prompts_dir)

    @cached_property
    def passages(self) -> list[Passage]:
        return load_passages(self.settings.knowledge_dir / "policies")

    @cached_property
    def wire_guard(self) -> WireGuard:
        """The last check before anything leaves for a model or a remote embedder; the
        shop's own contact values are not personal. Blocks are counted in /metrics."""
        return WireGuard(allowed=(self.shop.email, self.shop.phone, self.shop.url), on_block=METRICS.record_wire_block)

    @cached_property
    def policies(self) -> HybridPolicyIndex:
        """The adapter itself, not only a PolicyIndex: `sync_knowledge` and /readyz use
        what the desk does not (sync, ready)."""
        embedder = build_embedder(
            self.settings.embedding,
            api_base=self.settings.model_api_base,
            api_key=self.settings.model_api_key,
            guard=self.wire_guard,
        )
        return build_policy_index(
            chroma_url=self.settings.chroma_url,
            chroma_path=self.settings.chroma_path,
            embedder=embedder,
            passages=self.passages,
            synonyms=load_synonyms_file(self.settings.knowledge_dir / "synonyms.yaml"),
        )

    @cached_property
    def detector(self) -> PiiDetector:
        return build_presidio_detector()

    @cached_property
    def template_drafter(self) -> Drafter:
        return TemplateDrafter(env=self.env)

    def drafter(self, model: str | None = None) -> Drafter:
        """The configured drafter, or the one a request asks for by model string. A request
        may only name a model on the allow-list: the operator's key goes with the request
        to whatever provider the string names."""
        if model and model not in self.settings.allowed_models:
            raise InvalidInput(
                f"model {model!r} is not on the allow-list (options.model, --model); allowed: "
                f"{', '.join(self.settings.allowed_models)} (DRAFTDESK_MODEL_ALLOWLIST)"
            )
        chosen = model or self.settings.model
        if chosen == "template":
            return self.template_drafter
        return self.model_drafter(
            chosen,
            api_base=self.settings.model_api_base,
            api_key=self.settings.model_api_key,
            fallbacks=self.settings.fallback_models,
        )

    def model_drafter(
        self, model: str, *, api_base: str | None, api_key: str | None, fallbacks: Sequence[str] = ()
    ) -> Drafter:
        """A litellm drafter for `model` that sends to `api_base`, with the configured
        timeout, retries, deadline, prompts and wire guard. No allow-list: this is for the
        operator's own choices (the configured model, `draftdesk eval --model`)."""
        from draftdesk.adapters.litellm_drafter import LiteLLMDrafter  # litellm takes seconds to import

        return LiteLLMDrafter(
            model=model,
            api_base=api_base,
            api_key=api_key,
            timeout_s=self.settings.model_timeout_s,
            retries=self.settings.model_retries,
            fallbacks=list(fallbacks),
            prompts=self.env,
            guard=self.wire_guard,
            deadline_s=self.settings.draft_deadline_s,
        )

    @cached_property
    def desk(self) -> DraftDesk:
        return DraftDesk(
            orders=cast(OrderStore, _OnFirstUse(lambda: self.orders)),
            drafts=cast(DraftStore, _OnFirstUse(lambda: self.drafts)),
            edits=cast(EditStore, _OnFirstUse(lambda: self.edits)),
            inbox=cast(InboxStore, _OnFirstUse(lambda: self.inbox)),
            policies=cast(PolicyIndex, _OnFirstUse(lambda: self.policies)),
            detector=cast(PiiDetector, _OnFirstUse(lambda: self.detector)),
            drafter=self.drafter(),
            choose_drafter=self.drafter,
            fallback=self.template_drafter,
            rules=self.rules,
            intent_rules=self.intent_rules,
            shop=self.shop,
            env=self.env,
            clock=self.now,
            model_calls=cast(ModelCallStore, _OnFirstUse(lambda: self.model_calls)),
            transaction=lambda: self.database.transaction(),
            max_body_chars=self.settings.max_body_chars,
            draft_deadline_s=self.settings.draft_deadline_s,
        )

    @cached_property
    def job_store(self) -> JobStore:
        return SqlJobStore(self.database)

    @cached_property
    def job_queue(self) -> JobQueue:
        """The Redis queue (arq) when DRAFTDESK_QUEUE_URL is set, else the embedded worker's doorbell."""
        if not self.settings.queue_url:
            return LocalQueue()
        from draftdesk.jobs.queue import ArqQueue  # redis and arq only where a queue is configured

        return ArqQueue(self.settings.queue_url, name=self.settings.queue_name)

    async def close_job_queue(self) -> None:
        close = getattr(self.__dict__.get("job_queue"), "close", None)
        if close is not None:
            await close()

    @cached_property
    def jobs(self) -> JobDesk:
        """What the webhooks and /v1/jobs do with jobs. Jobs run on the wall clock
        (leases, backoff), never on DRAFTDESK_NOW; the drafts they make use the desk's clock."""
        return JobDesk(jobs=self.job_store, inbox=self.inbox, queue=self.job_queue, clock=wall_clock)

    @property
    def retry_policy(self) -> RetryPolicy:
        settings = self.settings
        return RetryPolicy(
            max_attempts=settings.job_max_attempts,
            base_s=settings.job_backoff_s,
            cap_s=max(settings.job_backoff_cap_s, settings.job_backoff_s),
        )

    def job_runner(self, *, http: httpx.AsyncClient) -> JobRunner:
        """Runs jobs, posting notes through `http` (one client per worker, closed by its owner)."""
        zendesk, chatwoot = self.settings.zendesk, self.settings.chatwoot
        notes = HelpdeskNotes(
            NoteRenderer(self.settings.prompts_dir),
            zendesk=None if zendesk is None else ZendeskClient(zendesk, http=http),
            chatwoot=None if chatwoot is None else ChatwootClient(chatwoot, http=http),
        )
        return JobRunner(
            jobs=self.job_store,
            desk=self.desk,
            inbox=self.inbox,
            notes=notes,
            queue=self.job_queue,
            retry=self.retry_policy,
            clock=wall_clock,
        )

    def load_demo_shop(self) -> tuple[int, int] | None:
        """First start: an empty order store gets the demo orders."""
        if not self.settings.load_demo or self.orders.count() > 0:
            return None
        return self.orders.upsert(load_orders_file(self.settings.knowledge_dir / "demo" / "orders.json"))

    def sync_knowledge(
        self,
        *,
        policies_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Re-read the policy documents and bring the index in line (incremental)."""
        self.passages = load_passages(policies_dir or self.settings.knowledge_dir / "policies")
        return self.policies.sync(self.passages, progress=progress)


class _OnFirstUse:
    """An adapter built when it is first used: checking a reply without a ticket needs
    no store, no index and no detector (Presidio loads spaCy for seconds), so
    `draftdesk check` on a text writes nothing to disk and loads no model."""

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build

    def __getattr__(self, name: str) -> Any:
        return getattr(self._build(), name)
