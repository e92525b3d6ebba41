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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a code abroad once the text calls it a 郵便番号, in the country's own shape
        ("住所は上の通りです。\n郵便番号：94110\nアメリカ", ["94110"]),
        ("郵便番号 SW1A 2AA\nイギリス", ["SW1A 2AA"]),
        ("シドニー（郵便番号 2000）まで送れますか", ["2000"]),
        ("郵便番号 238801\nシンガポール", ["238801"]),
        # a few words between the word and the code; the corrected code after the wrong one
        ("郵便番号を書き間違えました！100-0005ではなく100-0004です。", ["100-0005", "100-0004"]),
        # the word without a code, then another number
        ("郵便番号は必要ですか？注文番号 552211 です", []),
        ("郵便番号と注文番号 552211 を書きました", []),
    ],
)
def test_postal_codes_named_as_such(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
