"""The stage runner on the kit: in-memory orders, a list of the shop's policies, fake
detectors and drafters. What the drafter is given, what comes back to the agent,
and what happens when redaction or drafting fails."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from draftdesk.domain import (
    Agent,
    Certainty,
    Draft,
    DraftResult,
    Flag,
    Intent,
    ModelInfo,
    Sections,
    Sender,
    Ticket,
)
from draftdesk.errors import DraftingFailed, InvalidInput
from draftdesk.pipeline.reply import Grounds, ReplyPipeline
from draftdesk.pipeline.retrieve import retrieve
from draftdesk.ports import SectionSink
from tests.support.desks import DEMO_CLOCK, make_pipeline, policy_passages
from tests.support.detectors import BrokenDetector, ScriptedDetector, SilentDetector
from tests.support.drafters import FakeDrafter
from tests.support.orders import SHIPPED, InMemoryOrders, make_order
from tests.support.policies import ListPolicyIndex

CUSTOMER = {"email": "taro@example.jp", "name": "山田 太郎"}  # make_order's customer
TICKET = Ticket.model_validate(
    {
        "id": "T-1",
        "subject": "まだ届きません",
        "body": "注文番号 HM-24-09001 の煎茶がまだ届きません。\n山田 太郎\n電話 090-1234-5678",
        "from": CUSTOMER,
    }
)
STAGES = {"intake", "context", "redact", "retrieve", "draft", "restore", "check"}


@pytest.fixture
def policies() -> ListPolicyIndex:
    return ListPolicyIndex(policy_passages())


@pytest.fixture
def orders() -> InMemoryOrders:
    return InMemoryOrders([make_order(shipment=SHIPPED)])


def draft(pipeline: ReplyPipeline, ticket: Ticket = TICKET, *, on_section: SectionSink | None = None) -> Draft:
    return asyncio.run(pipeline.draft_reply(ticket, agent=Agent(name="佐藤"), now=DEMO_CLOCK, on_section=on_section))


def sections(**parts: str) -> Sections:
    return Sections(**{"subject": "ご注文 HM-24-09001 について", "opening": "お問い合わせありがとうございます。", **parts})


def test_the_orders_facts_and_the_policies_reach_the_drafter(orders, policies):
    drafter = FakeDrafter([sections()])
    draft(make_pipeline(orders=orders, policies=policies, drafter=drafter))
    (request,) = drafter.requests
    facts = {fact.key: fact for fact in request.facts}
    assert facts["order.number"].value == "HM-24-09001"
    assert facts["shipment.tracking_number"].value == "4512-3456-7890"
    assert facts["shipment.estimated_delivery"].certainty == Certainty.ESTIMATED
    assert "reply.next_contact" in facts
    assert (request.language, request.intent) == ("ja", Intent.WHERE_IS_MY_ORDER)
    ((query, language),) = policies.queries
    expected = retrieve(query, language=language, intent=request.intent, index=policies)
    assert [p.id for p in request.passages] == [s.passage.id for s in expected] and expected
    assert not request.sender_mismatch and not request.abusive


def test_the_drafter_sees_placeholders_and_the_agent_the_values(orders, policies):
    drafter = FakeDrafter([sections(facts="<PERSON_1>様のご注文を確認しました。お電話 <PHONE_NUMBER_1> にもご連絡します。")])
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=drafter))
    (request,) = drafter.requests
    for personal in ("山田", "090-1234-5678", "taro@example.jp"):
        assert personal not in request.subject + request.text
        assert not any(personal in query for query, _ in policies.queries)
    assert "<PERSON_1>" in request.text and "<PHONE_NUMBER_1>" in request.text
    assert "山田 太郎様のご注文を確認しました。お電話 090-1234-5678 にもご連絡します。" in result.body
    assert result.redaction.entities == {"PERSON": 1, "PHONE_NUMBER": 1}


def test_what_the_detector_finds_beyond_the_order_is_redacted_too(orders, policies):
    ticket = TICKET.model_copy(update={"body": TICKET.body + "\n妻の携帯 080-5555-0000 にも連絡ください。"})
    drafter = FakeDrafter([sections()])
    draft(make_pipeline(orders=orders, policies=policies, drafter=drafter,
                        detector=ScriptedDetector({"080-5555-0000": "PHONE_NUMBER"})), ticket)
    (request,) = drafter.requests
    assert "080-5555-0000" not in request.text and "<PHONE_NUMBER_2>" in request.text


def test_when_redaction_fails_no_model_is_asked_and_the_template_answers(orders, policies):
    drafter = FakeDrafter([sections()])
    detector = BrokenDetector()
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=drafter, detector=detector))
    assert drafter.requests == [] and detector.texts  # asked, failed, closed
    assert result.redaction.failed and result.model.name == "template" and result.model.fallback_used
    assert result.model.fallback_reason is not None and result.model.fallback_reason.startswith("redaction failed")
    assert policies.queries == [(f"{TICKET.subject}\n{TICKET.subject}", "ja")]  # the subject only: no body text left
    assert "HM-24-09001" in result.body and "山田 太郎 様" in result.body


def test_a_drafting_failure_falls_back_to_the_template_and_says_why(orders, policies):
    drafter = FakeDrafter([DraftingFailed("fake-model: bad output")])
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=drafter))
    assert len(drafter.requests) == 1
    assert (result.model.name, result.model.fallback_used, result.model.fallback_reason) == (
        "template", True, "fake-model: bad output"
    )


def test_only_retrieved_passages_are_cited(orders, policies):
    looking = FakeDrafter([sections()])
    draft(make_pipeline(orders=orders, policies=policies, drafter=looking))
    (query, language), retrieved = policies.queries[0], looking.requests[0].passages
    scores = {s.passage.id: s.score for s in retrieve(query, language=language, intent=Intent.WHERE_IS_MY_ORDER, index=policies)}
    answer = DraftResult(sections=sections(), model=ModelInfo(name="fake-model"), cited=(retrieved[1].id, "made-up#id"))
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=FakeDrafter([answer])))
    assert [c.passage_id for c in result.citations] == [retrieved[1].id]
    assert result.citations[0].score == scores[retrieved[1].id]


def test_the_draft_is_checked_and_greets_the_customer_on_record(orders, policies):
    ticket = TICKET.model_copy(update={"sender": Sender(email=CUSTOMER["email"], name="やまだ")})
    answer = sections(opening="申し訳ございません。", facts="11月16日に発送いたしました。")
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=FakeDrafter([answer])), ticket)
    assert result.body.startswith("山田 太郎 様\n")  # the order's name, not the sender's spelling
    assert "HS001" in {f.rule for f in result.findings}  # an apology before the first fact
    assert result.findings == sorted(result.findings, key=lambda f: (f.start, f.rule))


def test_a_ticket_naming_someone_elses_order_is_flagged_and_discloses_nothing(orders, policies):
    stranger = TICKET.model_copy(update={"sender": Sender(email="other@example.jp", name="佐々木 花子")})
    drafter = FakeDrafter([sections()])
    result = draft(make_pipeline(orders=orders, policies=policies, drafter=drafter), stranger)
    (request,) = drafter.requests
    assert request.sender_mismatch and result.flags == [Flag.SENDER_MISMATCH.value]
    assert not [f for f in request.facts if f.key.startswith(("order.", "shipment."))]
    assert "山田" not in request.text and "090-1234-5678" not in request.text  # withheld, not only undisclosed
    assert result.order_resolution is not None and result.order_resolution.method == "none"


def test_every_stage_is_timed(orders, policies):
    result = draft(make_pipeline(orders=orders, policies=policies))
    assert set(result.timings_ms) == STAGES
    assert all(ms >= 0 for ms in result.timings_ms.values())


def test_the_stages_are_timed_by_the_stage_clock_and_the_model_by_the_wall(orders, policies):
    """The capacity benchmark times the stages in CPU time; a drafter's wait is wall time."""
    ticks = iter(range(10_000))
    pipeline = replace(make_pipeline(orders=orders, policies=policies), stage_clock=lambda: float(next(ticks)))
    result = draft(pipeline)
    assert {stage: result.timings_ms[stage] for stage in STAGES - {"draft"}} == dict.fromkeys(STAGES - {"draft"}, 1000.0)
    assert result.timings_ms["draft"] < 1000.0


