from __future__ import annotations

import asyncio
import re
from datetime import date, datetime

import pytest

from draftdesk.adapters.prompts import template_environment
from draftdesk.adapters.template_drafter import TemplateDrafter
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import (
    Backorder,
    Certainty,
    DraftRequest,
    Intent,
    OrderStatus,
    Sender,
    Shipment,
    Subscription,
)
from draftdesk.formatting import format_date
from draftdesk.pipeline.context import resolve_context
from tests.pipeline.test_context import SHOP
from tests.support.orders import JST, SHIPPED, InMemoryOrders, make_order

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=JST)

SCENARIOS = {
    "shipped_forecast": make_order(shipment=SHIPPED),
    "shipped_late": make_order(shipment=SHIPPED.model_copy(update={"estimated_delivery": date(2026, 11, 18)})),
    "shipped_no_tracking": make_order(shipment=Shipment(carrier="佐川急便", shipped_at=date(2026, 11, 19))),
    "backordered_estimate": make_order(
        status=OrderStatus.BACKORDERED, backorder=Backorder(expected_restock=date(2026, 11, 28))
    ),
    "backordered_unknown": make_order(status=OrderStatus.BACKORDERED, backorder=Backorder()),
    "delivered": make_order(
        status=OrderStatus.DELIVERED, shipment=SHIPPED.model_copy(update={"delivered_at": date(2026, 11, 18)})
    ),
    "returned_old_address": make_order(
        status=OrderStatus.DELIVERY_FAILED,
        shipment=SHIPPED.model_copy(update={"returned_at": date(2026, 11, 19), "return_reason": "address_unknown"}),
    ),
    "preparing": make_order(status=OrderStatus.PREPARING),
    "pending_payment": make_order(status=OrderStatus.PENDING_PAYMENT),
    "cancelled": make_order(status=OrderStatus.CANCELLED),
    "subscription": make_order(
        status=OrderStatus.DELIVERED,
        subscription=Subscription(plan="季節の煎茶便", interval_days=30, next_shipment=date(2026, 12, 5)),
    ),
    "no_order": None,
}
APOLOGY = re.compile(r"申し訳|お詫び|sorry|apolog", re.IGNORECASE)
ESTIMATE_MARKERS = re.compile(r"頃|見込み|予定|目安|estimated|expected|approximately", re.IGNORECASE)


@pytest.fixture(scope="module")
def drafter() -> TemplateDrafter:
    return TemplateDrafter(env=template_environment(PROJECT_ROOT / "prompts"))


def _request(scenario: str, intent: Intent, language: str, *, abusive: bool = False) -> DraftRequest:
    order = SCENARIOS[scenario]
    context = resolve_context(
        order_numbers=[order.number] if order else [],
        phones=[],
        sender=Sender(email=order.customer.email if order else "nobody@example.com"),
        language=language,
        orders=InMemoryOrders([order] if order else []),
        shop=SHOP,
        now=NOW,
    )
    return DraftRequest(
        language=language, intent=intent, subject="", text="", facts=context.facts,
        passages=[], shop=SHOP, now=NOW, abusive=abusive,
    )


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？.!?])\s*|\n", text) if s.strip()]


CASES = [(s, i, lang) for s in SCENARIOS for i in Intent for lang in ("ja", "en")]


@pytest.mark.parametrize(("scenario", "intent", "language"), CASES)
def test_every_intent_and_order_situation_renders_a_complete_honest_reply(drafter, scenario, intent, language):
    request = _request(scenario, intent, language)
    sections = drafter.sections(request)

    for name in ("subject", "opening", "facts", "resolution", "closing"):
        assert getattr(sections, name), f"{name} is empty"
    assert not APOLOGY.search(sections.facts + sections.resolution + sections.opening)

    sentences = _sentences("\n".join([sections.opening, sections.facts, sections.resolution, sections.apology]))
    assert len(sentences) == len(set(sentences)), "a sentence is repeated"

    for fact in request.facts:
        if fact.certainty == Certainty.ESTIMATED and fact.value:
            written = format_date(date.fromisoformat(fact.value), language)
            for sentence in (s for s in sentences if written in s):
                assert ESTIMATE_MARKERS.search(sentence), f"unmarked estimate: {sentence}"
    next_contact = next(f for f in request.facts if f.key == "reply.next_contact")
    assert format_date(date.fromisoformat(next_contact.value), language) in sections.resolution or (
        scenario == "returned_old_address" or "next business day" in sections.resolution
        or "翌営業日" in sections.resolution
    ), "no concrete next step with a date"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_unknown_tracking_number_is_said_to_be_unknown(drafter, language):
    sections = drafter.sections(_request("shipped_no_tracking", Intent.WHERE_IS_MY_ORDER, language))
    assert ("発行されておりません" if language == "ja" else "not issued a tracking number yet") in sections.facts


@pytest.mark.parametrize("language", ["ja", "en"])
def test_abusive_mode_writes_no_apology(drafter, language):
    sections = drafter.sections(_request("shipped_late", Intent.DELAY, language, abusive=True))
    assert sections.apology == ""
    assert ("責任者" if language == "ja" else "supervisor") in sections.closing


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_wrong_item_is_apologised_for_after_the_facts(drafter, language):
    result = asyncio.run(drafter.draft(_request("delivered", Intent.WRONG_ITEM, language)))
    assert APOLOGY.search(result.sections.apology)
    assert result.model.name == "template" and not result.model.fallback_used


@pytest.mark.parametrize(
    ("language", "promise"), [("ja", "交換品の発送日"), ("en", "shipping date of a replacement")]
)
def test_a_replacement_is_promised_only_when_a_passage_allows_it(drafter, language, promise):
    from draftdesk.domain import Passage

    plain = drafter.sections(_request("delivered", Intent.DAMAGED, language))
    assert promise not in plain.resolution
    allowing = Passage(
        id=f"damaged-{language}#replacement", title="t", text="x", language=language,
        topic="damaged", allows=("reshipment",),
    )
    request = _request("delivered", Intent.DAMAGED, language).model_copy(update={"passages": [allowing]})
    assert promise in drafter.sections(request).resolution


# --- a sender who is not the order's customer --------------------------------------


@pytest.mark.parametrize("abusive", [False, True], ids=["calm", "abusive"])
@pytest.mark.parametrize("intent", list(Intent))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_sender_mismatch_asks_to_write_from_the_address_on_the_order_whatever_the_intent(
    drafter, language, intent, abusive
):
    order = SCENARIOS["shipped_late"]
    context = resolve_context(
        order_numbers=[order.number], phones=[], sender=Sender(email="someone.else@example.com"),
        language=language, orders=InMemoryOrders([order]), shop=SHOP, now=NOW,
    )
    assert context.sender_mismatch
    request = DraftRequest(
        language=language, intent=intent, subject="", text="", facts=context.facts, passages=[], shop=SHOP,
        now=NOW, abusive=abusive, sender_mismatch=True,
    )
    sections = drafter.sections(request)
    text = "\n".join(sections.model_dump().values())
    asks = "ご注文時にご登録いただいたメールアドレス" if language == "ja" else "from the e-mail address used for the order"
    assert asks in sections.resolution
    for value in (order.number, "煎茶", "4512-3456-7890", "ヤマト運輸", "11月", "November", "2,400", "2400"):
        assert value not in text
    assert sections.apology == ""
    assert sections == drafter.sections(request.model_copy(update={"intent": Intent.OTHER}))
