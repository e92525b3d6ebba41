"""Card numbers: 13–19 digits in any grouping that pass the Luhn check."""

from __future__ import annotations

from service.adapters.recognizers.base import NUMBER_END, NUMBER_START, RegexRecognizer, digits_of, rule
from service.pipeline.mentions import is_card_number


class LuhnCardRecognizer(RegexRecognizer):
    ENTITY = "CREDIT_CARD"
    RULES = (rule(NUMBER_START + r"[0-9](?:[ \-]?[0-9]){12,18}" + NUMBER_END, score=0.9),)

    def accepts(self, value: str) -> bool:
        return is_card_number(digits_of(value))
