"""Card numbers: 13–19 digits in any grouping that pass the Luhn check."""

from __future__ import annotations

from service.adapters.recognizers.base import NUMBER_END, NUMBER_START, RegexRecognizer, digits_of, rule


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


class LuhnCardRecognizer(RegexRecognizer):
    ENTITY = "CREDIT_CARD"
    RULES = (rule(NUMBER_START + r"[0-9](?:[ \-]?[0-9]){12,18}" + NUMBER_END, score=0.9),)

    def accepts(self, value: str) -> bool:
        digits = digits_of(value)
        return 13 <= len(digits) <= 19 and passes_luhn(digits)
