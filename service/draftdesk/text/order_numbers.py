"""The shop's order numbers: the one place that knows what they look like.

Intake collects them from a ticket, the checker's mentions and claims find them in a
reply, and redaction keeps them; each asks the `OrderNumberFormat` built here from
the shop profile's `order_number:` (`OrderNumberSpec`). Without a pattern the common
shapes are accepted:

- letters and digits (`AB-24-00123`, `AB123456`): 2-4 letters, at least 5 digits;
- `#` and 4 or more digits (Shopify's `#1001`);
- `250-1234567-1234567` and `123456-20261122-0000012345` (marketplace numbers);
- after an order label (`注文番号`, `order no.`, …) any run of letters, digits and
  hyphens with at least 5 digits (plain `12345678`), except a phone number, a postal
  code, a date, a tracking number or an amount.

A shop's pattern is matched as well, with its hyphens optional or written as spaces
(`KZ77100074`, `KZ 7711 0062` for `KZ-[0-9]{4}-[0-9]{4}`). When all its examples begin
with the same letters, a labelled number without them is completed (`注文番号 7710-0074`
is `KZ-7710-0074`); an unlabelled one is not: digits alone could be anything.

Text is read with full-width forms and dash look-alikes folded one character for one,
so spans stay those of the text as written. Values are lookup keys (`number_key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from draftdesk.domain import OrderNumberSpec, ShopProfile
from draftdesk.errors import ConfigurationError
from draftdesk.text.keys import number_key

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")  # translated alone: a scan is cheaper than a translate
# Dash look-alikes count as hyphens only between letters and digits, so that katakana
# (オーダー) keeps its long vowel mark.
_DASH_LIKE = re.compile(r"(?<=[A-Za-z0-9])[ー‐‑‒−–—―](?=[A-Za-z0-9])")

_LABEL = r"(?:ご?注文(?:番号|no\.?|#)|受注番号|オーダー番号|(?<![a-z])order\s*(?:number|num\.?|no\.?|#|id)?)"
_AMOUNT_UNIT = r"\s*(?:円|yen|jpy|usd|dollars?|ドル)"
# The lookaheads let the engine skip to a possible first character (matching is on every check).
_LABELLED = re.compile(
    r"(?=[ご注受オo])" + _LABEL + r"(?:\s|[:#、,は「『【(\[])*"
    r"(?P<token>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?![A-Za-z0-9-])(?!" + _AMOUNT_UNIT + ")",
    re.IGNORECASE,
)
_COMMON_SHAPES = re.compile(
    r"(?<![A-Za-z0-9-])(?=[A-Za-z#\d])(?:"
    r"(?P<lettered>[A-Za-z]{2,4}(?:-?\d+)+)"
    r"|\#(?P<hashed>\d{4,})"
    r"|(?P<marketplace>\d{3}-\d{7}-\d{7}|\d{6}-\d{8}-\d{10})"
    r")(?![A-Za-z0-9-])"
)
_NOT_ORDER_PREFIXES = frozenset({"TEL", "FAX", "JPY", "USD", "EUR", "YEN", "ZIP", "NO"})
_NOT_ORDER_SHAPES = (
    re.compile(r"\d{3}-\d{4}"),  # postal code
    re.compile(r"(?:19|20)\d{2}-?\d{1,2}-?\d{1,2}"),  # date
    re.compile(r"\d{4}-\d{4}-\d{4}|\d{12}|[A-Z]{2}\d{9}[A-Z]{2}"),  # tracking number
)
_MIN_DIGITS = 5
# The common shapes and a labelled number each hold a digit: a text without one (most of a
# reply's clauses, which the checker reads one by one) is not searched for them.
_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class OrderNumberMatch:
    start: int
    end: int
    text: str  # as written
    number: str  # ASCII, upper case, as written otherwise (what a lookup is asked)
    key: str  # without separators: what compares (`number_key`)
    labelled: bool  # found only because an order label stands before it


class OrderNumberFormat:
    """Finds a shop's order numbers in text; build it with `order_number_format`."""

    def __init__(self, spec: OrderNumberSpec) -> None:
        self.spec = spec
        self._shop_pattern = _bounded(_loosened(spec.pattern)) if spec.pattern else None
        self._strict = re.compile(spec.pattern, re.IGNORECASE) if spec.pattern else None
        self._prefix = _common_prefix(spec.examples)

    def find(self, text: str) -> list[OrderNumberMatch]:
        """The order numbers in `text`, in order; of overlapping ones the earliest, then longest."""
        folded = fold_identifier_text(text)
        found: list[OrderNumberMatch] = []
        if self._shop_pattern is not None:
            found += [self._match(text, m.start(), m.end(), m.group(), labelled=False) for m in self._shop_pattern.finditer(folded)]
        if _ANY_DIGIT.search(folded) is None:
            return _earliest_longest(found)
        for match in _COMMON_SHAPES.finditer(folded):
            group = next(name for name in ("lettered", "hashed", "marketplace") if match.group(name))
            if group != "lettered" or _is_lettered_number(match.group(group).upper()):
                found.append(self._match(text, match.start(group), match.end(group), match.group(group), labelled=False))
        for match in _LABELLED.finditer(folded):
            token = match.group("token").upper()
            start, end = match.span("token")
            completed = self._completed(token)
            if completed is not None:
                found.append(OrderNumberMatch(start, end, text[start:end], completed, number_key(completed), True))
            elif _is_labelled_number(token):
                found.append(self._match(text, start, end, token, labelled=True))
        return _earliest_longest(found)

    def numbers(self, text: str) -> tuple[str, ...]:
        """Each order number of `text` once (as its first spelling), in order of appearance."""
        seen: dict[str, str] = {}
        for match in self.find(text):
            seen.setdefault(match.key, match.number)
        return tuple(seen.values())

    def _match(self, text: str, start: int, end: int, found: str, *, labelled: bool) -> OrderNumberMatch:
        number = found.upper()
        return OrderNumberMatch(start, end, text[start:end], number, number_key(number), labelled)

    def _completed(self, token: str) -> str | None:
        """`token` with the shop's prefix put back, when only that makes it one of the shop's numbers."""
        if self._strict is None or not self._prefix or token[:1].isalpha():
            return None
        if self._strict.fullmatch(token) or self._shop_pattern is None:
            return None
        for candidate in (f"{self._prefix}-{token}", f"{self._prefix}{token}"):
            if self._strict.fullmatch(candidate):
                return candidate
        loose = f"{self._prefix}{token}"
        return number_key(loose) if self._shop_pattern.fullmatch(loose) else None


