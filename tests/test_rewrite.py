"""DraftDesk.rewrite and the model calls the desk keeps, on the kit (in-memory stores, a
fake drafter that can rewrite, a silent detector: only the customer's values on record
are redacted): what the rewriter is sent, what the new version is, and what is kept
when a drafter or a rewrite fails."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from draftdesk.desk import DraftDesk
from draftdesk.domain import Draft, DraftResult, ModelCall, ModelInfo, RewriteStyle, Sections
from draftdesk.errors import CannotRewrite, Conflict, DraftingFailed, NotFound, RedactionFailed, RewriteFailed
from draftdesk.ports import PolicyIndex
from tests.support.desks import make_desk, policy_passages
from tests.support.detectors import BrokenDetector
from tests.support.drafters import FakeDrafter
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex
from tests.support.stores import AuditLine, InMemoryDrafts, InMemoryModelCalls
from tests.test_desk import AGENT, SECTIONS, TICKET, rules_of

PERSONAL = ("山田", "太郎", "090-1234-5678", "taro@example.jp")  # make_order's customer
AT = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def call(purpose: str = "draft", outcome: str = "ok") -> ModelCall:
    return ModelCall(
        purpose=purpose, model="fake-model", request={"messages": [{"role": "user", "content": "<PERSON_1>"}]},
        response=None if outcome == "error" else "{}", latency_ms=12.5, outcome=outcome,
        error="InternalServerError: server error (HTTP 500)" if outcome == "error" else None, at=AT,
    )


def answer(sections: Sections, *calls: ModelCall) -> DraftResult:
    return DraftResult(sections=sections, model=ModelInfo(name="fake-model", prompt_tokens=70), model_calls=calls)


@pytest.fixture
def policies() -> PolicyIndex:
    return ListPolicyIndex(policy_passages())


@pytest.fixture
def drafts() -> InMemoryDrafts:
    return InMemoryDrafts()


@pytest.fixture
def calls() -> InMemoryModelCalls:
    return InMemoryModelCalls()


@pytest.fixture
def model() -> FakeDrafter:
    return FakeDrafter(name="fake-model")


@pytest.fixture
def desk(policies: PolicyIndex, drafts: InMemoryDrafts, calls: InMemoryModelCalls, model: FakeDrafter) -> DraftDesk:
    orders = InMemoryOrders([make_order(shipment=SHIPPED)])
    return make_desk(orders=orders, policies=policies, drafts=drafts, drafter=model, model_calls=calls)


def create(desk: DraftDesk, model: FakeDrafter, result: DraftResult | Exception | None = None) -> Draft:
    model.enqueue(result or answer(SECTIONS))
    return asyncio.run(desk.create(TICKET, agent=AGENT))[0]


def rewrite(desk: DraftDesk, draft_id: str, **options: object) -> Draft:
    options = {"style": RewriteStyle.SHORTER, "actor": "鈴木", **options}
    return asyncio.run(desk.rewrite(draft_id, **options))  # type: ignore[arg-type]


# --- the calls of a draft ------------------------------------------------------------------


def test_the_calls_a_drafter_made_are_kept_with_the_version_it_made(desk: DraftDesk, model: FakeDrafter) -> None:
    failed, answered = call(outcome="error"), call()
    draft = create(desk, model, answer(SECTIONS, failed, answered))
    recorded = desk.model_calls_of(draft.id)
    assert [ModelCall.model_validate(c.model_dump(exclude={"id", "draft_id", "version"})) for c in recorded] == [
        failed, answered,
    ]
    assert {(c.draft_id, c.version) for c in recorded} == {(draft.id, 1)}
    assert desk.latest(draft.id) == draft  # the calls are kept apart, not in the draft


def test_the_calls_of_a_drafter_that_failed_stay_beside_the_templates_draft(
    desk: DraftDesk, model: FakeDrafter
) -> None:
    failed = call(outcome="error")
    draft = create(desk, model, DraftingFailed("every model failed: fake-model: server error", model_calls=[failed]))
    assert draft.model.name == "template" and draft.model.fallback_used
    assert [c.error for c in desk.model_calls_of(draft.id)] == [failed.error]


def test_a_template_draft_made_no_calls(policies: PolicyIndex) -> None:
    desk = make_desk(orders=InMemoryOrders([make_order(shipment=SHIPPED)]), policies=policies)
    draft, _ = asyncio.run(desk.create(TICKET, agent=AGENT))
    assert desk.model_calls_of(draft.id) == []


def test_the_calls_of_an_unknown_draft_are_not_found(desk: DraftDesk) -> None:
    with pytest.raises(NotFound, match="no draft with id d_missing"):
        desk.model_calls_of("d_missing")


# --- rewrite -------------------------------------------------------------------------------


def test_the_rewriter_gets_the_reply_redacted_without_greeting_or_signature(
    desk: DraftDesk, model: FakeDrafter
) -> None:
    draft = create(desk, model)
    personal = draft.body.replace("本日確認します。", "山田 太郎様のお電話 090-1234-5678 にも本日ご連絡します。")
    desk.edit(draft.id, body=personal, subject="山田様 ご注文 HM-24-09001 について", actor="佐藤")
    model.enqueue(answer(SECTIONS))

    rewrite(desk, draft.id, style=RewriteStyle.WARMER)

    [sent] = model.rewrite_requests
    assert sent.style == RewriteStyle.WARMER and sent.language == "ja"
    for value in PERSONAL:
        assert value not in sent.text and value not in sent.subject
    # the subject first: the surname alone is <PERSON_1>, the full name <PERSON_2>
    assert sent.subject == "<PERSON_1>様 ご注文 HM-24-09001 について"
    assert "<PERSON_2>様のお電話 <PHONE_NUMBER_1> にも本日ご連絡します。" in sent.text
    assert sent.text.startswith(SECTIONS.facts)  # from the first section: greeting and opening lines left out
    assert "担当：" not in sent.text and "茶舗みどり屋" not in sent.text  # nor the signature
    assert sent.facts == draft.facts and sent.cited == tuple(c.passage_id for c in draft.citations)
    assert "山田 太郎" in sent.withheld.names  # for the wire guard


def test_a_rewrite_is_the_next_version_restored_and_checked_again(
    desk: DraftDesk, model: FakeDrafter, drafts: InMemoryDrafts
) -> None:
    draft = create(desk, model)
    sorry_first = Sections(
        subject="<PERSON_1>様 ご注文 HM-24-09001 について", opening="大変申し訳ございません。",
        facts="<PERSON_1>様のご注文は11月16日に発送いたしました。", resolution="本日確認します。",
    )
    rewritten_call = call(purpose="rewrite")
    model.enqueue(answer(sorry_first, rewritten_call))
    desk.edit(draft.id, body=draft.body.replace("本日確認します。", "山田 太郎様、本日確認します。"), subject=None, actor="佐藤")

    rewritten = rewrite(desk, draft.id)

    assert rewritten.version == 3 and rewritten.edited_by == "鈴木"
    assert rewritten.subject == "山田 太郎様 ご注文 HM-24-09001 について"
    assert rewritten.body.startswith("山田 太郎 様\n")  # the greeting from the order, laid out again
    assert "山田 太郎様のご注文は11月16日に発送いたしました。" in rewritten.body and "担当：佐藤" in rewritten.body
    assert "HS001" in rules_of(rewritten)  # checked again: the apology now comes before the facts
    assert rewritten.model == ModelInfo(name="fake-model", prompt_tokens=70)
    assert desk.latest(draft.id) == rewritten
    assert drafts.audit[-1] == AuditLine(draft.id, 3, "rewrite", "鈴木")
    [kept] = desk.model_calls_of(draft.id)
    assert (kept.version, kept.purpose) == (3, "rewrite")


def test_a_rewrite_without_a_subject_keeps_the_current_one(desk: DraftDesk, model: FakeDrafter) -> None:
    draft = create(desk, model)
    model.enqueue(answer(SECTIONS.model_copy(update={"subject": ""})))
    assert rewrite(desk, draft.id).subject == draft.subject


def test_a_greeting_the_agent_changed_is_sent_redacted_with_the_rest(desk: DraftDesk, model: FakeDrafter) -> None:
    draft = create(desk, model)
    desk.edit(draft.id, body=draft.body.replace("山田 太郎 様", "山田 太郎 様へ"), subject=None, actor="佐藤")
    model.enqueue(answer(SECTIONS))
    rewrite(desk, draft.id)
    [sent] = model.rewrite_requests
    assert sent.text.startswith("<PERSON_1> 様へ") and "担当：佐藤" in sent.text
    assert not any(value in sent.text for value in PERSONAL)


def test_the_template_drafter_cannot_rewrite(policies: PolicyIndex) -> None:
    desk = make_desk(orders=InMemoryOrders([make_order(shipment=SHIPPED)]), policies=policies)
    draft, _ = asyncio.run(desk.create(TICKET, agent=AGENT))
    with pytest.raises(CannotRewrite) as refused:
        rewrite(desk, draft.id)
    assert refused.value.detail == "the template drafter cannot rewrite; set DRAFTDESK_MODEL to a model"
    assert refused.value.status_code == 409 and refused.value.type_uri.endswith("/cannot-rewrite")
    assert desk.latest(draft.id).version == 1


def test_a_rewrite_of_a_version_nobody_saw_or_of_an_approved_draft_is_a_conflict(
    desk: DraftDesk, model: FakeDrafter
) -> None:
    draft = create(desk, model)
    desk.edit(draft.id, body=draft.body + "追記", subject=None, actor="佐藤")
    with pytest.raises(Conflict, match="at version 2, not the version 1 you saw"):
        rewrite(desk, draft.id, seen_version=1)
    desk.approve(draft.id, agent_name="佐藤", override_reason=None)
    with pytest.raises(Conflict, match="is approved"):
        rewrite(desk, draft.id)
    assert model.rewrite_requests == []


def test_an_unknown_draft_is_not_found_before_anything_is_sent(desk: DraftDesk, model: FakeDrafter) -> None:
    with pytest.raises(NotFound):
        rewrite(desk, "d_missing")
    assert model.rewrite_requests == []


def test_a_failed_rewrite_leaves_the_draft_as_it_was_and_keeps_the_attempts(
    desk: DraftDesk, model: FakeDrafter
) -> None:
    draft = create(desk, model)
    attempts = [call(purpose="rewrite", outcome="error")] * 2
    model.enqueue(DraftingFailed("every model failed: fake-model: bad output (answer is not valid JSON), 2 attempt(s)",
                                 model_calls=attempts))
    with pytest.raises(RewriteFailed) as failed:
        rewrite(desk, draft.id)
    assert failed.value.status_code == 502 and failed.value.type_uri.endswith("/rewrite-failed")
    assert failed.value.detail == (
        f"draft {draft.id} was not rewritten and stays at version 1: every model failed: "
        "fake-model: bad output (answer is not valid JSON), 2 attempt(s)"
    )
    assert desk.latest(draft.id) == draft
    assert [(c.version, c.purpose, c.outcome) for c in desk.model_calls_of(draft.id)] == [(1, "rewrite", "error")] * 2


def test_when_redaction_fails_no_rewriter_is_asked(policies: PolicyIndex, model: FakeDrafter) -> None:
    orders = InMemoryOrders([make_order(shipment=SHIPPED)])
    drafts = InMemoryDrafts()
    draft = create(make_desk(orders=orders, policies=policies, drafts=drafts, drafter=model), model)
    broken = make_desk(orders=orders, policies=policies, drafts=drafts, drafter=model, detector=BrokenDetector())
    with pytest.raises(RedactionFailed):
        rewrite(broken, draft.id)
    assert model.rewrite_requests == [] and broken.latest(draft.id).version == 1
