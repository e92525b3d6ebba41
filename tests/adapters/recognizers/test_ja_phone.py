import pytest

from draftdesk.adapters.recognizers.ja_phone import JapanesePhoneRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = JapanesePhoneRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("電話090-1234-5678です", ["090-1234-5678"]),
        ("携帯：09012345678", ["09012345678"]),
        ("０８０－９８７６－５４３２まで", ["０８０－９８７６－５４３２"]),
        ("070 1111 2222", ["070 1111 2222"]),
        ("自宅 03-3456-7890", ["03-3456-7890"]),
        ("(03)1234-5678にお電話を", ["(03)1234-5678"]),
        ("03(1234)5678", ["03(1234)5678"]),
        ("TEL 06-1234-5678", ["06-1234-5678"]),
        ("092-123-4567", ["092-123-4567"]),
        ("0120-123-456", []),  # toll-free: a business's number
        ("0800-123-4567", []),
        ("0570-064-123", []),
        ("+81 90 1234 5678", ["+81 90 1234 5678"]),
        ("+81-3-1234-5678", ["+81-3-1234-5678"]),
        ("090ー1234ー5678", ["090ー1234ー5678"]),
        # not phone numbers: order, tracking, SKU, dates, amounts, postal codes
        ("注文番号HM-24-00123", []),
        ("追跡番号4512-3456-7890", []),
        ("お問い合わせ番号 0123-4567-8901", []),
        ("SKU TEA-0312345678", []),
        ("2026-11-20に発送", []),
        ("合計 12,960円", []),
        ("〒150-0001", []),
        ("09012345678901", []),
    ],
)
def test_japanese_phone_numbers(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
