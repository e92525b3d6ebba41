"""HS001: what counts as the first stated fact. Besides dates, numbers and our actions,
a plain sentence about where the order stands is a fact; thanks, questions and
apologies that name the parcel are not."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}


def _apology_first(body: str) -> bool:
    ja = any(ord(c) > 0x3000 for c in body)
    context = "shipped_ja" if ja else "shipped_en"
    base = GOOD[context]
    start, end = (base.index("いつも茶舗"), base.index("何卒よろしく")) if ja else (
        base.index("Thank you for contacting"), base.index("\n\nKind regards"))
    text = base[:start] + body + ("\n\n" if ja else "") + base[end:]
    return any(f.rule == "HS001" for f in check(text, context=CONTEXTS[context], rules=RULES))


@pytest.mark.parametrize(
    "body",
    [
        "ご注文の煎茶は、現在ヤマト運輸の営業所にございます。ご心配をおかけして申し訳ございません。",
        "お問い合わせありがとうございます。あいにく、お荷物はまだ配達店にございます。申し訳ございません。",
        "商品は現在入荷待ちとなっております。お待たせして申し訳ございません。",
        "I'm afraid the parcel is still at the carrier's depot. We apologise for the wait.",
        "Unfortunately, the item is out of stock at the moment. I am sorry for the wait.",
    ],
)
def test_a_plain_sentence_about_where_the_order_stands_is_a_fact(body):
    assert not _apology_first(body)


@pytest.mark.parametrize(
    "body",
    [
        "お荷物についてのお問い合わせありがとうございます。大変申し訳ございません。ご注文の煎茶は11月16日に発送いたしました。",
        "この度はお荷物の遅れにより、ご迷惑をおかけしております。追跡情報を確認したところ、営業所で保管中でした。",
        "お荷物はいつ届きますか？とのこと、申し訳ございません。ご注文の煎茶は11月16日に発送いたしました。",
        "Thank you for your message about the parcel. We apologize for the delay. Your order was shipped on November 16.",
        "Where is the parcel now? We apologize for the delay. Your order was shipped on November 16.",
        "We're sorry the parcel is late. Your order HM-24-00012 was shipped on November 16.",
    ],
)
def test_thanks_questions_and_apologies_naming_the_parcel_state_no_fact(body):
    assert _apology_first(body)


def test_the_finding_spans_every_apology_phrase_of_its_sentence():
    base = GOOD["shipped_ja"]
    body = "この度はご不便をおかけしましたことを、深くお詫び申し上げます。ご注文の煎茶は11月16日に発送いたしました。"
    text = base[: base.index("いつも茶舗")] + body + "\n\n" + base[base.index("何卒よろしく") :]
    [finding] = [f for f in check(text, context=CONTEXTS["shipped_ja"], rules=RULES) if f.rule == "HS001"]
    assert finding.excerpt == "ご不便をおかけしましたことを、深くお詫び"


@pytest.mark.parametrize(
    "body",
    [
        # "has not": no form of "to note", an action of ours
        "We are very sorry that the parcel has not come yet. Your order HM-24-00012 was shipped on November 16.",
        "Sorry, the tea has not been delivered yet. Your order HM-24-00012 was shipped on November 16.",
    ],
)
def test_a_negation_is_no_action_of_ours(body):
    assert _apology_first(body)


def test_noting_the_request_is_still_an_action():
    assert not _apology_first("I have noted your request. I am sorry for the wait.")


@pytest.mark.parametrize(
    "body",
    [
        "> Sorry to trouble you, but where is my tea?\nYour order HM-24-00012 was shipped on November 16.",
        "＞ 度々申し訳ないのですが、まだ届きません。\nご注文の煎茶は11月16日に発送いたしました。",
    ],
)
def test_an_apology_on_a_line_quoted_from_the_customer_is_theirs(body):
    assert not _apology_first(body)


def test_our_own_apology_after_a_quoted_line_still_counts():
    assert _apology_first("> Where is my tea?\nWe apologise for the delay. Your order HM-24-00012 was shipped on November 16.")


@pytest.mark.parametrize(
    "body",
    [
        "お待たせしてしまい、本当にすみません。ご注文の煎茶は11月16日に発送いたしました。",
        "この度の不手際を深謝申し上げます。ご注文の煎茶は11月16日に発送いたしました。",
    ],
)
def test_plainer_and_more_formal_apologies_are_apologies(body):
    assert _apology_first(body)


def test_a_matter_settled_is_no_apology():
    assert not _apology_first("お手続きが済みましたので、ご連絡いたします。ご注文の煎茶は11月16日に発送いたしました。")
