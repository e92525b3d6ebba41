"""DraftDesk: what agents and integrators do with drafts.

Most of it on the kit (in-memory orders and drafts, a list of the shop's policies, fake
detectors and drafters), in milliseconds. What depends on the draft store runs on the
in-memory one, SQLite on tmp_path and PostgreSQL alike. A thin layer at the end goes
through `Services` with every real part (SQLite and PostgreSQL, Presidio, Chroma, the
demo shop): a crash while a new draft is stored, card numbers and My Numbers at rest,
a NUL character."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import insert

from draftdesk.adapters.database import create_database
from draftdesk.adapters.sql_drafts import IdempotencyKeyRow, SqlDraftStore
from draftdesk.config import PROJECT_ROOT, Settings
from draftdesk.desk import DraftDesk
from draftdesk.domain import Agent, Draft, DraftStatus, Sections, Sender, Ticket
from draftdesk.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from draftdesk.ports import Drafter, DraftStore, PolicyIndex, SectionSink
from draftdesk.wiring import Services
from tests.adapters.conftest import fresh_postgres_schema, postgres_user, sqlite_database  # noqa: F401 - the fixture, shared
from tests.adapters.test_sql_drafts import START, Crash, crash_at
from tests.support.desks import DEMO_CLOCK, make_desk, policy_passages
from tests.support.detectors import ScriptedDetector, SilentDetector
from tests.support.drafters import DrafterMenu, FakeDrafter
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex
from tests.support.stores import AuditLine, InMemoryDrafts

AGENT = Agent(name="佐藤")
CUSTOMER = Sender(email="taro@example.jp", name="山田 太郎")  # make_order's customer
TICKET = Ticket.model_validate(
    {
        "id": "T-1",
        "subject": "まだ届きません",
        "body": "11月15日に注文した煎茶（注文番号：HM-24-09001）がまだ届いていません。\nいつ届くのか教えていただけますか。",
        "from": CUSTOMER.model_dump(),
    }
)
CARD, MY_NUMBER = "4111 1111 1111 1111", "1234 5678 9018"
SECTIONS = Sections(subject="ご注文 HM-24-09001 について", facts="11月16日に発送いたしました。", resolution="本日確認します。")


@pytest.fixture
def policies() -> PolicyIndex:
    return ListPolicyIndex(policy_passages())


@pytest.fixture
def orders() -> InMemoryOrders:
    return InMemoryOrders([make_order(shipment=SHIPPED)])


@pytest.fixture
def drafts() -> InMemoryDrafts:
    return InMemoryDrafts()


@pytest.fixture
def desk(orders: InMemoryOrders, policies: PolicyIndex, drafts: InMemoryDrafts) -> DraftDesk:
    return make_desk(orders=orders, policies=policies, drafts=drafts)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_drafts(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DraftStore]:
    """Each draft store the desk runs on."""
    if request.param == "memory":
        yield InMemoryDrafts()
        return
    if request.param == "sqlite":
        database = sqlite_database(tmp_path)
        yield SqlDraftStore(database)
        database.dispose()
        return
    with fresh_postgres_schema(request.getfixturevalue("postgres_user")) as url:
        database = create_database(url)
        database.create_schema()
        yield SqlDraftStore(database)
        database.dispose()


def create(
    desk: DraftDesk,
    ticket: Ticket = TICKET,
    *,
    idempotency_key: str | None = None,
    model: str | None = None,
    on_section: SectionSink | None = None,
) -> tuple[Draft, bool]:
    return asyncio.run(
        desk.create(ticket, agent=AGENT, idempotency_key=idempotency_key, model=model, on_section=on_section)
    )


def rules_of(draft: Draft) -> set[str]:
    return {finding.rule for finding in draft.findings}


# --- create ----------------------------------------------------------------------------


def test_a_new_draft_is_stored_with_the_ticket_it_answers(desk: DraftDesk, drafts: InMemoryDrafts) -> None:
    draft, created = create(desk)
    assert created and draft.version == 1 and draft.ticket_id == TICKET.id
    assert draft.agent == AGENT and draft.created_at == DEMO_CLOCK
    assert desk.latest(draft.id) == draft
    assert drafts.ticket_for_draft(draft) == TICKET
    assert drafts.audit == [AuditLine(draft.id, 1, "created", "佐藤")]


def test_a_draft_without_an_agent_is_signed_by_the_shops_default_agent(desk: DraftDesk) -> None:
    draft, _ = asyncio.run(desk.create(TICKET, agent=None))
    assert draft.agent is not None and draft.agent.name == "佐藤" and draft.agent.department == "カスタマーサポート"


def test_drafting_without_storing_leaves_the_store_alone(desk: DraftDesk, drafts: InMemoryDrafts) -> None:
    draft = asyncio.run(desk.draft(TICKET, agent=AGENT))
    assert draft.facts and drafts.latest(draft.id) is None and drafts.ticket(TICKET.id) is None


def test_sections_stream_to_the_caller_as_they_are_drafted(desk: DraftDesk) -> None:
    streamed: list[str] = []

    async def sink(name: str, text: str) -> None:
        streamed.append(name)

    create(desk, on_section=sink)
    assert streamed == list(Sections.model_fields)


def test_the_same_request_with_the_same_key_replays_without_drafting_again(
    orders: InMemoryOrders, policies: PolicyIndex
) -> None:
    drafter = FakeDrafter([SECTIONS])
    desk = make_desk(orders=orders, policies=policies, drafter=drafter)
    draft, created = create(desk, idempotency_key="key-1")
    again, created_again = create(desk, idempotency_key="key-1")
    assert (created, created_again) == (True, False) and again == draft
    assert len(drafter.requests) == 1


def test_a_key_used_with_another_ticket_is_a_conflict(
    orders: InMemoryOrders, policies: PolicyIndex, any_drafts: DraftStore
) -> None:
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts)
    create(desk, idempotency_key="key-1")
    with pytest.raises(Conflict, match="different request body"):
        create(desk, TICKET.model_copy(update={"body": TICKET.body + "\n追記です。"}), idempotency_key="key-1")


class LateToSeeKeys(InMemoryDrafts):
    """Misses the next `misses` key lookups: another worker's draft lands between this
    request's lookup and its write."""

    misses = 0

    def draft_for_idempotency_key(self, key: str) -> tuple[str, str] | None:
        if self.misses:
            self.misses -= 1
            return None
        return super().draft_for_idempotency_key(key)


