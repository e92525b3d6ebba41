"""HS016 and street addresses written the English way (house number, street name, street
type): one the ticket and the order do not hold is personal data; the customer's own is not."""

from __future__ import annotations

import pytest

from draftdesk.domain import Customer
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
EN = next(case.text for case in CASES if case.id == "en-good-shipped")
CONTEXT = CONTEXTS["shipped_en"].model_copy(
    update={"customer": Customer(name="Emily Carter", address="52 Harbour View Crescent, Halifax, NS B3H 1A1, Canada")}
)
ANCHOR = "I am sorry for the wait."


def _pii(sentence: str) -> list[str]:
    assert ANCHOR in EN
    return [f.excerpt for f in check(EN.replace(ANCHOR, f"{sentence} {ANCHOR}", 1), context=CONTEXT, rules=RULES) if f.rule == "HS016"]


@pytest.mark.parametrize(
    ("sentence", "address"),
    [
        ("A second parcel went to 9 Elm Tree Lane, Bristol, by mistake.", "9 Elm Tree Lane"),
        ("Your sister's order is going to 310 West Maple Avenue.", "310 West Maple Avenue"),
    ],
)
def test_an_address_no_record_holds_is_personal_data(sentence, address):
    assert _pii(sentence) == [address]


@pytest.mark.parametrize(
    "sentence",
    [
        "The parcel is addressed to 52 Harbour View Crescent, Halifax.",
        "We shipped 2 Tea Canisters and 3 Gift Boxes in one parcel.",
        "The courier left it at the Victoria Station depot.",  # a place named after a person is no person
    ],
)
def test_the_customers_own_address_and_other_capitalised_words_are_not(sentence):
    assert _pii(sentence) == []
