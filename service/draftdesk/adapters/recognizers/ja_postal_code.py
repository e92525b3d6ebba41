"""Japanese postal codes: 〒150-0001, 郵便番号1500001, or 150-0001 right before a prefecture;
and any country's code once the text calls it a 郵便番号 (郵便番号：95118, 郵便番号 W8 4PZ)."""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import NUMBER_END, RegexRecognizer, rule
from draftdesk.adapters.recognizers.en_address import POSTCODE_VALUE
from draftdesk.adapters.recognizers.places import PREFECTURE

_CODE = r"(?P<value>[0-9]{3}-?[0-9]{4})" + NUMBER_END


class JapanesePostalCodeRecognizer(RegexRecognizer):
    """Seven digits are everywhere (amounts, SKUs), so a code needs its mark or context:
    〒, 郵便番号(は/が) / 郵便 / ZIP, or the prefecture that follows it on an address line."""

    ENTITY = "POSTAL_CODE"
    RULES = (
        rule(r"(?:〒|郵便番号(?:は|が|：|:)?|郵便|[Zz][Ii][Pp])\s*[:：]?\s*" + _CODE, score=0.95),
        rule(r"(?<![0-9A-Za-z\-+])(?P<value>[0-9]{3}-?[0-9]{4})(?=[ \t]*\n?[ \t]*" + PREFECTURE + ")", score=0.85),
        # A code abroad after the word, or a few words on (郵便番号を間違えました！810-0041).
        rule(r"(?:郵便番号|ポストコード|郵便)(?:(?!番号)[^0-9\n。？?]){0,12}?(?P<value>" + POSTCODE_VALUE + ")", score=0.9),
        # The corrected code after the wrong one: 810-0041ではなく810-0014
        rule(r"[0-9]{3}-?[0-9]{4}(?:ではなく|じゃなくて|でなく)[、,]?[ \t]*" + _CODE, score=0.9),
    )
