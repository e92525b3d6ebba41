"""Street addresses of any country written in Latin script, in any common layout.

No single pattern covers "PSC 4796, Box 4045, APO AE 93226", "Hídházai tér 152.,
H-4202 Kismellékvára", "3804 walker cape, east kimberly, sk m8y9p4" and
"Rua das Flores, 123, 01234-567 São Paulo / SP". What they share is their build: a
few short comma- or line-separated parts made only of numbers and name words, one of
them with a house number or a postcode. So the text is cut into parts at commas, line
breaks, semicolons and sentence ends; each part keeps the run of address words at its
edge (the cue before it, "please ship it to", and the clause after it, "and don't
include the invoice", are sentence words and fall away); neighbouring parts chain
while they consist of address words only; and a chain is an address when enough
evidence adds up (`_evidence`): a street word in one of many languages
(data/street_words.txt), a house number before a name, a postcode shape, a unit or
box word, a state code before a postcode, three parts or more.

A sentence word (`lexicons.sentence_words`: stop words, verbs and nouns of support
mail, months, chat shorthand) is never part of an address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from draftdesk.adapters.recognizers.base import SpanRecognizer
from draftdesk.adapters.recognizers.credit_card import card_spans
from draftdesk.adapters.recognizers.lexicons import sentence_words, words_of
from draftdesk.adapters.recognizers.phone import phone_spans
from draftdesk.text.known_values import fold_width

_ABBREVIATIONS = frozenset(
    {"st", "ave", "av", "rd", "apt", "no", "nr", "dr", "mt", "ft", "blvd", "ln", "ct", "pl", "sq", "hwy", "bldg", "fl",
     "ste", "ul", "al", "str", "col", "dpto", "depto", "int", "ext", "pte", "cres", "tce", "pde", "esp", "n", "s",
     "e", "w", "bd", "bât", "bat", "app", "whg", "lgh", "c", "p", "o", "pobox", "vda", "trav", "pça", "jr", "mr",
     "mrs", "ms", "prof", "sr", "sra", "ste", "fraz", "loc", "sec", "seç", "km",
     "mah", "cad", "sok", "brgy", "blk", "jl", "jln", "lrg"}
)  # fmt: skip
# A part ends at a comma, semicolon, line break, bracket, " - " or a sentence end (". "
# after a word that is no abbreviation, unless a digit follows: "Apt. 266", "152., H-4202").
_BREAK = re.compile(r"\n\s*\n|[,;\n()]|\s[-–—]\s|(?<=[^\s.])[.!?](?=\s|$)")
# Japanese, Chinese and Korean text stands next to Latin words without a space
# (お届け先はVerkkopolku 912): each script run is a token of its own.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff9f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\s{_CJK}:]+:?")
_POSTCODE = re.compile(
    r"[0-9]{4,6}|[0-9]{5}-[0-9]{3,4}|[0-9]{4}-[0-9]{3}|[0-9]{2}-[0-9]{3}|[A-Z]{1,2}-?[0-9]{4,5}"
    r"|[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}|[A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9]|[0-9]{4}\s?[A-Z]{2}",
    re.IGNORECASE,
)
_HOUSE_NUMBER = re.compile(r"[0-9]{1,5}[A-Za-z]?(?:[-/][0-9]{1,5}[A-Za-z]?)?\.?|[0-9]{1,4}(?:st|nd|rd|th)", re.IGNORECASE)
_UNIT_WORD = re.compile(
    r"(?:apt|apartment|suite|ste|unit|flat|floor|fl|level|room|rm|bldg|building|block|blk|box|po|psc|cmr|apo|fpo|dpo"
    r"|usns|uss|usnv|usgc|rd|piso|depto|dpto|departamento|int|interior|appartement|app|étage|etage|bâtiment|bât|wohnung"
    r"|whg|apto|apartamento|casa|bloco|sala|andar|edif|edificio|col|colonia|fracc|bairro|lote|lt|manzana|mz|scala"
    r"|interno|piano|bus|boîte|postfach|lgh|studio|villa|plot|house|court|mansion|tower|lot|km|no|nr|n[º°o]|shop|stall"
    r"|kiosk|daire|kat|số|ngõ|ngách|hẻm)[.:]?"
    r"|d[.:]",  # Turkish daire (flat) abbreviated: No: 14 D: 3
    re.IGNORECASE,
)
_NOT_ADDRESS_TOKEN = re.compile(
    r".*@.*|https?:.*|[$€£¥￥₩].*|[0-9.,]+(?:g|kg|ml|l|cm|mm|am|pm|%|円|yen)|[A-Za-z]{2,4}-[0-9]{2,3}|[0-9]+:[0-9]+.*"
    r"|\+?(?:[0-9][\-. ]?){10,}|[A-Za-z]{2,5}-[0-9]{1,3}|[A-Za-z]{2,5}-[0-9]+-[0-9]+|[0-9]+\.[0-9]{2}",
    re.IGNORECASE,
)
# US states and territories, Canadian provinces, Australian states: "in", "me", "or"
# and "ca" are state codes before a postcode even in lower-case chat.
_STATE_CODES = frozenset(
    """al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok
    or pa ri sc sd tn tx ut vt va wa wv wi wy dc pr gu vi as mp aa ae ap ab bc mb nb nl ns nt nu on pe qc sk yt
    nsw vic qld sa tas act""".split()
)
_PARTICLES = frozenset(
    {"on", "upon", "of", "the", "de", "la", "le", "du", "des", "del", "di", "da", "do", "dos", "das", "y", "en", "am",
     "im", "an", "der", "den", "sur", "sous", "lès", "les", "van", "von", "op", "aan", "bei"}
)  # fmt: skip
_LATIN_OR_NUMBER = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ɏ\u1e00-\u1eff'’.\-/#º°ª&]+")  # Vietnamese: Latin Extended Additional
# A city that is its country, before its postcode: Singapore 460218 (a country alone is no address).
_CITY_STATES = frozenset({"singapore", "monaco", "luxembourg", "gibraltar", "macau", "macao", "hongkong"})


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]  # spans of the address tokens at the part's edges
    whole: bool  # every token of the part is an address token
    leading: int  # how many tokens from the part's start are address tokens
    trailing: int  # how many tokens before the part's end are address tokens


@cache
def _street_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Whole street words (rue, calle, tér) and the endings of joined ones (-straße, -vej)."""
    words, endings = set(), []
    for word in words_of("street_words.txt"):
        if word.startswith("-"):
            endings.append(word[1:])
        else:
            words.add(word)
    return frozenset(words), tuple(endings)


