import pytest

from draftdesk.adapters.recognizers.en_person import EnglishPersonRecognizer, SpacyPersonRecognizer
from tests.adapters.recognizers.spans import found, found_with_tokens

PATTERNS = EnglishPersonRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks,\nJohn Smith", ["John Smith"]),
        ("Best regards,\nEmily Clarke\nemily@example.com", ["Emily Clarke"]),
        ("Cheers,\nLiam O'Connor", ["Liam O'Connor"]),
        ("Mr. Brown told me", ["Brown"]),
        ("Ms Patel approved it", ["Patel"]),
        ("Hi, this is Sarah Connor.", ["Sarah Connor"]),
        ("My name is Ahmed Hassan and", ["Ahmed Hassan"]),
        ("-- Olivia", ["Olivia"]),
        ('Write "Happy Birthday Lily" on the gift card', ["Lily"]),
        ("Love from Grandma Rose", ["Grandma Rose"]),
        ("I am writing about my order", []),
        ("Thanks for the quick reply.", []),
    ],
)
def test_name_patterns(text: str, expected: list[str]) -> None:
    assert found(PATTERNS, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My wife Anna Schmidt will receive the package.", ["Anna Schmidt"]),
        ("Order HM-24-01234, 3 items, total $72.50.", []),
        ("Reach me at jim@example.co.uk.\nCheers,\nJim O'Neill", ["jim@example.co.uk", "Jim O'Neill"]),  # not "Cheers"
    ],
)
def test_spacy_names_without_digits(text: str, expected: list[str]) -> None:
    assert found_with_tokens(SpacyPersonRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "not_people"),
    [
        ("Dear Sir or Madam,\nI wish to complain.", {"Madam"}),
        ("Place: Utrecht\nTel: 06 1234 5678", {"Utrecht\nTel", "Tel"}),
        ("Rue Saint-Jacques, 69002 Lyon. Tel 04 78 42 19 66.", {"Tel"}),
        ("NY 11209\n(718) 555-0143\nGift message: \"Happy Eid\"", {"Gift"}),
    ],
)
def test_form_and_letter_words_are_no_people(text: str, not_people: set[str]) -> None:
    """The small model reads these as people; no word of them belongs to a name."""
    assert not set(found_with_tokens(SpacyPersonRecognizer(), text)) & not_people


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("The Lady Grey tins arrived dented.", "Lady Grey"),
        ("Ruth dear, the Earl Grey came but no Earl Grey Cream.", "Earl Grey"),
        ("Please bill Fernández Consulting SL for it.", "Fernández Consulting SL"),
    ],
)
def test_spacy_hits_that_are_things(text: str, thing: str) -> None:
    assert thing not in found_with_tokens(SpacyPersonRecognizer(), text)
