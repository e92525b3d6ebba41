"""HS013 on classes of phrasing the fifth blind set showed it misread (sentences of our
own, not the set's): our wish to give is an offer, goods called free are a gift, the
customer's payment or our reply to them is no offer, a deduction elsewhere in the
sentence makes a refund partial, and a trace's outcome grants what the trace passage says."""

from __future__ import annotations

from datetime import date

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.files import read_yaml
from draftdesk.pipeline.checks.grounding import OfferParams
from draftdesk.pipeline.checks.offers import OfferFinder
from tests.pipeline.checks.test_promises import promises

RAW = read_yaml(PROJECT_ROOT / "knowledge" / "house_style.yaml")
FINDER = OfferFinder(OfferParams.model_validate(next(r for r in RAW["rules"] if r["id"] == "HS013")["params"]))
TODAY = date(2026, 11, 20)


def found(text: str, language: str) -> list:
    return FINDER.find(text, language, today=TODAY)


def kinds(text: str, language: str) -> list[str]:
    return [o.kind for o in found(text, language)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("As an apology, we would like to give you a 300 yen voucher.", "coupon"),
        ("I'd like to send you a replacement right away.", "reshipment"),
    ],
)
def test_our_wish_to_give_is_an_offer(text, kind):
    assert kind in kinds(text, "en")


@pytest.mark.parametrize(
    "text",
    ["If you would like a refund, just reply to this e-mail.", "Would you prefer an exchange or a refund?"],
)
def test_the_customers_wish_is_still_no_offer(text):
    assert kinds(text, "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "We will also pop a free packet of genmaicha into the box.",
        "To say sorry, we'll add a free small pouch of sencha to your parcel.",
    ],
)
def test_goods_called_free_are_a_gift(text):
    assert "gift" in kinds(text, "en")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We will send a free replacement tomorrow.", "reshipment"),
        ("We'll ship the new teapot free of charge.", "free_shipping"),
    ],
)
def test_free_said_of_another_offer_stays_that_offer(text, kind):
    assert kinds(text, "en") and "gift" not in kinds(text, "en") and kind in kinds(text, "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Orders paid by card are packed and handed over for shipping the next day.", "en"),
        ("Your payment has arrived and the teapot is now waiting for shipping.", "en"),
        ("ご注文（玉露 2点、4,320円）は、3日以内のお支払いをお願いいたします。", "ja"),
        ("We have asked the carrier and will get back to you within two business days.", "en"),
    ],
)
def test_the_customers_payment_or_our_reply_offers_nothing(text, language):
    assert kinds(text, language) == []


def test_a_deduction_elsewhere_in_the_sentence_makes_the_refund_partial():
    [offer] = found("We will refund the teacups; the cost of sending them back to us is deducted.", "en")
    assert offer.kind == "refund" and offer.partial


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("追跡調査を依頼しました。結果次第で、再発送または返金にて対応いたします。", "ja", "delays-ja#investigation"),
        ("We have asked the carrier to trace it; if the parcel cannot be found, we will refund your order.",
         "en", "delays-en#investigation"),
    ],
)
def test_a_trace_re_ships_or_refunds_as_its_outcome(text, language, cited):
    assert promises(text, language, cited, intent="delay", **{"order.status": "shipped"}) == []


def test_a_trace_grants_nothing_not_hung_on_its_result():
    assert promises("We will refund your order today.", "en", "delays-en#investigation", intent="delay",
                    **{"order.status": "shipped"}) != []


@pytest.mark.parametrize(
    ("text", "language", "cited", "allowed"),
    [
        ("お詫びに、次回のお買い物は送料無料でお届けいたします。", "ja", "goodwill-ja#coupon", False),
        ("To apologise, your next purchase will ship free.", "en", "goodwill-en#coupon", False),
        ("To apologise, we'll take 400 yen off your next purchase.", "en", "goodwill-en#coupon", True),
    ],
)
def test_free_shipping_next_time_is_worth_a_shipping_fee_more_than_the_goodwill_coupon(text, language, cited, allowed):
    found = promises(text, language, cited, intent="delay", **{"order.status": "backordered"})
    assert (found == []) is allowed, found
