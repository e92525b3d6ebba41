import pytest

from draftdesk.adapters.recognizers.street_address import StreetAddressRecognizer
from tests.adapters.recognizers.spans import found

ADDRESS = StreetAddressRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send it to 742 Evergreen Terrace, Springfield, IL 62704 instead", ["742 Evergreen Terrace, Springfield, IL 62704"]),
        ("Flat 3, 12 High Street\nLondon SW1A 1AA", ["Flat 3, 12 High Street\nLondon SW1A 1AA"]),
        ("deliver to 3804 walker cape, east kimberly, sk m8y9p4 thx", ["3804 walker cape, east kimberly, sk m8y9p4"]),
        ("My address is:\nPSC 4796, Box 4045\nAPO AE 93226\nName: Bartek", ["PSC 4796, Box 4045\nAPO AE 93226"]),
        ("Billing: Hídházai tér 152., H-4202 Kismellékvára", ["Hídházai tér 152., H-4202 Kismellékvára"]),
        ("Shipping: ul. Pułaskiego 42/9, 00-950 Warszawa", ["ul. Pułaskiego 42/9, 00-950 Warszawa"]),
        ("Please ship it to:\navenue Margaud Leblanc\n19615 Sainte Éléonore-sur-Mer\nand don't include the invoice",
         ["avenue Margaud Leblanc\n19615 Sainte Éléonore-sur-Mer"]),
        ("i'm at drumul stan, simleu silvaniei, 395215. order dp-26-98825", ["drumul stan, simleu silvaniei, 395215"]),
        ("forgot my flat number, it's Nancybaan 40, 2382 Woesten. sorry!", ["Nancybaan 40, 2382 Woesten"]),
        ("Strada Mastroianni, 947, 95128, Catania (CT)", ["Strada Mastroianni, 947, 95128, Catania (CT)"]),
        ("Budějovická 63, 774 95 Přelouč", ["Budějovická 63, 774 95 Přelouč"]),
        ("お届け先はVerkkopolku 912, 46413 Sundです", ["Verkkopolku 912, 46413 Sund"]),  # glued to Japanese
        # a romanised Kyoto street name (-dori) with its crossing and town
        ("送り先：Kyoto-shi Nakagyo-ku Takakura-dori Nishikikoji Agaru Sakaimachi 45\n名前", ["Kyoto-shi Nakagyo-ku Takakura-dori Nishikikoji Agaru Sakaimachi 45"]),
        ("sending to 510 potter run suite 549, new rachelton, ct 46061.", ["510 potter run suite 549, new rachelton, ct 46061"]),
    ],
)
def test_street_addresses_of_many_countries(text: str, expected: list[str]) -> None:
    assert found(ADDRESS, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I ordered 5 bags of Hojicha for $45.",
        "Hello, this is James Wilson. I ordered 2 x Sencha 100g (SKU TEA-01) on Nov 15.",
        "Order HM-24-01234, 3 items, total $72.50",
        "The tracking number 4512-3456-7890 shows no updates since November 16.",
        "Please ring (555) 010-9999 when you arrive.",  # a phone is no house number
        "Card number: 4111 1111 1111 1111, expiry 12/28.",
        "Our zip code is 94103.",
        "I paid with the card ending 1111, order DZ-25-63037, USD 120.97, paid on 11/10",
    ],
)
def test_numbers_that_are_not_addresses(text: str) -> None:
    assert found(ADDRESS, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit or number word before its number opens the address: No. 12, No: 312, Shop 3, Blk 218
        ("Ship to No. 7, 2nd Main Road, Jayanagar, Bengaluru 560011. Thanks", ["No. 7, 2nd Main Road, Jayanagar, Bengaluru 560011"]),
        ("Adres: Atatürk Caddesi No: 45 Daire 3, 35210 Konak/İzmir", ["Atatürk Caddesi No: 45 Daire 3, 35210 Konak/İzmir"]),
        ("deliver to Shop 3, G/F, 12 Temple Street, Yau Ma Tei, Kowloon", ["Shop 3, G/F, 12 Temple Street, Yau Ma Tei, Kowloon"]),
        # street words of Indonesia, Vietnam, Iceland, England (Brow); a German street opening with Am
        ("New: Jl. Merdeka No. 21, Bandung 40117", ["Jl. Merdeka No. 21, Bandung 40117"]),
        ("Please ship to Số 5 Ngõ 12 Phố Hàng Bông, Hoàn Kiếm", ["Số 5 Ngõ 12 Phố Hàng Bông, Hoàn Kiếm"]),
        ("Address: Grensásvegur 12\nPostcode: 108", ["Grensásvegur 12"]),
        ("Delivery: Hauptplatz 2, Am Mühlbach 7a, 6020 Innsbruck", ["Hauptplatz 2, Am Mühlbach 7a, 6020 Innsbruck"]),
        ("the house is 9 Lansdown Brow, Bath. Sorry", ["9 Lansdown Brow, Bath"]),
        # a house's name after "The" joins the address
        ("Flat 2, The Old Bakery, 5 Quay Street, Galway", ["Flat 2, The Old Bakery, 5 Quay Street, Galway"]),
        # a city that is its country, before its postcode
        ("Block 5 Marine Parade Road, #03-11, Singapore 440005", ["Block 5 Marine Parade Road, #03-11, Singapore 440005"]),
        # a unit word and a number alone are no address; nor a card's first or last digits
        ("Order no. 12345 has not arrived", []),
        ("the courier says it is Unit 6. Just so you know.", []),
        ("It's a Visa card starting 4929, ends 7720.", []),
        # glued to a Japanese label or colon, the street's abbreviation stays: ul., Av., Jl., Mah./Cad., Brgy.
        ("送り先：ul. Długa 17 m. 4, 80-827 Gdańsk", ["ul. Długa 17 m. 4, 80-827 Gdańsk"]),
        ("住所：Av. Insurgentes Sur 1602, Col. Crédito Constructor\n市：CDMX", ["Av. Insurgentes Sur 1602, Col. Crédito Constructor"]),
        ("住所：Bağdat Cad. No: 210 D: 5, Kadıköy\n郵便番号：34728", ["Bağdat Cad. No: 210 D: 5, Kadıköy"]),
        ("住所：Purok 3, Brgy. San Roque, Marikina\n受取人：", ["Purok 3, Brgy. San Roque, Marikina"]),
        # an address field is evidence enough for a street without a street word
        ("【フォーム】\n住所：Zahradní 8\n市：Plzeň", ["Zahradní 8"]),
        ("Address line 1: Kirkegårdsbakken 4", ["Kirkegårdsbakken 4"]),
        # an address field holding an order or a product is no address
        ("住所：注文番号 55120 と同じ", []),
        ("Address: same as order 55120", []),
    ],
)
def test_addresses_of_more_countries(text: str, expected: list[str]) -> None:
    assert found(ADDRESS, text) == expected
