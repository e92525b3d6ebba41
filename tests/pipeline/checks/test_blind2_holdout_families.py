"""The families of wording behind the last misses on the second blind reply set (issue
17), each in variants of our own with negative controls: offers joined under one refusal,
a day named as an interval, a payment someone else makes (HS013); a bank account told by
its last digits, another customer's full name introduced in English (HS016); a signature
naming no one when no agent is on record (HS007)."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_blind2_families import _excerpts
from tests.pipeline.checks.test_offers import offers
from tests.pipeline.checks.test_promises import promises
from tests.pipeline.test_check import EN_GOOD, JA_GOOD, _context, _rules

# --- HS013 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "恐れ入りますが、交換や返金のお約束はいたしかねます。",
        "この場合、交換・返金はお受けできません。",
        "期限を過ぎているため、交換または返金には応じられません。",
        "再送か返金をお約束することはできません。",
    ],
)
def test_a_refusal_after_joined_offers_refuses_them_all(text):
    assert offers(text, "ja") == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("交換や返金をいたします。", {"exchange", "refund"}),
        ("交換はいたしかねますが、返金いたします。", {"refund"}),
    ],
)
def test_joined_offers_without_a_refusal_are_still_offers(text, kinds):
    found = {kind for kind, _ in offers(text, "ja")}
    assert kinds <= found and ("exchange" in found) == ("exchange" in kinds)


@pytest.mark.parametrize(
    "text",
    [
        "スキップされた場合、次のお届けはお届け間隔（30日）の分だけ後ろにずれます。",
        "次回のお届けは、お届けの周期である14日分あとになります。",
        "お届け間隔は30日で、次のお届けはその分あとになります。",
    ],
)
def test_a_day_named_as_an_interval_is_no_delivery_date(text):
    assert [kind for kind, _ in offers(text, "ja")] == []


def test_a_day_of_the_month_is_still_a_delivery_date():
    assert [kind for kind, _ in offers("次のお届けは30日に必ずお届けいたします。", "ja")] == ["delivery_date"]


@pytest.mark.parametrize(
    "text",
    [
        "The total of 5,400 yen is to be paid in cash to the driver when it arrives.",
        "You will pay 2,400 yen to the courier on delivery.",
        "The balance of 1,200 yen is to be paid at the convenience store.",
        "You'll pay the 3,300 yen at the door.",
    ],
)
def test_a_payment_someone_else_makes_is_no_gift(text):
    assert promises(text, "en", intent="payment") == []


@pytest.mark.parametrize("text", ["We will pay you 1,000 yen for the trouble.", "1,000 yen will be paid to you for the trouble."])
def test_money_we_pay_the_customer_is_still_a_gift(text):
    assert promises(text, "en", intent="payment")


# --- HS016 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language", "digits"),
    [
        ("We refunded it to your savings account ending in 8812.", "en", "8812"),
        ("The money went to the checking account that ends with 3091.", "en", "3091"),
        ("ご返金は普通口座（末尾 6620）へお振り込みいたしました。", "ja", "6620"),
    ],
)
def test_a_bank_account_told_by_its_last_digits_is_personal_data(sentence, language, digits):
    assert digits in _excerpts("HS016", sentence, language)


def test_a_card_told_by_its_last_digits_is_no_account():
    assert _excerpts("HS016", "It was charged to the card ending in 1688.", "en") == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Your parcel was packed beside an order for Daniel Brooks in Ohio.", "Daniel Brooks"),
        ("It was mistakenly addressed to Hannah Weiss instead of you.", "Hannah Weiss"),
        ("The box belonging to Marco Rossi was sent to you by mistake.", "Marco Rossi"),
    ],
)
def test_another_customers_full_name_in_english_is_personal_data(sentence, name):
    assert name in _excerpts("HS016", sentence, "en")


@pytest.mark.parametrize(
    "sentence",
    [
        "Your order for Emily Carter is on its way.",  # the customer herself
        "It left our warehouse for New York yesterday.",  # a place, no lead-in
        "Our Customer Support Team is here to help.",  # a department, capitalised
    ],
)
def test_the_customers_own_name_a_place_or_a_department_is_not(sentence):
    assert _excerpts("HS016", sentence, "en") == []


# --- HS007 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (JA_GOOD.replace("担当：佐藤\n", ""), "ja"),
        (JA_GOOD.replace("担当：佐藤\n", "お問い合わせ窓口\n"), "ja"),
        (EN_GOOD.replace("\nSato\n", "\n"), "en"),
        (EN_GOOD.replace("\nSato\n", "\nCheers,\n"), "en"),  # a sign-off is no name
    ],
)
def test_a_signature_naming_no_one_is_incomplete_even_with_no_agent_on_record(text, language):
    assert "HS007" in _rules(text, language, agent=None)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (JA_GOOD, "ja"),  # 担当：佐藤
        (JA_GOOD.replace("担当：佐藤", "高橋 美咲"), "ja"),  # a name on its own line
        (JA_GOOD.replace("担当：佐藤\n", "担当者 山本\n"), "ja"),
        (EN_GOOD, "en"),  # Sato
        (EN_GOOD.replace("\nSato\n", "\nKenji Ono\n"), "en"),
        (EN_GOOD.replace("\nSato\n", "\nKenji Ono (Customer Support)\n"), "en"),
        (EN_GOOD.replace("Kind regards,\n\nSato\n", "Kind regards, Kenji O'Neill-Ono\n"), "en"),
    ],
)
def test_a_signature_that_names_its_writer_is_complete_with_no_agent_on_record(text, language):
    assert "HS007" not in _rules(text, language, agent=None)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("We are checking order 20261120 with the warehouse.", "en"),  # checking: a verb here
        ("Please hand it to the customer Service Desk.", "en"),
        ("通常（普通便）の場合、1234567 のような番号はございません。", "ja"),  # 普通: usual, not an account type
        ("ご注文いただいたAmazon様経由のギフトについてご案内いたします。", "ja"),  # one Latin word with 様: a business
    ],
)
def test_a_verb_a_department_usual_post_or_a_business_with_sama_is_no_personal_data(sentence, language):
    assert _excerpts("HS016", sentence, language) == []


def test_an_account_type_right_before_its_number_is_still_an_account():
    assert "7654321" in _excerpts("HS016", "返金先は 普通 7654321 の口座で承りました。", "ja")


@pytest.mark.parametrize(
    ("subject", "language"),
    [
        ("Re: Is shipping free?", "en"),
        ("RE: Fwd: Can you send a replacement?", "en"),
        ("Re: 返金してもらえますか？", "ja"),
    ],
)
def test_a_subject_that_asks_or_only_carries_reply_marks_offers_nothing(subject, language):
    assert offers(subject, language, headline=True) == []
    body = "Thank you for your question." if language == "en" else "お問い合わせありがとうございます。"
    assert promises(body, language, subject=subject, intent="other") == []


def test_a_subject_that_announces_an_offer_still_offers_it():
    assert offers("Re: Full refund approved", "en", headline=True)


@pytest.mark.parametrize(
    "text",
    [
        "We're unable to offer a coupon or cash compensation for this delay.",
        "We cannot provide a refund or a free replacement in this case.",
        "We are not able to offer a refund or a coupon here.",
    ],
)
def test_an_english_refusal_before_joined_offers_refuses_them_all(text):
    assert offers(text, "en") == []


def test_an_offer_after_a_refusal_in_its_own_clause_is_still_an_offer():
    assert [kind for kind, _ in offers("We can't offer a coupon, but we will refund the full price.", "en")] == ["refund"]
