"""Card numbers, typed or mistyped: every card-shaped digit run is personal data.

A number that passes the Luhn check (13–19 digits) is a CREDIT_CARD, one that does not
(a typo, a test card, a 12-digit Maestro) an ID_NUMBER: either way it goes nowhere near
a model when it has a card's shape — 13–19 digits unbroken, in groups of four
(4-4-4-4, 4-4-4-4-3), or 4-6-5 / 4-6-4 — or stands right after a card word (12 digits
will do there).
A 12-digit run in groups of four is a Yamato tracking number unless a card word says
otherwise, and anything after a tracking or order word stays readable.
"""

from __future__ import annotations

import re

from draftdesk.adapters.recognizers.base import NUMBER_END, NUMBER_START, SpanRecognizer, digits_of
from draftdesk.text.known_values import fold_width
from draftdesk.text.mentions import is_card_number

# Between the groups of a card number: 4111 1111…, 4111-1111…, 4111.1111…, 4111/1111…,
# 4111 - 1111… (the wire guard reads card shapes with the same separators)
CARD_SEPARATOR = r"(?:[ \-./_]|\s{2,}|\s-\s)"
_SEP = CARD_SEPARATOR
_CARD_SHAPED = re.compile(
    NUMBER_START
    + rf"(?:[0-9]{{12,19}}|[0-9]{{4}}(?:{_SEP}[0-9]{{4}}){{2,3}}(?:{_SEP}[0-9]{{1,4}})?|[0-9]{{4}}{_SEP}[0-9]{{6}}{_SEP}[0-9]{{4,5}}"
    + rf"|[0-9](?:{_SEP}?[0-9]){{12,18}})"
    + NUMBER_END
)
_CARD_WORD = re.compile(
    r"(?:card|visa|master\s?card|amex|american\s?express|jcb|diners|discover|maestro|unionpay|cc|credit|debit"
    r"|カード|クレジット|クレカ|デビット)[^0-9\n]{0,24}$",
    re.IGNORECASE,
)
_NOT_CARD_WORD = re.compile(
    r"(?:track(?:ing)?|order|invoice|parcel|shipment|waybill|awb|ref(?:erence)?|sku|item|iban|account"
    r"|追跡|伝票|注文|受注|問い?合わ?せ番号|お問合せ番号|品番|型番|口座|マイナンバー|個人番号)[^0-9\n]{0,16}$",
    re.IGNORECASE,
)


def card_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, passes_luhn) for each card-shaped run in `text`."""
    folded = fold_width(text)
    found = []
    for match in _CARD_SHAPED.finditer(folded):
        digits = digits_of(match[0])
        before = folded[max(0, match.start() - 40) : match.start()]
        card_word, other_word = _CARD_WORD.search(before), _NOT_CARD_WORD.search(before)
        luhn_card = is_card_number(digits) and _card_shaped(match[0], digits)
        if other_word and not luhn_card and (not card_word or other_word.start() > card_word.start()):
            continue  # "card says ref 5518-0935-1750": the nearer word names the number
        if card_word or _card_shaped(match[0], digits):
            found.append((*match.span(), is_card_number(digits)))
    return found


def _card_shaped(value: str, digits: str) -> bool:
    """The shapes a card number is written in, without a card word to say so."""
    if not 13 <= len(digits) <= 19:
        return False
    groups = [len(g) for g in re.split(_SEP, value) if g]
    return len(groups) == 1 or groups[:-1] == [4] * (len(groups) - 1) or groups[:2] == [4, 6]


class CardNumberRecognizer(SpanRecognizer):
    ENTITIES = ("CREDIT_CARD", "ID_NUMBER")
    SCORE = 0.9

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("CREDIT_CARD" if luhn else "ID_NUMBER", start, end) for start, end, luhn in card_spans(text)]
