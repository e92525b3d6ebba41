"""HS003 and the records a value may come from beyond the order's own facts: another of the
customer's orders where the reply's paragraph names it (two orders in one letter), a part of
a month (12月上旬, early December) stated by a date within it, and a count that makes up one
item (羊羹 3本セット), which names a product rather than a quantity."""

from __future__ import annotations

from datetime import datetime

import pytest

from draftdesk.domain import Certainty, Fact, Order
from draftdesk.pipeline.check import CheckContext, check, review
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
FACTS = {
    "order.number": "KT-77-00310", "order.placed_at": "2026-11-10", "order.status": "backordered",
    "order.item.1": "ほうじ茶ラテの素 × 1", "order.unit_price.1": "1450", "order.total": "1450",
    "backorder.expected_restock": "2026-12-04", "reply.next_contact": "2026-11-24",
}  # fmt: skip
OTHER = Order.model_validate({
    "number": "KT-77-00488", "placed_at": "2026-11-16T09:00:00+09:00", "status": "shipped",
    "customer": {"name": "高村 みのり", "email": "minori@example.jp"},
    "items": [{"sku": "CUP-2", "name": "マグカップ", "quantity": 3, "unit_price": 990}],
    "currency": "JPY", "total": 2970,
    "shipment": {"carrier": "日本郵便", "tracking_number": "EJ123456789JP", "shipped_at": "2026-11-18",
                 "estimated_delivery": "2026-11-21"},
})  # fmt: skip


def _context(language: str = "ja", *, others: list[Order] | None = None, facts: dict[str, str] | None = None) -> CheckContext:
    return CheckContext(
        language=language,
        facts=[
            Fact(key=k, label=k, value=v, certainty=Certainty.ESTIMATED if "restock" in k else Certainty.CONFIRMED,
                 source="shop" if k.startswith("reply.") else "orders")
            for k, v in (facts or FACTS).items()
        ],
        other_orders=[OTHER] if others is None else others, now=NOW,
    )


def _hs003(text: str, **kwargs) -> list[str]:
    return [f.excerpt for f in check(text, context=_context(**kwargs), rules=RULES) if f.rule == "HS003"]


TWO_ORDERS = (
    "ご注文番号KT-77-00310のほうじ茶ラテの素は、入荷待ちでございます。\n\n"
    "もう一つのご注文KT-77-00488（マグカップ 3点、2,970円）は11月18日に日本郵便で発送しており、"
    "伝票番号はEJ123456789JPです。"
)


def test_a_paragraph_naming_another_of_the_customers_orders_may_state_its_record():
    assert _hs003(TWO_ORDERS) == []


def test_the_other_orders_record_backs_nothing_where_it_is_not_named():
    # the same values in a paragraph about the order itself: the other order's record is no source
    text = "ご注文のほうじ茶ラテの素 3点は、11月18日に発送いたしました（2,970円）。"
    assert _hs003(text) == ["3点", "11月18日", "2,970円"]


def test_an_order_that_is_not_the_customers_grounds_nothing():
    assert _hs003(TWO_ORDERS, others=[]) == ["KT-77-00488", "3点", "2,970円", "11月18日", "EJ123456789JP"]


def test_a_wrong_value_beside_the_other_order_is_still_ungrounded():
    text = TWO_ORDERS.replace("11月18日", "11月19日").replace("2,970円", "3,100円")
    assert _hs003(text) == ["3,100円", "11月19日"]


def test_the_claims_name_the_other_order_as_their_source():
    claims = review(TWO_ORDERS, context=_context(), rules=RULES).claims
    sources = {c.text: c.source for c in claims}
    assert sources["11月18日"] == "shipment.shipped_at@KT7700488"
    assert sources["2,970円"] == "order.total@KT7700488"


def test_english_two_orders_in_one_letter():
    text = (
        "Your order KT-77-00310 is waiting for stock.\n\n"
        "Your other order, KT-77-00488 (Mug × 3), left us on 18 November with Japan Post."
    )
    assert _hs003(text, language="en") == []
    assert _hs003(text.replace("× 3", "× 4"), language="en") == ["× 4"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("入荷は12月上旬の見込みです。", "ja"),  # the restock on 12/4 falls in the first ten days
        ("仕入先からは、2026年12月初旬に入荷するとの連絡がございました。", "ja"),
        ("The supplier expects the restock in early December.", "en"),
        ("It should be back in stock at the beginning of December 2026.", "en"),
    ],
)
def test_a_part_of_a_month_is_stated_by_a_date_within_it(text, language):
    assert _hs003(text, language=language) == []


@pytest.mark.parametrize(
    ("text", "language", "excerpt"),
    [
        ("入荷は12月中旬の見込みです。", "ja", "12月中旬"),  # 12/4 is not in the middle ten days
        ("入荷は1月末になりそうです。", "ja", "1月末"),
        ("We expect the restock in late December.", "en", "late December"),
        ("The supplier told us it will come at the end of January.", "en", "the end of January"),
    ],
)
def test_a_part_of_a_month_no_record_holds_is_ungrounded(text, language, excerpt):
    assert _hs003(text, language=language) == [excerpt]


def test_a_part_of_a_month_the_next_contact_date_falls_in_grounds_our_writing_not_a_delivery():
    assert _hs003("11月下旬までに改めてご連絡いたします。") == []
    assert _hs003("ご注文の品は11月下旬にお届けします。") == ["11月下旬"]


@pytest.mark.parametrize(
    "text",
    [
        "お詫びのしるしに、どら焼き 5個入りを同封いたします。",
        "ギフト用の湯呑み 4客組もご用意がございます。",
        "A 6-pack of tea bags is on its way as a small thank-you.",
        "We also stock a 12-piece set of matching saucers.",
    ],
)
def test_a_count_that_makes_up_one_item_names_the_product(text):
    language = "en" if text.isascii() else "ja"
    assert _hs003(text, language=language) == []


def test_a_count_of_items_is_still_a_quantity():
    assert _hs003("どら焼きを5個同封いたします。") == ["5個"]


@pytest.mark.parametrize(
    ("text", "language", "excerpt"),
    [
        # the order holds 1 item of 1,450円 and nothing counts its parcels: a 1 or a 3 is no better
        ("The carrier shows it was handed over in 1 box at your door.", "en", "in 1 box"),
        ("Your order was packed into 3 separate parcels.", "en", "into 3 separate parcels"),
        ("ご注文の品は2個口でお送りしております。", "ja", "2個口"),
        ("お品物は2箱に分けてお届けいたしました。", "ja", "2箱に分けて"),
    ],
)
def test_a_count_of_parcels_is_a_claim_no_order_record_holds(text, language, excerpt):
    assert _hs003(text, language=language) == [excerpt]


def test_a_count_of_parcels_is_grounded_by_the_shops_note_not_by_an_items_quantity():
    noted = {**FACTS, "order.item.1": "ほうじ茶ラテの素 × 2", "order.note.1": "割れ物のため2個口で発送"}
    assert _hs003("ご注文の品は2個口でお送りしております。", facts=noted) == []
    quantity_only = {**FACTS, "order.item.1": "ほうじ茶ラテの素 × 2"}
    assert _hs003("ご注文の品は2個口でお送りしております。", facts=quantity_only) == ["2個口"]