def test_when_another_worker_stored_the_same_request_first_its_draft_is_the_answer(
    orders: InMemoryOrders, policies: PolicyIndex
) -> None:
    drafts, drafter = LateToSeeKeys(), FakeDrafter([SECTIONS, SECTIONS])
    desk = make_desk(orders=orders, policies=policies, drafts=drafts, drafter=drafter)
    first, _ = create(desk, idempotency_key="key-1")
    drafts.misses = 1
    raced, created = create(desk, idempotency_key="key-1")
    assert (raced, created) == (first, False)
    assert len(drafter.requests) == 2 and [line.action for line in drafts.audit] == ["created"]


# --- the model a request names -----------------------------------------------------------


def test_a_request_drafts_with_the_allow_listed_model_it_names(orders: InMemoryOrders, policies: PolicyIndex) -> None:
    configured, named = FakeDrafter(name="configured-model"), FakeDrafter([SECTIONS], name="named-model")
    desk = make_desk(orders=orders, policies=policies, drafter=configured, choose_drafter=DrafterMenu(configured, named))
    draft, _ = create(desk, model="named-model")
    assert draft.model.name == "named-model" and len(named.requests) == 1 and configured.requests == []


def test_a_model_off_the_list_is_refused_before_anything_is_drafted_or_stored(
    orders: InMemoryOrders, policies: PolicyIndex, drafts: InMemoryDrafts
) -> None:
    configured = FakeDrafter([SECTIONS], name="configured-model")
    desk = make_desk(orders=orders, policies=policies, drafts=drafts, drafter=configured)
    with pytest.raises(InvalidInput, match="not on the allow-list"):
        create(desk, model="openai/gpt-4o")
    assert configured.requests == [] and orders.calls == [] and drafts.ticket(TICKET.id) is None


