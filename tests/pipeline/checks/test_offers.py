"""The offer detector of HS013 on its own: sentence → the offers it makes (kind, the
words that name it, amount, tense), on the demo rule's words."""

from __future__ import annotations

from datetime import date

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.files import read_yaml
from draftdesk.pipeline.checks.grounding import OfferParams
from draftdesk.pipeline.checks.offers import OfferFinder

RAW = read_yaml(PROJECT_ROOT / "knowledge" / "house_style.yaml")
FINDER = OfferFinder(OfferParams.model_validate(next(r for r in RAW["rules"] if r["id"] == "HS013")["params"]))
TODAY = date(2026, 11, 20)


def offers(text: str, language: str, *, headline: bool = False) -> list[tuple[str, str]]:
    return [(o.kind, text[o.start : o.end]) for o in FINDER.find(text, language, headline=headline, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (b) one lemma, every inflection and politeness level
        ("全額を返金いたします。", [("refund", "返金")]),
        ("ご返金させていただきます。", [("refund", "ご返金")]),
        ("ご返金申し上げます。", [("refund", "ご返金")]),
        ("返金します。", [("refund", "返金")]),
        ("代金をお返しいたします。", [("refund", "代金をお返し")]),
        ("送料は当店が負担いたします。", [("free_shipping", "送料は当店が負担")]),
        ("代替品を無償でお送りいたします。", [("reshipment", "代替品"), ("free_shipping", "代替品")]),  # sent free: its shipping too
        ("送料無料で再発送いたします。", [("free_shipping", "送料無料"), ("reshipment", "再発送")]),
        ("お詫びの品をお送りいたします。", [("gift", "お詫びの品")]),
        ("次回使える1,000円分のクーポンをお送りします。", [("coupon", "クーポン")]),
        # (a) amounts of money in a giving context
        ("5000円引きとさせていただきます。", [("discount", "5000円引き")]),
        ("五千円を値引きいたします。", [("discount", "値引き")]),
        ("半額にいたします。", [("discount", "半額")]),
        ("1割引きいたします。", [("discount", "1割引き")]),
        ("お詫びとして3,000円をお振り込みいたします。", [("gift", "3,000円")]),
        # (d) conditionals promise their offer
        ("ご返送いただければ、返金いたします。", [("refund", "返金")]),
        ("返金をご希望の場合は、すぐに手続きいたします。", [("refund", "返金")]),
        # a delivery date stated as certain
        ("明日必ずお届けします。", [("delivery_date", "届け")]),
        ("11月25日にお届けいたします。", [("delivery_date", "届け")]),
        # (c) refusals, topics and talk are no offers
        ("返金いたしかねます。", []),
        ("返金はできません。", []),
        ("誠に恐れ入りますが、返金の対象外となります。", []),
        ("返金のご希望を承りました。", []),
        ("ご注文の状況と返金の条件を確認し、11月24日までに結果をご連絡いたします。", []),
        ("返金についてご案内いたします。", []),
        ("返金の処理状況は本日確認いたしました。", []),
        ("ご請求金額は2,400円です。", []),
        ("お支払い金額は3,000円です。", []),
        ("配送業者の予測では、お届けは11月18日頃の見込みです。", []),
        ("お届け先のご住所をお知らせください。", []),
        ("写真を確認後、交換品の発送日をご連絡いたします。", []),
        ("返金ではなく、交換品をお送りします。", [("reshipment", "交換品")]),
        ("お詫びのしるしとして、次回ご利用いただける500円のクーポンをお送りいたします。", [("coupon", "クーポン")]),
    ],
)
def test_japanese_offers(text, expected):
    assert offers(text, "ja") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will refund the full amount.", [("refund", "refund")]),
        ("We are refunding the entire amount today.", [("refund", "refunding")]),
        ("Refunding the entire amount of your order.", [("refund", "Refunding")]),
        ("I've refunded your order in full.", [("refund", "refunded")]),
        ("Your refund of ¥2,400 has been approved.", [("refund", "refund")]),
        ("We will credit ¥2,400 back to your card.", [("refund", "credit ¥2,400 back to your card")]),
        ("We'll take ¥5,000 off your next order.", [("coupon", "take ¥5,000 off")]),  # on a later order: a coupon
        ("You'll get 10% off your next order.", [("coupon", "10% off")]),
        ("We'll take ¥500 off this order.", [("discount", "take ¥500 off")]),
        ("We can offer you a 20% discount.", [("discount", "20% discount")]),
        ("We'll send you a replacement at no cost.", [("reshipment", "replacement"), ("free_shipping", "replacement")]),
        ("Shipping is on us.", [("free_shipping", "Shipping is on us")]),
        ("We will waive the shipping fee.", [("free_shipping", "waive the shipping")]),
        ("We will not charge you for the return shipping.", [("free_shipping", "not charge you for the return shipping")]),
        ("Please accept a complimentary tin of sencha as an apology.", [("gift", "complimentary")]),
        ("We will pay you ¥1,000 for the trouble.", [("gift", "¥1,000")]),
        ("If you send the item back, we will refund you.", [("refund", "refund")]),
        ("If you would like a refund, we will issue one right away.", [("refund", "refund")]),
        ("Your parcel will arrive tomorrow.", [("delivery_date", "arrive")]),
        ("Delivery by November 25 is guaranteed.", [("delivery_date", "Delivery")]),
        # (c)
        ("We cannot offer a refund for carrier delays.", []),
        ("We are unable to refund opened tea.", []),
        ("Unfortunately, a refund is not possible for this order.", []),
        ("I have noted your refund request.", []),
        ("I will check the refund conditions and reply by November 24.", []),
        ("If you would like a refund, I will check whether it is possible.", []),
        ("You asked for a refund on November 18.", []),
        ("Refunds go back to the payment method used for the order.", []),
        ("Your order total was ¥2,400.", []),
        ("The carrier's estimated delivery date is November 18.", []),
        ("I will let you know how we can deliver the parcel by the next business day.", []),
        ("I have asked the carrier today to check the delivery, and I will update you by November 24.", []),
        ("I will confirm the shipping date of a replacement by November 24.", []),
    ],
)
def test_english_offers(text, expected):
    assert offers(text, "en") == expected


