"""Seven-digit local numbers (555-0134) that phonenumbers cannot place in a region:
only after a word that says it is a phone number. Full numbers are Presidio's
PhoneRecognizer (python-phonenumbers)."""

from __future__ import annotations

import re

from service.adapters.recognizers.base import NUMBER_END, RegexRecognizer, rule


class EnglishLocalPhoneRecognizer(RegexRecognizer):
    ENTITY = "PHONE_NUMBER"
    RULES = (
        rule(
            r"(?:phone|tel|mobile|cell|call|text|number)[^0-9\n]{0,12}(?<![0-9\-])(?P<value>[0-9]{3}[\-.\s][0-9]{4})"
            + NUMBER_END,
            score=0.6,
            flags=re.IGNORECASE,
        ),
    )
