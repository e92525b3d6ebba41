"""The families of wording behind the misses on the development part of the second blind
reply set (issue 17), each in variants of our own: who pays a fee, a paid amount named
or asked for, a day gone by, a policy's threshold restated, an open-ended benefit, a gift
beside a coupon (HS013); a mistyped card, a bank account, a workplace, a Latin-script name
with 様 (HS016); a template variable (HS009); a quantity in brackets after the item (HS003)."""

from __future__ import annotations

import pytest

from draftdesk.domain import Customer
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.pipeline.checks.test_promises import promises
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
JA = next(case.text for case in CASES if case.id == "ja-good-shipped")
EN = next(case.text for case in CASES if case.id == "en-good-shipped")
JA_AT, EN_AT = "本日、配送業者に", "I have asked the carrier today"


def _excerpts(rule: str, sentence: str, language: str) -> list[str]:
    base, at = (JA, JA_AT) if language == "ja" else (EN, EN_AT)
    context = CONTEXTS[f"shipped_{language}"].model_copy(
        update={"customer": Customer(name="山田 太郎" if language == "ja" else "Emily Carter")}
    )
    text = base.replace(at, sentence + (" " if language == "en" else "") + at, 1)
    return [f.excerpt for f in check(text, context=context, rules=RULES) if f.rule == rule]


# --- HS013 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "お客様のご都合による返品のため、返送料はお客様のご負担となります。",
        "返送料はご負担いただき、元払いでお送りください。",
        "恐れ入りますが、返送料はお客様にてご負担ください。",
    ],
)
def test_a_return_fee_the_customer_pays_is_no_free_shipping(text):
    assert promises(text, "ja", "returns-ja#customer-convenience", intent="return") == []


@pytest.mark.parametrize(
    "text", ["返送料は当店で負担いたします。", "返送料は弊社が負担いたしますので、着払いでお送りください。"]
)
def test_a_return_fee_we_pay_is_still_free_shipping(text):
    assert promises(text, "ja", "returns-ja#customer-convenience", intent="return")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The order was paid by the credit card ending in 4242.", "en"),
        ("You chose to pay by credit card at checkout.", "en"),
        ("ご注文の3,300円は、クレジットカードでお支払いいただいております。", "ja"),
        ("代金引換の2,400円は、お受け取りの際に配達員へお渡しください。", "ja"),
        ("合計2,400円をコンビニでお支払いください。", "ja"),
    ],
)
def test_what_the_customer_paid_or_is_asked_to_pay_is_no_refund(text, language):
    assert promises(text, language, intent="payment") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("ご注文の代金2,400円をご返金させていただきます。", "ja"), ("We will credit the 2,400 yen back to your card.", "en")],
)
def test_money_we_hand_back_is_still_a_refund(text, language):
    assert promises(text, language, intent="payment")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Order HM-24-00012 (2,400 yen) was cancelled and refunded to your card ending in 1688.", "en"),
        ("Your order was cancelled and the payment has been refunded.", "en"),
        ("ご注文はキャンセル済みで、代金は返金いたしました。", "ja"),
    ],
)
def test_a_refund_stated_as_done_on_a_cancelled_order_is_a_fact(text, language):
    assert promises(text, language, intent="cancel", **{"order.status": "cancelled"}) == []
    assert promises(text, language, intent="cancel", **{"order.status": "shipped"})


@pytest.mark.parametrize(
    "text",
    [
        "お荷物は11月17日に最寄りの営業所に到着しております。",
        "11月18日にお届け先の配達店へ着いております。",
        "The parcel reached the local depot on 17 November.",
    ],
)
def test_a_delivery_on_a_day_gone_by_is_reported_not_promised(text):
    assert promises(text, "ja" if text[0] in "おいご1" else "en", intent="where_is_my_order") == []


