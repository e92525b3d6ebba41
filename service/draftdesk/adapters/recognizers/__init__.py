"""The one list of Draftdesk's own recognizers, per language.

Add a recognizer by writing its module and naming it here. English also gets
Presidio's predefined offline recognizers (phone via phonenumbers, IBAN, IP), wired
in `draftdesk.adapters.presidio_redactor`.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from draftdesk.adapters.recognizers.bank_account import (
    EnglishBankAccountRecognizer,
    JapaneseAccountHolderRecognizer,
    JapaneseBankAccountRecognizer,
)
from draftdesk.adapters.recognizers.credit_card import CardNumberRecognizer
from draftdesk.adapters.recognizers.date_of_birth import EnglishDateOfBirthRecognizer, JapaneseDateOfBirthRecognizer
from draftdesk.adapters.recognizers.email import EmailAddressRecognizer
from draftdesk.adapters.recognizers.en_address import EnglishAddressRecognizer, UkCanadaPostcodeRecognizer, NamedPostcodeRecognizer
from draftdesk.adapters.recognizers.en_person import EnglishPersonRecognizer, SpacyPersonRecognizer
from draftdesk.adapters.recognizers.ja_address import JapaneseAddressRecognizer
from draftdesk.adapters.recognizers.ja_person import JapanesePersonRecognizer
from draftdesk.adapters.recognizers.ja_phone import JapanesePhoneRecognizer
from draftdesk.adapters.recognizers.latin_names import LatinNameRecognizer
from draftdesk.adapters.recognizers.name_shapes import NameShapeRecognizer
from draftdesk.adapters.recognizers.ja_postal_code import JapanesePostalCodeRecognizer
from draftdesk.adapters.recognizers.street_address import StreetAddressRecognizer
from draftdesk.adapters.recognizers.my_number import MyNumberRecognizer
from draftdesk.adapters.recognizers.phone import PhoneNumberRecognizer
from draftdesk.adapters.recognizers.romaji_address import RomajiAddressRecognizer
from draftdesk.adapters.recognizers.spelled_phone import SpelledPhoneRecognizer


def japanese_recognizers() -> list[EntityRecognizer]:
    return [
        JapanesePersonRecognizer(),
        JapanesePhoneRecognizer(language="ja"),
        PhoneNumberRecognizer(language="ja"),
        JapanesePostalCodeRecognizer(language="ja"),
        # A code abroad after its own country's word (PSČ：602 00, CPA C1425BUP, PIN 400050).
        NamedPostcodeRecognizer(language="ja"),
        JapaneseAddressRecognizer(language="ja"),
        MyNumberRecognizer(language="ja"),
        JapaneseBankAccountRecognizer(language="ja"),
        JapaneseAccountHolderRecognizer(language="ja"),
        CardNumberRecognizer(language="ja"),
        EmailAddressRecognizer(language="ja"),
        JapaneseDateOfBirthRecognizer(language="ja"),
        # English sign-offs and titles turn up in Japanese mail ("Best regards, John Smith").
        EnglishPersonRecognizer(language="ja"),
        LatinNameRecognizer(language="ja"),
        StreetAddressRecognizer(language="ja"),
        SpelledPhoneRecognizer(language="ja"),
        RomajiAddressRecognizer(language="ja"),
        NameShapeRecognizer(language="ja"),
    ]


def english_recognizers() -> list[EntityRecognizer]:
    return [
        SpacyPersonRecognizer(),
        EnglishPersonRecognizer(language="en"),
        LatinNameRecognizer(language="en"),
        EnglishAddressRecognizer(language="en"),
        StreetAddressRecognizer(language="en"),
        UkCanadaPostcodeRecognizer(language="en"),
        NamedPostcodeRecognizer(language="en"),
        PhoneNumberRecognizer(language="en"),
        EnglishBankAccountRecognizer(language="en"),
        CardNumberRecognizer(language="en"),
        EmailAddressRecognizer(language="en"),
        EnglishDateOfBirthRecognizer(language="en"),
        # Japanese numbers and addresses turn up in English mail to Japanese shops.
        JapanesePhoneRecognizer(language="en"),
        JapanesePostalCodeRecognizer(language="en"),
        JapaneseAddressRecognizer(language="en"),
        SpelledPhoneRecognizer(language="en"),
        RomajiAddressRecognizer(language="en"),
        NameShapeRecognizer(language="en"),
    ]
