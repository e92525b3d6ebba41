"""Dates of birth. A plain date is an order or delivery date and stays; only a date
introduced as a birth date (生年月日, 誕生日, date of birth, born on) is personal."""

from __future__ import annotations

import re

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule

_JA_DATE = (
    r"(?:[0-9]{4}|(?:昭和|平成|令和|[SHR])[0-9]{1,2})\s?[年/.\-]\s?[0-9]{1,2}\s?[月/.\-]\s?[0-9]{1,2}日?"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_EN_DATE = (
    rf"(?:[0-9]{{1,2}}[/.\-][0-9]{{1,2}}[/.\-][0-9]{{2,4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"
    rf"|{_MONTH}\s[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s[0-9]{{4}}|[0-9]{{1,2}}(?:st|nd|rd|th)?\s{_MONTH}\s[0-9]{{4}})"
)


class JapaneseDateOfBirthRecognizer(RegexRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    RULES = (
        rule(rf"(?:生年月日|誕生日|生まれ)[^0-9\n]{{0,6}}(?P<value>{_JA_DATE})", score=0.9),
        rule(rf"(?P<value>{_JA_DATE})\s?(?:生まれ|生)(?![0-9])", score=0.9),
    )


class EnglishDateOfBirthRecognizer(RegexRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    RULES = (
        rule(
            rf"(?:date\sof\sbirth|D\.?O\.?B\.?|born(?:\son)?|birthday)[^0-9A-Za-z\n]{{0,4}}(?:is\s)?(?P<value>{_EN_DATE})",
            score=0.9,
            flags=re.IGNORECASE,
        ),
    )
