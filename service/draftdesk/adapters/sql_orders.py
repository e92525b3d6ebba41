"""SqlOrderStore: the shop's orders in SQL, found the ways a customer identifies them.

Each row holds the whole `Order` as JSON plus the lookup keys the context stage
searches by, normalised the same way on write and on read (`draftdesk.text.keys`).

Card numbers and My Numbers a shop pasted into an order's notes are masked before
they are written (`draftdesk.adapters.masking`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Index, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from draftdesk.adapters.database import Base, Database, is_unique_violation, load_stored
from draftdesk.adapters.masking import masked_order
from draftdesk.domain import Order
from draftdesk.errors import Conflict, InvalidInput
from draftdesk.text.keys import email_key, name_key, number_key, phone_key

# Bound parameters per lookup query stay far below SQLite's and PostgreSQL's limits.
_KEYS_PER_QUERY = 1000


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str]
    number_key: Mapped[str] = mapped_column(unique=True)
    email_key: Mapped[str | None] = mapped_column(index=True)
    name_key: Mapped[str]
    phone_key: Mapped[str | None]
    placed_at: Mapped[datetime]
    status: Mapped[str]
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_orders_name_phone", "name_key", "phone_key"),)


class SqlOrderStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def by_number(self, number: str) -> Order | None:
        key = number_key(number)
        if not key:
            return None
        found = self._database.scalars(select(OrderRow.data).where(OrderRow.number_key == key))
        return load_stored(Order, found[0], what="order") if found else None

    def by_email(self, email: str) -> list[Order]:
        key = email_key(email)
        if not key:
            return []
        return self._most_recent_first(OrderRow.email_key == key)

    def by_name_and_phone(self, name: str, phone: str) -> list[Order]:
        names, phones = name_key(name), phone_key(phone)
        if not names or not phones:
            return []
        return self._most_recent_first(OrderRow.name_key == names, OrderRow.phone_key == phones)

    def upsert(self, orders: Iterable[Order]) -> tuple[int, int]:
        """Insert or replace by order number in one transaction; (inserted, updated).

        Orders whose numbers normalise alike count once: the last one wins.
        """
        by_key = {number_key(order.number): order for order in orders}
        if not all(by_key):
            raise InvalidInput("orders: an order number has no letters or digits")
        keys = list(by_key)
        with self._database.session(writes=True) as session:
            existing = {
                row.number_key: row
                for start in range(0, len(keys), _KEYS_PER_QUERY)
                for row in session.scalars(
                    select(OrderRow).where(OrderRow.number_key.in_(keys[start : start + _KEYS_PER_QUERY]))
                )
            }
            for key, order in by_key.items():
                row = existing.get(key) or OrderRow(number_key=key)
                _fill(row, order)
                session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:
                if not is_unique_violation(exc):
                    raise
                raise Conflict("orders: another import wrote the same order numbers at the same time; retry") from None
        return len(by_key) - len(existing), len(existing)

    def count(self) -> int:
        with self._database.session() as session:
            return session.scalar(select(func.count()).select_from(OrderRow)) or 0

    def _most_recent_first(self, *conditions: Any) -> list[Order]:
        query = select(OrderRow.data).where(*conditions).order_by(OrderRow.placed_at.desc(), OrderRow.id.desc())
        return [load_stored(Order, data, what="order") for data in self._database.scalars(query)]


def _fill(row: OrderRow, order: Order) -> None:
    if order.placed_at.tzinfo is None:
        raise InvalidInput(f"order {order.number}: placed_at: needs a UTC offset, e.g. 2026-11-15T10:02:00+09:00")
    customer = order.customer
    row.number = order.number
    row.email_key = email_key(customer.email) if customer.email else None
    row.name_key = name_key(customer.name)
    row.phone_key = phone_key(customer.phone) if customer.phone else None
    row.placed_at = order.placed_at
    row.status = order.status.value
    row.data = masked_order(order).model_dump(mode="json")
    row.updated_at = datetime.now(timezone.utc)

