"""The families of wording behind the misses on the third blind reply set, each in
variants of our own: an informal salutation (HS006), a paid or policy-named re-shipment,
an alternative turned down ("rather than the whole order") (HS013)."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_greeting_name import _greets
from tests.pipeline.checks.test_promises import promises

# --- HS006 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Hey Emily Carter,", True),  # "Hey" is a salutation like "Hi": the name after it is judged
        ("hey Emily Carter!", True),
        ("Hey Em,", False),  # a nickname after it is still not the name on record
        ("Hey Carter,", False),
    ],
)
def test_hey_is_a_salutation(greeting, same):
    assert _greets("shipped_en", greeting) is same


# --- HS013 ------------------------------------------------------------------------

RETURNED = {"order.status": "returned", "shipment.delivered_at": "", "shipment.returned_at": "2026-11-12"}


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        # the re-shipping fee passage is about sending a parcel that came back again, at a price
        ("We can send the parcel again to your current address after the 660 yen fee is paid.", "en", "address-en#redelivery-fee"),
        ("送料660円のお支払いを確認後、新しいご住所へ再発送いたします。", "ja", "address-ja#redelivery-fee"),
        # the refused-parcel passage names sending it again as the alternative to its refund
        ("If you would rather have it, we will ship the parcel again instead of refunding it.", "en", "refunds-en#returned-parcel"),
        ("ご返金ではなく再発送をご希望でしたら、改めて発送いたします。", "ja", "refunds-ja#returned-parcel"),
    ],
)
def test_a_parcel_that_came_back_may_be_sent_again_on_the_passage_that_names_it(text, language, cited):
    reason = {"shipment.return_reason": "refused"} if "returned-parcel" in cited else {"shipment.return_reason": "address_unknown"}
    assert promises(text, language, cited, intent="address_change", **RETURNED, **reason) == []


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("We will re-ship it free of charge to your new address.", "en", "address-en#redelivery-fee"),  # free: not on this passage
        ("We will ship the parcel again.", "en", "refunds-en#partial"),  # a passage that names no re-sending
    ],
)
def test_a_free_or_unnamed_resending_still_needs_its_grant(text, language, cited):
    assert promises(text, language, cited, intent="address_change", **RETURNED, **{"shipment.return_reason": "address_unknown"})


def test_a_delivered_order_is_not_re_sent_on_the_re_shipping_fee_passage():
    assert promises("We will re-ship your order to the new address.", "en", "address-en#redelivery-fee", intent="address_change")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We refund the damaged item instead of the entire order.", "en"),
        ("When part of an order is affected, we refund that part rather than the whole order.", "en"),
        ("The teapot is refunded, not the full amount of the order.", "en"),
        ("ご注文全体ではなく、破損した商品の分のみご返金いたします。", "ja"),
        ("全額ではなく、割れた湯呑みの代金を返金いたします。", "ja"),
    ],
)
def test_the_whole_turned_down_makes_the_refund_a_partial_one(text, language):
    assert promises(text, language, f"refunds-{language}#partial", intent="refund", **{"order.status": "refunded"}) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will refund the whole order rather than replace the item.", "en"),
        ("交換ではなく、ご注文全体を返金いたします。", "ja"),
        ("商品代金を全額返金いたします。", "ja"),
    ],
)
def test_the_whole_given_is_still_a_full_refund(text, language):
    assert promises(text, language, f"refunds-{language}#partial", intent="refund", **{"order.status": "refunded"})


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("お届け後7日以内のお申し出でしたので、交換を承ります。", "ja"),
        ("到着から1週間以内であれば、未開封の商品は返品いただけます。", "ja"),
        ("Your message reached us within 7 days of delivery, so the return can go ahead.", "en"),
    ],
)
def test_a_period_counted_from_the_delivery_promises_no_delivery_date(text, language):
    assert not any("delivery_date" in m for m in promises(text, language, intent="return"))


@pytest.mark.parametrize(
    ("text", "language"),
    [("明日届くから安心してください。", "ja"), ("明日必ずお届けします。", "ja"), ("It will arrive tomorrow, guaranteed.", "en")],
)
def test_a_delivery_promised_for_a_day_is_still_a_delivery_date(text, language):
    assert any("delivery_date" in m for m in promises(text, language, intent="return"))


@pytest.mark.parametrize(
    "text",
    ["I'm sorry the gift reached you in this state.", "We are sorry that a present, and a gift at that, arrived cracked."],
)
def test_a_gift_that_arrived_is_the_customers_present(text):
    assert promises(text, "en", "damaged-en#replacement") == []


@pytest.mark.parametrize(
    "text",
    ["A small gift will arrive with the replacement.", "A gift has been sent to you with our apologies.", "We will send you a gift."],
)
def test_a_gift_on_its_way_from_us_is_still_an_offer(text):
    assert any("gift" in m for m in promises(text, "en", "damaged-en#replacement"))


@pytest.mark.parametrize("text", ["改めて発送いたします。なお、送料はサービスいたします。", "返送料もサービスさせていただきます。"])
def test_shipping_given_as_a_service_is_free_shipping(text):
    # サービス said of the shipping fee is the idiom for not charging it
    found = promises(text, "ja", "address-ja#redelivery-fee", intent="address_change", **RETURNED,
                     **{"shipment.return_reason": "address_unknown"})
    assert any("free_shipping" in m for m in found), found
