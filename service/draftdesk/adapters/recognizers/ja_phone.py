"""Japanese phone numbers: fixed lines, mobiles, toll-free, +81; any common separator."""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import NUMBER_END, NUMBER_START, RegexRecognizer, digits_of, rule

_SEP = r"(?:[ \-ー.]|\)\s?)?"  # hyphen, space, dot, long mark, or a closing bracket of 03(1234)
_GROUP = r"\(?[0-9]{1,4}\)?"


class JapanesePhoneRecognizer(RegexRecognizer):
    """Up to three digit groups, then a digit-count check: 10 digits for fixed lines
    (0X…), 11 for mobiles/IP (050/070/080/090); +81 drops the leading 0. Toll-free and
    navi-dial numbers (0120, 0800, 0570) are businesses', not a customer's: left alone.
    The count check is what keeps order numbers and tracking numbers out."""

    ENTITY = "PHONE_NUMBER"
    RULES = (
        rule(
            NUMBER_START
            + rf"(?:\+81{_SEP}(?:\(0\)\s?)?|\(?0)[0-9]{{1,4}}\)?{_SEP}{_GROUP}{_SEP}(?:{_GROUP})?"
            + NUMBER_END,
            score=0.85,
        ),
    )

    def accepts(self, value: str) -> bool:
        digits = digits_of(value)
        if value.lstrip("(").startswith("+81"):
            digits = "0" + digits[2:].removeprefix("0")
        if digits.startswith(("00", "0120", "0800", "0570")) or not digits.startswith("0"):
            return False
        if len(digits) == 11:
            return digits[:3] in {"050", "070", "080", "090"}
        return len(digits) == 10 and not digits.startswith(("050", "070", "080", "090"))
