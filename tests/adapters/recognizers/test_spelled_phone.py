import pytest

from draftdesk.adapters.recognizers.spelled_phone import SpelledPhoneRecognizer
from tests.adapters.recognizers.spans import found


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "ring me on zero eight zero, one one two two, three four five six thanks",
         ["zero eight zero, one one two two, three four five six"]),
        ("en", "Mobile: oh seven nine double-one, two three four, five six seven", ["oh seven nine double-one, two three four, five six seven"]),
        ("en", "It's plus four four, seven seven zero zero, nine hundred, one two three.", ["plus four four, seven seven zero zero, nine hundred, one two three"]),
        ("ja", "番号はゼロキュウゼロ、いちいちにに、さんさんよんよんです", ["ゼロキュウゼロ、いちいちにに、さんさんよんよん"]),
        ("ja", "連絡先 〇六‐六二一二‐三四五六 まで", ["〇六‐六二一二‐三四五六"]),
        ("ja", "携帯は〇八〇ー二二三三ー四四五五", ["〇八〇ー二二三三ー四四五五"]),
        # not phone numbers: counts, addresses, words that hold a digit's reading
        ("en", "one or two tins, maybe three", []),
        ("en", "I ordered five, got four, and two were dented", []),
        ("ja", "東京都港区三丁目一二番地", []),
        ("ja", "いちごを二つ、さんまを三匹", []),
        ("ja", "一二三四五六七八九", []),  # nine digits: no whole number
    ],
)
def test_spelled_phone_numbers(language: str, text: str, expected: list[str]) -> None:
    assert found(SpelledPhoneRecognizer(language=language), text) == expected
