import pytest

from draftdesk.adapters.recognizers.my_number import MyNumberRecognizer, my_number_check_digit
from tests.adapters.recognizers.spans import found

RECOGNIZER = MyNumberRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("マイナンバー1234 5678 9018です", ["1234 5678 9018"]),
        ("個人番号：987654321093", ["987654321093"]),
        ("マイナンバーカードの番号は２０２３－１１１５－０７０９", ["２０２３－１１１５－０７０９"]),
        ("マイナンバー 1234 5678 9017", []),  # wrong check digit
        ("追跡番号 1234-5678-9018", []),  # valid digits, but not called a My Number
        ("マイナンバー 1234 5678 90189", []),  # 13 digits
    ],
)
def test_my_numbers(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(("first_eleven", "check"), [("12345678901", 8), ("98765432109", 3), ("27182818284", 0)])
def test_check_digit(first_eleven: str, check: int) -> None:
    assert my_number_check_digit(first_eleven) == check
