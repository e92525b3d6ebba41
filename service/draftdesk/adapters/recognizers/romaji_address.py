"""Japanese addresses in romaji as customers type them: in lower case on a phone, with the
ward's suffix joined (nerimaku), or in Japanese order all the way down
("Fukuoka-ken Fukuoka-shi Hakata-ku Hakata Ekimae 3-21-9", "5-2-7 minami aoyama
minato-ku tokyo 107-0062", "tokyoto nerimaku shakujiidai 4-12-3").

`EnglishAddressRecognizer` reads the capitalised forms with at most three place names;
here any case and up to six. What makes it an address: a ward, city, district or town
suffix (-ku, -shi, -gun, -cho, -machi; -to, -fu, -ken, -do for the prefecture) and a
block number of two or three parts (4-12-3). The place names between must not be
words of the sentence ("Shibuya-ku on 12-24" is a date after a ward).
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule
from draftdesk.adapters.recognizers.en_address import JP_NUMBER
from draftdesk.adapters.recognizers.lexicons import sentence_words

_WORD = r"(?:[0-9]{1,2}-)?[a-z]+(?:-[a-z]+)?"  # Sapporo's blocks: Kita 8-jo Nishi 5-chome
_PREFECTURE = r"[a-z]{3,}-?(?:to|fu|ken|do)"
# A ward or city: hyphenated (minato-ku) or joined to a name of three letters or more (nerimaku).
_WARD = r"(?:[a-z]+-(?:ku|shi|gun|cho|machi|mura)|[a-z]{3,}(?:ku|shi|gun))"
_POSTCODE = r"[0-9]{3}-?[0-9]{4}"
_UNIT = r"(?:apt|apartment|room|unit|\#)\.?\s?[0-9a-z\-]{1,6}"
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![0-9a-z\-])", r"(?![0-9a-z])"
# Words of an address that are also words of a sentence.
_ADDRESS_WORDS = frozenset({"apt", "apartment", "room", "unit"})
_WARD_SUFFIX = re.compile(r"(?:ku|shi|gun|cho|machi|mura|KU|SHI|GUN|CHO|MACHI|MURA)(?![a-zA-Z])")


class RomajiAddressRecognizer(RegexRecognizer):
    ENTITY = "ADDRESS"
    RULES = (
        # Japanese order: prefecture, ward(s), town, block number
        rule(
            rf"{_EDGE_BEFORE}(?:{_PREFECTURE},?\s)?(?:{_WARD},?\s){{1,3}}(?:{_WORD},?\s){{0,5}}{JP_NUMBER}{_EDGE_AFTER}",
            score=0.75,
            flags=re.IGNORECASE,
        ),
        # the block number first: town, ward, then the city or prefecture with the postcode, and the flat
        rule(
            rf"{_EDGE_BEFORE}{JP_NUMBER}\s(?:{_WORD},?\s){{0,3}}{_WARD}"
            rf"(?:(?:,?\s{_WORD}){{1,2}},?\s{_POSTCODE}(?:,?\s{_UNIT})?)?{_EDGE_AFTER}",
            score=0.75,
            flags=re.IGNORECASE,
        ),
    )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        # Both rules need a ward's or city's suffix: without one the text is not read (the rules
        # open with a lookbehind, tried at every character; this search skips to the letters).
        return super().analyze(text, entities, nlp_artifacts) if _WARD_SUFFIX.search(text) else []

    def accepts(self, value: str) -> bool:
        """Three parts at least (a ward and a number alone may be a word: "Sudoku 3-4"), none a word of the sentence."""
        parts = re.split(r"[\s,]+", value)
        words = [w.casefold() for w in parts if w.isalpha()]
        return len(parts) >= 3 and not any(w in sentence_words() and w not in _ADDRESS_WORDS for w in words)
