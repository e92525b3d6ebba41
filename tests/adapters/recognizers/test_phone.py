import pytest

from draftdesk.adapters.recognizers.phone import PhoneNumberRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = PhoneNumberRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on +41 (0)96 471 07 95 please", ["+41 (0)96 471 07 95"]),
        ("Phone +1-984-182-0190.", ["+1-984-182-0190"]),
        ("my number is 9472 7916", ["9472 7916"]),  # national, no region said
        ("tel: (020) 7946 0018 15 Nov", ["(020) 7946 0018"]),  # the date's day is not part of it
        ("ring 030 901820 after six", ["030 901820"]),
        ("0049 30 901820", ["0049 30 901820"]),
        ("mobile: 07700 900123", ["07700 900123"]),
        ("(555) 555-0134", ["(555) 555-0134"]),
        ("06 12 34 56 78", ["06 12 34 56 78"]),
        ("tel 11 91234-5678", ["11 91234-5678"]),
        ("電話番号は090-1234-5678です", ["090-1234-5678"]),
        ("010-1234-5678로 연락 주세요", ["010-1234-5678"]),
        ("+82 10-1234-5678", ["+82 10-1234-5678"]),
        ("My phone is 555-0134 (US).", ["555-0134"]),
        ("Tel: +54 9 3955 2279\nSubject:", ["+54 9 3955 2279"]),  # "+CC" and 8-15 digits is a phone by shape
        ("+93(8)0475158795", ["+93(8)0475158795"]),  # a trunk prefix in brackets
        ("Sanne Jessen\n888-919-0826", ["888-919-0826"]),  # toll-free, but nothing says it is a business's
        ("call me on +44 808 157 0770", ["+44 808 157 0770"]),
    ],
)
def test_phone_numbers_of_many_regions(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tracking 4512-3456-7890",
        "返品の送り状番号は 3344-5566-7788 です。",
        "Order HM-24-00123 on 2026-11-20 cost $48.00",
        "2026/11/20 14:00頃に不在票が入っていました。",
        "〒150-0001 東京都渋谷区",
        "order #1001 and 250-1234567-1234567",
        "card 4111 1111 1111 1111",
        "from 192.168.10.20 yesterday",
        "フリーダイヤル0120-123-456に電話しました",  # a business's toll-free number
        "Call 1-800-356-9377 (toll free)",
        "ヤマト運輸のサポートセンター 0120-01-9625 に電話しました",
        "マイナンバー 1234 5678 9018",
        "I ordered 1234567 units",  # digits without punctuation need a phone word
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert found(RECOGNIZER, text) == []
