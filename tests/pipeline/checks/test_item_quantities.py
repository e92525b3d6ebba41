"""HS003 and the quantity said of an ordered item: a part of it is fine, more is not,
and said as the order it is the ordered quantity (the order: 煎茶 100g × 2)."""

from __future__ import annotations

import pytest

from draftdesk.domain import Certainty, Fact
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
JA = next(case.text for case in CASES if case.id == "ja-good-shipped")
AT = "本日、配送業者に"


def _hs003(sentence: str, *, context: str = "shipped_ja") -> list[str]:
    text = JA.replace(AT, sentence + AT, 1)
    return [f.excerpt for f in check(text, context=CONTEXTS[context], rules=RULES) if f.rule == "HS003"]


@pytest.mark.parametrize(
    ("sentence", "excerpt"),
    [
        ("ご注文の煎茶 100g 1点は、11月16日に発送済みです。", "1点"),  # the order, but not its quantity
        ("ご注文いただいた煎茶100g 1点について承りました。", "1点"),
        ("ご注文番号 HM-24-00012（煎茶 100g 3点）を確認いたしました。", "3点"),
        ("煎茶 100g 3点のうち1点を返品として承ります。", "3点"),  # more than was ordered
        ("不足分の煎茶 100g 5点を本日発送いたしました。", "5点"),
    ],
)
def test_a_quantity_that_is_not_the_items_is_ungrounded(sentence, excerpt):
    assert _hs003(sentence) == [excerpt]


@pytest.mark.parametrize(
    "sentence",
    [
        "ご注文の煎茶 100g 2点は、11月16日に発送済みです。",
        "不足分の煎茶 100g 1点を本日発送いたしました。",  # a part of the item
        "返品の煎茶100g 1点を確認いたしました。",
        "ご注文の煎茶 100gのうち1点が破損していたとのこと、承知いたしました。",
    ],
)
def test_the_ordered_quantity_or_a_part_of_it_is_grounded(sentence):
    assert _hs003(sentence) == []


def test_an_item_name_with_a_number_in_it_is_read_whole():
    facts = [*CONTEXTS["shipped_ja"].facts, Fact(key="order.item.2", label="", value="湯呑み 2客セット × 3", certainty=Certainty.CONFIRMED, source="orders")]
    context = CONTEXTS["shipped_ja"].model_copy(update={"facts": facts})
    good = JA.replace(AT, "ご注文の湯呑み 2客セット 3点のうち、1点の返品を承ります。" + AT, 1)
    bad = JA.replace(AT, "ご注文の湯呑み 2客セット 2点を確認いたしました。" + AT, 1)
    assert [f.excerpt for f in check(good, context=context, rules=RULES) if f.rule == "HS003"] == []
    assert [f.excerpt for f in check(bad, context=context, rules=RULES) if f.rule == "HS003"] == ["2点"]
