import pytest

from draftdesk.adapters.recognizers.en_address import (
    EnglishAddressRecognizer,
    UkCanadaPostcodeRecognizer,
    UsZipCodeRecognizer,
)
from tests.adapters.recognizers.spans import found

ADDRESS = EnglishAddressRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send it to 742 Evergreen Terrace, Springfield, IL 62704 instead", ["742 Evergreen Terrace, Springfield, IL 62704"]),
        ("Flat 3, 12 High Street\nLondon SW1A 1AA", ["Flat 3, 12 High Street\nLondon SW1A 1AA"]),
        ("500 Oak Avenue, Apt 4B, Portland, OR 97205", ["500 Oak Avenue, Apt 4B, Portland, OR 97205"]),
        ("I live at 221B Baker Street, London NW1 6XE.", ["221B Baker Street, London NW1 6XE"]),
        ("it was left at 14 Maple Drive, but", ["14 Maple Drive"]),
        ("Deliver to Tokyo-to, Shibuya-ku, Jingumae 1-2-3", ["Tokyo-to, Shibuya-ku, Jingumae 1-2-3"]),
        ("1-2-3 Jingumae, Shibuya-ku, Tokyo 150-0001", ["1-2-3 Jingumae, Shibuya-ku, Tokyo 150-0001"]),
        ("My new address is 55 Rue de Rivoli, Paris, France.", ["55 Rue de Rivoli"]),
        ("Via della Spiga 12? No: 12 Via della Spiga, Milano", ["12 Via della Spiga"]),
        ("Hauptstraße 5, 10115 Berlin", ["Hauptstraße 5"]),
        ("I ordered 5 bags of Hojicha for $45.", []),
        ("I ordered 3 Rue items", []),
        ("It hasn't arrived at 742 Evergreen Terrace. Call me on", ["742 Evergreen Terrace."]),  # not "Call"
        ("12 Main Street Portland OR 97205", ["12 Main Street Portland OR 97205"]),
        ("Order HM-24-01234, 3 items, total $72.50", []),
        ("I bought 2-3 Items", []),
    ],
)
def test_street_addresses(text: str, expected: list[str]) -> None:
    assert found(ADDRESS, text) == expected


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        (UkCanadaPostcodeRecognizer(language="en"), "My postcode is EC1A 1BB.", ["EC1A 1BB"]),
        (UkCanadaPostcodeRecognizer(language="en"), "postal code is K1A 0B1", ["K1A 0B1"]),
        (UkCanadaPostcodeRecognizer(language="en"), "SKU TEA-01 and HOJ-200", []),
        (UsZipCodeRecognizer(language="en"), "Our zip code is 94103.", ["94103"]),
        (UsZipCodeRecognizer(language="en"), "total 94103 points", []),
    ],
)
def test_postcodes(recognizer: UsZipCodeRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected
