"""What the job tests share: jobs to store, a clock to move, a note poster with a script."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from draftdesk.domain import Draft, Sender, Ticket
from draftdesk.integrations.deliveries import ChatwootConversationRef, Delivery, NoteTarget, ZendeskTicketRef
from draftdesk.jobs.model import Job, new_job

START = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)

TICKET_BODY = (
    "お世話になっております。\n11月15日に注文した煎茶（注文番号：HM-24-00012）がまだ届いていません。\n"
    "いつ届くのか教えていただけますか。\n\n山田"
)


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def ticket(ticket_id: str = "zendesk-4812", *, body: str = TICKET_BODY) -> Ticket:
    return Ticket(
        id=ticket_id,
        channel="zendesk",
        subject="まだ届きません",
        body=body,
        sender=Sender(email="taro.yamada@example.jp", name="山田 太郎"),
    )


def make_job(n: int = 1, *, now: datetime = START, body: str = TICKET_BODY, chatwoot: bool = False) -> Job:
    target: NoteTarget = (
        ChatwootConversationRef(account_id=7, conversation_id=20 + n) if chatwoot else ZendeskTicketRef(ticket_id=4800 + n)
    )
    key = f"chatwoot:7:message:{n}" if chatwoot else f"zendesk:{4800 + n}:{9000 + n}"
    ticket_id = f"chatwoot-7-{20 + n}" if chatwoot else f"zendesk-{4800 + n}"
    return new_job(Delivery(key=key, ticket=ticket(ticket_id, body=body), target=target), now=now)


@dataclass(frozen=True)
class Posted:
    target: NoteTarget
    draft_id: str


class ScriptedNotes:
    """A `NotePoster`: raises the next scripted exception, if any, else records the post."""

    def __init__(self, failures: Iterable[Exception | None] = ()) -> None:
        self.script: deque[Exception | None] = deque(failures)
        self.posted: list[Posted] = []
        self.calls = 0

    async def post(self, target: NoteTarget, draft: Draft) -> None:
        self.calls += 1
        failure = self.script.popleft() if self.script else None
        if failure is not None:
            raise failure
        self.posted.append(Posted(target, draft.id))


class QueueSpy:
    """A `JobQueue` that keeps what was submitted."""

    def __init__(self) -> None:
        self.submitted: list[Job] = []

    async def submit(self, job: Job) -> None:
        self.submitted.append(job)


def eventually(check: Callable[[], bool], *, timeout_s: float = 20.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout_s:g} s")
        time.sleep(0.05)
