"""My Number (個人番号): 12 digits whose last digit is a check digit, named as such.

Tracking numbers are also 12 digits in groups of four and one in eleven passes the
check digit by chance, so a number must also be introduced as マイナンバー/個人番号.
"""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import NUMBER_END, RegexRecognizer, digits_of, rule


def my_number_check_digit(first_eleven: str) -> int:
    """The check digit defined for 個人番号 (weights 2..7 from the right, mod 11)."""
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(first_eleven), start=1))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


class MyNumberRecognizer(RegexRecognizer):
    ENTITY = "MY_NUMBER"
    RULES = (
        rule(
            r"(?:マイナンバー|個人番号|My\s?Number)[^0-9\n]{0,12}"
            r"(?P<value>[0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{4})" + NUMBER_END,
            score=0.95,
        ),
    )

    def accepts(self, value: str) -> bool:
        digits = digits_of(value)
        return len(digits) == 12 and my_number_check_digit(digits[:11]) == int(digits[11])
