"""DraftDesk over real stores (SQLite on tmp_path and PostgreSQL) and the real pipeline
(template drafter): a crash while a new draft is stored, tickets sent again, and card
numbers and My Numbers kept out of what is stored."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from draftdesk.adapters.sql_drafts import IdempotencyKeyRow
from draftdesk.config import PROJECT_ROOT, Settings
from draftdesk.desk import DraftDesk
from draftdesk.domain import Agent, Draft, Ticket
from draftdesk.errors import Conflict, NotFound
from draftdesk.wiring import Services
from tests.adapters.conftest import fresh_postgres_schema, postgres_user  # noqa: F401 - the fixture, shared
from tests.adapters.test_sql_drafts import START, Crash, crash_at
from tests.conftest import DEMO_NOW

TICKET = Ticket.model_validate(
    json.loads((PROJECT_ROOT / "knowledge" / "demo" / "tickets" / "T-JA-001.json").read_text(encoding="utf-8"))
)
AGENT = Agent(name="佐藤")
CARD, MY_NUMBER = "4111 1111 1111 1111", "1234 5678 9018"


def _services(var_dir: Path, database_url: str = "") -> Services:
    return Services(Settings(var_dir=var_dir, now=DEMO_NOW, database_url=database_url, chroma_url="", model="template"))


@pytest.fixture(scope="module")
def sqlite_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    services = _services(tmp_path_factory.mktemp("desk-var"))
    services.load_demo_shop()
    services.sync_knowledge()
    return services


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def desk(
    request: pytest.FixtureRequest, sqlite_services: Services, tmp_path: Path
) -> Iterator[DraftDesk]:
    """A desk on a store of its own; the heavy parts (Presidio, the policy index) shared."""
    if request.param == "sqlite":
        services = _services(tmp_path)
        services.detector = sqlite_services.detector  # type: ignore[misc]
        services.policies = sqlite_services.policies  # type: ignore[misc]
        services.load_demo_shop()
        yield DraftDesk(services)
        services.database.dispose()
        return
    with fresh_postgres_schema(request.getfixturevalue("postgres_user")) as url:
        services = _services(tmp_path, url.replace("postgresql+psycopg://", "postgresql://"))
        services.detector = sqlite_services.detector  # type: ignore[misc]
        services.policies = sqlite_services.policies  # type: ignore[misc]
        services.load_demo_shop()
        yield DraftDesk(services)
        services.database.dispose()


def create(desk: DraftDesk, ticket: Ticket = TICKET, *, key: str | None = None) -> tuple[Draft, bool]:
    return asyncio.run(desk.create(ticket, agent=AGENT, idempotency_key=key))


# --- issue 13.3: a crash while a new draft is stored ---------------------------------


@pytest.mark.parametrize("step", ["draft_versions", "commit"])
def test_a_crash_while_storing_leaves_no_key_behind_and_the_retry_drafts_once(desk: DraftDesk, step: str) -> None:
    drafts = desk.services.drafts
    with crash_at(desk.services.database.engine, step), pytest.raises(Crash):
        create(desk, key="key-1")
    assert drafts.draft_for_idempotency_key("key-1") is None
    assert drafts.ticket(TICKET.id) is None

    draft, created = create(desk, key="key-1")  # the client's retry, same key
    assert created
    assert desk.latest(draft.id) == draft
    assert drafts.draft_for_idempotency_key("key-1")[0] == draft.id  # type: ignore[index]
    assert drafts.ticket_for_draft(draft) == TICKET

    again, created = create(desk, key="key-1")
    assert (again.id, created) == (draft.id, False)


def test_a_key_the_old_store_left_pointing_at_no_draft_drafts_again(desk: DraftDesk) -> None:
    with desk.services.database.session(writes=True) as session:
        session.execute(
            insert(IdempotencyKeyRow).values(key="key-1", draft_id="d_lost", request_hash="h", created_at=START)
        )
    with pytest.raises(NotFound):
        desk.latest("d_lost")
    draft, created = create(desk, key="key-1")
    assert created and desk.latest(draft.id) == draft
    assert create(desk, key="key-1")[0].id == draft.id


def test_a_key_used_with_another_ticket_is_still_a_conflict(desk: DraftDesk) -> None:
    create(desk, key="key-1")
    with pytest.raises(Conflict, match="different request body"):
        create(desk, TICKET.model_copy(update={"body": TICKET.body + "\n追記です。"}), key="key-1")


# --- issue 13.9: the same ticket id again -----------------------------------------


def test_a_ticket_sent_again_is_a_new_revision_and_an_edit_is_checked_against_the_one_answered(
    desk: DraftDesk,
) -> None:
    drafts = desk.services.drafts
    first = TICKET.model_copy(update={"body": TICKET.body + "\n送料の¥1,980も気になります。"})
    answered, _ = create(desk, first)
    again = TICKET.model_copy(update={"body": "追伸：まだ届きません。至急ご連絡ください。"})
    later, _ = create(desk, again)
    assert drafts.ticket_revisions(TICKET.id) == [first, again]  # nothing overwritten
    assert drafts.ticket_for_draft(answered) == first and drafts.ticket_for_draft(later) == again

    # ¥1,980 is grounded in the revision the first draft answers, not in the later one.
    quoting = answered.body.replace("何卒よろしくお願い申し上げます。", "送料¥1,980について確認いたします。\n何卒よろしくお願い申し上げます。")
    assert quoting != answered.body
    grounding = lambda draft: [f for f in draft.findings if f.rule == "HS003"]  # noqa: E731
    assert grounding(desk.edit(answered.id, body=quoting, subject=None, actor="佐藤")) == []
    assert grounding(desk.edit(later.id, body=quoting, subject=None, actor="佐藤"))


# --- issue 13.8: card numbers and My Numbers at rest -----------------------------------


def test_card_numbers_and_my_numbers_are_masked_in_what_is_stored_and_returned(desk: DraftDesk) -> None:
    drafts = desk.services.drafts
    ticket = TICKET.model_copy(
        update={"body": TICKET.body + f"\nカード {CARD} で払いました。マイナンバー {MY_NUMBER} も送ります。"}
    )
    draft, _ = create(desk, ticket, key="key-card")
    # The pipeline drafted from the full text: redaction found the card and the My Number.
    assert {"CREDIT_CARD", "MY_NUMBER"} <= set(draft.redaction.entities)
    stored_ticket = drafts.ticket_for_draft(draft)
    assert stored_ticket is not None and CARD not in stored_ticket.body and MY_NUMBER not in stored_ticket.body
    assert "カード **** **** **** 1111 で払いました。マイナンバー **** **** 9018 も送ります。" in stored_ticket.body
    assert create(desk, ticket, key="key-card")[0].id == draft.id  # the same request replays

    edited = desk.edit(draft.id, body=draft.body + f"\nカード {CARD} のご請求を確認します。", subject=None, actor="佐藤")
    assert CARD not in edited.body and "カード **** **** **** 1111 のご請求" in edited.body
    (hs016,) = [f for f in edited.findings if f.rule == "HS016"]
    assert hs016.excerpt == "**** **** **** 1111" and edited.body[hs016.start : hs016.end] == hs016.excerpt
    assert desk.latest(draft.id) == edited

    approved = desk.approve(draft.id, agent_name="佐藤", override_reason=f"カード {CARD} は確認済み")
    assert approved.approval and approved.approval.override_reason == "カード **** **** **** 1111 は確認済み"
    for version in drafts.versions(draft.id):
        assert CARD not in version.model_dump_json()


def test_a_nul_character_in_a_ticket_is_stored_without_it(desk: DraftDesk) -> None:
    """PostgreSQL refuses NUL in text and JSONB (22P05): the stores drop it, so the
    request is drafted and stored instead of failing as a database error."""
    ticket = TICKET.model_copy(update={"id": "T-NUL-1", "body": TICKET.body + "\x00\x00 literal \\u0000 stays"})
    draft, _ = asyncio.run(desk.create(ticket, agent=AGENT))
    stored = desk.services.drafts.ticket_for_draft(draft)
    assert stored is not None and "\x00" not in stored.body
    assert stored.body.endswith(" literal \\u0000 stays")
    assert desk.latest(draft.id).id == draft.id


def test_a_ticket_id_with_a_control_character_is_refused() -> None:
    with pytest.raises(ValueError, match="id"):
        Ticket.model_validate({"id": "T\x00-1", "body": "まだ届きません"})
