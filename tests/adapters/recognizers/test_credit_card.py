import pytest

from draftdesk.adapters.recognizers.credit_card import CardNumberRecognizer, card_spans
from draftdesk.text.mentions import is_card_number
from tests.adapters.recognizers.spans import found

RECOGNIZER = CardNumberRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カード番号4111 1111 1111 1111で", ["4111 1111 1111 1111"]),
        ("5555-5555-5555-4444", ["5555-5555-5555-4444"]),
        ("４２４２４２４２４２４２４２４２", ["４２４２４２４２４２４２４２４２"]),
        ("Amex 3782 822463 10005", ["3782 822463 10005"]),
        ("JCB 3530-1113-3330-0000", ["3530-1113-3330-0000"]),
        ("追跡番号4512-3456-7890", []),  # 12 digits
        ("下4桁1111のカード", []),
        ("Tracking 1Z999AA10123456784", []),
    ],
)
def test_card_numbers(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4111 1111 1111 1112", [("4111 1111 1111 1112", False)]),  # fails Luhn: a typo still goes nowhere
        ("card no. 4111-1111-1111-1112 exp 12/28", [("4111-1111-1111-1112", False)]),
        ("3782 822463 10006", [("3782 822463 10006", False)]),  # 4-6-5
        ("6011000990139425", [("6011000990139425", False)]),  # unbroken 16 digits
        ("4111 1111 1111 1111 123", [("4111 1111 1111 1111 123", False)]),  # 19 digits in fours
        ("my card 6759 6498 2643", [("6759 6498 2643", False)]),  # 12 digits after a card word
        ("カード番号は675964982643です", [("675964982643", False)]),
        ("Visa 4111111111111111", [("4111111111111111", True)]),
        ("追跡番号4512-3456-7890", []),  # Yamato's 4-4-4 without a card word
        ("tracking 123456789012345", []),  # FedEx 15 digits after a tracking word
        ("order 250-1234567-1234567", []),  # 3-7-7 is no card shape
        ("注文番号 123456-20261122-0000012345", []),
        ("お問い合わせ番号 1234567890123", []),
    ],
)
def test_card_shaped_runs_with_and_without_luhn(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(text[start:end], luhn) for start, end, luhn in card_spans(text)] == expected


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


@pytest.mark.parametrize(
    "text",
    [
        "card 4111.1111.1111.1111",
        "4111/1111/1111/1111",
        "4111 - 1111 - 1111 - 1111",
        "4111  1111  1111  1111",
        "4111_1111_1111_1111",
        "ご注文時に使ったのは 4111 1111 1111 1111 です。",  # a valid card after 注文 is still a card
    ],
)
def test_card_numbers_in_any_grouping_and_after_any_word(text: str) -> None:
    assert [luhn for _, _, luhn in card_spans(text)] == [True]
