import pytest

from service.adapters.recognizers.en_phone import EnglishLocalPhoneRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = EnglishLocalPhoneRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My phone is 555-0134 (US).", ["555-0134"]),
        ("call me on 555 0199", ["555 0199"]),
        ("Order 555-0134 arrived", []),
        ("tracking 4512-3456-7890", []),
    ],
)
def test_local_phone_numbers(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
