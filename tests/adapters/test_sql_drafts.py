from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, inspect, select, text

from draftdesk.adapters.database import Base, Database, create_database
from draftdesk.adapters.sql_drafts import (
    AuditEntry,
    DraftVersionRow,
    IdempotencyKeyRow,
    IdempotencyKeyTaken,
    SqlDraftStore,
    TicketRevisionRow,
)
from draftdesk.domain import (
    Agent,
    Approval,
    Certainty,
    Draft,
    DraftStatus,
    Fact,
    Finding,
    Intent,
    ModelInfo,
    Sender,
    Severity,
    Ticket,
)
from draftdesk.errors import Conflict
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
    assert drafts.audit_trail("d_other") == []


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
    assert len(drafts.audit_trail("d_0001")) == len(saved)


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
    assert drafts.audit_trail("d_0001") == [
        AuditEntry(draft_id="d_0001", version=1, action="created", actor=None, at=START),
        AuditEntry(draft_id="d_0001", version=2, action="edited", actor="佐藤", at=START + timedelta(minutes=1)),
        AuditEntry(draft_id="d_0001", version=3, action="approved", actor="佐藤", at=START + timedelta(minutes=2)),
    ]
    assert all(entry.at.utcoffset() == timedelta(0) for entry in drafts.audit_trail("d_0001"))


def make_ticket(body: str = "注文 HM-24-00123 がまだ届きません。", *, ticket_id: str = "T-1001") -> Ticket:
    return Ticket.model_validate(
        {
            "id": ticket_id,
            "subject": "まだ届きません",
            "body": body,
            "from": {"email": "taro@example.jp", "name": "山田 太郎"},
            "received_at": "2026-11-20T09:12:00+09:00",
        }
    )


# --- tickets: revisions, never overwritten ------------------------------------------


def test_ticket_round_trip(drafts: SqlDraftStore) -> None:
    ticket = make_ticket()
    assert drafts.ticket("T-1001") is None
    assert drafts.save_ticket(ticket) == 1
    assert drafts.ticket("T-1001") == ticket
    assert drafts.ticket("T-1001").received_at.utcoffset() == timedelta(hours=9)  # type: ignore[union-attr]


def test_a_ticket_sent_again_with_other_content_is_a_new_revision_and_the_old_one_is_kept(
    drafts: SqlDraftStore,
) -> None:
    first = make_ticket()
    again = first.model_copy(update={"body": "届きました。", "sender": Sender(email="taro@example.jp")})
    assert drafts.save_ticket(first) == 1
    assert drafts.save_ticket(first) == 1  # the same ticket again is no new revision
    assert drafts.save_ticket(again) == 2
    assert drafts.ticket("T-1001") == again
    assert drafts.ticket("T-1001", revision=1) == first
    assert drafts.ticket("T-1001", revision=3) is None
    assert drafts.ticket_revisions("T-1001") == [first, again]
    assert drafts.save_ticket(first) == 3  # back to the first wording: a revision of its own


def test_each_draft_remembers_the_ticket_revision_it_answers(drafts: SqlDraftStore) -> None:
    first, again = make_ticket(), make_ticket("もう一度書きます。まだ届きません。")
    drafts.create(make_draft(draft_id="d_first"), ticket=first)
    drafts.create(make_draft(draft_id="d_again"), ticket=again)
    drafts.create(make_draft(draft_id="d_again2"), ticket=again)
    assert drafts.ticket_revisions("T-1001") == [first, again]
    assert drafts.ticket_for_draft(make_draft(draft_id="d_first")) == first
    assert drafts.ticket_for_draft(make_draft(draft_id="d_again2")) == again
    # A draft stored without its ticket (before revisions existed) reads the latest one.
    assert drafts.ticket_for_draft(make_draft(draft_id="d_unlinked")) == again


# --- a new draft: ticket revision, Idempotency-Key and draft in one transaction -------


class Crash(Exception):
    """Stands for the process dying at this point of the transaction."""


@contextmanager
def crash_at(engine: Engine, step: str) -> Iterator[list[str]]:
    """Fails the first INSERT into table `step` (or the COMMIT, for step "commit");
    yields the statements that ran before, so a test can show where the crash was."""
    ran: list[str] = []
    insert_into = re.compile(rf'^\s*INSERT INTO "?{step}"?\b', re.IGNORECASE)

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if insert_into.match(statement):
            raise Crash(f"crash before writing {step}")
        ran.append(" ".join(statement.split()[:3]).upper())

    def on_commit(_conn: Any) -> None:
        raise Crash("crash before COMMIT")

    name, listener = ("commit", on_commit) if step == "commit" else ("before_cursor_execute", before)
    event.listen(engine, name, listener)
    try:
        yield ran
    finally:
        event.remove(engine, name, listener)


