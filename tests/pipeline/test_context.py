from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from draftdesk.domain import Backorder, Certainty, Localized, OrderStatus, Sender, Shipment, ShopProfile
from draftdesk.pipeline.context import next_business_day, resolve_context
from tests.support.orders import JST, SHIPPED, InMemoryOrders, make_order

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=JST)  # a Friday
SHOP = ShopProfile(
    name=Localized(ja="茶舗みどり屋", en="Midoriya Tea"),
    department=Localized(ja="カスタマーサポート", en="Customer Support"),
    email="support@example.jp",
    business_hours=Localized(ja="平日 10:00〜17:00", en="Weekdays 10:00-17:00 JST"),
    holidays=(date(2026, 11, 23),),
)


CUSTOMER = Sender(email="taro@example.jp", name="山田 太郎")  # make_order's customer


def _resolve(orders: InMemoryOrders, *, numbers=(), phones=(), sender=CUSTOMER, language="ja"):
    return resolve_context(
        order_numbers=list(numbers), phones=list(phones), sender=sender, language=language,
        orders=orders, shop=SHOP, now=NOW,
    )


def _facts(context) -> dict[str, tuple[str, Certainty]]:
    return {f.key: (f.value, f.certainty) for f in context.facts}


def test_an_order_number_in_the_ticket_wins_over_the_sender_email():
    older = make_order("HM-24-09001", shipment=SHIPPED, placed=datetime(2026, 11, 1, tzinfo=JST))
    newer = make_order("HM-24-09002", status=OrderStatus.PREPARING, placed=datetime(2026, 11, 18, tzinfo=JST))
    context = _resolve(InMemoryOrders([older, newer]), numbers=["HM2409001"])
    assert context.order.number == "HM-24-09001"
    assert context.resolution.method == "order_number"
    assert "same e-mail" in context.resolution.reason
    assert [o.number for o in context.other_orders] == ["HM-24-09002"]
    assert not context.sender_mismatch


# --- who may see the order a ticket names -----------------------------------------------

MATCHING_SENDERS = [
    (Sender(email="taro@example.jp"), (), "same e-mail"),
    (Sender(email="TARO@Example.JP"), (), "same e-mail"),
    (Sender(email="ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"), (), "same e-mail"),  # full width: NFKC
    (Sender(email=" taro@example.jp "), (), "same e-mail"),
    (Sender(name="山田太郎"), ("09012345678",), "same name and a phone number"),
    (Sender(name="山田　太郎"), ("+819012345678",), "same name and a phone number"),
    (Sender(email="yamada.home@example.com", name="山田 太郎"), ("09012345678",), "same name and a phone number"),
]


@pytest.mark.parametrize(("sender", "phones", "how"), MATCHING_SENDERS)
def test_the_order_a_ticket_names_is_disclosed_to_its_customer(sender, phones, how):
    order = make_order(shipment=SHIPPED)
    context = _resolve(InMemoryOrders([order]), numbers=["HM-24-09001"], phones=phones, sender=sender)
    assert context.order == order and not context.sender_mismatch and context.undisclosed == []
    assert context.resolution.method == "order_number" and how in context.resolution.reason
    assert _facts(context)["shipment.tracking_number"] == ("4512-3456-7890", Certainty.CONFIRMED)


MISMATCHED_SENDERS = [
    (Sender(), ()),  # no sender identity at all (an API caller may leave `from` out)
    (Sender(), ("09012345678",)),  # the right phone, but no name
    (Sender(email="someone@example.jp"), ()),
    (Sender(email="taro@example.com"), ()),
    (Sender(email="taro@example.jp.mail.example"), ()),
    (Sender(name="山田 太郎"), ()),  # a name is no secret: it needs the phone as well
    (Sender(name="山田 太郎"), ("09099999999",)),
    (Sender(name="山田 花子"), ("09012345678",)),
    (Sender(email="hanako@example.jp", name="山田 花子"), ("09012345678",)),
]


