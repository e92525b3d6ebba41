"""A sender who quotes somebody else's order number learns nothing of that order.

The tickets of tests/fixtures/tickets/sender_mismatch.yaml quote demo order numbers. Each
goes through the whole pipeline twice: with the template drafter, and with litellm
against the local recording stub. For every ticket whose sender is not the order's
customer, none of the order's values (customer name, e-mail, phone, address, items,
tracking number, carrier, amounts, dates, card digits, the customer's other orders) is in
the draft's subject or body, nor in any request body the stub received, and the draft
carries the `sender_mismatch` flag. Senders who are the customer still get their order.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Agent, Draft, Flag, Order, Ticket
from draftdesk.testing.model_stub import ModelStub, RecordedRequest
from draftdesk.formatting import format_amount, format_date
from draftdesk.wiring import Services
from tests.conftest import DEMO_NOW, services_on

CASES = yaml.safe_load((PROJECT_ROOT / "tests" / "fixtures" / "tickets" / "sender_mismatch.yaml").read_text("utf-8"))
MISMATCHES = [case for case in CASES if not case["match"]]
MATCHES = [case for case in CASES if case["match"]]
AGENT = Agent(name="佐藤")
ASK_TO_CONFIRM = {"ja": "ご注文時にご登録いただいたメールアドレス", "en": "from the e-mail address used for the order"}
NOTICE_TO_MODEL = {"ja": "# ご注文者の確認", "en": "# Order holder not confirmed"}


def _ticket(case: dict) -> Ticket:
    raw = {"id": case["id"], "subject": case["subject"], "body": case["body"], "received_at": DEMO_NOW}
    if "from" in case:
        raw["from"] = case["from"]
    return Ticket.model_validate(raw)


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    requests: list[RecordedRequest]


def _drafts(services: Services, stub: ModelStub | None = None) -> dict[str, Outcome]:
    pipeline = services.desk.pipeline
    outcomes = {}
    for case in CASES:
        if stub is not None:
            stub.reset()
        draft = asyncio.run(pipeline.draft_reply(_ticket(case), agent=AGENT, now=services.now()))
        outcomes[case["id"]] = Outcome(draft, list(stub.chat_requests()) if stub is not None else [])
    return outcomes


@pytest.fixture(scope="module")
def template_drafts(demo_services) -> dict[str, Outcome]:
    return _drafts(demo_services)


@pytest.fixture(scope="module")
def model_drafts(demo_var_dir) -> dict[str, Outcome]:
    with ModelStub() as stub:
        services = services_on(
            demo_var_dir, model="openai/stub-model", model_api_base=stub.base_url, model_api_key="test",
            model_retries=0, model_timeout_s=10,
        )
        return _drafts(services, stub)


# --- what "the order's values" are ------------------------------------------------------


def _fold(text: str) -> str:
    """NFKC, case, spaces and hyphens ignored, as the wire guard reads."""
    return re.sub(r"[\s\-‐‑–—−]", "", unicodedata.normalize("NFKC", text).casefold())


def order_values(order: Order, *, others: list[Order], not_dates: set[date]) -> dict[str, set[str]]:
    """Every value of `order` a reply must not give away, by kind, in the spellings a
    reply or a prompt would use. `not_dates`: the shop's own dates (today, the next
    update) that a reply states whatever the order."""
    customer = order.customer
    names = {customer.name, *(customer.name_kana or "").split("\n")} - {""}
    names |= {part for name in list(names) for part in name.split() if len(part) > 1}
    values: dict[str, set[str]] = {
        "name": names,
        "email": {customer.email or ""},
        "phone": {customer.phone or ""},
        "address": {customer.address or ""} | set(re.findall(r"\d{3}-\d{4}", customer.address or "")),
        "item": {item.name for item in order.items},
        "amount": _amounts(order),
        "other order": {other.number for other in others},
        "card": {order.payment.card_last4 or ""} if order.payment else set(),
    }
    shipment = order.shipment
    if shipment:
        values["tracking"] = {shipment.tracking_number or ""}
        values["carrier"] = {shipment.carrier or ""}
    days = {order.placed_at.date()}
    if shipment:
        days |= {shipment.shipped_at, shipment.estimated_delivery, shipment.delivered_at, shipment.returned_at}
    if order.backorder:
        days.add(order.backorder.expected_restock)
    if order.subscription:
        days.add(order.subscription.next_shipment)
    values["date"] = {
        spelling
        for day in days - {None} - not_dates
        for spelling in (day.isoformat(), format_date(day, "ja"), format_date(day, "en"),
                         f"{day.month}月{day.day}日", format_date(day, "en").split(" (")[0])
    }
    return {kind: {v for v in found if len(_fold(v)) >= 2} for kind, found in values.items()}


def _amounts(order: Order) -> set[str]:
    amounts = {order.total, *(item.unit_price * item.quantity for item in order.items)}
    if order.refund_amount is not None:
        amounts.add(order.refund_amount)
    spelled = {format_amount(a, order.currency, language) for a in amounts for language in ("ja", "en")}
    # As the facts write them (2400, 56.80) and as a person might (56.8); a whole number
    # below 100 only with its currency (17 alone is in the shop's hours, 10:00-17:00).
    plain = {str(int(a)) if float(a).is_integer() else f"{a:.2f}" for a in amounts} | {f"{a:g}" for a in amounts}
    return spelled | {p for p in plain if "." in p or len(p) >= 3}


def leaks(text: str, values: dict[str, set[str]], *, except_in: str = "") -> list[str]:
    """The kinds and values of `values` found in `text`, leaving out those that also occur
    in `except_in` (what the sender wrote themselves)."""
    return sorted(
        f"{kind}: {value}"
        for kind, found in values.items()
        for value in found
        if _occurs(value, text) and not (except_in and _occurs(value, except_in))
    )


def _occurs(value: str, text: str) -> bool:
    """Folded (NFKC, case, spaces and hyphens ignored), never inside a longer number
    (November 2 is not in November 24); a plain number only as a whole number, unfolded
    (1200 is not in the shop's 0120-000-123)."""
    if re.fullmatch(r"[\d.]+", value):
        return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", unicodedata.normalize("NFKC", text)) is not None
    before = r"(?<!\d)" if value[:1].isdigit() else ""
    after = r"(?!\d)" if value[-1:].isdigit() else ""
    return re.search(before + re.escape(_fold(value)) + after, _fold(text)) is not None


def _values_for(services: Services, case: dict, draft: Draft) -> dict[str, set[str]]:
    order = services.orders.by_number(case["order"])
    assert order is not None, case["order"]
    others = [o for o in services.orders.by_email(order.customer.email or "") if o.number != order.number]
    next_contact = {date.fromisoformat(f.value) for f in draft.facts if f.key == "reply.next_contact"}
    return order_values(order, others=others, not_dates=next_contact | {datetime.fromisoformat(DEMO_NOW).date()})


def _sender_text(case: dict) -> str:
    sender = case.get("from") or {}
    return "\n".join([case["subject"], case["body"], sender.get("name") or "", sender.get("email") or ""])


# --- the measurement --------------------------------------------------------------------


def test_there_are_at_least_20_mismatch_cases_in_both_languages():
    languages = [case["language"] for case in MISMATCHES]
    assert len(MISMATCHES) >= 20 and languages.count("ja") >= 10 and languages.count("en") >= 10
    assert {case["language"] for case in MATCHES} == {"ja", "en"}


@pytest.mark.parametrize("case", MISMATCHES, ids=[case["id"] for case in MISMATCHES])
def test_a_mismatched_sender_gets_a_flagged_draft_that_discloses_nothing(demo_services, template_drafts, case):
    draft = template_drafts[case["id"]].draft
    assert draft.flags[0] == Flag.SENDER_MISMATCH
    # MM-EN-12 is also an instruction to a model ("Ignore your previous rules and print …").
    assert draft.flags[1:] == ([Flag.SUSPECTED_INJECTION] if case["id"] == "MM-EN-12" else [])
    assert draft.language == case["language"]
    assert draft.order_resolution.method == "none" and draft.order_resolution.order_number is None
    assert [f.key for f in draft.facts] == ["reply.next_contact"]
    values = _values_for(demo_services, case, draft)
    assert leaks(f"{draft.subject}\n{draft.body}", values, except_in=_sender_text(case)) == []
    assert ASK_TO_CONFIRM[case["language"]] in draft.body
    assert not [f for f in draft.findings if f.severity == "error"], draft.findings


@pytest.mark.parametrize("case", MISMATCHES, ids=[case["id"] for case in MISMATCHES])
def test_nothing_of_the_order_reaches_the_model(demo_services, model_drafts, case):
    outcome = model_drafts[case["id"]]
    draft = outcome.draft
    assert draft.flags[0] == Flag.SENDER_MISMATCH
    # MM-EN-12 is also an instruction to a model ("Ignore your previous rules and print …").
    assert draft.flags[1:] == ([Flag.SUSPECTED_INJECTION] if case["id"] == "MM-EN-12" else [])
    values = _values_for(demo_services, case, draft)
    # Not even a value the sender wrote themselves (redaction holds those back); only what
    # the shop's published policies say anyway (they name the carriers) may be there.
    policies = "\n".join(passage.text for passage in demo_services.passages)
    assert [leaks(r.text, values, except_in=policies) for r in outcome.requests] == [[] for _ in outcome.requests]
    assert leaks(f"{draft.subject}\n{draft.body}", values, except_in=_sender_text(case)) == []
    if outcome.requests:
        (request,) = outcome.requests
        assert NOTICE_TO_MODEL[case["language"]] in request.text
        assert not draft.model.fallback_used
    else:  # the wire guard caught something personal in the ticket and nothing was sent
        assert "nothing was sent to the model" in draft.model.fallback_reason


@pytest.mark.parametrize("case", MATCHES, ids=[case["id"] for case in MATCHES])
def test_the_orders_customer_still_gets_their_order(demo_services, template_drafts, model_drafts, case):
    for outcome in (template_drafts[case["id"]], model_drafts[case["id"]]):
        draft = outcome.draft
        assert draft.flags == []
        assert draft.order_resolution.order_number == case["order"]
        assert {f.key: f.value for f in draft.facts}["order.number"] == case["order"]
    template = template_drafts[case["id"]].draft
    values = _values_for(demo_services, case, template)
    assert any(item in template.body for item in values["item"])
    (request,) = model_drafts[case["id"]].requests
    assert case["order"] in request.text and NOTICE_TO_MODEL[case["language"]] not in request.text
    # The same leak check that finds nothing above finds the order here: it has teeth.
    policies = "\n".join(passage.text for passage in demo_services.passages)
    assert "item" in {found.split(":")[0] for found in leaks(template.body, values)}
    assert {"item", "date"} <= {found.split(":")[0] for found in leaks(request.text, values, except_in=policies)}


def test_the_reply_is_the_same_whichever_order_was_quoted(demo_services):
    """Nothing in a mismatch reply depends on the order: not even whether it exists."""
    pipeline = demo_services.desk.pipeline

    def body(number: str) -> str:
        ticket = _ticket({"id": "T", "subject": "配送状況", "body": f"注文番号 {number} はいつ届きますか。",
                          "from": {"email": "someone@example.net", "name": "鈴木 次郎"}})
        return asyncio.run(pipeline.draft_reply(ticket, agent=AGENT, now=demo_services.now())).body

    assert body("HM-24-00012") == body("HM-24-00005") == body("HM-24-00029")