@pytest.mark.parametrize("step", ["ticket_revisions", "draft_tickets", "draft_versions", "draft_audit", "commit"])
def test_a_crash_between_the_writes_leaves_nothing_and_the_retry_drafts_again(
    drafts: SqlDraftStore, database: Database, step: str
) -> None:
    with crash_at(database.engine, step) as ran, pytest.raises(Crash):
        drafts.create(make_draft(), ticket=make_ticket(), actor="佐藤", idempotency_key="key-1", request_hash="h")
    if step != "commit":
        assert "INSERT INTO IDEMPOTENCY_KEYS" in ran  # the key was written before the crash
    assert drafts.draft_for_idempotency_key("key-1") is None
    assert _count(database, IdempotencyKeyRow) == 0
    assert drafts.latest("d_0001") is None and drafts.audit_trail("d_0001") == []
    assert drafts.ticket("T-1001") is None

    stored = drafts.create(make_draft(), ticket=make_ticket(), actor="佐藤", idempotency_key="key-1", request_hash="h")
    assert drafts.draft_for_idempotency_key("key-1") == ("d_0001", "h")
    assert drafts.latest("d_0001") == stored
    assert drafts.ticket_for_draft(stored) == make_ticket()
    assert [(e.version, e.action, e.actor) for e in drafts.audit_trail("d_0001")] == [(1, "created", "佐藤")]


def test_a_key_another_request_stored_first_keeps_nothing_of_the_second(drafts: SqlDraftStore) -> None:
    drafts.create(make_draft(), ticket=make_ticket(), idempotency_key="key-1", request_hash="h")
    with pytest.raises(IdempotencyKeyTaken):
        drafts.create(
            make_draft(draft_id="d_0002"), ticket=make_ticket("別の本文"), idempotency_key="key-1", request_hash="h"
        )
    assert drafts.draft_for_idempotency_key("key-1") == ("d_0001", "h")
    assert drafts.latest("d_0002") is None
    assert drafts.ticket_revisions("T-1001") == [make_ticket()]


def test_a_key_left_pointing_at_no_draft_resolves_to_nothing_and_is_taken_over(
    drafts: SqlDraftStore, database: Database
) -> None:
    # What the store of three transactions left when a worker died after writing the key.
    with database.session(writes=True) as session:
        session.execute(
            insert(IdempotencyKeyRow).values(key="key-1", draft_id="d_lost", request_hash="h", created_at=START)
        )
    assert drafts.draft_for_idempotency_key("key-1") is None
    drafts.create(make_draft(), ticket=make_ticket(), idempotency_key="key-1", request_hash="h")
    assert drafts.draft_for_idempotency_key("key-1") == ("d_0001", "h")
    assert _count(database, IdempotencyKeyRow) == 1


def test_long_idempotency_keys(drafts: SqlDraftStore) -> None:
    long_key = "k" * 1000
    drafts.create(make_draft(), ticket=make_ticket(), idempotency_key=long_key, request_hash="h")
    assert drafts.draft_for_idempotency_key(long_key) == ("d_0001", "h")


def test_only_a_first_version_is_created(drafts: SqlDraftStore) -> None:
    with pytest.raises(Conflict, match="its first version is 1, not 2"):
        drafts.create(make_draft(2), ticket=make_ticket())
    drafts.create(make_draft(), ticket=make_ticket())
    with pytest.raises(Conflict, match="draft d_0001 is at version 1"):
        drafts.create(make_draft(), ticket=make_ticket())
    assert drafts.versions("d_0001") == [make_draft()]


def test_two_requests_with_one_key_store_one_draft(database: Database) -> None:
    drafts = SqlDraftStore(database)
    outcomes = _together(
        2,
        lambda n: drafts.create(
            make_draft(draft_id=f"d_{n}"), ticket=make_ticket(f"本文 {n}"), idempotency_key="key-1", request_hash="h"
        ),
    )
    assert outcomes == ["IdempotencyKeyTaken", "stored"]
    draft_id, _ = drafts.draft_for_idempotency_key("key-1")  # type: ignore[misc]
    assert _count(database, DraftVersionRow) == 1 and drafts.latest(draft_id) is not None
    assert len(drafts.ticket_revisions("T-1001")) == 1


def test_new_revisions_of_one_ticket_written_at_once_are_all_kept(database: Database) -> None:
    drafts = SqlDraftStore(database)
    outcomes = _together(4, lambda n: drafts.create(make_draft(draft_id=f"d_{n}"), ticket=make_ticket(f"本文 {n}")))
    assert outcomes == ["stored"] * 4
    assert sorted(t.body for t in drafts.ticket_revisions("T-1001")) == [f"本文 {n}" for n in range(4)]
    for n in range(4):
        assert drafts.ticket_for_draft(make_draft(draft_id=f"d_{n}")).body == f"本文 {n}"  # type: ignore[union-attr]


def _together(count: int, work: Callable[[int], object]) -> list[str]:
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def run(n: int) -> None:
        start.wait()
        try:
            work(n)
            outcomes.append("stored")
        except Conflict as refused:
            outcomes.append(type(refused).__name__)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return sorted(outcomes)


def _count(database: Database, row: type[Base]) -> int:
    with database.session() as session:
        return len(session.scalars(select(row)).all())


