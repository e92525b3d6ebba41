"""The demo shop is data a real shop would have: checked here so edits keep it whole."""

from __future__ import annotations

import json
from datetime import date

from service.config import PROJECT_ROOT
from service.domain import Order, OrderStatus, ShopProfile
from service.files import load_yaml_model

ORDERS = [Order.model_validate(o) for o in json.loads((PROJECT_ROOT / "knowledge/demo/orders.json").read_text("utf-8"))]
DEMO_DAY = date(2026, 11, 20)


def test_the_shop_profile_loads_and_names_a_default_agent():
    shop = load_yaml_model(PROJECT_ROOT / "knowledge/shop.yaml", ShopProfile)
    assert shop.default_agent is not None and shop.email and shop.response_target_hours <= 3


def test_enough_orders_and_customers_in_every_status():
    assert len(ORDERS) >= 60
    assert len({o.customer.email for o in ORDERS}) >= 40
    assert {o.status for o in ORDERS} == set(OrderStatus)
    assert len({o.number for o in ORDERS}) == len(ORDERS)


def test_the_hard_cases_are_there():
    assert any(o.backorder and o.backorder.expected_restock for o in ORDERS)
    assert any(o.status == OrderStatus.BACKORDERED and o.backorder and not o.backorder.expected_restock for o in ORDERS)
    assert any(o.status == OrderStatus.SHIPPED and o.shipment and not o.shipment.tracking_number for o in ORDERS)
    assert any(o.shipment and o.shipment.return_reason == "address_unknown" for o in ORDERS)
    assert any(o.subscription and o.subscription.status == "active" for o in ORDERS)
    assert any(o.subscription and o.subscription.status == "paused" for o in ORDERS)
    customers = [o.customer.email for o in ORDERS]
    assert any(customers.count(c) >= 3 for c in customers)
    assert {o.currency for o in ORDERS} == {"JPY", "USD"}


def test_orders_are_consistent_with_their_status_and_amounts():
    for order in ORDERS:
        total = sum(item.quantity * item.unit_price for item in order.items)
        assert abs(order.total - total) < 0.01, order.number
        shipment = order.shipment
        if order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            assert shipment and shipment.shipped_at, order.number
        if order.status == OrderStatus.DELIVERED:
            assert shipment.delivered_at, order.number
        if order.status == OrderStatus.SHIPPED and shipment.estimated_delivery:
            assert shipment.shipped_at <= shipment.estimated_delivery, order.number
        if order.status == OrderStatus.BACKORDERED and order.backorder.expected_restock:
            assert order.backorder.expected_restock >= DEMO_DAY, order.number