def test_streamed_sections_carry_the_values_not_the_placeholders(orders, policies):
    answer = sections(facts="<PERSON_1>様のご注文は発送済みです。")
    streamed: list[tuple[str, str]] = []

    async def sink(name: str, text: str) -> None:
        streamed.append((name, text))

    result = draft(make_pipeline(orders=orders, policies=policies, drafter=FakeDrafter([answer])), on_section=sink)
    assert [name for name, _ in streamed] == list(Sections.model_fields)
    assert dict(streamed)["facts"] == "山田 太郎様のご注文は発送済みです。"
    assert "山田 太郎様のご注文は発送済みです。" in result.body


def test_an_over_long_ticket_is_refused_before_any_stage(orders, policies):
    detector = SilentDetector()
    pipeline = replace(make_pipeline(orders=orders, policies=policies, detector=detector), max_body_chars=20)
    with pytest.raises(InvalidInput, match="the limit is 20"):
        pipeline.prepare(TICKET, now=DEMO_CLOCK)
    assert orders.calls == [] and detector.texts == []


def test_prepared_grounds_carry_the_ticket_the_facts_and_the_name(orders, policies):
    prepared = make_pipeline(orders=orders, policies=policies).prepare(TICKET, now=DEMO_CLOCK)
    grounds = prepared.grounds(passages=prepared.request.passages)
    assert grounds.ticket == TICKET and grounds.customer_name == "山田 太郎"
    assert grounds.facts == prepared.request.facts and grounds.passages == prepared.request.passages
    assert (grounds.language, grounds.intent, grounds.abusive) == ("ja", Intent.WHERE_IS_MY_ORDER, False)


def test_checking_without_a_ticket_reads_only_the_text(orders, policies):
    pipeline = make_pipeline(orders=orders, policies=policies)
    findings = pipeline.check(
        "申し訳ございません。たぶん週明けには届くと思います。", grounds=Grounds(language="ja"), agent=None, subject="", now=DEMO_CLOCK
    )
    assert {"HS001", "HS004"} <= {f.rule for f in findings}
    assert orders.calls == [] and policies.queries == []
