"""Phone numbers written in a mail, for finding the order (order numbers: `order_numbers`)."""

from __future__ import annotations

import re
import unicodedata

# Hyphen look-alikes count as hyphens only between letters and digits, so that
# katakana (オーダー) keeps its long vowel mark.
_HYPHEN_LIKE = re.compile(r"(?<=[A-Za-z0-9])[ー‐‑−–—―](?=[A-Za-z0-9])")


def _identifier_text(text: str) -> str:
    return _HYPHEN_LIKE.sub("-", unicodedata.normalize("NFKC", text))


def _in_order_of_appearance(found: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """Values by position; of overlapping matches (+1 415… read also as 415…) the longest."""
    kept: list[str] = []
    covered_to = -1
    for start, end, value in sorted(found, key=lambda item: (item[0], -item[1])):
        if start >= covered_to:
            kept.append(value)
        covered_to = max(covered_to, end)
    return tuple(dict.fromkeys(kept))


# Boundaries are ASCII-only: Japanese text runs straight into numbers (携帯090…です).
_JAPANESE_PHONE = re.compile(
    r"(?<![A-Za-z0-9+-])(?:\+81[ -]?(?:\(0\))?|\(?0)\d{1,4}\)?[ -]?\d{1,4}[ -]?\d{3,4}(?![A-Za-z0-9-])"
)
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![A-Za-z0-9+])\+(?!81)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}(?![A-Za-z0-9-])"
)
_NORTH_AMERICAN_PHONE = re.compile(r"(?<![A-Za-z0-9+-])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?![A-Za-z0-9-])")


def find_phones(text: str) -> tuple[str, ...]:
    """Phone numbers as ASCII digits: Japanese ones in domestic form (09012345678,
    +81 too), others with their country code (+14155550123) or as written."""
    text = _identifier_text(text)
    found: list[tuple[int, int, str]] = []
    for match in _JAPANESE_PHONE.finditer(text):
        if (digits := _phone_digits(match.group())) is not None:
            found.append((match.start(), match.end(), digits))
    for pattern in (_INTERNATIONAL_PHONE, _NORTH_AMERICAN_PHONE):
        for match in pattern.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 8 <= len(digits) <= 15:
                found.append((match.start(), match.end(), ("+" if match.group().startswith("+") else "") + digits))
    return _in_order_of_appearance(found)


def _phone_digits(token: str) -> str | None:
    """Domestic digits when `token` is shaped like a Japanese phone number, else None."""
    digits = re.sub(r"\D", "", token.replace("(0)", ""))
    if token.startswith("+81"):
        digits = "0" + digits[2:]
    if re.fullmatch(r"0[1-9]\d{8,9}", digits) and not re.search(r"[A-Za-z]", token):
        return digits
    return None
