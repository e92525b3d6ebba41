import pytest

from draftdesk.adapters.recognizers.en_address import (
    EnglishAddressRecognizer,
    UkCanadaPostcodeRecognizer,
    NamedPostcodeRecognizer,
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
        # post-office boxes and private bags with their town
        ("Send it to P.O. Box 30197-00100, Nairobi please", ["P.O. Box 30197-00100, Nairobi"]),
        ("PMB 1025, Port Harcourt 500001", ["PMB 1025, Port Harcourt 500001"]),
        ("po box 7781, Gaborone", ["po box 7781, Gaborone"]),
        ("box 12 was dented, order 55120", []),
        ("Private Bag of tea, 3 tins", []),
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
        (NamedPostcodeRecognizer(language="en"), "Our zip code is 94103.", ["94103"]),
        (NamedPostcodeRecognizer(language="en"), "total 94103 points", []),
        (NamedPostcodeRecognizer(language="en"), "My postcode is 2000, Sydney.", ["2000"]),
        (NamedPostcodeRecognizer(language="en"), "The post code on the label is wrong, it should be 10115.", ["10115"]),
        (NamedPostcodeRecognizer(language="en"), "PLZ 80331 München", ["80331"]),
        (NamedPostcodeRecognizer(language="en"), "Eircode: D02 X285, Dublin", ["D02 X285"]),
        (NamedPostcodeRecognizer(language="en"), "zip is 02139-4307 now", ["02139-4307"]),
        # the word for postcode in the customer's own language
        (NamedPostcodeRecognizer(language="en"), "Lima. Código postal 15074. Gracias", ["15074"]),
        (NamedPostcodeRecognizer(language="en"), "Codice postale 20121, Milano", ["20121"]),
        (NamedPostcodeRecognizer(language="en"), "kod pocztowy 00-950", ["00-950"]),
        (NamedPostcodeRecognizer(language="en"), "postcode 114 55 (Stockholm)", ["114 55"]),
        (NamedPostcodeRecognizer(language="en"), "The old postcode was wrong. Mine is v5k 0a1 instead", ["v5k 0a1"]),
        (NamedPostcodeRecognizer(language="en"), "Do you ship to 4000? Or only within Japan?", ["4000"]),
        (NamedPostcodeRecognizer(language="en"), "Could you deliver the kyusu to 2640?", ["2640"]),
        (NamedPostcodeRecognizer(language="en"), "Can you ship 3 of them to me?", []),
        (NamedPostcodeRecognizer(language="en"), "Please send it to room 12?", []),
        (NamedPostcodeRecognizer(language="en"), "The zip code field was empty, order HM-24-00012", []),
        (NamedPostcodeRecognizer(language="en"), "the postal code is fine but I paid 3,300 yen", []),
        (NamedPostcodeRecognizer(language="en"), "thanks for the zip file, version 2.1", []),
        # the cues of more countries: Mexico, Argentina, Czechia, Indonesia, India; in Japanese mail too
        (NamedPostcodeRecognizer(language="en"), "Is C.P. 06700 in the zone?", ["06700"]),
        (NamedPostcodeRecognizer(language="en"), "CPA: X5000HJK, Córdoba", ["X5000HJK"]),
        (NamedPostcodeRecognizer(language="en"), "PSC 811 01 Bratislava", ["811 01"]),
        (NamedPostcodeRecognizer(language="en"), "kode pos 80361, Bali", ["80361"]),
        (NamedPostcodeRecognizer(language="en"), "Deliver to PIN 560034 please", ["560034"]),
        (NamedPostcodeRecognizer(language="ja"), "住所：Vinohradská 12\nPSČ：130 00\n市：Praha", ["130 00"]),
        (NamedPostcodeRecognizer(language="ja"), "バンガロール、PIN 560034。", ["560034"]),
        (NamedPostcodeRecognizer(language="en"), "my card pin 1234 was refused", []),
        (NamedPostcodeRecognizer(language="en"), "PIN 4021 please", []),
        (NamedPostcodeRecognizer(language="en"), "our CPA will check invoice 2024-118", []),
    ],
)
def test_postcodes(recognizer: NamedPostcodeRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected
