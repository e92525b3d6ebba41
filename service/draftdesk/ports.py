"""The small interfaces between the pipeline and the outside world.

Adapters in `draftdesk.adapters` implement these; the entry points (CLI, FastAPI
lifespan) build them once and pass them to the stages as keyword arguments.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from draftdesk.domain import (
    Draft,
    DraftRequest,
    DraftResult,
    Language,
    ModelCall,
    Order,
    Passage,
    RecordedModelCall,
    RewriteRequest,
    Ticket,
)
from draftdesk.edits import DraftedRecord, EditRecord
from draftdesk.errors import Conflict
from draftdesk.history import AuditEntry
from draftdesk.inbox.model import DraftState, InboxCursor, InboxRow, Sort, Triage
from draftdesk.integrations.deliveries import NoteTarget
from draftdesk.jobs.model import Job, JobState
from draftdesk.jobs.stats import JobStats
from draftdesk.roles import ApiKeyInfo, IssuedKey
from draftdesk.text.known_values import PiiSpan

Clock = Callable[[], datetime]
"""The time now, timezone-aware; a fixed one for demos and tests (DRAFTDESK_NOW)."""

Transaction = Callable[[], AbstractContextManager[object]]
"""Opens one transaction that the stores' writes inside the block join: all of them
are kept, or none (the SQL stores: `Database.transaction`)."""


@runtime_checkable
class OrderSource(Protocol):
    """Where the context stage looks orders up."""

    def by_number(self, number: str) -> Order | None: ...

    def by_email(self, email: str) -> list[Order]: ...

    def by_name_and_phone(self, name: str, phone: str) -> list[Order]: ...


class OrderStore(OrderSource, Protocol):
    def upsert(self, orders: Iterable[Order]) -> tuple[int, int]:
        """Insert or replace orders by number; returns (inserted, updated)."""
        ...

    def count(self) -> int: ...


class Embedder(Protocol):
    """Turns texts into vectors. `remote` embedders only ever see redacted text."""

    name: str
    remote: bool

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class PiiDetector(Protocol):
    """Finds personal data in one text. Shared by all requests, so it must be thread-safe."""

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    passage_id: str
    score: float  # the source's own measure (BM25, cosine similarity): comparable within one source only


@dataclass(frozen=True, slots=True)
class Candidates:
    """One query's candidates from each source of a policy index, best first. A source an
    index does not have stays empty."""

    text: tuple[Candidate, ...] = ()  # the passage's text, heading and questions together
    questions: tuple[Candidate, ...] = ()  # the one customer question of a passage most like the query
    vectors: tuple[Candidate, ...] = ()  # embedding similarity


@runtime_checkable
class PolicyIndex(Protocol):
    """The shop's policy passages. It finds candidates; ranking them is the retrieve stage's."""

    def candidates(self, query: str, *, language: Language, k: int) -> Candidates:
        """Up to `k` candidates per source among the passages in `language`."""
        ...

    def get(self, passage_id: str) -> Passage | None: ...

    def ready(self) -> bool:
        """Every passage is searchable (a health check asks)."""
        ...


class IdempotencyKeyTaken(Conflict):
    """Raised by `DraftStore.create`: another request stored its draft under this
    Idempotency-Key first, and nothing of this one was kept."""


class DraftStore(Protocol):
    """Drafts, the ticket revisions they answer and Idempotency-Keys. What is stored is
    masked (card numbers and My Numbers keep their last four digits). A ticket sent
    again with other content is its next revision; the same content is the same one."""

    def create(
        self,
        draft: Draft,
        *,
        ticket: Ticket,
        actor: str | None = None,
        key_owner: str | None = None,
        idempotency_key: str | None = None,
        request_hash: str = "",
    ) -> Draft:
        """Store draft version 1, the ticket revision and the key in one transaction;
        return the draft as stored. Raises IdempotencyKeyTaken when the key is in use."""
        ...

    def save(self, draft: Draft, *, action: str, actor: str | None = None, key_owner: str | None = None) -> Draft:
        """Append `draft` as a new version (its `version` field, which must be the next
        one, else Conflict) and audit `action` by `actor` (the agent named) with the key
        of `key_owner`; return it as stored."""
        ...

    def audit_trail(self, draft_id: str) -> list[AuditEntry]:
        """The draft's audit entries, oldest first: one per version, never changed."""
        ...

    def latest(self, draft_id: str) -> Draft | None: ...

    def versions(self, draft_id: str) -> list[Draft]: ...

    def latest_for_ticket(self, ticket_id: str) -> Draft | None:
        """The latest version of the newest draft answering the ticket's latest revision:
        the draft waiting when a helpdesk app opens the ticket. None when that revision
        has no draft (yet): the customer wrote again since the last one was drafted."""
        ...

    def save_ticket(self, ticket: Ticket) -> int:
        """Keep a ticket without drafting; its revision (the latest one when the content is the same)."""
        ...

    def ticket(self, ticket_id: str, *, revision: int | None = None) -> Ticket | None:
        """The latest revision of a ticket, or the one asked for."""
        ...

    def ticket_revisions(self, ticket_id: str) -> list[Ticket]: ...

    def ticket_for_draft(self, draft: Draft) -> Ticket | None:
        """The ticket revision `draft` answers."""
        ...

    def draft_for_idempotency_key(self, key: str) -> tuple[str, str] | None:
        """(draft_id, request_hash) stored for `key`, if any."""
        ...