@pytest.mark.parametrize(("sender", "phones"), MISMATCHED_SENDERS)
def test_the_order_a_ticket_names_is_not_disclosed_to_anyone_else(sender, phones):
    order = make_order(shipment=SHIPPED)
    mine = make_order("HM-24-09002", name="佐藤 花子", email="hanako@example.jp", phone="080-2345-6789")
    context = _resolve(InMemoryOrders([order, mine]), numbers=["HM-24-09001"], phones=phones, sender=sender)
    assert context.sender_mismatch and context.undisclosed == [order]
    assert context.order is None and context.other_orders == []  # not even the sender's own orders
    assert set(_facts(context)) == {"reply.next_contact"}
    assert context.resolution.method == "none" and context.resolution.order_number is None
    assert "sender_mismatch" in context.resolution.reason


def test_one_order_of_someone_else_among_the_numbers_discloses_none():
    mine = make_order("HM-24-09002", name="佐藤 花子", email="hanako@example.jp", phone="080-2345-6789")
    theirs = make_order("HM-24-09001", shipment=SHIPPED)
    context = _resolve(
        InMemoryOrders([mine, theirs]), numbers=["HM-24-09002", "HM-24-09001"], sender=Sender(email="hanako@example.jp")
    )
    assert context.order is None and context.undisclosed == [theirs]
    assert set(_facts(context)) == {"reply.next_contact"}
    assert "HM-24-09001" in context.resolution.reason and "HM-24-09002" not in context.resolution.reason


def test_a_ticket_without_sender_email_says_so_in_the_reason():
    context = _resolve(InMemoryOrders([make_order()]), numbers=["HM-24-09001"], sender=Sender(name="山田 太郎"))
    assert "the ticket has no sender e-mail" in context.resolution.reason


def test_several_orders_of_the_sender_are_all_theirs():
    first = make_order("HM-24-09001", shipment=SHIPPED)
    second = make_order("HM-24-09002", status=OrderStatus.PREPARING)
    context = _resolve(InMemoryOrders([first, second]), numbers=["HM-24-09002", "HM-24-09001"])
    assert context.order.number == "HM-24-09002" and not context.sender_mismatch


def test_unknown_order_numbers_fall_back_to_the_sender_email_most_recent_open_first():
    old_open = make_order("HM-24-09001", status=OrderStatus.PREPARING, placed=datetime(2026, 11, 1, tzinfo=JST))
    newest_done = make_order("HM-24-09002", status=OrderStatus.DELIVERED, placed=datetime(2026, 11, 18, tzinfo=JST))
    newer_open = make_order("HM-24-09003", status=OrderStatus.BACKORDERED, placed=datetime(2026, 11, 10, tzinfo=JST))
    orders = InMemoryOrders([old_open, newest_done, newer_open])
    context = _resolve(orders, numbers=["HM-99-99999"], sender=Sender(email="TARO@example.jp"))
    assert context.order.number == "HM-24-09003"
    assert context.resolution.method == "email"
    assert [o.number for o in context.other_orders] == ["HM-24-09002", "HM-24-09001"]
    facts = _facts(context)
    assert facts["customer.other_order.1"] == ("HM-24-09002", Certainty.CONFIRMED)
    assert "no known order number" in context.resolution.reason


def test_name_and_phone_find_the_order_when_the_email_is_unknown():
    orders = InMemoryOrders([make_order(shipment=SHIPPED)])
    context = _resolve(orders, phones=["09012345678"], sender=Sender(email="new@example.com", name="山田太郎"))
    assert context.resolution.method == "name_phone"
    assert context.order.number == "HM-24-09001"


def test_nothing_found_is_said_with_the_reason_and_no_order_facts():
    context = _resolve(InMemoryOrders([make_order()]), sender=Sender(email="nobody@example.com", name="佐藤"))
    assert context.order is None
    assert context.resolution.method == "none"
    assert "no phone number" in context.resolution.reason
    assert set(_facts(context)) == {"reply.next_contact"}