@pytest.mark.parametrize(
    ("subject", "language", "expected"),
    [
        ("全額返金のお知らせ", "ja", [("refund", "返金")]),
        ("【茶舗みどり屋】ご注文番号 HM-24-00012 のご返金について", "ja", []),
        ("【重要】5000円引きのご案内", "ja", [("discount", "5000円引き")]),
        ("【茶舗みどり屋】お詫びクーポン進呈のお知らせ", "ja", [("coupon", "クーポン")]),  # announced as given
        ("返金実施のお知らせ（ご注文 HM-24-00012）", "ja", [("refund", "返金")]),
        ("クーポンのご利用方法のご案内", "ja", []),
        ("返金手続きのご案内", "ja", []),
        ("Full refund for order HM-24-00012", "en", [("refund", "refund")]),
        ("Refund approved - order HM-24-00012", "en", [("refund", "Refund")]),
        ("Refund request (order HM-24-00012) - Midoriya Tea", "en", []),
    ],
)
def test_a_subject_line_announces_what_it_names(subject, language, expected):
    assert offers(subject, language, headline=True) == expected


@pytest.mark.parametrize(
    ("text", "language", "amount", "percent", "full", "past"),
    [
        ("5,940円の返金のお手続きが完了しております。", "ja", 5940.0, None, False, True),
        ("全額を返金いたします。", "ja", None, None, True, False),
        ("二千円分のクーポンをお送りします。", "ja", 2000.0, None, False, False),
        ("A refund of $25.50 has been issued for this order.", "en", 25.5, None, False, True),
        ("We will refund 30% of the price.", "en", None, 30.0, False, False),
        ("We are refunding the entire amount.", "en", None, None, True, False),
    ],
)
def test_an_offer_carries_its_amount_and_tense(text, language, amount, percent, full, past):
    [offer] = FINDER.find(text, language, today=TODAY)
    assert (offer.amount, offer.percent, offer.full, offer.past) == (amount, percent, full, past)