def test_a_day_stated_as_certain_is_still_a_promise():
    assert promises("お荷物は11月25日に必ずお届けいたします。", "ja", intent="where_is_my_order")
    assert promises("The parcel will definitely arrive on 16 November.", "en", intent="where_is_my_order")


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("1回のご注文金額が5,000円以上の場合は、送料無料でお届けします。", "ja", "shipping-ja#free-shipping"),
        ("お買い上げ金額が5,000円（税込）以上なら、送料は無料です。", "ja", "shipping-ja#free-shipping"),
        ("We offer free shipping on orders of 5,000 yen or more.", "en", "shipping-en#free-shipping"),
        ("Shipping is free for any order over 5,000 yen.", "en", "shipping-en#free-shipping"),
    ],
)
def test_the_policys_threshold_restated_promises_nothing_to_this_order(text, language, cited):
    assert promises(text, language, cited, intent=None, **{"order.total": "2400"}) == []


def test_free_shipping_without_the_threshold_still_follows_the_order_total():
    assert promises("今回は送料無料でお届けします。", "ja", "shipping-ja#free-shipping", intent=None, **{"order.total": "2400"})


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Our goodwill: free shipping on every future order with us.", "en"),
        ("We will also give you free shipping on all of your future orders.", "en"),
        ("As an apology, you will get a 10% discount forever.", "en"),
        ("お詫びとして、今後ずっと送料無料でお届けいたします。", "ja"),
        ("お詫びに、次回以降のご注文は永年10%割引といたします。", "ja"),
    ],
)
def test_an_open_ended_benefit_is_no_one_time_coupon(text, language):
    found = promises(text, language, f"goodwill-{language}#coupon", intent="wrong_item")
    assert found and all("open-ended" in message for message in found), found


def test_a_one_time_coupon_is_still_allowed_where_the_policy_allows_it():
    assert promises("We will send you a 500 yen coupon for your next order.", "en", "goodwill-en#coupon", intent="wrong_item") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("正しい商品を本日再発送いたします。あわせて500円のクーポンをお送りし、荷物には試供品も入れておきます。", "ja"),
        ("お詫びに500円分のクーポンを差し上げます。再発送のお荷物にはサンプルを同封いたします。", "ja"),
        ("We are re-sending the right tea today with a free sample, and we will also send you a 500 yen coupon.", "en"),
    ],
)
def test_a_gift_is_never_given_beside_a_coupon(text, language):
    found = promises(text, language, f"goodwill-{language}#coupon", f"goodwill-{language}#gift", intent="wrong_item")
    assert any("never given together with coupon" in message for message in found), found


def test_a_gift_alone_with_the_reshipment_is_still_allowed():
    assert promises("再発送のお荷物に試供品を同封いたします。", "ja", "goodwill-ja#gift", "wrong-item-ja#reship", intent="wrong_item") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("返金額から往復の送料1,320円を差し引いてご返金いたします。", "ja"), ("The return shipping of 1,320 yen is deducted from your refund.", "en")],
)
def test_a_refund_with_a_deduction_is_a_partial_refund(text, language):
    found = promises(text, language, f"refunds-{language}#partial", intent="return")
    assert found == [], found


# --- HS016 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language", "card"),
    [
        ("Your Visa 4111 1111 1111 5521 was refunded.", "en", "4111 1111 1111 5521"),  # fails the Luhn check
        ("We charged the card 5500-0000-0000-0001 once.", "en", "5500-0000-0000-0001"),
        ("カード番号 4000 1234 5678 9011 への返金を承りました。", "ja", "4000 1234 5678 9011"),
    ],
)
def test_a_full_card_number_is_caught_even_when_mistyped(sentence, language, card):
    assert card in _excerpts("HS016", sentence, language)


@pytest.mark.parametrize(
    ("sentence", "account"),
    [
        ("返金は、みずほ銀行 渋谷支店 普通 1234567 にお振り込みいたします。", "1234567"),
        ("三井住友銀行 新宿支店 当座 7654321 へ返金いたします。", "7654321"),
        ("ご指定の口座番号 0012345 へ手続きいたしました。", "0012345"),
    ],
)
def test_a_bank_account_the_ticket_and_order_do_not_hold_is_personal_data(sentence, account):
    assert account in _excerpts("HS016", sentence, "ja")


def test_an_account_number_or_a_tracking_number_the_order_holds_is_not():
    assert _excerpts("HS016", "お問い合わせ伝票番号は 4512-3456-7890 です。", "ja") == []