def test_a_carrier_forecast_is_an_estimate_and_a_ship_date_a_fact():
    facts = _facts(_resolve(InMemoryOrders([make_order(shipment=SHIPPED)]), numbers=["HM-24-09001"]))
    assert facts["shipment.estimated_delivery"] == ("2026-11-22", Certainty.ESTIMATED)
    assert facts["shipment.shipped_at"] == ("2026-11-16", Certainty.CONFIRMED)
    assert facts["shipment.tracking_number"] == ("4512-3456-7890", Certainty.CONFIRMED)
    assert facts["order.item.1"] == ("煎茶 100g × 2", Certainty.CONFIRMED)
    assert facts["order.total"] == ("2400", Certainty.CONFIRMED)


def test_each_item_s_unit_price_and_each_note_of_the_shop_are_facts():
    order = make_order(shipment=SHIPPED).model_copy(update={"notes": ["追跡は2026-11-17の「配達店到着」以降更新なし"]})
    facts = _facts(_resolve(InMemoryOrders([order]), numbers=["HM-24-09001"]))
    assert facts["order.unit_price.1"] == ("1200", Certainty.CONFIRMED)
    assert facts["order.note.1"] == ("追跡は2026-11-17の「配達店到着」以降更新なし", Certainty.CONFIRMED)


def test_a_missing_tracking_number_is_unknown_never_invented():
    shipment = Shipment(carrier="佐川急便", shipped_at=date(2026, 11, 19))
    facts = _facts(_resolve(InMemoryOrders([make_order(shipment=shipment)]), numbers=["HM-24-09001"]))
    assert facts["shipment.tracking_number"] == ("", Certainty.UNKNOWN)


@pytest.mark.parametrize(
    ("backorder", "expected"),
    [
        (Backorder(expected_restock=date(2026, 11, 28), supplier="静岡製茶"), ("2026-11-28", Certainty.ESTIMATED)),
        (Backorder(), ("", Certainty.UNKNOWN)),
    ],
)
def test_a_restock_date_is_the_suppliers_estimate_or_unknown(backorder, expected):
    order = make_order(status=OrderStatus.BACKORDERED, backorder=backorder)
    facts = _facts(_resolve(InMemoryOrders([order]), numbers=["HM-24-09001"]))
    assert facts["backorder.expected_restock"] == expected


def test_a_delivered_parcel_has_no_forecast_fact():
    shipment = SHIPPED.model_copy(update={"delivered_at": date(2026, 11, 19)})
    order = make_order(status=OrderStatus.DELIVERED, shipment=shipment)
    facts = _facts(_resolve(InMemoryOrders([order]), numbers=["HM-24-09001"]))
    assert "shipment.estimated_delivery" not in facts
    assert facts["shipment.delivered_at"] == ("2026-11-19", Certainty.CONFIRMED)


def test_facts_carry_no_personal_data_of_the_customer():
    order = make_order(shipment=SHIPPED)
    context = _resolve(InMemoryOrders([order]), numbers=["HM-24-09001"])
    values = " ".join(f.value for f in context.facts)
    for personal in ("山田", "taro@example.jp", "090-1234-5678", "神宮前"):
        assert personal not in values


def test_labels_follow_the_language():
    context = _resolve(InMemoryOrders([make_order()]), numbers=["HM-24-09001"], language="en")
    assert {f.key: f.label for f in context.facts}["order.number"] == "Order number"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 20, 12, 0, tzinfo=JST), date(2026, 11, 24)),  # Fri → Mon is a holiday → Tue
        (datetime(2026, 11, 24, 9, 0, tzinfo=JST), date(2026, 11, 25)),
        # 16:00 UTC on the 25th is already the 26th in Tokyo, so the next business day is the 27th
        (datetime(2026, 11, 25, 16, 0, tzinfo=timezone.utc), date(2026, 11, 27)),
    ],
)
def test_next_business_day_skips_weekends_and_holidays(now, expected):
    assert next_business_day(now, shop=SHOP) == expected
