"""The second shop's order numbers through the checker and redaction: the checker's
mentions, grounding (HS003), claims and "facts before apology" (HS001) and the
redactor's keep-list all read the shop's format."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from draftdesk.adapters.presidio_redactor import PresidioDetector, build_presidio_detector
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Agent, Certainty, Fact, ShopProfile, Ticket
from draftdesk.files import load_yaml_model
from draftdesk.pipeline.check import CheckContext, review
from draftdesk.pipeline.redact import KnownValues, Vault, redact
from draftdesk.pipeline.reply import not_personal
from tests.support.desks import house_rules

KUMO = load_yaml_model(PROJECT_ROOT / "evals" / "shops" / "kumo" / "shop.yaml", ShopProfile)
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone(timedelta(hours=9)))
FACTS = [
    Fact(key="order.number", label="ご注文番号", value="KZ-7710-0074", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="order.item.1", label="ご注文商品", value="リネン キッチンクロス 生成り × 1", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="reply.next_contact", label="次回ご連絡日", value="2026-11-21", certainty=Certainty.CONFIRMED, source="shop"),
]
TICKET = Ticket(id="K-1", subject="色が違います", body="キッチンクロスの色が違いました。", **{"from": {"email": "misaki.nakamura@example.jp"}})
SIGNATURE = "\n\n――――――――――――――――\nくも雑貨店 お客さま窓口\n担当：森川\nhello@kumo-zakka.example.jp / 075-000-4410\n"


def _reply(body: str) -> str:
    return f"中村 美咲 様\n\nいつもくも雑貨店をご利用いただき、ありがとうございます。\n\n{body}\n\n何卒よろしくお願い申し上げます。{SIGNATURE}"


def _review(text: str, *, shop: ShopProfile | None = KUMO):
    context = CheckContext(
        language="ja", facts=FACTS, ticket=TICKET, shop=shop, agent=Agent(name="森川"), customer_name="中村 美咲",
        subject="ご注文番号 KZ-7710-0074 について", now=NOW,
    )
    return review(text, context=context, rules=house_rules())


def test_a_first_sentence_stating_the_order_number_and_the_fix_is_a_fact_before_the_apology():
    text = _reply(
        "ご注文番号 KZ-7710-0074 の生成りのキッチンクロスを、本日お送りいたしました。\n"
        "お手元の品と異なる色をお届けしてしまい、申し訳ございません。"
    )
    checked = _review(text)
    assert not {"HS001", "HS003"} & {f.rule for f in checked.findings}
    [claim] = [c for c in checked.claims if c.kind == "order_number"]
    assert (claim.text, claim.source) == ("KZ-7710-0074", "order.number")


def test_the_number_written_without_its_prefix_is_read_with_the_shops_format():
    text = _reply("注文番号 7710-0074 の商品を本日お送りいたしました。ご迷惑をおかけし申し訳ございません。")
    assert "HS003" not in {f.rule for f in _review(text).findings}
    # Without the shop's format the same digits are no number of this order.
    assert "HS003" in {f.rule for f in _review(text, shop=None).findings}


@pytest.mark.parametrize("written", ["KZ-7710-0075", "KZ 7711 0062", "KZ77100099"])
def test_an_order_number_the_facts_do_not_hold_is_ungrounded(written):
    text = _reply(f"ご注文番号 {written} の商品を本日お送りいたしました。")
    findings = [f for f in _review(text).findings if f.rule == "HS003"]
    assert [f.excerpt for f in findings] == [written]


@pytest.fixture(scope="module")
def detector() -> PresidioDetector:
    return build_presidio_detector()


@pytest.mark.parametrize(
    ("language", "text", "numbers"),
    [
        ("ja", "KZ 7711 0062 の件です。ＫＺ－７７１１－０００３ も。携帯 090-1234-5678", ["KZ 7711 0062", "ＫＺ－７７１１－０００３"]),
        ("ja", "注文番号 7711-0012 です。電話は 090-1234-5678 です。", ["7711-0012"]),
        ("en", "Hi, order KZ 7711 0062 and order 7711-0012. Call me on 090-1234-5678.", ["KZ 7711 0062", "7711-0012"]),
    ],
)
def test_the_shops_order_numbers_are_kept_and_a_phone_is_still_redacted(detector, language, text, numbers):
    keep = not_personal(None, KUMO, texts=(text,))
    redacted = redact(text, language=language, known=KnownValues(), vault=Vault(), detector=detector, keep=keep)
    assert all(number in redacted for number in numbers)
    assert "090-1234-5678" not in redacted and "<PHONE_NUMBER_1>" in redacted


def test_without_the_keep_list_the_detector_reads_a_spaced_order_number_as_a_phone(detector):
    text = "KZ 7711 0062 の件です。"
    assert "KZ 7711 0062" not in redact(text, language="ja", known=KnownValues(), vault=Vault(), detector=detector)


def test_the_pipeline_finds_the_order_and_keeps_its_number_out_of_redaction():
    """Intake, context and redaction with the shop's format: a spaced number that a
    detector reads as a phone names the order and reaches the drafter as written."""
    from dataclasses import replace

    from draftdesk.adapters.order_files import load_orders_file
    from tests.support.desks import make_pipeline
    from tests.support.detectors import ScriptedDetector
    from tests.support.orders import InMemoryOrders
    from tests.support.policies import ListPolicyIndex

    orders = InMemoryOrders(load_orders_file(PROJECT_ROOT / "evals" / "shops" / "kumo" / "demo" / "orders.json"))
    pipeline = replace(
        make_pipeline(orders=orders, policies=ListPolicyIndex([]), detector=ScriptedDetector({"7711 0062": "PHONE_NUMBER"})),
        shop=KUMO,
    )
    ticket = Ticket(
        id="K-2", subject="Order status", body="Hi, I placed order KZ 7711 0062 last week. Where is it?",
        **{"from": {"email": "daniel.kim@example.com"}},
    )
    prepared = pipeline.prepare(ticket, now=NOW)
    assert prepared.intake.order_numbers == ("KZ 7711 0062",)
    assert prepared.context.order is not None and prepared.context.order.number == "KZ-7711-0062"
    assert "KZ 7711 0062" in prepared.request.text and "PHONE_NUMBER" not in prepared.request.text
