from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from service.adapters.database import Database
from service.adapters.sql_drafts import AuditEntry, SqlDraftStore
from service.domain import (
    Agent,
    Approval,
    Certainty,
    Draft,
    DraftStatus,
    Fact,
    Intent,
    ModelInfo,
    Sender,
    Ticket,
)
from service.errors import Conflict
from tests.support.orders import JST

START = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


class TickingClock:
    """Each reading is one minute after the last, so audit entries have distinct times."""

    def __init__(self) -> None:
        self.readings: list[datetime] = []

    def __call__(self) -> datetime:
        self.readings.append(START + timedelta(minutes=len(self.readings)))
        return self.readings[-1]


@pytest.fixture()
def drafts(database: Database) -> SqlDraftStore:
    return SqlDraftStore(database, clock=TickingClock())


def make_draft(version: int = 1, *, draft_id: str = "d_0001", body: str = "山田 太郎様\n\nご注文は発送済みです。") -> Draft:
    return Draft(
        id=draft_id,
        ticket_id="T-1001",
        version=version,
        language="ja",
        intent=Intent.WHERE_IS_MY_ORDER,
        subject="ご注文 HM-24-00123 の配送状況",
        body=body,
        facts=[
            Fact(
                key="order.number", label="ご注文番号", value="HM-24-00123", certainty=Certainty.CONFIRMED, source="orders"
            )
        ],
        model=ModelInfo(name="template"),
        created_at=datetime(2026, 11, 20, 12, 0, tzinfo=JST),
        agent=Agent(name="佐藤", department="カスタマーサポート"),
    )


def test_versions_and_latest(drafts: SqlDraftStore) -> None:
    first = make_draft()
    edited = make_draft(2, body="山田 太郎様\n\n11月16日に発送いたしました。")
    approved = edited.model_copy(
        update={
            "version": 3,
            "status": DraftStatus.APPROVED,
            "approval": Approval(by="佐藤", at=datetime(2026, 11, 20, 12, 30, tzinfo=JST), override_reason="checked"),
        }
    )
    drafts.save(first, action="created", actor="佐藤")
    assert drafts.latest("d_0001") == first
    drafts.save(edited, action="edited", actor="佐藤")
    drafts.save(approved, action="approved_with_override", actor="佐藤")
    assert drafts.latest("d_0001") == approved
    assert drafts.versions("d_0001") == [first, edited, approved]


def test_unknown_drafts(drafts: SqlDraftStore) -> None:
    drafts.save(make_draft(), action="created")
    assert drafts.latest("d_other") is None
    assert drafts.versions("d_other") == []
    assert drafts.audit("d_other") == []


@pytest.mark.parametrize(
    ("saved", "then", "message"),
    [
        ([1], 1, r"draft d_0001 is at version 1; version 1 cannot be saved"),
        ([1, 2], 2, r"draft d_0001 is at version 2; version 2 cannot be saved"),
        ([1], 3, r"draft d_0001 is at version 1; version 3 cannot be saved"),
        ([], 2, r"draft d_0001 does not exist yet; its first version is 1, not 2"),
    ],
)
def test_only_the_next_version_can_be_saved(drafts: SqlDraftStore, saved: list[int], then: int, message: str) -> None:
    for version in saved:
        drafts.save(make_draft(version), action="created")
    with pytest.raises(Conflict, match=message):
        drafts.save(make_draft(then, body="someone else's edit"), action="edited", actor="鈴木")
    assert [d.version for d in drafts.versions("d_0001")] == saved
    assert len(drafts.audit("d_0001")) == len(saved)


def test_two_agents_saving_the_same_next_version_one_gets_conflict(database: Database) -> None:
    drafts = SqlDraftStore(database)
    drafts.save(make_draft(), action="created")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(actor: str) -> None:
        start.wait()
        try:
            drafts.save(make_draft(2, body=f"edit by {actor}"), action="edited", actor=actor)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    workers = [threading.Thread(target=edit, args=(actor,)) for actor in ("佐藤", "鈴木")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert [d.version for d in drafts.versions("d_0001")] == [1, 2]


def test_audit_trail(drafts: SqlDraftStore) -> None:
    drafts.save(make_draft(), action="created", actor=None)
    drafts.save(make_draft(2), action="edited", actor="佐藤")
    drafts.save(make_draft(3), action="approved", actor="佐藤")
    drafts.save(make_draft(draft_id="d_0002"), action="created")
    assert drafts.audit("d_0001") == [
        AuditEntry(draft_id="d_0001", version=1, action="created", actor=None, at=START),
        AuditEntry(draft_id="d_0001", version=2, action="edited", actor="佐藤", at=START + timedelta(minutes=1)),
        AuditEntry(draft_id="d_0001", version=3, action="approved", actor="佐藤", at=START + timedelta(minutes=2)),
    ]
    assert all(entry.at.utcoffset() == timedelta(0) for entry in drafts.audit("d_0001"))


def test_idempotency_keys(drafts: SqlDraftStore) -> None:
    assert drafts.draft_for_idempotency_key("key-1") is None
    drafts.remember_idempotency_key("key-1", "d_0001", "hash-a")
    assert drafts.draft_for_idempotency_key("key-1") == ("d_0001", "hash-a")
    with pytest.raises(Conflict, match="Idempotency-Key is already in use"):
        drafts.remember_idempotency_key("key-1", "d_0002", "hash-b")
    assert drafts.draft_for_idempotency_key("key-1") == ("d_0001", "hash-a")
    long_key = "k" * 1000
    drafts.remember_idempotency_key(long_key, "d_0002", "hash-b")
    assert drafts.draft_for_idempotency_key(long_key) == ("d_0002", "hash-b")


def test_ticket_round_trip(drafts: SqlDraftStore) -> None:
    ticket = Ticket.model_validate(
        {
            "id": "T-1001",
            "subject": "まだ届きません",
            "body": "注文 HM-24-00123 がまだ届きません。",
            "from": {"email": "taro@example.jp", "name": "山田 太郎"},
            "received_at": "2026-11-20T09:12:00+09:00",
        }
    )
    assert drafts.ticket("T-1001") is None
    drafts.save_ticket(ticket)
    assert drafts.ticket("T-1001") == ticket
    assert drafts.ticket("T-1001").received_at.utcoffset() == timedelta(hours=9)  # type: ignore[union-attr]
    replaced = ticket.model_copy(update={"body": "届きました。", "sender": Sender(email="taro@example.jp")})
    drafts.save_ticket(replaced)
    assert drafts.ticket("T-1001") == replaced


def test_ping(database: Database) -> None:
    assert database.ping() is True
