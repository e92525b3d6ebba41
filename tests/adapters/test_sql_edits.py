"""SqlEditStore on SQLite and PostgreSQL: records added and read back by period, one
approval per draft; the in-memory fake keeps the same promises."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import delete

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_edits import DraftEditRow, DraftMadeRow, SqlEditStore
from draftdesk.domain import Intent
from draftdesk.edits import DraftedRecord, EditRecord
from draftdesk.errors import Conflict
from draftdesk.pipeline.edit_classes import EditClass
from draftdesk.ports import EditStore
from tests.adapters.conftest import sqlite_database
from tests.support.policies import protocol_mismatches
from tests.support.stores import InMemoryEdits

JST = timezone(timedelta(hours=9))
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=JST)


def drafted(draft_id: str, at: datetime) -> DraftedRecord:
    return DraftedRecord(
        draft_id=draft_id, ticket_id="T-1", at=at, intent=Intent.DELAY, language="ja", model="template",
        fallback_used=True, findings={"HS005": 2},
    )  # fmt: skip


def approval(draft_id: str, at: datetime) -> EditRecord:
    return EditRecord(
        draft_id=draft_id, ticket_id="T-1", version=3, at=at, approved_by="佐藤", intent=Intent.RETURN, language="en",
        model="openai/gpt-4o-mini", classes=[EditClass.FACTS_CHANGED, EditClass.WORDING_CHANGED],
        diff="--- v1\n+++ v3\n@@ -1 +1 @@\n-a\n+b",
    )  # fmt: skip


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def edits(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EditStore]:
    if request.param == "memory":
        yield InMemoryEdits()
        return
    if request.param == "sqlite":
        database = sqlite_database(tmp_path)
        yield SqlEditStore(database)
        database.dispose()
        return
    database = request.getfixturevalue("postgres_database")
    yield SqlEditStore(database)
    with database.session(writes=True) as session:
        for table in (DraftMadeRow, DraftEditRow):
            session.execute(delete(table))


def test_both_stores_keep_the_protocol():
    assert protocol_mismatches(SqlEditStore, EditStore) == []
    assert protocol_mismatches(InMemoryEdits, EditStore) == []


def test_records_read_back_as_written_within_their_period(edits: EditStore):
    for hours in (-25, -1, 0, 1):
        edits.add_drafted(drafted(f"d_{hours}", NOON + timedelta(hours=hours)))
        edits.add_edit(approval(f"d_{hours}", NOON + timedelta(hours=hours)))
    since, until = NOON - timedelta(days=1), NOON + timedelta(hours=1)  # since included, until not
    assert [r.draft_id for r in edits.drafted_between(since, until)] == ["d_-1", "d_0"]
    assert edits.drafted_between(since, until)[1] == drafted("d_0", NOON)
    assert edits.edits_between(since, until) == [approval("d_-1", NOON - timedelta(hours=1)), approval("d_0", NOON)]
    assert edits.edits_between(until, until + timedelta(days=1))[0].at == NOON + timedelta(hours=1)


def test_an_approval_is_recorded_once(edits: EditStore):
    edits.add_edit(approval("d_1", NOON))
    with pytest.raises(Conflict):
        edits.add_edit(approval("d_1", NOON + timedelta(minutes=1)))
    assert len(edits.edits_between(NOON - timedelta(days=1), NOON + timedelta(days=1))) == 1


def test_times_compare_as_instants_whatever_their_offset(database: Database):
    edits = SqlEditStore(database)
    edits.add_drafted(drafted("d_utc", datetime(2026, 11, 20, 2, 30, tzinfo=timezone.utc)))  # 11:30 in Tokyo
    assert [r.draft_id for r in edits.drafted_between(datetime(2026, 11, 20, 11, tzinfo=JST), NOON)] == ["d_utc"]