PAID = frozenset({2400.0, 1200.0})  # the order total and an item's price


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        # money our verb hands over that the customer paid goes back: a refund
        ("商品の到着を確認した後、1,200円をご指定の口座へお振り込みいたします。", "ja", "refund"),  # an item's price
        ("ご注文金額2,400円から送料分を差し引いた額をお振り込みいたします。", "ja", "refund"),
        ("お支払いいただいた代金1,500円を、7営業日以内にお振り込みいたします。", "ja", "refund"),  # called theirs
        ("We will transfer ¥2,400 to your bank account within 7 business days.", "en", "refund"),
        ("We will transfer the price of the returned set, ¥1,500, to your account.", "en", "refund"),
        # money of our own, not what they paid: a gift
        ("お詫びとして3,000円をお振り込みいたします。", "ja", "gift"),
        ("We will pay you ¥1,000 for the trouble.", "en", "gift"),
    ],
)
def test_money_paid_back_is_a_refund_and_money_of_our_own_a_gift(text, language, kind):
    assert [o.kind for o in FINDER.find(text, language, today=TODAY, paid=PAID)] == [kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the customer's own gift, or a product or packing named with the word: no offer
        ("Your Yokan gift sets were shipped on November 19.", []),
        ("We're very sorry that your gift arrived damaged.", []),
        ("I understand the tea was meant as a gift for your mother.", []),
        ("We have added gift wrapping as you asked.", []),
        ("The tea was a gift for your sister, so we will ship it in a plain box.", []),
        # a gift of ours stays one
        ("Please accept a small gift from us.", [("gift", "gift")]),
        ("We will send your free gift with the next order.", [("gift", "gift")]),
    ],
)
def test_a_gift_the_customer_bought_or_meant_is_no_offer(text, expected):
    assert offers(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("プレゼント用のご注文とのこと、承知いたしました。", []),
        ("お母様へのプレゼントとのことで、ご心配をおかけしております。", []),
        ("ギフト包装でお送りいたしました。", []),
        ("ささやかなプレゼントをお送りいたします。", [("gift", "プレゼント")]),
    ],
)
def test_a_gift_the_customer_told_us_of_is_no_offer_in_japanese(text, expected):
    assert offers(text, "ja") == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # what the customer holds already, or is asked to do: no offer of ours
        ("お手元のクーポンは次回のご注文でご利用いただけます。", "ja", []),
        ("既にお持ちのクーポンをご利用ください。", "ja", []),
        ("交換をご希望の場合は、このメールにご返信ください。", "ja", []),
        ("You can use the coupon you already have on your next order.", "en", []),
        ("The coupon in your account expires on November 30.", "en", []),
        # an offer beside them stays one
        ("交換をご希望の場合は、本日中に手配いたします。", "ja", [("exchange", "交換")]),
        ("We will add a coupon to your account.", "en", [("coupon", "coupon")]),
        ("The coupon is yours to use on any order.", "en", [("coupon", "coupon")]),
    ],
)
def test_an_offer_the_customer_holds_or_is_asked_about_is_no_offer(text, language, expected):
    assert offers(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a charge the customer pays us, waived, is money off it: a discount
        ("今回に限り、代金引換の手数料は当店で負担いたします。", "ja", [("discount", "代金引換の手数料は当店で負担")]),
        ("キャンセル料はいただきません。", "ja", [("discount", "キャンセル料はいただきません")]),
        ("We will waive the handling fee on this order.", "en", [("discount", "waive the handling fee")]),
        ("The cash on delivery fee is on us this time.", "en", [("discount", "cash on delivery fee is on us")]),
        # a transfer fee waived where nothing is refunded is money off what the customer pays us
        # (the fee of a refund is the refund's own: test_blind8_families)
        ("振込手数料は当店が負担いたします。", "ja", [("discount", "振込手数料は当店が負担")]),
        ("There is no cancellation fee for a subscription.", "en", []),
    ],
)
def test_a_fee_the_customer_pays_waived_is_a_discount(text, language, expected):
    assert offers(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("お詫びのしるしとして、緑茶のティーバッグを同封いたします。", "ja"),
        ("心ばかりですが、新茶のミニパックを同梱してお送りします。", "ja"),
        ("As a token of our apology, we have tucked a bag of hojicha into the parcel.", "en"),
        ("To make up for the wait, we will include a small tin of matcha.", "en"),
        ("お詫びの品として、玉露をお送りいたします。", "ja"),
        ("As an apology, we would like to send you a box of wagashi.", "en"),
    ],
)
def test_what_we_put_in_to_make_amends_is_a_gift(text, language):
    assert [kind for kind, _ in offers(text, language)] == ["gift"]


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("お詫びとして、経緯をまとめたご案内をメールでお送りします。", "ja", None),  # a message, no gift
        ("To apologise, we will send the replacement by express.", "en", "reshipment"),  # another offer stays itself
        ("お詫びとして、ご注文の商品を本日中にお送りいたします。", "ja", None),  # what they bought
        ("To make up for the wait, we will send your order by the fastest service.", "en", None),
        ("お詫びのしるしに、今後は発送前の検品を徹底いたします。", "ja", None),  # the purpose, nothing given
        ("お詫びに、改めて担当者よりご連絡をお送りします。", "ja", None),
        ("To apologise, I will send you the return label straight away.", "en", None),  # a form, no gift
    ],
)
def test_amends_with_a_message_or_another_offer_is_no_gift(text, language, kind):
    assert [k for k, _ in offers(text, language)] == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We have added a USD 8.00 credit to your account, to use on your next order.", "en"),
        ("As a thank-you, we have put 300 loyalty points on your account.", "en"),
        ("We've credited 200 points to your account.", "en"),
        ("お詫びとして、200円分のポイントをお付けいたしました。", "ja"),
        ("次回のお買い物で使えるポイントを100ポイント加算いたします。", "ja"),
    ],
)
def test_a_credit_to_spend_with_us_is_a_coupon_not_a_refund(text, language):
    assert [kind for kind, _ in offers(text, language)] == ["coupon"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("We will credit 2,400 yen back to your account.", "en"), ("We will credit the refund to your card.", "en")],
)
def test_money_credited_back_is_still_a_refund(text, language):
    assert [kind for kind, _ in offers(text, language)] == ["refund"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("返送料660円を差し引いた金額を、ご指定の口座へお振り込みいたします。", "ja"),
        ("We will transfer the amount less 660 yen for the return postage to your bank account.", "en"),
    ],
)
def test_money_paid_less_a_fee_is_a_partial_refund_to_come(text, language):
    [offer] = FINDER.find(text, language, today=TODAY)
    assert (offer.kind, offer.partial, offer.past, offer.amount) == ("refund", True, False, None)


