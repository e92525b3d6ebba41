"""HS016 and phone numbers: one the ticket and the order do not hold is personal data in
any national or international form; the customer's own is not, whether written with its
country code or with the trunk 0."""

from __future__ import annotations

import pytest

from draftdesk.domain import Customer
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
EN = next(case.text for case in CASES if case.id == "en-good-shipped")
CONTEXT = CONTEXTS["shipped_en"].model_copy(update={"customer": Customer(name="Emily Carter", phone="+81 80-2468-1357")})
ANCHOR = "I am sorry for the wait."


def _pii(sentence: str) -> list[str]:
    assert ANCHOR in EN
    text = EN.replace(ANCHOR, f"{sentence} {ANCHOR}", 1)
    return [f.excerpt for f in check(text, context=CONTEXT, rules=RULES) if f.rule == "HS016"]


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("The courier may call you on +61 412 345 678.", "+61 412 345 678"),
        ("Your neighbour left +1 212-555-0187 for you.", "+1 212-555-0187"),
        ("Customs in London can be reached on +44 (0)20 7946 0321.", "+44 (0)20 7946 0321"),
    ],
)
def test_an_international_number_no_record_holds_is_personal_data(sentence, number):
    assert _pii(sentence) == [number]


@pytest.mark.parametrize(
    "sentence",
    [
        "The carrier will call you on +81 80-2468-1357 before delivery.",
        "The carrier will call you on 080-2468-1357 before delivery.",
    ],
)
def test_the_customers_own_number_in_either_form_is_not(sentence):
    assert _pii(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("Your neighbour asked us to call her on (646) 555-0143.", "(646) 555-0143"),
        ("The driver's cell is 773.555.0191.", "773.555.0191"),
        ("Please ring the depot manager at 312-555-0166.", "312-555-0166"),
    ],
)
def test_a_north_american_number_without_its_country_code_is_a_phone_number(sentence, number):
    assert _pii(sentence) == [number]


def test_the_customers_own_north_american_number_without_its_code_is_not():
    context = CONTEXT.model_copy(update={"customer": Customer(name="Emily Carter", phone="+1 646-555-0143")})
    text = EN.replace(ANCHOR, f"The courier will call you on (646) 555-0143. {ANCHOR}", 1)
    assert [f for f in check(text, context=context, rules=RULES) if f.rule == "HS016"] == []
