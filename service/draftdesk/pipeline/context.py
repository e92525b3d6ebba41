"""context: find the customer's order and state what we know about it as facts.

Resolution order: an order number written in the ticket, else the sender's e-mail,
else the sender's name plus a phone number from the body. The reason is recorded so
an agent can see why this order was picked.

An order number alone proves nothing: anyone can quote one. An order named in the
ticket is disclosed only when the sender matches its customer: the sender's e-mail is
the one on the order (NFKC, case-insensitive), or the sender's name (`from.name`;
spaces, width and case ignored) and a phone number written in the ticket both match
it. A ticket without a sender e-mail (API callers may leave `from` out) therefore
needs name + phone. When any order the ticket names fails this, nothing of any order
is disclosed, not even the sender's own ones named alongside: the context has no order,
no order facts and no other orders; the unmatched orders are kept in `undisclosed`
only so that redaction and the wire guard hold their values back, and the draft
carries the `sender_mismatch` flag and asks the sender to write from the address on
the order. Quoted numbers that match no order are ignored as before.

Fact catalogue (values canonical: ISO dates, plain numbers, identifiers as stored):

| key | certainty |
| --- | --- |
| order.number, order.placed_at, order.status, order.item.N, order.total, order.currency, order.payment_method, order.refund_amount | confirmed |
| shipment.carrier, shipment.shipped_at, shipment.delivered_at, shipment.returned_at, shipment.return_reason | confirmed |
| shipment.tracking_number | confirmed, or unknown when shipped without one (never invented) |
| shipment.estimated_delivery | estimated: a carrier forecast is never a fact |
| backorder.expected_restock | estimated, or unknown when the supplier gave no date |
| backorder.supplier, subscription.plan, subscription.status, subscription.interval_days | confirmed |
| subscription.next_shipment | estimated (scheduled) |
| customer.other_order.N | confirmed |
| reply.next_contact | confirmed, source shop: when we write again |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from draftdesk.domain import (
    OPEN_STATUSES,
    Certainty,
    Fact,
    Frozen,
    Language,
    Order,
    OrderResolution,
    OrderStatus,
    Sender,
    ShopProfile,
)
from draftdesk.ports import OrderSource
from draftdesk.text.keys import email_key, name_key, phone_key

LABELS: dict[str, tuple[str, str]] = {
    "order.number": ("ご注文番号", "Order number"),
    "order.placed_at": ("ご注文日", "Order date"),
    "order.status": ("ご注文の状況", "Order status"),
    "order.item": ("ご注文商品", "Item"),
    "order.unit_price": ("商品の単価", "Item unit price"),
    "order.total": ("ご注文金額", "Order total"),
    "order.currency": ("通貨", "Currency"),
    "order.payment_method": ("お支払い方法", "Payment method"),
    "order.refund_amount": ("返金額", "Refund amount"),
    "order.note": ("ご注文のメモ（店舗記録）", "Order note (shop record)"),
    "shipment.carrier": ("配送業者", "Carrier"),
    "shipment.tracking_number": ("お問い合わせ伝票番号", "Tracking number"),
    "shipment.shipped_at": ("発送日", "Shipped on"),
    "shipment.estimated_delivery": ("お届け予定日（配送業者の予測）", "Estimated delivery (carrier forecast)"),
    "shipment.delivered_at": ("配達完了日", "Delivered on"),
    "shipment.returned_at": ("当店への返送日", "Returned to us on"),
    "shipment.return_reason": ("返送理由", "Reason for return to sender"),
    "backorder.expected_restock": ("入荷予定日（仕入先の見込み）", "Expected restock (supplier estimate)"),
    "backorder.supplier": ("仕入先", "Supplier"),
    "subscription.plan": ("定期便のプラン", "Subscription plan"),
    "subscription.status": ("定期便の状況", "Subscription status"),
    "subscription.interval_days": ("お届け間隔（日）", "Delivery interval (days)"),
    "subscription.next_shipment": ("次回発送予定日", "Next scheduled shipment"),
    "customer.other_order": ("その他のご注文", "Other order"),
    "reply.next_contact": ("次回ご連絡日", "Next update from us by"),
}


class Context(Frozen):
    order: Order | None
    other_orders: list[Order]
    facts: list[Fact]
    resolution: OrderResolution
    # Orders the ticket names whose customer the sender could not be shown to be: never
    # disclosed (no facts, not in the resolution), their values only withheld from the wire.
    undisclosed: list[Order] = []

    @property
    def sender_mismatch(self) -> bool:
        return bool(self.undisclosed)


def resolve_context(
    *,
    order_numbers: Sequence[str],
    phones: Sequence[str],
    sender: Sender,
    language: Language,
    orders: OrderSource,
    shop: ShopProfile,
    now: datetime,
) -> Context:
    named = _named_orders(order_numbers, orders=orders)
    strangers = [order for order in named if _how_sender_matches(order, sender=sender, phones=phones) is None]
    if strangers:
        order, others = None, []
        resolution = OrderResolution(method="none", reason=_mismatch_reason(strangers, sender=sender))
    else:
        order, others, resolution = _find_order(
            named=named, any_numbers=bool(order_numbers), phones=phones, sender=sender, orders=orders
        )
    facts = order_facts(order, language=language) if order else []
    facts += [
        _fact(f"customer.other_order.{i}", other.number, Certainty.CONFIRMED, language)
        for i, other in enumerate(others, start=1)
    ]
    next_contact = next_business_day(now, shop=shop)
    facts.append(
        _fact("reply.next_contact", next_contact.isoformat(), Certainty.CONFIRMED, language, source="shop")
    )
    return Context(order=order, other_orders=others, facts=facts, resolution=resolution, undisclosed=strangers)


def _named_orders(order_numbers: Sequence[str], *, orders: OrderSource) -> list[Order]:
    """The orders the ticket's order numbers name, in the order written, each once."""
    found: dict[str, Order] = {}
    for number in order_numbers:
        order = orders.by_number(number)
        if order is not None:
            found.setdefault(order.number, order)
    return list(found.values())


