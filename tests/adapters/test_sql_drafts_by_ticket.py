"""SqlDraftStore.latest_for_ticket where only SQL can show it: a revision stored before
its draft (a helpdesk job keeps the ticket first), and the index the lookup uses, also
in a database created before the index existed. The rest of its contract runs on every
store in tests/test_desk.py."""

from __future__ import annotations

from sqlalchemy import inspect, text

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_drafts import SqlDraftStore
from tests.adapters.test_sql_drafts import make_draft, make_ticket

INDEX = "ix_draft_tickets_ticket_revision"


def test_a_revision_without_its_draft_yet_has_no_waiting_draft(database: Database) -> None:
    drafts = SqlDraftStore(database)
    assert drafts.latest_for_ticket("T-1001") is None
    drafts.create(make_draft(draft_id="d_first"), ticket=make_ticket())
    assert drafts.latest_for_ticket("T-1001").id == "d_first"  # type: ignore[union-attr]
    assert drafts.save_ticket(make_ticket("もう一度書きます。まだ届きません。")) == 2
    assert drafts.latest_for_ticket("T-1001") is None  # the first draft answers what is no longer the latest
    drafts.create(make_draft(draft_id="d_again"), ticket=make_ticket("もう一度書きます。まだ届きません。"))
    assert drafts.latest_for_ticket("T-1001").id == "d_again"  # type: ignore[union-attr]


def _indexed_columns(database: Database) -> dict[str, list[str]]:
    with database.engine.connect() as connection:
        indexes = inspect(connection).get_indexes("draft_tickets")
    return {index["name"]: index["column_names"] for index in indexes}


def test_the_lookup_is_indexed_and_an_older_database_gets_the_index(database: Database) -> None:
    assert _indexed_columns(database)[INDEX] == ["ticket_id", "ticket_revision"]
    with database.engine.begin() as connection:
        connection.execute(text(f"DROP INDEX {INDEX}"))
    assert INDEX not in _indexed_columns(database)
    drafts = SqlDraftStore(database)
    drafts.create(make_draft(), ticket=make_ticket())
    database.create_schema()  # the next start
    assert _indexed_columns(database)[INDEX] == ["ticket_id", "ticket_revision"]
    assert drafts.latest_for_ticket("T-1001").id == make_draft().id  # type: ignore[union-attr]
