"""Money and shares of a price written in a clause: ¥5,000, 5000円, 五千円, $50, 10%,
1割, 半額, half price. Part (a) of the offer detector (`offers`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from draftdesk.pipeline.checks.words import Token
from draftdesk.text.mentions import find_mentions

_PERCENT = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s?(?:%|％|パーセント|percent\b)", re.IGNORECASE)
_WARI = re.compile(r"(?P<n>[1-9１-９一二三四五六七八九])割")
_HALF = re.compile(r"半額|half[- ](?:price|off)|half the price", re.IGNORECASE)
_DIGITS = {**dict(zip("一二三四五六七八九", range(1, 10))), **dict(zip("１２３４５６７８９", range(1, 10)))}
_ANY_DAY = date(2000, 1, 1)  # dates are not looked at here


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    money: float | None = None  # in the currency written
    percent: float | None = None  # a share of the price


def find_amounts(clause: list[Token], text: str, offset: int) -> list[Amount]:
    """Amounts in the clause; `text` is the sentence the clause's offsets (less `offset`) point into."""
    if not clause:
        return []
    start, end = clause[0].start - offset, clause[-1].end - offset
    piece, at = text[start:end], offset + start
    found = [
        Amount(at + m.start, at + m.end, money=float(m.value))
        for m in find_mentions(piece, today=_ANY_DAY)
        if m.kind == "amount"
    ]
    for index, token in enumerate(clause[:-1]):  # 五千円: Sudachi's normalised form is 5000
        if token.detail == "数詞" and clause[index + 1].lemma == "円" and _is_number(token.lemma):
            if not any(a.start <= token.start < a.end for a in found):
                found.append(Amount(token.start, clause[index + 1].end, money=float(token.lemma)))
    for match in _PERCENT.finditer(piece):
        found.append(Amount(at + match.start(), at + match.end(), percent=float(match["n"])))
    for match in _WARI.finditer(piece):
        tenths = int(match["n"]) if match["n"].isascii() else _DIGITS[match["n"]]
        found.append(Amount(at + match.start(), at + match.end(), percent=10.0 * tenths))
    for match in _HALF.finditer(piece):
        found.append(Amount(at + match.start(), at + match.end(), percent=50.0))
    return found


def nearest(amounts: list[Amount], start: int, end: int) -> Amount | None:
    """The amount said of the words at start:end: inside them, else the closest."""
    if not amounts:
        return None
    return min(amounts, key=lambda a: -1 if start <= a.start < end else min(abs(a.start - end), abs(start - a.end)))


def near(amounts: list[Amount], start: int, end: int) -> bool:
    """An amount right before or after the words (a refund of ¥2,400, 5,940円の返金)."""
    return any(start <= a.start < end or -12 <= a.start - end <= 12 or -24 <= start - a.end <= 24 for a in amounts)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\d+(?:\.\d+)?", text.replace(",", "")) is not None
