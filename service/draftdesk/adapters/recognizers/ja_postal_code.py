"""Japanese postal codes: 〒150-0001, 郵便番号1500001, or 150-0001 right before a prefecture."""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import NUMBER_END, RegexRecognizer, rule
from draftdesk.adapters.recognizers.places import PREFECTURE

_CODE = r"(?P<value>[0-9]{3}-?[0-9]{4})" + NUMBER_END


class JapanesePostalCodeRecognizer(RegexRecognizer):
    """Seven digits are everywhere (amounts, SKUs), so a code needs its mark or context:
    〒, 郵便番号(は/が) / 郵便 / ZIP, or the prefecture that follows it on an address line."""

    ENTITY = "POSTAL_CODE"
    RULES = (
        rule(r"(?:〒|郵便番号(?:は|が|：|:)?|郵便|[Zz][Ii][Pp])\s*[:：]?\s*" + _CODE, score=0.95),
        rule(r"(?<![0-9A-Za-z\-+])(?P<value>[0-9]{3}-?[0-9]{4})(?=[ \t]*\n?[ \t]*" + PREFECTURE + ")", score=0.85),
    )