def address_spans(text: str) -> list[tuple[int, int]]:
    folded = fold_width(text)
    # Phone and card numbers are never house numbers or postcodes (a number of eight digits
    # or fewer may be a postcode that is also some region's phone number: 62623-415).
    phones = [(start, end) for start, end in phone_spans(folded) if _full_phone(folded[start:end])]
    numbers = phones + [(start, end) for start, end, _ in card_spans(folded)]
    parts = _parts(folded, numbers)
    spans = []
    index = 0
    while index < len(parts):
        chain, used = _chain(parts, index)
        if chain and _evidence(folded, chain) >= 2:
            start, end = chain[0][0], chain[-1][1]
            if folded[end : end + 1] == ")" and "(" in folded[start:end]:  # Catania (CT)
                end += 1
            spans.append((start, end))
            index += used
        else:
            index += 1
    return spans


def _parts(text: str, numbers: list[tuple[int, int]]) -> list[_Part | None]:
    """The text cut at breaks; None stands for a break that ends every address (a blank
    line or a sentence end)."""
    parts: list[_Part | None] = []
    cursor = 0
    for match in _BREAK.finditer(text):
        if match[0] == "." and _abbreviation_or_number_before(text, match.start()):
            continue
        parts.append(_part(text, cursor, match.start(), numbers))
        if match[0] in ".!?" or match[0].count("\n") > 1:
            parts.append(None)
        cursor = match.end()
    parts.append(_part(text, cursor, len(text), numbers))
    return parts