def test_a_named_model_that_cannot_be_set_up_is_the_requests_mistake(
    orders: InMemoryOrders, policies: PolicyIndex
) -> None:
    def unusable(model: str) -> Drafter:
        raise ConfigurationError(f"{model}: unknown provider")

    desk = make_desk(orders=orders, policies=policies, choose_drafter=unusable)
    with pytest.raises(InvalidInput) as raised:
        create(desk, model="nope/model")
    assert raised.value.detail == "options.model: nope/model: unknown provider"


# --- read, edit, approve ---------------------------------------------------------------


def test_an_unknown_draft_is_not_found(desk: DraftDesk) -> None:
    with pytest.raises(NotFound, match="d_missing"):
        desk.latest("d_missing")


def test_an_edit_is_the_next_version_checked_again(desk: DraftDesk, drafts: InMemoryDrafts) -> None:
    draft, _ = create(desk)
    assert "HS004" not in rules_of(draft)
    hedged = draft.body.replace("何卒よろしくお願い申し上げます。", "たぶん明日には届くと思います。\n何卒よろしくお願い申し上げます。")
    edited = desk.edit(draft.id, body=hedged, subject=None, actor="鈴木")
    assert (edited.version, edited.body, edited.subject, edited.edited_by) == (2, hedged, draft.subject, "鈴木")
    assert "HS004" in rules_of(edited) and edited.created_at == DEMO_CLOCK
    assert desk.latest(draft.id) == edited and drafts.audit[-1] == AuditLine(draft.id, 2, "edited", "鈴木")
    assert desk.edit(draft.id, body=draft.body, subject="件名だけ", actor=None).subject == "件名だけ"


def test_an_edit_greets_the_customer_on_record(desk: DraftDesk) -> None:
    draft, _ = create(desk, TICKET.model_copy(update={"sender": CUSTOMER.model_copy(update={"name": "やまだ"})}))
    assert "HS006" not in rules_of(draft)
    renamed = desk.edit(draft.id, body=draft.body.replace("山田 太郎 様", "やまだ 様"), subject=None, actor="佐藤")
    assert "HS006" in rules_of(renamed)  # the order's name, not the sender's spelling


def test_without_an_order_an_edit_greets_the_sender(policies: PolicyIndex) -> None:
    desk = make_desk(orders=InMemoryOrders([]), policies=policies)
    draft, _ = create(desk)
    assert draft.body.startswith("山田 太郎 様")
    assert "HS006" not in rules_of(desk.edit(draft.id, body=draft.body, subject=None, actor="佐藤"))
    renamed = desk.edit(draft.id, body=draft.body.replace("山田 太郎 様", "山田 花子 様"), subject=None, actor="佐藤")
    assert "HS006" in rules_of(renamed)


def test_an_empty_edit_is_refused(desk: DraftDesk) -> None:
    draft, _ = create(desk)
    with pytest.raises(InvalidInput, match="body: the reply text is empty"):
        desk.edit(draft.id, body="  \n", subject=None, actor="佐藤")
    assert desk.latest(draft.id).version == 1


def test_an_edit_or_approval_of_a_version_nobody_saw_is_a_conflict(desk: DraftDesk) -> None:
    draft, _ = create(desk)
    desk.edit(draft.id, body=draft.body + "追記", subject=None, actor="佐藤", seen_version=1)
    with pytest.raises(Conflict, match="at version 2, not the version 1 you saw"):
        desk.edit(draft.id, body=draft.body, subject=None, actor="鈴木", seen_version=1)
    with pytest.raises(Conflict, match="at version 2, not the version 1 you saw"):
        desk.approve(draft.id, agent_name="鈴木", override_reason=None, seen_version=1)
    assert desk.latest(draft.id).version == 2


def test_approval_is_audited_and_ends_editing(desk: DraftDesk, drafts: InMemoryDrafts) -> None:
    draft, _ = create(desk)
    approved = desk.approve(draft.id, agent_name="鈴木", override_reason=None)
    assert approved.status == DraftStatus.APPROVED and approved.approval is not None
    assert approved.approval.at == DEMO_CLOCK and drafts.audit[-1] == AuditLine(draft.id, 2, "approved", "鈴木")
    with pytest.raises(Conflict, match="is approved; create a new draft"):
        desk.edit(draft.id, body=draft.body, subject=None, actor="鈴木")


