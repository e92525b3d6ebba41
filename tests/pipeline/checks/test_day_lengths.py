"""HS003: a bare day that counts days — after an interval word, or closing a range of
days — is a length grounded as a number; a quantity said of what we delivered of the
order is the ordered quantity."""

from __future__ import annotations

from datetime import datetime

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Certainty, Fact
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.check import CheckContext, check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
POLICIES = {p.id: p for p in load_passages(PROJECT_ROOT / "knowledge" / "policies")}
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
FACTS = {
    "order.number": "HM-24-00024", "order.total": "2400", "order.status": "delivered",
    "order.item.1": "玉露 50g × 4", "shipment.delivered_at": "2026-11-17", "subscription.interval_days": "30",
}  # fmt: skip


def _hs003(text: str, *cited: str) -> list[str]:
    context = CheckContext(
        language="ja", facts=[Fact(key=k, label=k, value=v, certainty=Certainty.CONFIRMED, source="orders") for k, v in FACTS.items()],
        passages=[POLICIES[p] for p in cited], now=NOW,
    )
    return [f.excerpt for f in check(text, context=context, rules=RULES) if f.rule == "HS003"]


@pytest.mark.parametrize(
    "sentence",
    [
        "定期便は、これまでどおりお届けの周期（30日）でお送りします。",
        "お届けの間隔は30日のままで承っております。",
    ],
)
def test_a_day_after_an_interval_word_is_the_interval(sentence):
    assert _hs003(sentence) == []


def test_the_same_day_without_an_interval_word_is_a_day_of_the_month():
    assert _hs003("次回は30日にお送りします。") == ["30日"]


def test_a_day_closing_a_range_of_days_is_a_length_from_the_cited_policy():
    assert _hs003("海外へのお届けには、発送から5〜14日ほどかかります。", "shipping-en#overseas") == []
    # the same range the cited policy does not state is still ungrounded
    assert _hs003("海外へのお届けには、発送から5〜19日ほどかかります。", "shipping-en#overseas") == ["19日"]


def test_a_range_of_dates_keeps_its_days():
    assert _hs003("11月5〜14日の間にお届けします。") != []


@pytest.mark.parametrize(
    ("sentence", "excerpt"),
    [
        ("HM-24-00024でお届けした玉露 50g 3点のうち、1点の袋が破れていたとのこと、承知しました。", "3点"),
        ("先日お送りした玉露 50g 2点について、ご案内いたします。", "2点"),
    ],
)
def test_a_quantity_said_of_what_we_delivered_is_the_ordered_one(sentence, excerpt):
    assert _hs003(sentence) == [excerpt]


def test_a_part_of_what_we_delivered_is_fine():
    assert _hs003("お届けした玉露 50g 4点のうち1点を交換いたします。") == []