# --- card numbers and My Numbers at rest --------------------------------------------

CARD, MY_NUMBER = "4111 1111 1111 1111", "1234 5678 9018"
FULL_NUMBERS = ("4111111111111111", "123456789018", "5555555555554444", "4242424242424242")


def test_card_numbers_and_my_numbers_are_masked_in_every_stored_row(drafts: SqlDraftStore, database: Database) -> None:
    ticket = make_ticket(f"カード{CARD}で二重請求です。マイナンバー{MY_NUMBER}も送ります。")
    hs016 = Finding(rule="HS016", severity=Severity.ERROR, message="card number", start=12, end=31,
                    excerpt=CARD, suggestion="**** **** **** 1111")
    # The reply repeats the My Number bare, as a model echoing <MY_NUMBER_1> makes it do.
    body = f"山田 太郎様\n\nカード {CARD} のご請求を確認しました。（{MY_NUMBER}）"
    draft = make_draft(body=body).model_copy(update={"findings": [hs016]})

    stored = drafts.create(draft, ticket=ticket, idempotency_key="key-1", request_hash="h")
    assert stored.body == "山田 太郎様\n\nカード **** **** **** 1111 のご請求を確認しました。（**** **** 9018）"
    assert stored.body[12:31] == "**** **** **** 1111"  # one character for one: spans still fit
    assert stored.findings[0].excerpt == "**** **** **** 1111"
    assert drafts.latest("d_0001") == stored
    assert drafts.ticket("T-1001").body == (  # type: ignore[union-attr]
        "カード**** **** **** 1111で二重請求です。マイナンバー**** **** 9018も送ります。"
    )
    edited = drafts.save(make_draft(2, body="カード 5555-5555-5555-4444 で"), action="edited", actor="佐藤")
    assert edited.body == "カード ****-****-****-4444 で"
    approval = Approval(by="佐藤", at=START, override_reason="お客様のカード4242424242424242を確認済み")
    approved = drafts.save(
        edited.model_copy(update={"version": 3, "status": DraftStatus.APPROVED, "approval": approval}),
        action="approved_with_override",
        actor="佐藤",
    )
    assert approved.approval.override_reason == "お客様のカード************4242を確認済み"  # type: ignore[union-attr]
    drafts.save_ticket(make_ticket(f"もう一度: {CARD}"))

    stored_text = _every_stored_value(database)
    assert "1111" in stored_text and "9018" in stored_text  # the last four stay
    assert [number for number in FULL_NUMBERS if number in _without_separators(stored_text)] == []


def _every_stored_value(database: Database) -> str:
    with database.session() as session:
        return "\n".join(
            json.dumps(list(row), ensure_ascii=False, default=str)
            for table in Base.metadata.sorted_tables
            for row in session.execute(select(table))
        )


def _without_separators(stored: str) -> str:
    return re.sub(r"(?<=\d)[ \-](?=\d)", "", stored)


# --- a database written before revisions and masking --------------------------------


def test_an_older_database_is_brought_up_to_date_once(empty_database_url: str) -> None:
    legacy = create_database(empty_database_url)
    ticket = make_ticket(f"カード {CARD} で払いました。マイナンバー {MY_NUMBER}")
    draft = make_draft(body=f"カード {CARD} を確認しました。（{MY_NUMBER}）")
    postgres = legacy.engine.dialect.name == "postgresql"
    with legacy.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE tickets (id VARCHAR PRIMARY KEY, "
                + ("data JSONB NOT NULL, saved_at TIMESTAMP WITH TIME ZONE NOT NULL)" if postgres
                   else "data JSON NOT NULL, saved_at DATETIME NOT NULL)")
            )
        )
        connection.execute(
            text("INSERT INTO tickets (id, data, saved_at) VALUES (:id, :data, :at)"),
            {"id": ticket.id, "data": ticket.model_dump_json(by_alias=True),
             "at": "2026-11-20 03:00:00+00:00" if postgres else "2026-11-20 03:00:00.000000"},
        )
    DraftVersionRow.__table__.create(legacy.engine)
    with legacy.session(writes=True) as session:
        session.add(DraftVersionRow(draft_id=draft.id, version=1, ticket_id=ticket.id, status="draft",
                                    data=draft.model_dump(mode="json"), created_at=START))

    legacy.create_schema()
    legacy.create_schema()  # the next start finds nothing left to do
    drafts = SqlDraftStore(legacy)
    assert drafts.ticket_revisions("T-1001") == [make_ticket("カード **** **** **** 1111 で払いました。マイナンバー **** **** 9018")]
    assert drafts.latest(draft.id).body == "カード **** **** **** 1111 を確認しました。（**** **** 9018）"  # type: ignore[union-attr]
    with legacy.session() as session:
        assert session.scalar(select(TicketRevisionRow.saved_at)) == START
    with legacy.engine.connect() as connection:
        assert not inspect(connection).has_table("tickets")
    legacy.dispose()


def test_ping(database: Database) -> None:
    assert database.ping() is True