def _how_sender_matches(order: Order, *, sender: Sender, phones: Sequence[str]) -> str | None:
    """How the sender is shown to be the order's customer ("e-mail", "name and a phone
    number …"), or None when they are not."""
    customer = order.customer
    if sender.email and customer.email and email_key(sender.email) == email_key(customer.email):
        return "e-mail"
    if not (sender.name and customer.phone) or name_key(sender.name) != name_key(customer.name):
        return None
    on_record = phone_key(customer.phone)
    if on_record and any(phone_key(phone) == on_record for phone in phones):
        return "name and a phone number in the ticket"
    return None


def _mismatch_reason(strangers: Sequence[Order], *, sender: Sender) -> str:
    numbers = ", ".join(order.number for order in strangers)
    why = "the sender's e-mail is not the one on the order" if sender.email else "the ticket has no sender e-mail"
    return (
        f"order number {numbers} written in the ticket: {why}, and the sender's name and a phone number in "
        "the ticket do not both match it; no order is disclosed (sender_mismatch)"
    )


def _find_order(
    *, named: Sequence[Order], any_numbers: bool, phones: Sequence[str], sender: Sender, orders: OrderSource
) -> tuple[Order | None, list[Order], OrderResolution]:
    """`named`: the orders the ticket's numbers name, every one the sender's own."""
    if named:
        order = named[0]
        same_customer = orders.by_email(order.customer.email) if order.customer.email else []
        others = [o for o in same_customer if o.number != order.number]
        matched = _how_sender_matches(order, sender=sender, phones=phones)
        reason = f"order number written in the ticket; the sender is its customer (same {matched})"
        return order, others, OrderResolution(method="order_number", reason=reason, order_number=order.number)

    tried = "no known order number in the ticket" if any_numbers else "no order number in the ticket"
    if sender.email:
        candidates = orders.by_email(sender.email)
        if candidates:
            order, others = _most_relevant(candidates)
            reason = f"{tried}; found by the sender's e-mail"
            if others:
                reason += f" ({len(candidates)} orders: the most recent open one was picked)"
            return order, others, OrderResolution(method="email", reason=reason, order_number=order.number)
        tried += "; no order for the sender's e-mail"

    if sender.name:
        for phone in phones:
            candidates = orders.by_name_and_phone(sender.name, phone)
            if candidates:
                order, others = _most_relevant(candidates)
                return order, others, OrderResolution(
                    method="name_phone",
                    reason=f"{tried}; found by the sender's name and the phone number in the ticket",
                    order_number=order.number,
                )
        tried += "; no order for the sender's name and phone" if phones else "; no phone number to match"
    return None, [], OrderResolution(method="none", reason=tried)


