"""The demo shop's data as a shop would ship it: profile, policies, orders, and the
demo tickets with their expectations. Plain file checks, no NLP, so they run in a
second and name the record that broke."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import LANGUAGES, Certainty, Intent, Order, OrderStatus, ShopProfile, Ticket
from draftdesk.knowledge import OFFERS, load_passages

KNOWLEDGE = PROJECT_ROOT / "knowledge"
POLICIES = KNOWLEDGE / "policies"
CASES = PROJECT_ROOT / "evals" / "cases"
DEMO_CLOCK = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
DEMO_DAY = DEMO_CLOCK.date()

ORDERS = [Order.model_validate(raw) for raw in json.loads((KNOWLEDGE / "demo" / "orders.json").read_text("utf-8"))]
BY_NUMBER = {order.number: order for order in ORDERS}
TICKETS = {
    path.stem: Ticket.model_validate_json(path.read_text("utf-8")) for path in sorted((KNOWLEDGE / "demo" / "tickets").glob("*.json"))
}
EXPECTATIONS: dict[str, dict] = yaml.safe_load((CASES / "expectations.yaml").read_text("utf-8"))
DOCUMENTS = sorted(POLICIES.glob("*/*.md"))
PASSAGES = load_passages(POLICIES)

EXAMPLE_EMAIL = re.compile(r"^[\w.+'-]+@([\w-]+\.)*example(-[\w]+)?\.(jp|com|org|net|co\.jp|ne\.jp)$")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ORDER_NUMBER = re.compile(r"^HM-24-\d{5}$")
UNSHIPPED = {OrderStatus.PENDING_PAYMENT, OrderStatus.PREPARING, OrderStatus.BACKORDERED, OrderStatus.CANCELLED}
CAME_BACK = {OrderStatus.DELIVERY_FAILED, OrderStatus.RETURNED}
RESOLUTIONS = {"order_number", "email", "name_phone", "none"}
FACT_KEY = re.compile(
    r"^(order\.(number|placed_at|status|total|currency|payment_method|refund_amount|item\.\d+)"
    r"|shipment\.(carrier|tracking_number|shipped_at|estimated_delivery|delivered_at|returned_at|return_reason)"
    r"|backorder\.(expected_restock|supplier)|subscription\.(plan|status|interval_days|next_shipment)"
    r"|customer\.other_order\.\d+|reply\.next_contact)$"
)


def folded(text: str) -> str:
    """Full-width digits and letters to ASCII, hyphen-likes dropped: how customers write order numbers."""
    return re.sub(r"[-‐‑‒–—―ー－]", "", unicodedata.normalize("NFKC", text)).upper()


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text.split("---\n", 2)[1])


# --- shop profile ---------------------------------------------------------------------


def test_the_shop_profile_is_a_reachable_japanese_shop_closed_over_new_year():
    shop = ShopProfile.model_validate(yaml.safe_load((KNOWLEDGE / "shop.yaml").read_text("utf-8")))
    assert EXAMPLE_EMAIL.match(shop.email) and shop.url and ".example." in shop.url
    assert re.fullmatch(r"(0120|03)-\d{2,4}-\d{3,4}", shop.phone or "")
    assert {date(2026, 12, 29), date(2027, 1, 3)} <= set(shop.holidays)
    assert shop.response_target_hours == 3 and shop.timezone == "Asia/Tokyo"
    assert all(JAPANESE.search(text.ja) and not JAPANESE.search(text.en) for text in (shop.name, shop.department))


# --- policies -------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_policy_has_front_matter_and_four_to_eight_passages(path):
    meta = front_matter(path)
    language = path.parent.name
    assert meta["id"] == f"{meta['topic']}-{language}" and meta["intents"]
    assert set(meta["intents"]) <= {intent.value for intent in Intent}
    slugs = re.findall(r"^## .*\{#([a-z0-9-]+)\}\s*$", path.read_text("utf-8"), flags=re.MULTILINE)
    assert len(slugs) == len(set(slugs)), "a slug is used twice"
    assert 4 <= len(slugs) <= 8


def test_every_topic_exists_in_both_languages_with_the_same_slugs():
    slugs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for passage in PASSAGES:
        document, slug = passage.id.split("#")
        slugs[passage.topic][passage.language].add(slug)
        assert document == f"{passage.topic}-{passage.language}"
    assert len(slugs) >= 12
    for topic, by_language in slugs.items():
        assert set(by_language) == set(LANGUAGES), topic
        assert by_language["ja"] == by_language["en"], topic


def test_offers_are_only_the_known_kinds_and_every_kind_is_allowed_somewhere():
    allowed = Counter(kind for passage in PASSAGES for kind in passage.allows)
    assert set(allowed) == OFFERS
    assert all(passage.text.strip() and "<!--" not in passage.text for passage in PASSAGES)



NEAR_COPY = 0.85  # SequenceMatcher's ratio from which two questions are one question reworded


def plain(text: str) -> str:
    return re.sub(r"\W", "", unicodedata.normalize("NFKC", text).lower())


def near_copies(asks: list[str], questions: list[str]) -> list[tuple[str, str]]:
    """Pairs whose plain forms are at least NEAR_COPY alike. The quick ratios are upper
    bounds of the real one: most pairs are ruled out before it is computed."""
    pairs = []
    matcher = difflib.SequenceMatcher(None)
    for question in questions:
        matcher.set_seq2(plain(question))  # the side SequenceMatcher indexes: once per question
        for ask in asks:
            matcher.set_seq1(plain(ask))
            ratios = (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
            if all(ratio() >= NEAR_COPY for ratio in ratios):
                pairs.append((ask, question))
    return pairs


def test_every_passage_lists_customer_questions_in_its_own_language_apart_from_the_eval_sets():
    # The asks are searched; the retrieval sets measure the search. A question copied
    # from one into the other would measure nothing.
    evaluated = [q["text"] for path in sorted((PROJECT_ROOT / "evals" / "retrieval").glob("*.yaml"))
                 for q in yaml.safe_load(path.read_text("utf-8"))["questions"]]
    for passage in PASSAGES:
        assert len(passage.asks) >= 4, passage.id
        assert all(bool(JAPANESE.search(ask)) == (passage.language == "ja") for ask in passage.asks), passage.id
    assert near_copies([ask for passage in PASSAGES for ask in passage.asks], evaluated) == []


def test_a_reworded_question_is_a_near_copy_and_another_question_is_not():
    asks = ["How long does delivery to Okinawa take?", "返品の送料は誰が負担しますか"]
    reworded = ["How long does a delivery to Okinawa take?", "返品の送料はどちらが負担しますか"]
    assert near_copies(asks, reworded) == list(zip(asks, reworded))
    assert near_copies(asks, ["Can I change my delivery address?", "ギフト包装はできますか"]) == []


# --- orders ---------------------------------------------------------------------------


def test_enough_orders_of_enough_customers_mostly_japanese():
    customers = {order.customer.email: order.customer for order in ORDERS}
    assert len(ORDERS) >= 64 and len(customers) >= 42
    assert len(BY_NUMBER) == len(ORDERS) and all(ORDER_NUMBER.match(number) for number in BY_NUMBER)
    japanese = sum(bool(JAPANESE.search(customer.name)) for customer in customers.values())
    assert 0.5 <= japanese / len(customers) <= 0.7
    assert all(EXAMPLE_EMAIL.match(email) for email in customers)
    assert max(Counter(order.customer.email for order in ORDERS).values()) >= 3
    assert {order.currency for order in ORDERS} == {"JPY", "USD"}


def test_every_status_appears_several_times():
    statuses = Counter(order.status for order in ORDERS)
    assert set(statuses) == set(OrderStatus) and min(statuses.values()) >= 3


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: o.number)
def test_an_order_is_consistent_with_its_status_amounts_and_the_clock(order):
    assert sum(item.quantity * item.unit_price for item in order.items) == pytest.approx(order.total)
    assert datetime(2026, 10, 1).date() <= order.placed_at.date() and order.placed_at <= DEMO_CLOCK
    shipment = order.shipment
    shipped = shipment.shipped_at if shipment else None
    if order.status in UNSHIPPED:
        assert shipped is None
    else:
        assert shipped and order.placed_at.date() <= shipped <= DEMO_DAY and shipment.carrier
    if order.status == OrderStatus.BACKORDERED:
        assert order.backorder is not None and order.backorder.supplier
    if shipped:
        happened = [d for d in (shipment.delivered_at, shipment.returned_at) if d]
        assert all(shipped <= d <= DEMO_DAY for d in happened)
        assert (shipment.delivered_at is not None) == (order.status in {OrderStatus.DELIVERED, OrderStatus.REFUNDED})
        assert (shipment.returned_at is not None) == (order.status in CAME_BACK) == (shipment.return_reason is not None)
    assert (order.refund_amount is not None) == (order.status == OrderStatus.REFUNDED)
    if order.refund_amount is not None:
        assert 0 < order.refund_amount <= order.total
    if order.payment and order.payment.method == "cash_on_delivery":
        assert order.customer.address and order.customer.address.startswith("〒"), "cash on delivery is domestic only"


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: o.number)
def test_estimates_of_open_orders_lie_ahead_of_the_demo_clock(order):
    if order.status == OrderStatus.BACKORDERED and order.backorder.expected_restock:
        assert order.backorder.expected_restock >= DEMO_DAY
    if order.subscription and order.subscription.status == "active":
        assert order.subscription.next_shipment and order.subscription.next_shipment >= DEMO_DAY
    if order.status == OrderStatus.SHIPPED and order.shipment.estimated_delivery:
        assert order.shipment.estimated_delivery >= order.shipment.shipped_at
        # A forecast that has passed is a known delay: the note says what the tracking shows.
        assert order.shipment.estimated_delivery >= DEMO_DAY or order.notes


def test_the_hard_cases_are_in_the_orders():
    backorders = [o.backorder for o in ORDERS if o.status == OrderStatus.BACKORDERED]
    shipped = [o.shipment for o in ORDERS if o.status == OrderStatus.SHIPPED]
    assert any(b.expected_restock for b in backorders) and any(not b.expected_restock for b in backorders)
    assert any(s.estimated_delivery for s in shipped) and any(not s.tracking_number for s in shipped)
    assert any(o.shipment and o.shipment.return_reason == "address_unknown" for o in ORDERS)
    assert {o.subscription.status for o in ORDERS if o.subscription} >= {"active", "paused"}
    assert any(o.refund_amount and o.refund_amount < o.total for o in ORDERS), "a partial refund"
    notes = " ".join(note for o in ORDERS for note in o.notes)
    assert re.search(r"玄米茶|instead", notes) and re.search(r"割れ|chipped", notes), "a wrong item and a damaged one"


# --- demo tickets and their expectations ----------------------------------------------


def test_tickets_and_expectations_match_one_to_one_in_both_languages():
    assert set(TICKETS) == set(EXPECTATIONS)
    for language in LANGUAGES:
        ids = [ticket_id for ticket_id in TICKETS if ticket_id.startswith(f"T-{language.upper()}-")]
        assert len(ids) >= 12
        assert all(EXPECTATIONS[ticket_id]["language"] == language for ticket_id in ids)
        assert any(EXPECTATIONS[ticket_id]["abusive"] for ticket_id in ids), f"no abusive claimer in {language}"
    assert {e["intent"] for e in EXPECTATIONS.values()} == {intent.value for intent in Intent}
    assert {e["resolution"] for e in EXPECTATIONS.values()} == RESOLUTIONS


@pytest.mark.parametrize("ticket_id", sorted(TICKETS))
def test_a_ticket_is_a_plain_customer_email(ticket_id):
    ticket = TICKETS[ticket_id]
    assert ticket.id == ticket_id and ticket.channel == "email" and ticket.language is None
    assert ticket.subject and ticket.body and ticket.sender.email
    assert ticket.received_at.utcoffset().total_seconds() == 9 * 3600
    assert ticket.received_at.date() in {date(2026, 11, 19), date(2026, 11, 20)} and ticket.received_at <= DEMO_CLOCK


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_an_expectation_is_well_formed(ticket_id):
    expected = EXPECTATIONS[ticket_id]
    assert Intent(expected["intent"]) and expected["resolution"] in RESOLUTIONS
    assert isinstance(expected["abusive"], bool) and expected["hard_case"]
    for key, certainty in (expected.get("facts") or {}).items():
        assert FACT_KEY.match(key) and Certainty(certainty), key
    for value in expected.get("estimated_dates") or []:
        assert date.fromisoformat(str(value)) >= date(2026, 11, 1)
    if expected.get("cite_topic"):
        assert expected["cite_topic"].endswith("-" + expected["language"])
        assert any(p.id.startswith(expected["cite_topic"] + "#") for p in PASSAGES), expected["cite_topic"]


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_the_expected_order_is_findable_the_expected_way(ticket_id):
    expected, ticket = EXPECTATIONS[ticket_id], TICKETS[ticket_id]
    text = folded(f"{ticket.subject}\n{ticket.body}")
    known_emails = {order.customer.email for order in ORDERS}
    if expected["order"] is None:
        assert expected["resolution"] == "none"
        assert ticket.sender.email not in known_emails and not re.search(r"HM24\d{5}", text)
        return
    order = BY_NUMBER[expected["order"]]
    mentioned = folded(order.number) in text
    if expected["resolution"] == "order_number":
        assert mentioned
    elif expected["resolution"] == "email":
        assert not re.search(r"HM24\d{5}", text) and ticket.sender.email == order.customer.email
    else:  # name_phone: a sender address not on record, the name and the phone in the mail
        assert ticket.sender.email not in known_emails and not mentioned
        assert order.customer.phone in unicodedata.normalize("NFKC", ticket.body)
        assert ticket.sender.name and ticket.sender.name.replace(" ", "") == order.customer.name.replace(" ", "")
    for date_value in expected.get("estimated_dates") or []:
        estimates = (
            order.shipment and order.shipment.estimated_delivery,
            order.backorder and order.backorder.expected_restock,
            order.subscription and order.subscription.next_shipment,
        )
        assert date.fromisoformat(str(date_value)) in estimates


def test_the_ticket_hard_cases_are_covered():
    bodies = {ticket_id: f"{t.subject}\n{t.body}" for ticket_id, t in TICKETS.items()}
    assert any(re.search(r"ＨＭ－２４", body) for body in bodies.values()), "full-width order number"
    assert any(re.search(r"HM24\d{5}", body) for body in bodies.values()), "order number without hyphens"
    assert any(re.search(r"^> ", body, flags=re.MULTILINE) for body in bodies.values()), "quoted history"
    orders = [BY_NUMBER[e["order"]] for e in EXPECTATIONS.values() if e["order"]]
    assert any(sum(o.customer.email == order.customer.email for o in ORDERS) >= 3 for order in orders)
    statuses = {order.status for order in orders}
    assert {OrderStatus.BACKORDERED, OrderStatus.SHIPPED, OrderStatus.DELIVERY_FAILED, OrderStatus.REFUNDED} <= statuses
    assert any(order.subscription for order in orders)
    assert any(order.status == OrderStatus.SHIPPED and not order.shipment.tracking_number for order in orders)
