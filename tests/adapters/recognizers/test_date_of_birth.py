import pytest

from draftdesk.adapters.recognizers.date_of_birth import EnglishDateOfBirthRecognizer, JapaneseDateOfBirthRecognizer
from tests.adapters.recognizers.spans import found

JAPANESE = JapaneseDateOfBirthRecognizer(language="ja")
ENGLISH = EnglishDateOfBirthRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生年月日：1985年4月3日", ["1985年4月3日"]),
        ("誕生日は1990/12/24です", ["1990/12/24"]),
        ("生年月日 昭和55年3月3日", ["昭和55年3月3日"]),
        ("1979年8月30日生まれです", ["1979年8月30日"]),
        ("誕生日（2018年6月12日）", ["2018年6月12日"]),
        # plain dates are not personal
        ("2026年11月18日にお届け予定", []),
        ("2026/11/20 14:00頃に不在票", []),
        ("6月生まれの娘へ", []),
    ],
)
def test_japanese_dates_of_birth(text: str, expected: list[str]) -> None:
    assert found(JAPANESE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My date of birth is 04/03/1985.", ["04/03/1985"]),
        ("DOB: 1990-12-24", ["1990-12-24"]),
        ("I was born on March 3, 1979", ["March 3, 1979"]),
        ("Birthday: 12 June 2018", ["12 June 2018"]),
        ("It was supposed to arrive by 2026-11-18.", []),
        ("placed 11/15/2026", []),
    ],
)
def test_english_dates_of_birth(text: str, expected: list[str]) -> None:
    assert found(ENGLISH, text) == expected
