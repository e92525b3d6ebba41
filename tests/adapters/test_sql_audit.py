"""The audit trail in SQL: who held the key of each change, why an approval overrode
findings; columns added to a database written before them; and append-only: no store
method ever updates or deletes an audit row."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from draftdesk.adapters.database import Database, add_missing_columns, create_database
from draftdesk.adapters.sql_drafts import AuditRow, SqlDraftStore
from draftdesk.domain import Approval, Draft, DraftStatus
from draftdesk.history import AuditEntry
from sqlalchemy import Engine, event, inspect, text

from tests.adapters.test_sql_drafts import START, TickingClock, make_draft, make_ticket
from tests.support.orders import JST

REASON = "電話で確認済みのため"


def approved(version: int, *, reason: str | None, draft_id: str = "d_0001") -> Draft:
    return make_draft(version, draft_id=draft_id).model_copy(
        update={
            "status": DraftStatus.APPROVED,
            "approval": Approval(by="佐藤", at=datetime(2026, 11, 20, 12, 30, tzinfo=JST), override_reason=reason),
        }
    )


def test_the_trail_names_the_key_owner_and_an_overrides_reason(database: Database) -> None:
    drafts = SqlDraftStore(database, clock=TickingClock())
    drafts.create(make_draft(), ticket=make_ticket(), actor="佐藤", key_owner="shop-backend")
    drafts.save(make_draft(2), action="edited", actor="佐藤", key_owner="alice")
    drafts.save(approved(3, reason=REASON), action="approved_with_override", actor="鈴木", key_owner="bob")
    drafts.create(make_draft(draft_id="d_0002"), ticket=make_ticket())
    drafts.save(approved(2, reason=None, draft_id="d_0002"), action="approved", actor="鈴木")

    assert drafts.audit_trail("d_0001") == [
        AuditEntry(draft_id="d_0001", version=1, action="created", actor="佐藤", at=START, key_owner="shop-backend"),
        AuditEntry(draft_id="d_0001", version=2, action="edited", actor="佐藤", at=START + timedelta(minutes=1),
                   key_owner="alice"),
        AuditEntry(draft_id="d_0001", version=3, action="approved_with_override", actor="鈴木",
                   at=START + timedelta(minutes=2), key_owner="bob", override_reason=REASON),
    ]  # fmt: skip
    assert [(e.key_owner, e.override_reason) for e in drafts.audit_trail("d_0002")] == [(None, None), (None, None)]


def test_a_database_written_before_key_owners_gets_the_columns_and_keeps_its_rows(empty_database_url: str) -> None:
    older = create_database(empty_database_url)
    postgres = older.engine.dialect.name == "postgresql"
    with older.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE draft_audit ("
                + ("id SERIAL PRIMARY KEY" if postgres else "id INTEGER PRIMARY KEY")
                + ", draft_id VARCHAR NOT NULL, version INTEGER NOT NULL, action VARCHAR NOT NULL, actor VARCHAR, "
                + ("at TIMESTAMP WITH TIME ZONE NOT NULL)" if postgres else "at DATETIME NOT NULL)")
            )
        )
        connection.execute(
            text(
                "INSERT INTO draft_audit (draft_id, version, action, actor, at)"
                " VALUES ('d_old', 1, 'created', '佐藤', :at)"
            ),
            {"at": "2026-11-20 03:00:00+00:00" if postgres else "2026-11-20 03:00:00.000000"},
        )

    older.create_schema()
    with older.engine.connect() as connection:
        columns = {column["name"] for column in inspect(connection).get_columns("draft_audit")}
        assert {"key_owner", "override_reason"} <= columns
        assert add_missing_columns(connection, AuditRow.__table__) == []  # the next start finds nothing to add
    drafts = SqlDraftStore(older)
    assert drafts.audit_trail("d_old") == [
        AuditEntry(draft_id="d_old", version=1, action="created", actor="佐藤", at=START)
    ]
    drafts.save(make_draft(), action="created", actor="佐藤", key_owner="alice")
    assert drafts.audit_trail("d_0001")[-1].key_owner == "alice"
    older.dispose()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


# Every public method of the store, called: a method added later must be added here,
# and is then checked as well.
STORE_METHODS = {
    "create", "save", "latest", "latest_for_ticket", "versions", "audit_trail", "save_ticket", "ticket",
    "ticket_revisions", "ticket_for_draft", "draft_for_idempotency_key",
}  # fmt: skip


def test_the_audit_trail_is_append_only(database: Database) -> None:
    """No method of the store offers to change or remove an audit row: run them all
    (and the schema upgrade) and not one UPDATE or DELETE of draft_audit is sent."""
    public = {name for name in dir(SqlDraftStore) if not name.startswith("_")}
    assert public == STORE_METHODS
    drafts = SqlDraftStore(database)
    with statements(database.engine) as sent:
        first = drafts.create(make_draft(), ticket=make_ticket(), actor="佐藤", idempotency_key="k", key_owner="a")
        drafts.save(make_draft(2), action="edited", actor="佐藤", key_owner="a")
        drafts.save(approved(3, reason=REASON), action="approved_with_override", actor="佐藤")
        drafts.latest(first.id)
        drafts.latest_for_ticket(first.ticket_id)
        drafts.versions(first.id)
        drafts.audit_trail(first.id)
        drafts.save_ticket(make_ticket("追伸：まだです。"))
        drafts.ticket(first.ticket_id)
        drafts.ticket_revisions(first.ticket_id)
        drafts.ticket_for_draft(first)
        drafts.draft_for_idempotency_key("k")
        database.create_schema()
    writes = [s for s in sent if re.match(r"\s*(UPDATE|DELETE)\b", s, re.IGNORECASE)]
    assert sent and not [s for s in writes if "draft_audit" in s], writes
    assert [s for s in sent if re.match(r"\s*INSERT INTO draft_audit", s)]  # the trail was written to