class EditStore(Protocol):
    """What each drafter produced and what agents changed before approving (the edit
    capture behind GET /v1/stats). Records are only ever added; `at` is the desk's clock."""

    def add_drafted(self, record: DraftedRecord) -> None: ...

    def add_edit(self, record: EditRecord) -> None:
        """One per approval; Conflict when the draft's approval is recorded already."""
        ...

    def drafted_between(self, since: datetime, until: datetime) -> list[DraftedRecord]:
        """Drafts made at `since` or later, before `until`."""
        ...

    def edits_between(self, since: datetime, until: datetime) -> list[EditRecord]:
        """Approvals made at `since` or later, before `until`."""
        ...


class InboxStore(Protocol):
    """One row per ticket (`draftdesk.inbox.model`): its latest message, how far the reply
    has got, the draft and job. Each change applies one of the model's transitions to the
    ticket's row in one transaction, with the store's clock for a message that names no
    time of its own. The subject is kept masked (card numbers, My Numbers)."""

    def ticket_stored(self, ticket: Ticket, *, triage: Triage) -> InboxRow:
        """A ticket stored without drafting; returns its row."""
        ...

    def jobs_queued(self, jobs: Sequence[Job]) -> None:
        """Helpdesk jobs that will draft their tickets' messages, in one transaction."""
        ...

    def job_ended(self, job: Job, *, draft: Draft | None) -> None:
        """`job` is done (with its draft) or dead (draft None when it made none)."""
        ...

    def draft_created(self, draft: Draft, *, ticket: Ticket) -> None: ...

    def draft_saved(self, draft: Draft) -> None:
        """A new version of a draft (edited, approved)."""
        ...

    def row(self, ticket_id: str) -> InboxRow | None: ...

    def page(self, *, state: DraftState | None, sort: Sort, limit: int, after: InboxCursor | None) -> list[InboxRow]:
        """Up to `limit` rows in `state` (None: all), in `sort` order, after `after`."""
        ...

    def counts(self) -> dict[DraftState, int]:
        """How many tickets are in each state."""
        ...


SectionSink = Callable[[str, str], Awaitable[None]]
"""Receives (section name, text) as each section is complete, for streaming."""


class Drafter(Protocol):
    """Writes the sections of a reply. The one method a model provider implements."""

    name: str

    async def draft(self, request: DraftRequest, *, on_section: SectionSink | None = None) -> DraftResult: ...


@runtime_checkable
class Rewriter(Protocol):
    """A drafter that can also rewrite a reply in another style: a model can, the
    templates cannot. Raises DraftingFailed when no model gave valid sections."""

    name: str

    async def rewrite(self, request: RewriteRequest) -> DraftResult: ...


class ModelCallStore(Protocol):
    """Every call to a model, by draft and version: the redacted request as sent and what
    came back. Only ever appended; card numbers and My Numbers masked at rest."""

    def add(self, draft_id: str, *, version: int, calls: Sequence[ModelCall]) -> None: ...

    def for_draft(self, draft_id: str) -> list[RecordedModelCall]:
        """The draft's calls in the order they were made."""
        ...


