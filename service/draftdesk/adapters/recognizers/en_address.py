"""English street addresses (number + street + suffix, unit, city/state/ZIP, UK
postcodes), continental ones written in English mail (55 Rue de Rivoli,
Hauptstraße 5) and UK postcodes standing on their own."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule

_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close"
    r"|Crescent|Cres|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Gardens|Grove|Hill|Row|Mews|Walk)\.?"
)
_UNIT = r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|\#)\.?\s?[0-9A-Za-z\-]{1,6})"
_UK_POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}"
_CANADA_POSTCODE = r"[A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9]"
_BREAK = r"(?:,[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*|[ \t]+)"
_STREET = rf"(?:{_UNIT},?\s)?[0-9]{{1,5}}[A-Za-z]?(?:-[0-9]{{1,4}})?\s(?:[A-Z][a-z]+\.?\s|[0-9]{{1,3}}(?:st|nd|rd|th)\s){{1,4}}{_SUFFIX}"
_CITY = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
_STATE_OR_POSTCODE = rf"(?:[A-Z]{{2}}[ \t]+[0-9]{{5}}(?:-[0-9]{{4}})?|{_UK_POSTCODE})"
# A city after a comma or a line break; after a plain space only when a state or postcode
# follows ("Portland OR 97205"), so the next sentence's first word ("... Street. Call me")
# is not taken for one.
_CITY_AFTER = rf"(?:,[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*){_CITY}|[ \t]+{_CITY}(?=,?[ \t]+{_STATE_OR_POSTCODE})"
_TAIL = rf"(?:{_CITY_AFTER})?(?:,?[ \t]+{_STATE_OR_POSTCODE})?"


# The street type first (France, Italy, Spain, Portugal) or joined to the name (Germany).
_STREET_FIRST = (
    r"(?:Rue|Avenue|Boulevard|Bd|Place|All[ée]e|Chemin|Quai|Impasse|Via|Viale|Piazza|Corso|Calle|Avenida|Paseo"
    r"|Plaza|Rua|Carrer)"
)
_PARTICLE = r"(?:de|du|des|la|le|l'|d'|del|della|di|do|da|dos|das)"
_LATIN_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+"
_CONTINENTAL = (
    rf"[0-9]{{1,5}}(?:\s?(?:bis|ter))?,?\s{_STREET_FIRST}\s(?:{_PARTICLE}\s?)*{_LATIN_WORD}(?:[\s\-]{_LATIN_WORD}){{0,3}}"
    rf"|{_LATIN_WORD}(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm)\s[0-9]{{1,4}}[a-z]?"
)

# Japanese addresses in Latin script: "Tokyo-to, Shibuya-ku, Jingumae 1-2-3" or
# "1-2-3 Jingumae, Shibuya-ku, Tokyo 150-0001".
_JP_SUFFIXED = r"[A-Z][a-z]+[\-\s](?:to|fu|ken|do|ku|shi|cho|machi|gun|Prefecture|City|Ward)"
_JP_AREA = rf"(?:{_JP_SUFFIXED}|[A-Z][a-z]+)"
JP_NUMBER = r"[0-9]{1,4}(?:-[0-9]{1,4}){1,2}"  # a block number: 1-2-3, 4-12
_JP_TAIL = r"(?:,?\s[0-9]{3}-[0-9]{4})?"


# A post-office box or private bag with its town (and postcode): P.O. Box 48213-00100, Nairobi;
# PMB 2214, Abuja 900211. A box number alone ("box 12 was dented") is none.
_PO_BOX = (
    r"(?i:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|Private[ \t]Bag|PMB)[ \t]?[0-9][0-9\-]{0,11},?[ \t]"
    r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?(?:,?[ \t][0-9]{4,6})?"
)


class EnglishAddressRecognizer(RegexRecognizer):
    ENTITY = "ADDRESS"
    RULES = (
        rule(rf"(?<![0-9A-Za-z]){_PO_BOX}(?![0-9A-Za-z])", score=0.8),
        rule(rf"(?<![0-9A-Za-z]){_STREET}(?:{_BREAK}{_UNIT})?{_TAIL}(?![0-9A-Za-z])", score=0.85),
        rule(rf"(?<![0-9A-Za-z])(?:{_CONTINENTAL})(?![0-9A-Za-z])", score=0.75),
        rule(
            rf"(?<![0-9A-Za-z])(?:{_JP_AREA},?\s)?{_JP_SUFFIXED},?\s(?:{_JP_AREA},?\s)?{JP_NUMBER}(?![0-9A-Za-z])",
            score=0.75,
        ),
        rule(
            rf"(?<![0-9A-Za-z\-]){JP_NUMBER}\s(?:{_JP_AREA},?\s)?{_JP_SUFFIXED}(?:,?\s{_JP_AREA})?{_JP_TAIL}(?![0-9A-Za-z])",
            score=0.75,
        ),
    )


class UkCanadaPostcodeRecognizer(RegexRecognizer):
    """A postcode without its street; inside a full address the address span covers it."""

    ENTITY = "POSTAL_CODE"
    RULES = (rule(rf"(?<![0-9A-Za-z])(?:{_UK_POSTCODE}|{_CANADA_POSTCODE})(?![0-9A-Za-z])", score=0.6),)


# Any country's postcode once the text calls it one: the cue, then within the same line at
# most a few words without digits ("post code on my order is wrong, it should be"). The
# value holds a digit and has at most two parts: 94103, 16866-0889, 725 89, w3c 8lf, H-4202,
# D02 X285, g6n6b1; a second part has a digit first or second, so the word after it stays out.
_POSTCODE_CUE = (
    r"(?:zip(?:\s?code)?|post(?:al)?\s?code|postcode|code\spostal|eircode|pin\s?code|PLZ|CEP|CAP"
    r"|c[óo]digo\spostal|codice\spostale|postnummer|postinumero|kod\spocztowy|irányítószám|posta\skodu|postcode"
    # Mexico's C.P., Argentina's CPA (before its letter, four digits, three letters), Czechia's and Slovakia's PSČ, Indonesia's kode pos; India's
    # PIN only in capitals before its six digits (a card's PIN is no place).
    r"|c\.\s?p\.|cpa(?=[^0-9\n]{0,20}[a-z][0-9]{4}[a-z]{3}(?![a-z0-9]))|ps[čc]|kode\spos"
    r"|(?-i:PIN)(?=[\s:：]*[0-9]{3}\s?[0-9]{3}(?![0-9])))"
)
POSTCODE_VALUE = (
    r"(?<![0-9A-Za-z\-\#])(?=[A-Za-z]{0,3}[0-9]|[A-Za-z]{1,2}-[0-9])(?=[A-Za-z0-9]{3}|[A-Za-z0-9]{1,2}[ \-][A-Za-z]?[0-9])[A-Za-z0-9]{1,8}(?:[ \-](?=[A-Za-z]?[0-9])[A-Za-z0-9]{2,4})?(?![0-9A-Za-z\-])"
)
# "Do you ship to 2688?": a destination asked about is a place, here a postcode.
_SHIPPING_QUESTION = r"(?:ship|deliver|send|post)(?:s|ped|ping|ed|ing|y)?[^\n.?!]{0,60}?\sto\s"


# Words one of the rules needs, in lower case: a text with none of them is not read at all
# (the rules open with a lookbehind, tried at every character; this search skips to a letter).
_ANY_CUE_WORD = re.compile(r"zip|post|code|plz|cep|cap|pin|ps[čc]|c\.\s?p|cpa|kode|eircode|kod|irány|ship|deliver|send")


class NamedPostcodeRecognizer(RegexRecognizer):
    """Digits are anything (amounts, SKUs, order numbers) unless the text calls them a
    postcode or asks for delivery to them."""

    ENTITY = "POSTAL_CODE"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return super().analyze(text, entities, nlp_artifacts) if _ANY_CUE_WORD.search(text.lower()) else []

    RULES = (
        rule(
            rf"(?<![A-Za-z]){_POSTCODE_CUE}(?![A-Za-z])[^0-9\n]{{0,40}}?(?P<value>{POSTCODE_VALUE})",
            score=0.9,
            flags=re.IGNORECASE,
        ),
        rule(
            rf"(?<![A-Za-z]){_SHIPPING_QUESTION}(?P<value>(?=[A-Za-z0-9]{{4}}|[A-Za-z0-9]{{1,3}}[ \-][0-9]){POSTCODE_VALUE})(?=\s?\?)",
            score=0.6,
            flags=re.IGNORECASE,
        ),
    )
