import pytest

from draftdesk.adapters.recognizers.ja_postal_code import JapanesePostalCodeRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = JapanesePostalCodeRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("〒150-0001 東京都渋谷区", ["150-0001"]),
        ("〒１５０－０００１", ["１５０－０００１"]),
        ("〒 530-0001", ["530-0001"]),
        ("郵便番号1600022です", ["1600022"]),
        ("郵便番号：812-0011", ["812-0011"]),
        ("150-0001 東京都渋谷区神宮前1-2-3", ["150-0001"]),
        ("530-0001\n大阪府大阪市北区", ["530-0001"]),
        # seven digits that are not postal codes
        ("注文番号 123-4567 の件", []),
        ("受付番号 A-5521", []),
        ("追跡番号4512-3456-7890", []),
        ("090-1234-5678", []),
        ("合計1500001円", []),
    ],
)
def test_japanese_postal_codes(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
