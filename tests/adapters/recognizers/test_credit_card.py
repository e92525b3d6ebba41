import pytest

from service.adapters.recognizers.credit_card import LuhnCardRecognizer
from service.pipeline.mentions import is_card_number
from tests.adapters.recognizers.spans import found

RECOGNIZER = LuhnCardRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カード番号4111 1111 1111 1111で", ["4111 1111 1111 1111"]),
        ("5555-5555-5555-4444", ["5555-5555-5555-4444"]),
        ("４２４２４２４２４２４２４２４２", ["４２４２４２４２４２４２４２４２"]),
        ("Amex 3782 822463 10005", ["3782 822463 10005"]),
        ("JCB 3530-1113-3330-0000", ["3530-1113-3330-0000"]),
        ("4111 1111 1111 1112", []),  # fails Luhn
        ("追跡番号4512-3456-7890", []),  # 12 digits
        ("下4桁1111のカード", []),
        ("Tracking 1Z999AA10123456784", []),
    ],
)
def test_card_numbers(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("0", False),  # passes Luhn, too short for a card
        ("41111111111111111110", False),  # 20 digits
        ("4111-1111-1111-1111", False),  # digits only
    ],
)
def test_card_number_is_luhn_and_13_to_19_digits(digits: str, valid: bool) -> None:
    assert is_card_number(digits) is valid