def _most_relevant(candidates: Iterable[Order]) -> tuple[Order, list[Order]]:
    """The most recent open order, else the most recent one; the rest, newest first."""
    ordered = sorted(candidates, key=lambda o: o.placed_at, reverse=True)
    chosen = next((o for o in ordered if o.status in OPEN_STATUSES), ordered[0])
    return chosen, [o for o in ordered if o.number != chosen.number]


def order_facts(order: Order, *, language: Language) -> list[Fact]:
    confirmed, estimated, unknown = Certainty.CONFIRMED, Certainty.ESTIMATED, Certainty.UNKNOWN
    facts = [
        _fact("order.number", order.number, confirmed, language),
        _fact("order.placed_at", order.placed_at.date().isoformat(), confirmed, language),
        _fact("order.status", order.status.value, confirmed, language),
    ]
    facts += [
        _fact(f"order.item.{i}", f"{item.name} × {item.quantity}", confirmed, language)
        for i, item in enumerate(order.items, start=1)
    ]
    # The price of one of an item: a reply refunding the returned item states it.
    facts += [
        _fact(f"order.unit_price.{i}", _number(item.unit_price), confirmed, language)
        for i, item in enumerate(order.items, start=1)
    ]
    facts += [
        _fact("order.total", _number(order.total), confirmed, language),
        _fact("order.currency", order.currency, confirmed, language),
    ]
    if order.payment:
        facts.append(_fact("order.payment_method", order.payment.method, confirmed, language))
    if order.refund_amount is not None:
        facts.append(_fact("order.refund_amount", _number(order.refund_amount), confirmed, language))
    # What the shop recorded (the parcel in customs since 11/15) is a fact the reply may state.
    facts += [_fact(f"order.note.{i}", note, confirmed, language) for i, note in enumerate(order.notes, start=1) if note]

    shipment = order.shipment
    if shipment:
        facts += _dated_facts(
            language,
            ("shipment.carrier", shipment.carrier, confirmed),
            ("shipment.shipped_at", shipment.shipped_at, confirmed),
            ("shipment.delivered_at", shipment.delivered_at, confirmed),
            ("shipment.returned_at", shipment.returned_at, confirmed),
            ("shipment.return_reason", shipment.return_reason, confirmed),
        )
        has_left = shipment.shipped_at is not None or order.status in {
            OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.DELIVERY_FAILED
        }
        if shipment.tracking_number:
            facts.append(_fact("shipment.tracking_number", shipment.tracking_number, confirmed, language))
        elif has_left:
            facts.append(_fact("shipment.tracking_number", "", unknown, language))
        in_transit = order.status == OrderStatus.SHIPPED and shipment.delivered_at is None
        if shipment.estimated_delivery and in_transit:
            facts.append(
                _fact("shipment.estimated_delivery", shipment.estimated_delivery.isoformat(), estimated, language)
            )

    if order.backorder and order.status == OrderStatus.BACKORDERED:
        restock = order.backorder.expected_restock
        facts.append(
            _fact("backorder.expected_restock", restock.isoformat(), estimated, language)
            if restock
            else _fact("backorder.expected_restock", "", unknown, language)
        )
        facts += _dated_facts(language, ("backorder.supplier", order.backorder.supplier, confirmed))

    if order.subscription:
        sub = order.subscription
        facts += _dated_facts(
            language,
            ("subscription.plan", sub.plan, confirmed),
            ("subscription.status", sub.status, confirmed),
            ("subscription.interval_days", str(sub.interval_days), confirmed),
            ("subscription.next_shipment", sub.next_shipment, estimated),
        )
    return facts


def _dated_facts(language: Language, *rows: tuple[str, object, Certainty]) -> list[Fact]:
    """Facts for the fields that are set; dates written ISO."""
    facts = []
    for key, value, certainty in rows:
        if value is None or value == "":
            continue
        text = value.isoformat() if isinstance(value, date) else str(value)
        facts.append(_fact(key, text, certainty, language))
    return facts


def _fact(
    key: str, value: str, certainty: Certainty, language: Language, *, source: str = "orders"
) -> Fact:
    family = key.rsplit(".", 1)[0] if key.rsplit(".", 1)[-1].isdigit() else key
    ja, en = LABELS[family]
    return Fact(key=key, label=ja if language == "ja" else en, value=value, certainty=certainty, source=source)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def next_business_day(now: datetime, *, shop: ShopProfile) -> date:
    """The first business day after today in the shop's time zone."""
    day = now.astimezone(ZoneInfo(shop.timezone)).date() + timedelta(days=1)
    while day.weekday() not in shop.business_days or day in shop.holidays:
        day += timedelta(days=1)
    return day