@pytest.mark.parametrize("text", ["返品いただいた2点分を返金いたします。", "到着を確認のうえ、返品分をご返金いたします。"])
def test_the_share_of_some_items_is_a_partial_refund(text):
    [offer] = FINDER.find(text, "ja", today=TODAY)
    assert offer.kind == "refund" and offer.partial


@pytest.mark.parametrize(
    ("text", "language"),
    [("お届けと返品の送料は、明日までにご返金いたします。", "ja"), ("The delivery fee will be refunded tomorrow.", "en")],
)
def test_a_delivery_word_naming_a_fee_dates_no_delivery(text, language):
    kinds = [kind for kind, _ in offers(text, language)]
    assert "refund" in kinds and "delivery_date" not in kinds


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("今回の送料はこちらで持たせていただきます。", "ja", "free_shipping"),  # our 持つ, not the customer's お持ち
        ("The return postage is at our expense.", "en", "free_shipping"),
        ("We would like to offer you 200 points for the trouble.", "en", "coupon"),
        ("As a small thank-you, we've slipped a sample of kukicha into the box.", "en", "gift"),
        ("次回のお買い物で使える300円分の割引をご用意いたしました。", "ja", "coupon"),  # ご用意 is no プレゼント用
    ],
)
def test_offers_in_plain_words_of_giving(text, language, kind):
    assert kind in [k for k, _ in offers(text, language)]