def test_an_approval_over_error_findings_needs_a_reason_and_is_audited_as_an_override(
    desk: DraftDesk, drafts: InMemoryDrafts
) -> None:
    draft, _ = create(desk)
    edited = desk.edit(draft.id, body="申し訳ございません。たぶん明日届きます。", subject=None, actor="佐藤")
    with pytest.raises(Conflict):
        desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    approved = desk.approve(draft.id, agent_name="佐藤", override_reason="お客様と電話で確認済みのため")
    assert approved.version == edited.version + 1
    assert drafts.audit[-1] == AuditLine(draft.id, approved.version, "approved_with_override", "佐藤")


def test_a_ticket_sent_again_is_a_new_revision_and_an_edit_is_checked_against_the_one_answered(
    orders: InMemoryOrders, policies: PolicyIndex, any_drafts: DraftStore
) -> None:
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts)
    first = TICKET.model_copy(update={"body": TICKET.body + "\n送料の¥1,980も気になります。"})
    answered, _ = create(desk, first)
    again = TICKET.model_copy(update={"body": "追伸：まだ届きません。至急ご連絡ください。"})
    later, _ = create(desk, again)
    assert any_drafts.ticket_revisions(TICKET.id) == [first, again]  # nothing overwritten
    assert any_drafts.ticket_for_draft(answered) == first and any_drafts.ticket_for_draft(later) == again
    assert create(desk, again)[0].id != later.id and any_drafts.ticket_revisions(TICKET.id) == [first, again]

    # ¥1,980 is grounded in the revision the first draft answers, not in the later one.
    quoting = answered.body.replace("何卒よろしくお願い申し上げます。", "送料¥1,980について確認いたします。\n何卒よろしくお願い申し上げます。")
    assert quoting != answered.body
    grounding = lambda draft: [f for f in draft.findings if f.rule == "HS003"]  # noqa: E731
    assert grounding(desk.edit(answered.id, body=quoting, subject=None, actor="佐藤")) == []
    assert grounding(desk.edit(later.id, body=quoting, subject=None, actor="佐藤"))


def test_the_draft_waiting_on_a_ticket_is_the_newest_answering_its_latest_revision(
    orders: InMemoryOrders, policies: PolicyIndex, any_drafts: DraftStore
) -> None:
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts)

    def waiting() -> tuple[str, int]:
        draft = desk.latest_for_ticket(TICKET.id)
        return draft.id, draft.version

    with pytest.raises(NotFound):
        desk.latest_for_ticket(TICKET.id)
    first, _ = create(desk)
    assert waiting() == (first.id, 1)
    edited = desk.edit(first.id, body=first.body + "\n", subject=None, actor="佐藤")
    assert waiting() == (first.id, edited.version)  # its latest version
    newer, _ = create(desk)  # the same ticket again: the same revision, a newer draft
    assert newer.id != first.id and waiting() == (newer.id, 1)
    again = TICKET.model_copy(update={"body": "追伸：まだ届きません。至急ご連絡ください。"})
    later, _ = create(desk, again)
    create(desk, TICKET.model_copy(update={"id": TICKET.id + "0"}))  # another ticket, its id alike
    assert waiting() == (later.id, 1)
    back, _ = create(desk, TICKET)  # the first wording again is a revision of its own
    assert back.id not in (first.id, newer.id) and waiting() == (back.id, 1)


def test_card_numbers_are_masked_in_what_any_store_keeps(
    orders: InMemoryOrders, policies: PolicyIndex, any_drafts: DraftStore
) -> None:
    detector = ScriptedDetector({CARD: "CREDIT_CARD"})
    desk = make_desk(orders=orders, policies=policies, drafts=any_drafts, detector=detector)
    draft, _ = create(desk, TICKET.model_copy(update={"body": TICKET.body + f"\nカード {CARD} で払いました。"}))
    assert draft.redaction.entities.get("CREDIT_CARD") == 1
    stored_ticket = any_drafts.ticket_for_draft(draft)
    assert stored_ticket is not None and "カード **** **** **** 1111 で払いました。" in stored_ticket.body
    edited = desk.edit(draft.id, body=draft.body + f"\nカード {CARD} のご請求を確認します。", subject=None, actor="佐藤")
    assert CARD not in edited.body and "カード **** **** **** 1111 のご請求" in edited.body
    assert all(CARD not in version.model_dump_json() for version in any_drafts.versions(draft.id))


