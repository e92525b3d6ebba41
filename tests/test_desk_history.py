"""What happened to a draft, through the desk: the audit trail names the owner of the API
key of each change and the reason of an override; the versions list what each one
said. On the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio

import pytest
from draftdesk.errors import NotFound
from draftdesk.ports import DraftStore, PolicyIndex

from tests.adapters.conftest import postgres_user  # noqa: F401 - the fixture, shared
from tests.support.desks import make_desk
from tests.support.orders import InMemoryOrders
from tests.test_desk import AGENT, TICKET, any_drafts, orders, policies  # noqa: F401 - fixtures, shared

REASON = "お客様と電話で確認済みのため"
HEDGED = "申し訳ございません。たぶん明日届きます。"  # error findings: approving needs a reason


def test_each_change_is_audited_with_the_owner_of_its_key(
    orders: InMemoryOrders,  # noqa: F811
    policies: PolicyIndex,  # noqa: F811
    any_drafts: DraftStore,  # noqa: F811
) -> None:
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts)
    draft, _ = asyncio.run(desk.create(TICKET, agent=AGENT, key_owner="shop-backend"))
    desk.edit(draft.id, body=HEDGED, subject=None, actor="佐藤", key_owner="alice")
    desk.approve(draft.id, agent_name="鈴木", override_reason=REASON, key_owner="bob")

    trail = desk.audit_trail(draft.id)
    assert [(e.version, e.action, e.actor, e.key_owner, e.override_reason) for e in trail] == [
        (1, "created", AGENT.name, "shop-backend", None),
        (2, "edited", "佐藤", "alice", None),
        (3, "approved_with_override", "鈴木", "bob", REASON),
    ]

    versions = desk.version_history(draft.id)
    assert [(v.version, v.action, v.actor, v.key_owner) for v in versions] == [
        (e.version, e.action, e.actor, e.key_owner) for e in trail
    ]
    assert [v.at for v in versions] == [e.at for e in trail]
    assert versions[0].body == draft.body and versions[1].body == versions[2].body == HEDGED
    assert versions[0].subject == draft.subject


def test_a_change_without_a_key_owner_is_audited_without_one(
    orders: InMemoryOrders,  # noqa: F811
    policies: PolicyIndex,  # noqa: F811
    any_drafts: DraftStore,  # noqa: F811
) -> None:
    """A helpdesk's drafting job, the CLI: no request, no key."""
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts)
    draft, _ = asyncio.run(desk.create(TICKET, agent=AGENT))
    desk.approve(draft.id, agent_name="鈴木", override_reason=None)
    assert [(e.key_owner, e.override_reason) for e in desk.audit_trail(draft.id)] == [(None, None), (None, None)]


def test_an_unknown_draft_has_no_history(orders: InMemoryOrders, policies: PolicyIndex) -> None:  # noqa: F811
    desk = make_desk(orders=orders, policies=policies)
    with pytest.raises(NotFound, match="no draft with id d_nope"):
        desk.audit_trail("d_nope")
    with pytest.raises(NotFound, match="no draft with id d_nope"):
        desk.version_history("d_nope")