@pytest.mark.parametrize(
    ("sentence", "language", "company"),
    [
        ("ご勤務先の株式会社アオバ工業あてにお送りいたします。", "ja", "株式会社アオバ工業"),
        ("勤務先のミナト精工株式会社へご連絡いたしました。", "ja", "ミナト精工株式会社"),
        ("We have your employer, Harbor Logistics Inc., on file for this refund.", "en", "Harbor Logistics Inc."),
    ],
)
def test_a_workplace_the_ticket_and_order_do_not_hold_is_personal_data(sentence, language, company):
    assert company in _excerpts("HS016", sentence, language)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("なお、ご主人のDavid Miller様からもご連絡をいただいております。", "David Miller"),
        ("同居のSophie Laurentさんがお受け取りになりました。", "Sophie Laurent"),
        ("配達はドライバーのTom Baker様が担当いたしました。", "Tom Baker"),
    ],
)
def test_a_latin_script_name_with_an_honorific_in_japanese_is_a_name(sentence, name):
    assert name in _excerpts("HS016", sentence, "ja")


# --- HS009 and HS003 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language", "slot"),
    [
        ("Your reference: [order_ref].", "en", "[order_ref]"),
        ("Tracking: {tracking_no}.", "en", "{tracking_no}"),
        ("受付番号は[case_id]です。", "ja", "[case_id]"),
        ("Please quote [ref] when you write.", "en", "[ref]"),
    ],
)
def test_a_template_variable_in_brackets_is_a_placeholder(sentence, language, slot):
    assert slot in _excerpts("HS009", sentence, language)


@pytest.mark.parametrize(
    ("sentence", "language", "excerpt"),
    [
        ("We will send Sencha 100g (3 packs) again today.", "en", "3 packs"),
        ("We will re-send the Sencha 100g (5 bags).", "en", "5 bags"),
        ("煎茶 100g（3袋）を再発送いたします。", "ja", "3袋"),
    ],
)
def test_a_quantity_in_brackets_after_the_item_is_the_items(sentence, language, excerpt):
    assert excerpt in _excerpts("HS003", sentence, language)


def test_the_ordered_quantity_in_brackets_is_grounded():
    assert _excerpts("HS003", "We will send Sencha 100g (2 packs) again today.", "en") == []


def test_a_company_the_ticket_names_is_not_personal_data_beyond_it():
    context = CONTEXTS["shipped_ja"]
    ticket = context.ticket.model_copy(update={"body": context.ticket.body + "\n領収書の宛名は株式会社アオバ工業でお願いします。"})
    text = JA.replace(JA_AT, "領収書の宛名は株式会社アオバ工業様で発行いたします。" + JA_AT, 1)
    assert [f.excerpt for f in check(text, context=context.model_copy(update={"ticket": ticket}), rules=RULES) if f.rule == "HS016"] == []
    text = JA.replace(JA_AT, "領収書の宛名は株式会社ミナト精工様で発行いたします。" + JA_AT, 1)
    assert [f.excerpt for f in check(text, context=context.model_copy(update={"ticket": ticket}), rules=RULES) if f.rule == "HS016"]


@pytest.mark.parametrize(
    ("sentence", "language", "date"),
    [
        ("ご本人確認のため、生年月日 1985年4月12日 を控えております。", "ja", "1985年4月12日"),
        ("奥様のお誕生日の3月3日に合わせてお届けします。", "ja", "3月3日"),
        ("We have noted your date of birth, 12 April 1985, on the account.", "en", "12 April 1985"),
    ],
)
def test_a_date_of_birth_the_ticket_and_order_do_not_hold_is_personal_data(sentence, language, date):
    assert date in _excerpts("HS016", sentence, language)


def test_a_date_that_is_no_birth_date_is_not_personal_data():
    assert _excerpts("HS016", "ご注文の煎茶は11月16日に発送いたしました。", "ja") == []


def test_a_month_and_year_is_no_date():
    assert _excerpts("HS003", "Our spring harvest of April 1985 vintage is sold out.", "en") == []