@pytest.mark.parametrize("text", ["お手持ちのクーポンをご利用ください。", "プレゼント用の包装をご希望とのことですね。"])
def test_what_the_customer_holds_or_buys_stays_theirs(text):
    assert offers(text, "ja") == []


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("You won't be charged for the replacement cup.", "en", "free_shipping"),
        ("We'll take care of the return postage.", "en", "free_shipping"),
        ("We will bear the cost of return shipping.", "en", "free_shipping"),
        ("返送料はこちらで負担させていただきます。", "ja", "free_shipping"),
    ],
)
def test_costs_we_take_on_are_offers(text, language, kind):
    assert kind in [k for k, _ in offers(text, language)]


@pytest.mark.parametrize(
    ("text", "language"),
    [("お届け先は同じ県内のため、送料の差額はかかりません。", "ja"), ("There is no cancellation fee for a subscription.", "en")],
)
def test_a_charge_that_does_not_arise_is_no_offer(text, language):
    assert offers(text, language) == []


def test_not_is_no_word_of_talking():
    # "note" stems to "not": a word of talking must not swallow the negation of a gift of free shipping
    assert "free_shipping" in [k for k, _ in offers("You will not be charged for the replacement.", "en")]


@pytest.mark.parametrize(
    "text", ["I'm not able to promise a full refund.", "We are not in a position to offer a replacement."],
)
def test_a_negation_five_words_back_refuses_articles_aside(text):
    assert offers(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a points programme's name and ポイント are one word to Sudachi: the points are still given
        ("ご不便をおかけしたお詫びに、楽天ポイントを付与いたします。", [("coupon", "楽天ポイントを付与")]),
        ("Pontaポイントを100ポイント進呈いたします。", [("coupon", "Pontaポイントを100ポイント進呈")]),
        ("次回お使いいただけるギフトクーポンをお送りします。", [("coupon", "ギフトクーポン")]),
    ],
)
def test_a_compound_ending_in_an_offers_noun_is_that_offer(text, expected):
    assert offers(text, "ja") == expected


def test_a_compound_that_only_contains_a_katakana_word_is_no_offer():
    assert offers("カスタマーサービスまでご連絡ください。", "ja") == []
    assert offers("ポイントカードをご提示ください。", "ja") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # casual giving verbs and a "never mind" before them: still our offer
        ("I'll also throw in a voucher for your next visit.", "coupon"),
        ("We'll toss in a free sample with the replacement.", "gift"),
        ("No worries about the fee, we'll knock off the postage.", "discount"),
        ("No problem at all, I'll waive the shipping on this one.", "free_shipping"),
    ],
)
def test_casual_giving_and_never_mind_still_offer(text, kind):
    assert kind in [k for k, _ in offers(text, "en")]


def test_a_plain_no_still_refuses():
    assert offers("No, we can't refund a tea that has been opened.", "en") == []


@pytest.mark.parametrize(
    "text",
    ["We will refund those items to your card this week.", "Only some items came back, so we'll refund one item now."],
)
def test_the_share_of_some_items_is_a_partial_refund_in_english_too(text):
    [offer] = FINDER.find(text, "en", today=TODAY)
    assert offer.kind == "refund" and offer.partial


def test_a_refund_of_the_order_is_no_share_of_it():
    [offer] = FINDER.find("We will refund your order to your card this week.", "en", today=TODAY)
    assert not offer.partial