@lru_cache(maxsize=32)
def _format_of(spec: OrderNumberSpec) -> OrderNumberFormat:
    return OrderNumberFormat(spec)


def order_number_format(shop: ShopProfile | None = None) -> OrderNumberFormat:
    """The matcher for `shop`'s order numbers (the common shapes when there is no shop)."""
    return _format_of(shop.order_number) if shop is not None else _common_shapes()


@lru_cache(maxsize=1)
def _common_shapes() -> OrderNumberFormat:
    """The format without a shop: asked for by every clause the checker reads, so its
    spec is not validated anew each time."""
    return _format_of(OrderNumberSpec())


def fold_identifier_text(text: str) -> str:
    """Full-width letters, digits and signs as ASCII and dash look-alikes between them as
    `-`, one character for one: offsets stay those of `text`."""
    return _DASH_LIKE.sub("-", _FULL_WIDTH_RUN.sub(lambda run: run.group().translate(_FULL_WIDTH), text))


def _is_lettered_number(token: str) -> bool:
    prefix = re.match(r"[A-Z]*", token).group()
    return prefix not in _NOT_ORDER_PREFIXES and sum(c.isdigit() for c in token) >= _MIN_DIGITS


def _is_labelled_number(token: str) -> bool:
    digits = re.sub(r"\D", "", token)
    if len(digits) < _MIN_DIGITS or any(shape.fullmatch(token) for shape in _NOT_ORDER_SHAPES):
        return False
    if re.fullmatch(r"0[1-9]\d{8,9}", digits) and not re.search(r"[A-Z]", token):
        return False  # a Japanese phone number
    return re.match(r"[A-Z]*", token).group() not in _NOT_ORDER_PREFIXES


def _earliest_longest(found: list[OrderNumberMatch]) -> list[OrderNumberMatch]:
    kept: list[OrderNumberMatch] = []
    covered_to = -1
    for match in sorted(found, key=lambda m: (m.start, -m.end, m.labelled)):
        if match.start >= covered_to:
            kept.append(match)
        covered_to = max(covered_to, match.end)
    return kept


def _common_prefix(examples: tuple[str, ...]) -> str:
    """The letters every example begins with ("KZ" of KZ-7710-0074), or "" when they differ."""
    prefixes = {re.match(r"[A-Za-z]*", example).group().upper() for example in examples}
    return prefixes.pop() if len(prefixes) == 1 else ""


def _bounded(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", re.IGNORECASE)
    except re.error as error:
        raise ConfigurationError(f"shop.yaml: order_number.pattern: cannot be read within a text ({error})") from None


def _loosened(pattern: str) -> str:
    """`pattern` with each hyphen outside a character class optional or a space."""
    out: list[str] = []
    in_class = escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
            if char == "-" and not in_class:
                out[-1] = "(?:[ -]?)"
                continue
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class and pattern[index - 1] != "[":
            in_class = False
        elif char == "-" and not in_class:
            out.append("(?:[ -]?)")
            continue
        out.append(char)
    return "".join(out)


