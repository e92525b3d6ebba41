"""How dates and amounts are written in replies, per language.

The template drafter writes with these and the house-style checker reads them back,
so the two always agree on what "2026年11月18日(水)" or "November 18 (Wed)" means.
"""

from __future__ import annotations

from datetime import date

from draftdesk.domain import Language

_JA_WEEKDAYS = "月火水木金土日"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}


def format_date(value: date, language: Language) -> str:
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日({_JA_WEEKDAYS[value.weekday()]})"
    return f"{_EN_MONTHS[value.month - 1]} {value.day} ({_EN_WEEKDAYS[value.weekday()]})"


def format_amount(value: float, currency: str, language: Language) -> str:
    digits = 0 if currency == "JPY" else 2
    number = f"{value:,.{digits}f}"
    if language == "ja" and currency == "JPY":
        return f"{number}円"
    return f"{_SYMBOLS.get(currency, currency + ' ')}{number}"
