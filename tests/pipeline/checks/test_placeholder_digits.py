"""HS009: one mark written where a number goes, right before its unit (●日, △円), is an
unfilled slot; the 〇 of a date in kanji numerals and the × of a quantity are text."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id == "ja-good-shipped"}
AT = "本日、配送業者に"


def _placeholders(sentence: str) -> list[str]:
    text = GOOD["shipped_ja"].replace(AT, sentence + " " + AT, 1)
    return [f.excerpt for f in check(text, context=CONTEXTS["shipped_ja"], rules=RULES) if f.rule == "HS009"]


@pytest.mark.parametrize(
    ("sentence", "marks"),
    [
        ("再発送日：●月●日", ["●", "●"]),
        ("ご返金額は△円となります。", ["△"]),
        ("到着まで約□営業日かかります。", ["□"]),
    ],
)
def test_a_mark_in_place_of_a_number_is_a_placeholder(sentence, marks):
    assert _placeholders(sentence) == marks


@pytest.mark.parametrize(
    "sentence",
    ["二〇二六年の新茶もご用意しております。", "煎茶 100g × 2 をお送りしました。", "○印の商品は送料無料です。"],
)
def test_kanji_numerals_and_quantities_are_text(sentence):
    assert _placeholders(sentence) == []
