"""HS003 and the families of values a reply may state: a time of day, a temperature or a number
of minutes, an amount without its currency or with a Japanese currency word, a quantity that
closes a clause, counts and lengths written in words (三点, three tins), and a length of time that says when the parcel or the money reaches the
customer. Each is a value to ground, whatever its wording; near misses (a count of times, one of
our own or the customer's steps, the shop's business hours) are not."""

from __future__ import annotations

from datetime import datetime

import pytest

from draftdesk.domain import Certainty, Fact
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import CheckContext, check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
FACTS = {
    "order.number": "KT-77-00310", "order.placed_at": "2026-11-10", "order.status": "delivered",
    "order.item.1": "ほうじ茶ラテの素 × 1", "order.unit_price.1": "43.80", "order.total": "43.80",
    "order.currency": "USD", "shipment.delivered_at": "2026-11-18", "reply.next_contact": "2026-11-24",
}  # fmt: skip
CONTEXTS, _ = load_cases(DEFAULT_CASES_DIR)  # with the shop's profile (its business hours)


def _context(language: str) -> CheckContext:
    return CheckContext(
        language=language, now=NOW,
        facts=[
            Fact(key=k, label=k, value=v, certainty=Certainty.CONFIRMED, source="shop" if k.startswith("reply.") else "orders")
            for k, v in FACTS.items()
        ],
    )


def _hs003(text: str, language: str) -> list[str]:
    return [f.excerpt for f in check(text, context=_context(language), rules=RULES) if f.rule == "HS003"]


@pytest.mark.parametrize(
    ("language", "text", "excerpt"),
    [
        ("ja", "配送業者によると、本日18時頃にお届けとのことです。", "18時"),
        ("ja", "担当者が午後2時半までに折り返しお電話いたします。", "午後2時半"),
        ("en", "The courier says it will be with you by 4 p.m. today.", "4 p.m."),
        ("ja", "お湯は70℃まで冷ましてから注いでください。", "70℃"),
        ("en", "Let the leaves steep for 3 minutes before you pour.", "3 minutes"),
        ("en", "The refund for the missing tin comes to 12.5 in all.", "12.5"),
        ("ja", "返金額は12.3ドルでございます。", "12.3ドル"),
        ("ja", "ご注文のほうじ茶ラテの素 x 2、11月10日にご注文いただいております。", "x 2"),
        ("ja", "ご返金は3日以内にご指定の口座へ振り込まれます。", "3日以内"),
        ("en", "The refund will reach your account within 5 business days.", "5 business days"),
        ("en", "Your replacement should arrive within 2 days, as we send it by air.", "2 days"),
        # counts and lengths in words: the ordered quantity is 1
        ("ja", "ご注文のほうじ茶ラテの素三点は、11月18日にお届けしております。", "三点"),
        ("en", "We will send you three tins of the latte mix today.", "three tins"),
        ("ja", "ご返金は三日以内にお客様の口座へ振り込まれます。", "三日以内"),
        ("en", "The refund should reach your card within four business days.", "four business days"),
    ],
)
def test_a_value_of_each_family_no_record_holds_is_ungrounded(language, text, excerpt):
    assert excerpt in _hs003(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Your order total was 43.8, which we refunded in full."),  # the total, without its currency
        ("ja", "お手数ですが、もう1度ご確認いただけますでしょうか。"),  # a count of times, no temperature
        ("ja", "届いた商品は、7日以内にご返送ください。"),  # the arrival names the item; the length dates the return
        ("en", "Please send the unopened tin back within 8 days."),  # the customer's step
        ("en", "We will write to you again within 2 business days."),  # our own writing
        ("ja", "500円のクーポンは、次回のお買い物から90日間お使いいただけます。"),  # no arrival
        ("ja", "手作りのため、一点ごとに風合いが異なります。"),  # "each", no count
        ("en", "We refunded the one item that arrived damaged."),  # the ordered quantity
    ],
)
def test_a_value_a_record_holds_or_a_length_of_a_step_is_not_flagged(language, text):
    assert _hs003(text, language) == []


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("shipped_ja", "お電話は平日10:00〜17:00に承っております。"),
        ("shipped_en", "Our phone line is open 10:00-17:00 on weekdays."),
    ],
)
def test_the_shops_business_hours_back_the_times_they_state(context, sentence):
    text = f"{sentence}\n"
    assert [f for f in check(text, context=CONTEXTS[context], rules=RULES) if f.rule == "HS003"] == []


def test_the_business_hours_back_no_other_number():
    """"closed 29 Dec - 3 Jan": its 3 backs a time, not a quantity."""
    text = "We will send 3 tins of the hojicha today."
    assert [f.excerpt for f in check(text, context=CONTEXTS["shipped_en"], rules=RULES) if f.rule == "HS003"] == ["3 tins"]
