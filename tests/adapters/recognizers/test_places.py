import pytest

from draftdesk.adapters.recognizers.en_person import SpacyPersonRecognizer
from draftdesk.adapters.recognizers.places import a_place
from tests.adapters.recognizers.spans import found_with_tokens


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # countries and cities, in English and katakana, whole or a word of them, joined by a middle dot
        ("Can you ship to Marrakesh or Casablanca?", "Casablanca", True),
        ("we live near Rio de Janeiro now", "Rio de Janeiro", True),
        ("do you deliver to Kuala Lumpur?", "Lumpur", True),
        ("a parcel stuck at the Warsaw depot", "Warsaw depot", True),
        ("ベトナム・ハノイの友人へ", "ベトナム・ハノイ", True),
        ("ストックホルムの住所です", "ストックホルム", True),
        # people: names that are also places stay names; names with no place in them
        ("Love, Florence", "Florence", False),
        ("Regards, Victoria Lam", "Victoria Lam", False),
        ("ship to Ines Moreau please", "Ines Moreau", False),
        ("宛名はマリア・ロペス", "マリア・ロペス", False),
    ],
)
def test_places_are_not_people(text: str, value: str, expected: bool) -> None:
    start = text.index(value)
    assert a_place(text, start, start + len(value)) is expected


def test_spacy_person_hits_on_places_are_dropped() -> None:
    text = "Hi, is shipping free to Okinawa? And to Abu Dhabi? Thanks, Rahul Mehta"
    assert "Okinawa" not in found_with_tokens(SpacyPersonRecognizer(), text)
    assert "Abu Dhabi" not in found_with_tokens(SpacyPersonRecognizer(), text)
