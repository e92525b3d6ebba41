import pytest

from draftdesk.adapters.recognizers.latin_names import LatinNameRecognizer
from tests.adapters.recognizers.spans import found

ENGLISH = LatinNameRecognizer(language="en")
JAPANESE = LatinNameRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please deliver to Priya Raman at the front desk.", ["Priya Raman"]),  # lexicon + capitals
        ("Hi, Jürgen Müller here.", ["Jürgen Müller"]),
        ("Magnus is now asking where it is", ["Magnus"]),  # a known first name before a verb
        ("can you send it to mary jones instead", ["mary jones"]),  # lower-case chat after "to"
        ("my neighbour bob okafor took it", ["bob okafor"]),
        ("its a gift for arpağ so pls no prices", ["arpağ"]),  # a gift cue takes any word
        ('Write "Happy birthday Haroldo! Love, Oni"', ["Haroldo", "Oni"]),
        ("Name on card: CHARLIE MORRIS\nThanks", ["CHARLIE MORRIS"]),  # a label takes its line
        ("Account name Cochiti Meléndez, phone +52 55 1234 5678", ["Cochiti Meléndez"]),
        ("Thanks for the help.\n\nJen-Chieh Tsai", ["Jen-Chieh Tsai"]),  # a signature line
        ("tracking hasn't moved in 4 days. edward", ["edward"]),  # the last word of a chat
        ("can you help? - Sekine Tomoka", ["Sekine Tomoka"]),
        ("hi its tulio again lol", ["tulio"]),  # a rare word after "its"
        ("Hi Fuling,\n\nThanks for the order", ["Fuling"]),
    ],
)
def test_names_in_english_mail(text: str, expected: list[str]) -> None:
    assert found(ENGLISH, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Send it to London by Friday",  # a place after "to" needs a surname to be a name
        "I'm moving to Berlin next month.",
        "this is urgent, please reply",  # a common word after "this is"
        "I'm travelling next week.",
        "it's free shipping, right?",
        "Thanks for the quick reply.",
        "The Sencha arrived.",
        "card ending 1111",
        "London SW1A 1AA\nGB",  # two capitals alone on a line are no name
    ],
)
def test_sentences_without_names(text: str) -> None:
    assert found(ENGLISH, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Emily Clarkさんへのギフトです", ["Emily Clark"]),
        ("友人のMark Schwarzingerさんへのプレゼント", ["Mark Schwarzinger"]),  # no space before the name
        ("J. R. Smithさん", ["J. R. Smith"]),
    ],
)
def test_latin_names_in_japanese_mail(text: str, expected: list[str]) -> None:
    assert found(JAPANESE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Vietnamese letters (Latin Extended Additional) and a family name written first
        ("Please send it to:\nTrần Thị Mỹ Duyên\n5 Kings Road", ["Trần Thị Mỹ Duyên"]),
        ("Could you deliver it for Phạm Quốc Bảo next week?", ["Phạm Quốc Bảo"]),
        ("Recipient is Zhao Yunfei, office 3", ["Zhao Yunfei"]),
        ("It is on Park Avenue, next to the bank.", []),  # a common English word follows
        # hyphenated first names and particles inside a name
        ("The full name is Anne-Sophie van den Broek.", ["Anne-Sophie van den Broek"]),
        ("Regards - Nur Aisyah binti Rahman", ["Nur Aisyah binti Rahman"]),
        # short sign-offs before the last name, a slash before it
        ("That is all for now. Ta, Hamish", ["Hamish"]),
        ("Grazie mille, Giulia", ["Giulia"]),
        ("write to me at someone@example.org / Ingrid", ["Ingrid"]),
        # two first names sharing one surname
        ("Parcel for Kenji & Marta Ishikawa please", ["Kenji", "Marta Ishikawa"]),
        # context: apposition with a kinship word, staff "from your team", "the X family"
        ("Call my number (Oskar, my son) after six.", ["Oskar"]),
        ("Thank you, Imogen from your team sorted it out.", ["Imogen"]),
        ("Best wishes from the Abernathy family!", ["Abernathy"]),
        # labels: a delivery name, a title before a card-holder's name
        ("Delivery name: Võ Thanh Sơn\nStreet: 4 Elm Road", ["Võ Thanh Sơn"]),
        ("Name on card: MRS J OKONJO\nExpiry 04/29", ["J OKONJO"]),
        ("I know, but at work I go by Kit Harrow.", ["Kit Harrow"]),
        ("At work I go by June Okafor now.", ["June Okafor"]),  # a sentence word (June) with a surname, after a strong cue
        # a name quoted after what shows it; a product in quotes is none
        ('The doorbell label says "Szczepański", not mine.', ["Szczepański"]),
        ('tracking shows delivered to "T. Okonkwo-Obi" today', ["T. Okonkwo-Obi"]),
        ('the box says "Breakfast Blend" on the lid', []),
        # a known first name mid-sentence after "and"
        ("I called on Monday and Priyanka on Tuesday told me otherwise.", ["Priyanka"]),
    ],
)
def test_names_of_many_cultures(text: str, expected: list[str]) -> None:
    assert sorted(found(ENGLISH, text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a chat's speaker labels name the agent, and the chat says the name again
        ("Bot: connecting you\nDerek (agent): hi, Derek here\nyou: hi derek", ["Derek", "Derek", "derek"]),
        ("agent Ilona: restock is due monday\ncustomer: ok", ["Ilona"]),
        # a determiner makes a thing of a first name and a word; so does a company's legal form
        ("Please send the Earl Grey samples to our buyer.", []),
        ("Invoice to Harbour Lights Ltd, ref 4410.", []),
        ("Thanks from the Wickramasinghe family.", ["Wickramasinghe"]),
        # a mail header's To: naming a desk, not a person
        ("Sent: Monday\nTo: Accounts\nSubject: invoice", []),
        ("Sent: Monday\nTo: Lena Hoffmann\nSubject: invoice", ["Lena Hoffmann"]),
    ],
)
def test_names_by_the_shape_of_the_mail(text: str, expected: list[str]) -> None:
    assert found(ENGLISH, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name joined by "&", "and" or "or" to a name found: the card's signers, the people to ask
        ('Card: "Love, Nell & Ivy"', ["Nell", "Ivy"]),
        ("ask for Hamish or Faith on reception", ["Hamish", "Faith"]),
        # a name called at the start of a (quoted) line
        ("> Autumn, can you re-send the invoice?", ["Autumn"]),
        # a role with its holder in brackets; a carrier in brackets is none
        ("please tell the driver (Stuart) to collect it", ["Stuart"]),
        ("The courier (Yamato) could not find the building.", []),
        # the name on a card: capitals after "name", or between the number and the expiry
        ("Visa 4111 1111 1111 1111 exp 04/28, name K L OYELARAN.", ["K L OYELARAN"]),
        ("Amex: 378282246310005 / T. Brannigan / 09-27", ["T. Brannigan"]),
        # what the text says is a name: quoted, labelled in prose, or a field in another language
        ('"Florence" in my last mail was my name, not the city.', ["Florence"]),
        ('the buzzer is under "OKONKWO-BELL", not my first name', ["OKONKWO-BELL"]),
        ('DHL says delivered to "reception" but we have none', []),
        ("Surname Denver, first name Austin, both really", ["Denver", "Austin"]),
        ("Nom : Amélie Rousseau\nCourriel : a@b.fr", ["Amélie Rousseau"]),
        ("the set is for my mate Ruby bday", ["Ruby bday"]),  # a chat word more is masked, harmless
        ("it was delivered to Anil at the side door", ["Anil"]),
    ],
)
def test_names_words_and_fields(text: str, expected: list[str]) -> None:
    assert found(ENGLISH, text) == expected
