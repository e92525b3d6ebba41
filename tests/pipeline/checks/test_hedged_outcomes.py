"""HS004: a guess is a hedged promise when it is about what the customer waits for —
the parcel arriving, the money showing up — and only then."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, _ = load_cases(DEFAULT_CASES_DIR)


def _fires(text: str, language: str) -> bool:
    return any(f.rule == "HS004" for f in check(text, context=CONTEXTS[f"shipped_{language}"], rules=RULES))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # the customer seeing the money or the parcel is the outcome they wait for
        ("ja", "月末までには口座でご入金が確認できるかと思います。"),
        ("ja", "振り込みは明後日には確認できると思います。"),
        ("ja", "土曜日にはお受け取りいただけると存じます。"),
        # an opinion said of the outcome, before or after it
        ("en", "I believe you'll receive the parcel on Tuesday."),
        ("en", "It will be on its way by Monday, I think."),
        ("en", "I think the parcel is running late."),
        ("en", "I suppose the refund will go through next week."),
    ],
)
def test_a_guess_about_what_the_customer_waits_for_is_hedged(language, text):
    assert _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I think this answers your question; do write again if not."),
        ("en", "I believe our sencha would suit your taste."),
        ("ja", "きっと気に入っていただけると思います。"),
    ],
)
def test_an_opinion_about_anything_else_hedges_no_promise(language, text):
    assert not _fires(text, language)
