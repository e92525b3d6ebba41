"""Claims: what a reply states (dates, amounts, order and tracking numbers, quantities,
lengths of time) and where each comes from — on the checker's labelled replies, and
on demo drafts made by the desk from the demo shop's orders and policies."""

from __future__ import annotations

import asyncio
import json

import pytest

from draftdesk.adapters.order_files import load_orders_file
from draftdesk.desk import DraftDesk
from draftdesk.domain import Certainty, Claim, Draft, Fact, Passage, Sections, Ticket
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.check import CheckContext, review
from draftdesk.pipeline.context import LABELS
from draftdesk.text.mentions import find_durations
from tests.conftest import DEMO_TICKETS
from tests.support.desks import KNOWLEDGE, house_rules, make_desk, policy_passages
from tests.support.drafters import FakeDrafter
from tests.support.orders import InMemoryOrders
from tests.support.policies import ListPolicyIndex

CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.id: case.text for case in CASES}
RETURN_WINDOW = {p.language: p for p in load_passages(KNOWLEDGE / "policies") if p.id.startswith("returns-") and p.id.endswith("#window")}


def claims(text: str, context: CheckContext) -> list[Claim]:
    return review(text, context=context, rules=house_rules()).claims


def source_of(found: list[Claim], text: str) -> str | None:
    [claim] = [c for c in found if c.text == text]
    return claim.source


def test_each_value_of_a_good_reply_has_its_fact_as_source():
    text = GOOD["ja-good-shipped"]
    found = claims(text, CONTEXTS["shipped_ja"])
    assert [(c.text, c.kind, c.source) for c in found] == [
        ("HM-24-00012", "order_number", "order.number"),
        ("× 2", "quantity", "order.item.1"),
        ("2026年11月16日(月)", "date", "shipment.shipped_at"),
        ("4512-3456-7890", "tracking_number", "shipment.tracking_number"),
        ("11月18日(水)", "date", "shipment.estimated_delivery"),
        ("2026年11月24日(火)", "date", "reply.next_contact"),
    ]
    assert all(text[c.start : c.end] == c.text for c in found)


def test_a_date_two_facts_state_takes_the_fact_its_clause_is_about():
    english = {key: labels[1] for key, labels in LABELS.items()}  # the context stage's labels in English
    facts = [
        f.model_copy(update={"label": english[f.key], "value": "2026-11-24" if f.key == "shipment.estimated_delivery" else f.value})
        for f in CONTEXTS["shipped_en"].facts if f.key in english
    ]  # fmt: skip
    context = CONTEXTS["shipped_en"].model_copy(update={"facts": facts})
    text = GOOD["en-good-shipped"].replace("November 18 (Wed)", "November 24 (Tue)")
    found = [c for c in claims(text, context) if c.text == "November 24 (Tue)"]
    assert [c.source for c in found] == ["shipment.estimated_delivery", "reply.next_contact"]


@pytest.mark.parametrize(
    ("context", "old", "new", "claimed", "source"),
    [
        ("shipped_ja", "何卒よろしく", "返品は商品到着後8日以内にご連絡ください。\n\n何卒よろしく", "8日以内", "passage:returns-ja#window"),
        ("shipped_en", "I am sorry", "Please write within 8 days of arrival. I am sorry", "8 days", "passage:returns-en#window"),
        ("shipped_ja", "ご注文番号 HM-24-00012", "11月14日にご注文いただいたご注文番号 HM-24-00012", "11月14日", "order.placed_at"),
        ("shipped_en", "Your order HM-24-00012", "Your order HM-24-00012 placed on November 14", "November 14", "order.placed_at"),
        ("shipped_ja", "何卒よろしく", "12月3日にお届けいたします。\n\n何卒よろしく", "12月3日", None),
        ("shipped_en", "I am sorry", "A refund of $12.00 is on its way. I am sorry", "$12.00", None),
        ("shipped_ja", "お問い合わせ伝票番号", "合計金額は2,400円です。\nお問い合わせ伝票番号", "2,400円", "order.total"),
    ],
    ids=["return-window-ja", "return-window-en", "order-date-ja", "order-date-en", "invented-date", "invented-refund", "total"],
)
def test_a_claim_added_to_a_reply_names_where_it_comes_from(context, old, new, claimed, source):
    language = CONTEXTS[context].language
    ctx = CONTEXTS[context].model_copy(update={"passages": [RETURN_WINDOW[language]]})
    text = GOOD[f"{language}-good-shipped"].replace(old, new, 1)
    assert source_of(claims(text, ctx), claimed) == source


def test_a_date_in_a_note_of_the_shop_and_a_unit_price_have_their_facts_as_source():
    note = Fact(key="order.note.1", label="", value="Tracking shows the parcel in UK customs since 2026-11-15", certainty=Certainty.CONFIRMED, source="orders")
    price = Fact(key="order.unit_price.1", label="", value="1200", certainty=Certainty.CONFIRMED, source="orders")
    context = CONTEXTS["shipped_en"].model_copy(update={"facts": [*CONTEXTS["shipped_en"].facts, note, price]})
    text = GOOD["en-good-shipped"].replace("I am sorry", "It has been in customs since 15 November; we refund ¥1,200 for one. I am sorry", 1)
    found = claims(text, context)
    assert source_of(found, "15 November") == "order.note.1"
    assert source_of(found, "¥1,200") == "order.unit_price.1"