class DrafterChoice(Protocol):
    """The drafter a request names by model string. The model must be on the allow-list
    (InvalidInput otherwise); ConfigurationError when it cannot be set up."""

    def __call__(self, model: str) -> Drafter: ...


class JobStore(Protocol):
    """Drafting jobs, durable: the source of truth for every job's state, whatever queue
    carries the wake-up calls. Tickets are masked at rest. Every change a worker makes
    names the worker and happens only while it holds the job's lease (False otherwise:
    the lease ran out and another worker took the job over). The changes that are job
    events (a job accepted, retried, its note posted again, done, dead) are counted in
    `stats()` with the change itself: once, whichever process makes them."""

    def add(self, job: Job) -> tuple[Job, bool]:
        """Store a new job and return it with True; or, when a job with its `key` exists,
        return that one with False (nothing stored)."""
        ...

    def add_many(self, jobs: Sequence[Job]) -> list[tuple[Job, bool]]:
        """`add` for each job, in one transaction; a key twice in `jobs` is stored once."""
        ...

    def get(self, job_id: str) -> Job | None: ...

    def claim(
        self, *, worker: str, now: datetime, lease_s: float, limit: int = 1, job_id: str | None = None
    ) -> list[Job]:
        """Atomically take up to `limit` due jobs (queued or retrying and due, or running
        with an expired lease), oldest due first, or only `job_id`: each becomes
        running, leased to `worker` until now + lease_s, one more attempt counted. No two
        claims ever get the same job while its lease holds."""
        ...

    def extend_leases(self, job_ids: Iterable[str], *, worker: str, until: datetime) -> set[str]:
        """Push the leases `worker` still holds to `until`; returns the ids it still holds."""
        ...

    def record_draft(self, job_id: str, *, worker: str, draft_id: str, now: datetime) -> bool: ...

    def mark_posting(self, job_id: str, *, worker: str, now: datetime) -> bool:
        """A post of the note starts: `posting_since` is set, unless an earlier one left it
        set (then this post is a repost)."""
        ...

    def finish(self, job_id: str, *, worker: str, now: datetime) -> bool:
        """Done: the note is on the ticket."""
        ...

    def reschedule(
        self, job_id: str, *, worker: str, at: datetime, error: str, posting_since: datetime | None, now: datetime
    ) -> bool:
        """Retrying: due again at `at`; `error` becomes `last_error`; `posting_since` is
        kept only when a post may have stored the note (no answer came)."""
        ...

    def bury(self, job_id: str, *, worker: str, error: str, posting_since: datetime | None, now: datetime) -> bool:
        """Dead: given up; `error` becomes `last_error`."""
        ...

    def requeue(self, job_id: str, *, now: datetime) -> Job:
        """A dead job queued again with its attempts reset (its draft and `posting_since`
        kept); NotFound, or Conflict when it is not dead."""
        ...

    def due(self, *, now: datetime, limit: int = 100) -> list[Job]:
        """Jobs a claim at `now` could take (for a sweep that re-announces them)."""
        ...

    def counts(self) -> dict[JobState, int]:
        """How many jobs are in each state."""
        ...

    def stats(self) -> JobStats:
        """The job events counted so far, by every process."""
        ...


class JobQueue(Protocol):
    """Tells workers a job is there to run: now, or at its `next_attempt_at`. Only a
    hint: a job announced twice runs once, and one never announced is found by a sweep."""

    async def submit(self, job: Job) -> None: ...


class NotePoster(Protocol):
    """Posts a draft as a private note where the delivery said. Raises
    `HelpdeskUnavailable` (try again) or `HelpdeskRejected` (give up)."""

    async def post(self, target: NoteTarget, draft: Draft) -> None: ...


class KeyStore(Protocol):
    """API keys with roles. Only a key's hash is kept: the key is shown once, by `create`."""

    def create(self, *, owner: str, role: str) -> IssuedKey:
        """A new key; InvalidInput for an owner or a role a key cannot have."""
        ...

    def all_keys(self) -> list[ApiKeyInfo]:
        """Every key, revoked ones too, oldest first."""
        ...

    def revoke(self, key_id: str) -> ApiKeyInfo:
        """The key, revoked (for good); NotFound."""
        ...

    def find(self, key: bytes) -> ApiKeyInfo | None:
        """The stored key this is, revoked or not."""
        ...

    def has_keys(self) -> bool:
        """Whether any key was ever stored (then every request needs one)."""
        ...
