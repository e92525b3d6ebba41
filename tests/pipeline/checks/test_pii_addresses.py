"""HS016 and street addresses: an address the ticket and the order do not hold is
personal data (a neighbour's, another customer's); the customer's own, written in any
form (1丁目2番3号 for 1-2-3, full-width digits), is not."""

from __future__ import annotations

import pytest

from draftdesk.domain import Customer
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
JA = next(case.text for case in CASES if case.id == "ja-good-shipped")
CONTEXT = CONTEXTS["shipped_ja"].model_copy(
    update={"customer": Customer(name="山田 太郎", address="〒150-0001 東京都渋谷区神宮前1-2-3")}
)


def _pii(sentence: str) -> list[str]:
    text = JA.replace("本日、配送業者に", sentence + "本日、配送業者に", 1)
    return [f.excerpt for f in check(text, context=CONTEXT, rules=RULES) if f.rule == "HS016"]


@pytest.mark.parametrize(
    ("sentence", "address"),
    [
        ("お荷物は大阪府大阪市北区梅田1-1-1の別のお客様宛に届いておりました。", "大阪府大阪市北区梅田1-1-1"),
        ("同じマンションの東京都渋谷区神宮前1-2-5の方に誤配されていました。", "東京都渋谷区神宮前1-2-5"),
        ("神奈川県横浜市西区みなとみらい２丁目３番地にお送りしました。", "神奈川県横浜市西区みなとみらい２丁目３番地"),
    ],
)
def test_an_address_the_order_does_not_hold_is_personal_data(sentence, address):
    assert _pii(sentence) == [address]


@pytest.mark.parametrize(
    "sentence",
    [
        "東京都渋谷区神宮前1-2-3にお届けしております。",
        "東京都渋谷区神宮前1丁目2番3号にお届けしております。",
        "東京都渋谷区神宮前１－２－３にお届けしております。",
    ],
)
def test_the_customers_own_address_in_any_form_is_no_finding(sentence):
    assert _pii(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a particle before the prefecture is no part of the address: it is still the customer's
        "ご住所の東京都渋谷区神宮前1-2-3へお届けします。",
        "お届け先は東京都渋谷区神宮前1-2-3のままです。",
    ],
)
def test_the_customers_own_address_after_a_particle_is_no_finding(sentence):
    assert _pii(sentence) == []


def test_an_address_in_a_prefecture_after_a_particle_is_found_from_the_prefecture():
    assert _pii("転送先の静岡県浜松市中区元城町1-1にお送りしました。") == ["静岡県浜松市中区元城町1-1"]