# --- check ------------------------------------------------------------------------------


def test_a_text_alone_is_checked_in_its_own_language(desk: DraftDesk, orders: InMemoryOrders) -> None:
    outcome = desk.check_text("Sorry for the trouble. It will probably arrive soon.", ticket=None)
    assert outcome.language == "en" and {"HS001", "HS004"} <= {f.rule for f in outcome.findings}
    assert desk.check_text("申し訳ございません。", ticket=None, language="en").language == "en"
    assert orders.calls == []


def test_an_empty_text_is_refused(desk: DraftDesk) -> None:
    with pytest.raises(InvalidInput, match="text: the reply text is empty"):
        desk.check_text(" \n", ticket=None)


def test_a_text_with_its_ticket_is_checked_against_the_ticket_prepared_as_for_drafting(
    orders: InMemoryOrders, policies: ListPolicyIndex
) -> None:
    detector = SilentDetector()
    desk = make_desk(orders=orders, policies=policies, detector=detector)
    draft = asyncio.run(desk.draft(TICKET, agent=AGENT))
    clean = desk.check_text(draft.body, ticket=TICKET, agent=AGENT, subject=draft.subject)
    assert [f for f in clean.findings if f.severity == "error"] == []
    assert detector.texts and not any("山田" in query for query in policies.queries)  # redacted, as for a draft

    ungrounded = draft.body.replace("4512-3456-7890", "4512-3456-0000")
    assert "HS003" in {f.rule for f in desk.check_text(ungrounded, ticket=TICKET, agent=AGENT).findings}
    misnamed = draft.body.replace("山田 太郎 様", "山田 次郎 様")
    assert "HS006" in {f.rule for f in desk.check_text(misnamed, ticket=TICKET, agent=AGENT).findings}
    assert "HS006" not in {f.rule for f in desk.check_text(misnamed, ticket=None, agent=AGENT).findings}


# --- every real part: Services, SQLite and PostgreSQL, Presidio, Chroma, the demo shop ----

DEMO_TICKET = Ticket.model_validate(
    json.loads((PROJECT_ROOT / "knowledge" / "demo" / "tickets" / "T-JA-001.json").read_text(encoding="utf-8"))
)


def _services(var_dir: Path, database_url: str = "") -> Services:
    return Services(Settings(var_dir=var_dir, now=DEMO_CLOCK, database_url=database_url, chroma_url="", model="template"))


@pytest.fixture(scope="module")
def shared_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    services = _services(tmp_path_factory.mktemp("desk-var"))
    services.load_demo_shop()
    services.sync_knowledge()
    return services


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, shared_services: Services, tmp_path: Path) -> Iterator[Services]:
    """Services on a store of their own; the parts that are slow to build (Presidio, the
    policy index, the rules) shared."""
    with ExitStack() as stack:
        url = ""
        if request.param == "postgresql":
            url = stack.enter_context(fresh_postgres_schema(request.getfixturevalue("postgres_user")))
        services = _services(tmp_path, url.replace("postgresql+psycopg://", "postgresql://"))
        services.detector = shared_services.detector  # type: ignore[misc]
        services.policies = shared_services.policies  # type: ignore[misc]
        services.rules = shared_services.rules  # type: ignore[misc]
        services.load_demo_shop()
        yield services
        services.database.dispose()


def create_real(services: Services, ticket: Ticket = DEMO_TICKET, *, key: str | None = None) -> tuple[Draft, bool]:
    return asyncio.run(services.desk.create(ticket, agent=AGENT, idempotency_key=key))


# issue 13.3: a crash while a new draft is stored


