"""HS013 and offers under a supposed circumstance: "if anything arrives broken, we will
send a replacement" explains the cited policy for that circumstance, whatever the customer
wrote about; the order's own facts (days since delivery) still decide, and a condition
that is the customer's act or an order of events (once it is back, we refund) is a promise."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_promises import promises


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("If any cup turns out to be cracked, we will ship a replacement at no cost.", "en", "damaged-en#replacement"),
        ("In case a tin is dented, we will send a new one free of charge.", "en", "damaged-en#replacement"),
        ("万一お品物に割れがあった場合は、交換品をお送りいたします。", "ja", "damaged-ja#replacement"),
        ("もし欠けがございましたらお写真をお送りください。交換品を無償でお送りいたします。", "ja", "damaged-ja#replacement"),
    ],
)
def test_an_offer_for_a_supposed_circumstance_explains_the_policy(text, language, cited):
    assert promises(text, language, cited, intent="where_is_my_order") == []
    assert promises(text, language, cited, intent="where_is_my_order", **{"shipment.delivered_at": "2026-11-01"})  # 19 days


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("We will ship a replacement at no cost.", "en", "damaged-en#replacement"),
        ("If you would like one, we will ship a replacement at no cost.", "en", "damaged-en#replacement"),
        ("ご希望の場合は、交換品をお送りいたします。", "ja", "damaged-ja#replacement"),
        ("Once the cup is back with us, we will ship a replacement at no cost.", "en", "damaged-en#replacement"),
    ],
)
def test_an_unconditional_offer_or_one_for_the_asking_is_judged_on_this_case(text, language, cited):
    assert promises(text, language, cited, intent="where_is_my_order")
    assert promises(text, language, cited, intent="damaged") == []


def test_a_case_named_is_no_supposition():
    said = "In your case, we will ship a replacement at no cost."
    assert promises(said, "en", "damaged-en#replacement", intent="where_is_my_order")



@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("もし到着が遅れるようでしたら、お詫びに500円クーポンをお送りします。", "ja"),
        ("If the parcel turns up late, we will send you a 500 yen voucher to apologise.", "en"),
    ],
)
def test_a_supposed_circumstance_is_judged_as_the_intent_it_names(text, language):
    # the goodwill coupon is for the shop's own mistakes: a carrier's delay supposed gets none,
    # while the same coupon supposed for a wrong item is the policy explained
    cited = f"goodwill-{language}#coupon"
    assert promises(text, language, cited, intent="where_is_my_order", **{"order.status": "shipped"})
    wrong = {
        "ja": "万一ご注文と違う商品が届いた場合は、お詫びに500円クーポンをお送りします。",
        "en": "If the wrong item arrives, we will send you a 500 yen voucher to apologise.",
    }[language]
    assert promises(wrong, language, cited, intent="where_is_my_order", **{"order.status": "shipped"}) == []


def test_a_supposed_damage_keeps_its_grant():
    said = "If the teapot arrives chipped, we will ship a replacement at no cost."
    assert promises(said, "en", "damaged-en#replacement", intent="delay", **{"order.status": "shipped", "shipment.delivered_at": ""}) == []