def _full_phone(value: str) -> bool:
    return value.lstrip().startswith("+") or sum(ch.isdigit() for ch in value) >= 9


def _abbreviation_or_number_before(text: str, dot: int) -> bool:
    """A dot that ends no sentence: after an abbreviation or a short word (St., Bl.,
    J.M.), or before a digit or a comma ("Nr. 115", "152., H-4202"). Japanese glued to the
    word is not part of it (住所：ul. Nowy Świat)."""
    word = re.search(rf"[^\s,;():{_CJK}]*$", text[:dot])  # 住所：Av. → "Av"
    before = (word[0] if word else "").casefold().rsplit(".", 1)[-1]
    following = text[dot + 1 : dot + 3].strip()
    return (
        before in _ABBREVIATIONS
        or (before.isalpha() and len(before) <= 3)
        or (bool(following) and (following[0].isdigit() or following[0] == ","))
    )


def _part(text: str, start: int, end: int, numbers: list[tuple[int, int]]) -> _Part:
    tokens = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
    flags = [_address_token(text[s:e]) and not any(a < e and s < b for a, b in numbers) for s, e in tokens]
    words = [text[slice(*token)] for token in tokens]
    for n, word in enumerate(words):
        if flags[n]:
            continue
        following = words[n + 1].strip(".,?!") if n + 1 < len(words) else ""
        # A state or province code before a postcode: IN 41956, ON M9V 3B3, ct 46061, ca 85240
        code = word.isascii() and word.isalpha() and len(word) <= 3 and (
            word.isupper() or word not in STOP_WORDS or word.casefold() in _STATE_CODES
        )
        postcode_next = bool(_POSTCODE.fullmatch(following)) or (len(following) == 3 and any(c.isdigit() for c in following))
        # Capitals in an address: a building letter (37 B), a Dutch postcode's letters (1983 CA)
        capitals = word.isascii() and word.isupper() and word.isalpha() and len(word) <= 2
        # A particle between two names: Shipston on Stour, Valle de Bravo
        particle = (
            word in _PARTICLES and 0 < n < len(words) - 1 and flags[n - 1] and words[n + 1][:1].isupper()
        )
        # A unit or number word before its number: No. 12, No: 312, Shop 12, Room 1805, Blk 218
        unit = _UNIT_WORD.fullmatch(word) is not None and any(ch.isdigit() for ch in following)
        # A German street that opens with a preposition: Am Rosengarten 3a, An der Alster 12
        # A house's or street's name after "The": Apartment 12, The Maltings, Mill Street
        opening = n == 0 and word in {"Am", "An", "Im", "Auf", "Zum", "Zur", "In", "The"} and words[n + 1][:1].isupper() if n + 1 < len(words) else False
        city_state = word.casefold() in _CITY_STATES and bool(_POSTCODE.fullmatch(following))
        flags[n] = (code and postcode_next) or capitals or particle or unit or opening or city_state
    leading = next((n for n, ok in enumerate(flags) if not ok), len(flags))
    trailing = next((n for n, ok in enumerate(reversed(flags)) if not ok), len(flags))
    return _Part(start, end, tuple(tokens), whole=all(flags) and bool(flags), leading=leading, trailing=trailing)


def _address_token(token: str) -> bool:
    if token.endswith((":", "：")):  # a label: "Address:", "Billing:"
        return False
    token = token.strip(".'\"’“”!?")
    if not token or not _LATIN_OR_NUMBER.fullmatch(token) or _NOT_ADDRESS_TOKEN.fullmatch(token):
        return False
    return any(ch.isdigit() for ch in token) or token.casefold() not in sentence_words()


