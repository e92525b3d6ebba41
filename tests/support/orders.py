"""Orders for stage tests, and an in-memory OrderSource (a hand-written fake)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from draftdesk.domain import Backorder, Customer, Item, Order, OrderStatus, Shipment, Subscription
from draftdesk.text.keys import number_key

JST = timezone(timedelta(hours=9))


def make_order(
    number: str = "HM-24-09001",
    *,
    status: OrderStatus = OrderStatus.SHIPPED,
    name: str = "山田 太郎",
    email: str = "taro@example.jp",
    phone: str = "090-1234-5678",
    placed: datetime = datetime(2026, 11, 15, 10, 2, tzinfo=JST),
    shipment: Shipment | None = None,
    backorder: Backorder | None = None,
    subscription: Subscription | None = None,
) -> Order:
    return Order(
        number=number,
        placed_at=placed,
        status=status,
        customer=Customer(name=name, email=email, phone=phone, address="〒150-0001 東京都渋谷区神宮前1-2-3"),
        items=[Item(sku="TEA-01", name="煎茶 100g", quantity=2, unit_price=1200)],
        total=2400,
        shipment=shipment,
        backorder=backorder,
        subscription=subscription,
    )


SHIPPED = Shipment(
    carrier="ヤマト運輸",
    tracking_number="4512-3456-7890",
    shipped_at=date(2026, 11, 16),
    estimated_delivery=date(2026, 11, 22),
)


class InMemoryOrders:
    def __init__(self, orders: list[Order]) -> None:
        self.orders = {o.number: o for o in orders}
        self.calls: list[tuple[str, str]] = []

    _key = staticmethod(number_key)  # as the SQL store compares numbers

    def by_number(self, number: str) -> Order | None:
        self.calls.append(("by_number", number))
        return next((o for o in self.orders.values() if self._key(o.number) == self._key(number)), None)

    def by_email(self, email: str) -> list[Order]:
        self.calls.append(("by_email", email))
        found = [o for o in self.orders.values() if (o.customer.email or "").lower() == email.lower()]
        return sorted(found, key=lambda o: o.placed_at, reverse=True)

    def by_name_and_phone(self, name: str, phone: str) -> list[Order]:
        self.calls.append(("by_name_and_phone", phone))
        digits = "".join(c for c in phone if c.isdigit())
        return [
            o
            for o in self.orders.values()
            if o.customer.name.replace(" ", "") == name.replace(" ", "")
            and "".join(c for c in (o.customer.phone or "") if c.isdigit()) == digits
        ]
