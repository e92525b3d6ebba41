"""`Database.transaction`: the stores' writes inside one block are one transaction, on
SQLite and PostgreSQL: kept together or not at all, with each store's own retries and
conflicts still working inside it (each store's block is a savepoint)."""

from __future__ import annotations

import pytest

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_drafts import SqlDraftStore
from draftdesk.adapters.sql_edits import SqlEditStore
from draftdesk.adapters.sql_model_calls import SqlModelCallStore
from draftdesk.edits import drafted_record
from draftdesk.errors import Conflict
from draftdesk.domain import Ticket
from tests.adapters.test_sql_drafts import START, Crash, make_draft
from tests.adapters.test_sql_model_calls import make_call

TICKET = Ticket(id="T-1001", subject="まだ届きません", body="注文した商品が届きません。")


def stores(database: Database) -> tuple[SqlDraftStore, SqlModelCallStore, SqlEditStore]:
    return SqlDraftStore(database), SqlModelCallStore(database), SqlEditStore(database)


def test_writes_of_several_stores_are_kept_together(database: Database) -> None:
    drafts, calls, edits = stores(database)
    with database.transaction():
        stored = drafts.create(make_draft(), ticket=TICKET, idempotency_key="k-1", request_hash="h")
        calls.add(stored.id, version=1, calls=[make_call()])
        edits.add_drafted(drafted_record(stored, at=START))
    assert drafts.latest(stored.id) == stored
    assert len(calls.for_draft(stored.id)) == 1
    assert [record.draft_id for record in edits.drafted_between(START, START.replace(year=2027))] == [stored.id]


def test_a_failure_after_some_writes_keeps_none_of_them(database: Database) -> None:
    drafts, calls, edits = stores(database)
    with pytest.raises(Crash), database.transaction():
        stored = drafts.create(make_draft(), ticket=TICKET, idempotency_key="k-1", request_hash="h")
        calls.add(stored.id, version=1, calls=[make_call()])
        raise Crash
    assert drafts.latest("d_0001") is None
    assert drafts.ticket(TICKET.id) is None
    assert drafts.draft_for_idempotency_key("k-1") is None
    assert calls.for_draft("d_0001") == []


def test_a_store_conflict_inside_undoes_only_that_stores_write(database: Database) -> None:
    """A store that raises Conflict on a unique key (here: a draft recorded as made twice)
    leaves the transaction usable: what the caller does with the Conflict decides."""
    drafts, _, edits = stores(database)
    with database.transaction():
        stored = drafts.create(make_draft(), ticket=TICKET)
        edits.add_drafted(drafted_record(stored, at=START))
        with pytest.raises(Conflict):
            edits.add_drafted(drafted_record(stored, at=START))
    assert drafts.latest(stored.id) == stored
    assert len(edits.drafted_between(START, START.replace(year=2027))) == 1


def test_a_transaction_inside_another_is_part_of_it(database: Database) -> None:
    drafts, calls, _ = stores(database)
    with pytest.raises(Crash), database.transaction():
        with database.transaction():
            stored = drafts.create(make_draft(), ticket=TICKET)
        calls.add(stored.id, version=1, calls=[make_call()])
        raise Crash
    assert drafts.latest("d_0001") is None