def _chain(parts: list[_Part | None], index: int) -> tuple[list[tuple[int, int]], int]:
    """Token spans of the address words chained from part `index` on — the trailing
    address words of the first part, every whole part after it, and the leading words
    of the part that ends the chain — and how many parts that took."""
    first = parts[index]
    if first is None or first.trailing == 0:
        return [], 1
    chain = list(first.tokens[len(first.tokens) - first.trailing :])
    used = 1
    for part in parts[index + 1 : index + 9]:
        if part is None or part.leading == 0:
            break
        chain += part.tokens[: part.leading]
        used += 1
        if not part.whole:
            break
    return chain, used


def _evidence(text: str, chain: list[tuple[int, int]]) -> int:
    tokens = [text[s:e].strip(".:,'\"") for s, e in chain]
    # A unit word is no name: "no. 12345" or "Unit 6" alone is an order or a unit, not an address.
    words = [t for t in tokens if not any(ch.isdigit() for ch in t) and len(t) >= 2 and not _UNIT_WORD.fullmatch(t)]
    numbers = [t for t in tokens if any(ch.isdigit() for ch in t)]
    if not numbers or not words or len(tokens) > 18:
        return 0
    street_words, endings = _street_words()
    lowered = [t.casefold() for t in tokens]
    score = 0
    if any(t in street_words or _joined_street_word(t, endings) for t in lowered):
        score += 2
    if any(_UNIT_WORD.fullmatch(t) for t in lowered) and numbers:
        score += 1
    if _HOUSE_NUMBER.fullmatch(tokens[0]) and len(tokens) >= 2 and not any(ch.isdigit() for ch in tokens[1]):
        score += 1
    elif _number_after_name(text, chain):
        score += 1
    if any(_POSTCODE.fullmatch(n) for n in numbers) or _split_postcode(tokens):
        score += 1
    separators = sum(1 for (_, e), (s, _) in zip(chain, chain[1:]) if re.search(r"[,\n;]", text[e:s]))
    if separators >= 2:
        score += 1
    # A form's address field: 住所：Údolní 53, Address line 1: Ring 7 (a street word is not always there)
    if _ADDRESS_LABEL.search(text, max(0, chain[0][0] - 20), chain[0][0]):
        score += 1
    return score


_ADDRESS_LABEL = re.compile(r"(?:住所|所在地|address(?:[ \t]?line)?|street)[ \t]?[12１２]?[ \t]*[:：][ \t]*$", re.IGNORECASE)


def _joined_street_word(token: str, endings: tuple[str, ...]) -> bool:
    """Hauptstraße, Søndergade: a street ending joined to a name (not the ending alone: ring)."""
    return any(token.endswith(ending) and len(token) >= len(ending) + 3 for ending in endings)


def _number_after_name(text: str, chain: list[tuple[int, int]]) -> bool:
    """A house number after the street's name, ending a part (Nancybaan 40, Via Roma 12)."""
    following = [*(start for start, _ in chain[1:]), len(text)]
    for (previous_start, previous_end), (start, end), next_start in zip(chain, chain[1:], following[1:]):
        name_before = text[previous_start:previous_end].isalpha() and text[previous_end:start].isspace()
        ends_part = next_start == len(text) or re.search(r"[,\n;]", text[end:next_start]) is not None
        if name_before and ends_part and _HOUSE_NUMBER.fullmatch(text[start:end].strip(".,")):
            return True
    return False


def _split_postcode(tokens: list[str]) -> bool:
    """Postcodes written in two tokens: SW1A 1AA, M5V 2T6 (UK, Canada), 774 95 (Czechia,
    Slovakia, Sweden, Greece)."""
    return any(
        _POSTCODE.fullmatch(f"{a} {b}") or (len(a) == 3 and len(b) == 2 and (a + b).isdigit())
        for a, b in zip(tokens, tokens[1:])
        if len(a) <= 4 and len(b) in (2, 3)
    )


class StreetAddressRecognizer(SpanRecognizer):
    ENTITIES = ("ADDRESS",)
    SCORE = 0.75

    def prepare(self) -> None:
        _street_words()
        sentence_words()

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("ADDRESS", start, end) for start, end in address_spans(text)]
