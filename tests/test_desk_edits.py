"""The desk's edit capture, diffs and stats: on the kit's in-memory stores, and with
the draft and edit stores on SQLite and PostgreSQL (one database, as served)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from draftdesk.adapters.database import create_database
from draftdesk.adapters.sql_drafts import SqlDraftStore
from draftdesk.adapters.sql_edits import SqlEditStore
from draftdesk.desk import DraftDesk
from draftdesk.domain import Draft
from draftdesk.errors import Conflict, NotFound
from draftdesk.pipeline.edit_classes import EditClass
from draftdesk.ports import EditStore
from tests.adapters.conftest import fresh_postgres_schema, postgres_user, sqlite_database  # noqa: F401 - the fixture, shared
from tests.support.desks import DEMO_CLOCK, make_desk, policy_passages
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex
from tests.support.stores import InMemoryDrafts, InMemoryEdits
from tests.test_desk import AGENT, TICKET


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[object, EditStore]]:
    """A draft store and an edit store, as the desk runs on them."""
    if request.param == "memory":
        yield InMemoryDrafts(), InMemoryEdits()
        return
    if request.param == "sqlite":
        database = sqlite_database(tmp_path)
        yield SqlDraftStore(database), SqlEditStore(database)
        database.dispose()
        return
    with fresh_postgres_schema(request.getfixturevalue("postgres_user")) as url:
        database = create_database(url)
        database.create_schema()
        yield SqlDraftStore(database), SqlEditStore(database)
        database.dispose()


@pytest.fixture
def desk(stores) -> DraftDesk:
    drafts, edits = stores
    orders = InMemoryOrders([make_order(shipment=SHIPPED)])
    return make_desk(orders=orders, policies=ListPolicyIndex(policy_passages()), drafts=drafts, edits=edits)


def create(desk: DraftDesk) -> Draft:
    draft, _ = asyncio.run(desk.create(TICKET, agent=AGENT))
    return draft


def everything(desk: DraftDesk) -> tuple[list, list]:
    since, until = DEMO_CLOCK - timedelta(days=1), DEMO_CLOCK + timedelta(days=1)
    return desk.edits.drafted_between(since, until), desk.edits.edits_between(since, until)


def test_a_draft_made_is_recorded_with_its_drafter_and_findings(desk: DraftDesk):
    draft = create(desk)
    [made], approvals = everything(desk)
    assert (made.draft_id, made.at, made.model, made.fallback_used) == (draft.id, DEMO_CLOCK, "template", False)
    assert sum(made.findings.values()) == len(draft.findings) and approvals == []


def test_an_approval_as_drafted_is_recorded_as_no_edit(desk: DraftDesk):
    draft = create(desk)
    desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    [record] = everything(desk)[1]
    assert (record.draft_id, record.version, record.approved_by, record.classes, record.diff) == (draft.id, 2, "佐藤", [], "")


def test_an_edited_approval_is_recorded_with_its_classes_and_the_diff_from_the_first_version(desk: DraftDesk):
    draft = create(desk)
    reworded = draft.body.replace("何卒よろしくお願い申し上げます。", "今後ともよろしくお願いいたします。")
    desk.edit(draft.id, body=reworded.replace("\n\n今後とも", "\n\nご不明な点はお気軽にお問い合わせください。\n\n今後とも"), subject=None, actor="佐藤")
    desk.edit(draft.id, body=reworded, subject="ご注文 HM-24-09001 の配送について", actor="佐藤")
    approved = desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    [record] = everything(desk)[1]
    assert record.version == approved.version == 4 and record.intent == draft.intent and record.model == "template"
    assert record.classes == [EditClass.WORDING_CHANGED]  # against version 1: the paragraph added in v2 is gone again
    assert record.diff.startswith("--- v1\n+++ v4\n")
    assert "-何卒よろしくお願い申し上げます。" in record.diff and "+今後ともよろしくお願いいたします。" in record.diff


def test_an_approval_refused_records_nothing(desk: DraftDesk):
    draft = create(desk)
    desk.edit(draft.id, body="申し訳ございません。" + draft.body, subject=None, actor="佐藤")
    with pytest.raises(Conflict):
        desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    assert everything(desk)[1] == []


def test_a_diff_is_between_the_first_and_the_latest_version_unless_asked(desk: DraftDesk):
    draft = create(desk)
    desk.edit(draft.id, body=draft.body.replace("何卒", "今後とも"), subject=None, actor="佐藤")
    desk.edit(draft.id, body=draft.body, subject="件名を変えました", actor="佐藤")
    latest = desk.diff(draft.id)
    assert (latest.from_version, latest.to_version) == (1, 3)
    assert [(c.op, c.from_text, c.to_text) for c in latest.changes if c.op != "equal"] == [
        ("replace", draft.subject, "件名を変えました")
    ]
    between = desk.diff(draft.id, from_version=2, to_version=1)
    assert [(c.op, c.from_text, c.to_text) for c in between.changes if c.op != "equal"] == [("replace", "今後とも", "何卒")]
    assert desk.diff(draft.id, from_version=3, to_version=3).unified == ""
    assert between.model_dump(by_alias=True)["from"] == 2


def test_a_diff_of_an_unknown_draft_or_version_says_so(desk: DraftDesk):
    draft = create(desk)
    with pytest.raises(NotFound):
        desk.diff("d_nope")
    with pytest.raises(NotFound) as unknown:
        desk.diff(draft.id, to_version=2)
    assert unknown.value.detail == f"to: draft {draft.id} has versions 1 to 1, not 2"


def test_stats_are_read_over_the_records_of_the_period_by_the_desk_clock(desk: DraftDesk):
    first, second = create(desk), create(desk)
    desk.edit(first.id, body=first.body.replace("何卒", "今後とも"), subject=None, actor="佐藤")
    desk.approve(first.id, agent_name="佐藤", override_reason=None)
    desk.approve(second.id, agent_name="佐藤", override_reason=None)
    stats = desk.stats()
    assert (stats.period.since.isoformat(), stats.period.until.isoformat()) == (
        "2026-10-22T00:00:00+09:00", "2026-11-21T00:00:00+09:00"  # the 30 days up to the end of today, in Tokyo
    )
    assert (stats.drafts, stats.approved, stats.fallbacks) == (2, 2, 0)
    assert stats.edit_rates.overall.rate == 0.5 and stats.edit_rates.by_class["wording_changed"].edited == 1
    assert stats.edit_rates.by_model["template"].approved == 2
    assert sum(stats.findings.values()) == len(first.findings) + len(second.findings)
    next_month = replace(desk, clock=lambda: DEMO_CLOCK + timedelta(days=30))  # all of it 30 days ago
    assert (next_month.stats().drafts, next_month.stats().approved) == (0, 0)
    assert desk.stats(since=date(2026, 11, 20), until=date(2026, 11, 20)).approved == 2  # the whole day, in Tokyo
