"""How a customer's identifiers are compared: the order store's lookup keys and the
context stage's sender check normalise the same way.

- `number_key`: NFKC, upper case, no hyphens (any dash, long-vowel mark), spaces or a
  leading `#`, so `ab-24-00123`, `AB2400123`, full-width `ＡＢ－２４－００１２３` are one
  order, and Shopify's `#1001` is `1001`;
- `email_key`: NFKC, trimmed, case-folded;
- `name_key`: the name without any spaces, NFKC, case-folded;
- `phone_key`: digits only, a leading +81 turned into the domestic 0.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER_NOISE = re.compile(r"[\s\-‐‑‒–—―−ー]")
_NOT_DIGIT = re.compile(r"\D")


def number_key(number: str) -> str:
    return _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", number)).upper().lstrip("#")


def email_key(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()


def name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def phone_key(phone: str) -> str:
    normalised = unicodedata.normalize("NFKC", phone).strip()
    digits = _NOT_DIGIT.sub("", normalised)
    if normalised.startswith("+81"):
        # "+81 90-…" and "+81 (0)90-…" are both the domestic "090-…".
        digits = digits.removeprefix("81")
        return digits if digits.startswith("0") else "0" + digits
    return digits
