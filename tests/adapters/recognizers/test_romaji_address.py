import pytest

from draftdesk.adapters.recognizers.romaji_address import RomajiAddressRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = RomajiAddressRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typed on a phone: lower case, no commas, the flat at the end
        ("new address 1-14-7 ebisu shibuya-ku tokyo 150-0013 apt 1203 thanks", ["1-14-7 ebisu shibuya-ku tokyo 150-0013 apt 1203"]),
        ("pls send to 4-2 tenjin chuo-ku fukuoka", ["4-2 tenjin chuo-ku"]),
        # Japanese order, every level written, suffixes joined or hyphenated
        ("Ship to Hokkaido Sapporo-shi Kita-ku Kita 8-jo Nishi 5-chome 2-14 please",
         ["Hokkaido Sapporo-shi Kita-ku Kita 8-jo Nishi 5-chome 2-14"]),
        ("住所 osakafu sakaishi kitaku nagasone 3-12-1 です", ["osakafu sakaishi kitaku nagasone 3-12-1"]),
        # not addresses: a ward and a date, a block number alone, a word ending in -ku that is English
        ("we were in Shibuya-ku on 12-24 for the holidays", []),
        ("order 4-12-3 was short one tin", []),
        ("Sudoku 3-4 is my favourite", []),
    ],
)
def test_romaji_addresses(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