def test_days_a_cited_policy_writes_back_the_same_days_in_the_reply():
    passage = Passage(id="subscriptions-ja#interval", title="t", text="お届け間隔は30日・45日・60日から選べます。", language="ja", topic="subscriptions")
    context = CONTEXTS["shipped_ja"].model_copy(update={"passages": [passage]})
    text = GOOD["ja-good-shipped"].replace("何卒よろしく", "お届け間隔は30日・45日・60日から変更できます。\n\n何卒よろしく", 1)
    found = claims(text, context)
    assert source_of(found, "30日") == source_of(found, "45日") == "passage:subscriptions-ja#interval"


def test_what_only_the_customer_wrote_has_the_ticket_as_source():
    context = CONTEXTS["shipped_en"].model_copy(update={"facts": []})
    text = GOOD["en-good-ticket-date"]
    assert source_of(claims(text, context), "November 14") == "ticket"


def test_the_greeting_and_the_signature_claim_nothing():
    text = "HM-24-00012 様\n\n本文です。\n\n――――――――――――――――\n茶舗みどり屋\n0120-000-123\n2026年11月30日\n"
    assert claims(text, CONTEXTS["shipped_ja"]) == []


def test_a_claim_without_a_source_is_exactly_an_hs003_finding_or_a_length_of_time():
    for case in CASES:
        context = CONTEXTS[case.context]
        checked = review(case.text, context=context, rules=house_rules())
        unsourced = {(c.start, c.end) for c in checked.claims if c.source is None}
        grounding = {(f.start, f.end) for f in checked.findings if f.rule == "HS003"}
        durations = {(d.start, d.end) for d in find_durations(case.text)}  # claimed, not (yet) a rule's business
        assert unsourced - durations == grounding, case.id


# --- demo drafts: the desk over the demo shop's orders and policies ------------------


@pytest.fixture(scope="module")
def demo_orders() -> InMemoryOrders:
    return InMemoryOrders(load_orders_file(KNOWLEDGE / "demo" / "orders.json"))


def demo_ticket(ticket_id: str) -> Ticket:
    return Ticket.model_validate(json.loads((DEMO_TICKETS / f"{ticket_id}.json").read_text(encoding="utf-8")))


def draft_of(desk: DraftDesk, ticket_id: str) -> Draft:
    draft, _ = asyncio.run(desk.create(demo_ticket(ticket_id), agent=None))
    return draft


def source_after(draft: Draft, words: str) -> str | None:
    """The source of the one claim that follows `words` in the draft."""
    [source] = [c.source for c in draft.claims if draft.body[: c.start].endswith(words)]
    return source


def test_a_demo_drafts_estimated_delivery_is_the_orders_forecast(demo_orders):
    desk = make_desk(orders=demo_orders, policies=ListPolicyIndex(policy_passages()))
    draft = draft_of(desk, "T-EN-001")
    assert source_after(draft, "The carrier's estimated delivery date is ") == "shipment.estimated_delivery"
    assert source_after(draft, "I will update you by ") == "reply.next_contact"  # the same date, our own promise
    assert source_after(draft, "It was shipped on ") == "shipment.shipped_at"
    assert {c.source for c in draft.claims if c.kind == "tracking_number"} == {"shipment.tracking_number"}
    assert all(c.source is not None for c in draft.claims)  # the template drafter states nothing unbacked
    assert desk.latest(draft.id).claims == draft.claims


def test_a_demo_drafts_return_window_is_the_cited_policy_and_an_invented_date_has_no_source(demo_orders):
    drafter = FakeDrafter(
        [Sections(subject="返品について", facts="返品は商品到着後8日以内にご連絡いただいた場合にお受けします。",
                  resolution="12月3日までに返送先をご案内いたします。")]
    )  # fmt: skip
    desk = make_desk(orders=demo_orders, policies=ListPolicyIndex([RETURN_WINDOW["ja"]]), drafter=drafter)
    draft = draft_of(desk, "T-JA-024")
    assert [c.passage_id for c in draft.citations] == ["returns-ja#window"]
    found = {c.text: (c.kind, c.source) for c in draft.claims}
    assert found["8日以内"] == ("quantity", "passage:returns-ja#window")
    assert found["12月3日"] == ("date", None)
    assert "HS003" in {f.rule for f in draft.findings}


def test_an_edit_is_claimed_again_against_what_the_draft_answers(demo_orders):
    desk = make_desk(orders=demo_orders, policies=ListPolicyIndex(policy_passages()))
    draft = draft_of(desk, "T-JA-001")
    [estimate] = [c for c in draft.claims if c.source == "shipment.estimated_delivery"]
    invented = draft.body[: estimate.start] + "11月30日(月)" + draft.body[estimate.end :]
    edited = desk.edit(draft.id, body=invented, subject=None, actor="佐藤")
    assert [c.source for c in edited.claims if c.start == estimate.start] == [None]
    assert len(edited.claims) == len(draft.claims)