# The draft's later writes (its edit-capture row, its inbox row) are in the same
# transaction: a crash at them keeps nothing either.
@pytest.mark.parametrize("step", ["draft_versions", "drafts_made", "inbox", "commit"])
def test_a_crash_while_storing_leaves_no_key_behind_and_the_retry_drafts_once(services: Services, step: str) -> None:
    desk, drafts = services.desk, services.drafts
    with crash_at(services.database.engine, step), pytest.raises(Crash):
        create_real(services, key="key-1")
    assert drafts.draft_for_idempotency_key("key-1") is None
    assert drafts.ticket(DEMO_TICKET.id) is None
    assert services.inbox.row(DEMO_TICKET.id) is None
    assert services.edits.drafted_between(START, START.replace(year=2100)) == []

    draft, created = create_real(services, key="key-1")  # the client's retry, same key
    assert created
    assert desk.latest(draft.id) == draft
    assert drafts.draft_for_idempotency_key("key-1")[0] == draft.id  # type: ignore[index]
    assert drafts.ticket_for_draft(draft) == DEMO_TICKET

    again, created = create_real(services, key="key-1")
    assert (again.id, created) == (draft.id, False)


def test_a_key_the_old_store_left_pointing_at_no_draft_drafts_again(services: Services) -> None:
    with services.database.session(writes=True) as session:
        session.execute(
            insert(IdempotencyKeyRow).values(key="key-1", draft_id="d_lost", request_hash="h", created_at=START)
        )
    with pytest.raises(NotFound):
        services.desk.latest("d_lost")
    draft, created = create_real(services, key="key-1")
    assert created and services.desk.latest(draft.id) == draft
    assert create_real(services, key="key-1")[0].id == draft.id


# issue 13.8: card numbers and My Numbers at rest


def test_card_numbers_and_my_numbers_are_masked_in_what_is_stored_and_returned(services: Services) -> None:
    desk, drafts = services.desk, services.drafts
    ticket = DEMO_TICKET.model_copy(
        update={"body": DEMO_TICKET.body + f"\nカード {CARD} で払いました。マイナンバー {MY_NUMBER} も送ります。"}
    )
    draft, _ = create_real(services, ticket, key="key-card")
    # The pipeline drafted from the full text: redaction found the card and the My Number.
    assert {"CREDIT_CARD", "MY_NUMBER"} <= set(draft.redaction.entities)
    stored_ticket = drafts.ticket_for_draft(draft)
    assert stored_ticket is not None and CARD not in stored_ticket.body and MY_NUMBER not in stored_ticket.body
    assert "カード **** **** **** 1111 で払いました。マイナンバー **** **** 9018 も送ります。" in stored_ticket.body
    assert create_real(services, ticket, key="key-card")[0].id == draft.id  # the same request replays

    edited = desk.edit(draft.id, body=draft.body + f"\nカード {CARD} のご請求を確認します。", subject=None, actor="佐藤")
    assert CARD not in edited.body and "カード **** **** **** 1111 のご請求" in edited.body
    (hs016,) = [f for f in edited.findings if f.rule == "HS016"]
    assert hs016.excerpt == "**** **** **** 1111" and edited.body[hs016.start : hs016.end] == hs016.excerpt
    assert desk.latest(draft.id) == edited

    approved = desk.approve(draft.id, agent_name="佐藤", override_reason=f"カード {CARD} は確認済み")
    assert approved.approval and approved.approval.override_reason == "カード **** **** **** 1111 は確認済み"
    for version in drafts.versions(draft.id):
        assert CARD not in version.model_dump_json()


def test_a_nul_character_in_a_ticket_is_stored_without_it(services: Services) -> None:
    """PostgreSQL refuses NUL in text and JSONB (22P05): the stores drop it, so the
    request is drafted and stored instead of failing as a database error."""
    ticket = DEMO_TICKET.model_copy(update={"id": "T-NUL-1", "body": DEMO_TICKET.body + "\x00\x00 literal \\u0000 stays"})
    draft, _ = asyncio.run(services.desk.create(ticket, agent=AGENT))
    stored = services.drafts.ticket_for_draft(draft)
    assert stored is not None and "\x00" not in stored.body
    assert stored.body.endswith(" literal \\u0000 stays")
    assert services.desk.latest(draft.id).id == draft.id


def test_a_ticket_id_with_a_control_character_is_refused() -> None:
    with pytest.raises(ValueError, match="id"):
        Ticket.model_validate({"id": "T\x00-1", "body": "まだ届きません"})
