"""The wire guard: the last look at a request before it leaves for a model or a
remote embedder.

Redaction replaces personal data with placeholders, and everything after it trusts
that it did. The guard does not: it reads the final text that would be sent (every
message of a prompt, every text to embed) and looks for

- the customer's known values (`Withheld`: names, e-mails, phones, addresses and
  postal codes from the order record and the sender), compared after NFKC folding,
  case-insensitively, with whitespace, hyphens, dots and brackets ignored, so that
  ０９０－１２３４－５６７８ is 09012345678 (a phone also in its +81 and national forms).
  A surname or given name alone counts only where redaction itself takes it (next to
  様/さん, after Mr/Ms, alone on a line): alone it is often an ordinary word (May,
  さくら in 春のさくら緑茶);
- card-shaped runs of 13–19 digits, contiguous or grouped by spaces or hyphens,
  whether or not they pass the Luhn check;
- e-mail addresses;
- phone numbers: libphonenumber's matcher (valid numbers only) for a few regions,
  plus the digit shapes of plausible fakes (03-0000-0000, 555-555-5555).

What a request may hold on purpose is not flagged: placeholders, and the values the
caller names as not personal (the facts' order and tracking numbers, dates and
amounts; the shop's own e-mail, phone and URL). A scan reports counts by kind, never
a value, so it can go into a log line, a Draft and /metrics. A caller whose scan is
not clean sends nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import phonenumbers
from phonenumbers import CountryCodeSource, Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from draftdesk.adapters.recognizers.credit_card import CARD_SEPARATOR
from draftdesk.domain import Withheld
from draftdesk.errors import ConfigurationError
from draftdesk.text.known_values import KnownValues

WireKind = Literal[
    "known_name", "known_email", "known_phone", "known_address", "card_number", "email_address", "phone_number"
]  # fmt: skip
WireTarget = Literal["model", "embedder"]
BlockSink = Callable[[WireTarget, Mapping[WireKind, int]], None]
"""Told of every blocked request: where it was going and the counts by kind (metrics)."""

DEFAULT_REGIONS = ("JP", "US", "GB")
_DESCRIPTIONS: dict[WireKind, str] = {
    "known_name": "the customer's name",
    "known_email": "the customer's e-mail address",
    "known_phone": "the customer's phone number",
    "known_address": "the customer's address",
    "card_number": "card-shaped number",
    "email_address": "e-mail address",
    "phone_number": "phone number",
}

_HYPHENS = frozenset("-‐‑‒–—―−﹣ー")
_IGNORED = _HYPHENS | frozenset(".()")  # and whitespace; after NFKC the full-width forms are ASCII
_DROPPED = re.compile("[" + re.escape("".join(sorted(_IGNORED))) + r"\s]")  # \s is str.isspace()
_DIGITS = "0123456789"
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*_[0-9]+>")
_CARD = re.compile(
    r"(?<![0-9])(?:[0-9]{13,19}"
    rf"|[0-9]{{4}}(?P<a>{CARD_SEPARATOR})[0-9]{{4}}(?:(?P=a)[0-9]{{1,4}}){{2,3}}"  # 4-4-4-4, 4.4.4.4, 4-4-4-4-3
    rf"|[0-9]{{4}}(?P<b>{CARD_SEPARATOR})[0-9]{{6}}(?P=b)[0-9]{{4,5}})(?![0-9])"  # 4-6-5 (Amex), 4-6-4 (Diners)
)
_CARD_DIGITS = range(13, 20)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ALONE = r"(?<![0-9A-Za-z=/-])(?<![0-9] )", r"(?![0-9-])(?! [0-9])"  # not one group of a longer number
_PHONE_SHAPES = tuple(
    re.compile(_ALONE[0] + shape + _ALONE[1])
    for shape in (
        r"0[0-9]{1,4}(?:[ -][0-9]{1,4}){1,2}[ -][0-9]{3,4}",  # 03-0000-0000
        r"0[0-9]{3,4} [0-9]{6}",  # 07700 900123
        r"0[5789]0[0-9]{8}",  # 09000000000
        r"\+[0-9]{1,3}(?:[ .-]?\(?[0-9]+\)?){2,6}",  # +44 20 0000 0000
        r"(?:\([0-9]{3}\) ?|[0-9]{3}[-. ])[0-9]{3}[-. ][0-9]{4}",  # (555) 555-5555
    )
)
_PHONE_DIGITS = range(9, 16)  # fewer is an amount or a date; more, a card or an id
# libphonenumber's matcher is slow on long text: it only sees runs that could be a number.
_PHONE_CANDIDATE = re.compile(r"\+?\(?[0-9][0-9 ()\-.]{5,}[0-9]")
_CANDIDATE_DIGITS = 9
_CONTEXT = 12
# A business's number is not personal: freephone (0120, 0800, 1-800), premium, shared-cost, corporate.
_BUSINESS = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
                       PhoneNumberType.UAN})

Span = tuple[int, int]


@dataclass(frozen=True)
class WireScan:
    """What one scan caught, counts by kind; empty when the request may go."""

    caught: Mapping[WireKind, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.caught

    def summary(self) -> str:
        """The kinds in words, for a fallback reason or an error: `card-shaped number, e-mail address`."""
        return ", ".join(_DESCRIPTIONS[kind] for kind in sorted(self.caught))


class WireGuard:
    """Scans outgoing text. Built once at start-up with what is never personal (the
    shop's own contact values) and who hears of blocks; holds no per-request state."""

    def __init__(
        self,
        *,
        allowed: Iterable[str | None] = (),
        regions: Iterable[str] = DEFAULT_REGIONS,
        on_block: BlockSink | None = None,
    ) -> None:
        self._allowed = tuple(value for value in allowed if value)
        self._regions = tuple(regions)
        if not self._regions:
            raise ConfigurationError("wire guard: name at least one phone region, e.g. JP")
        self._on_block = on_block

    def check(
        self,
        texts: Iterable[str],
        *,
        target: WireTarget,
        withheld: Withheld | None = None,
        allowed: Iterable[str | None] = (),
    ) -> WireScan:
        """`scan`, and tell `on_block` when the request must not go."""
        result = self.scan(texts, withheld=withheld, allowed=allowed)
        if not result.clean and self._on_block is not None:
            self._on_block(target, result.caught)
        return result

    def scan(
        self, texts: Iterable[str], *, withheld: Withheld | None = None, allowed: Iterable[str | None] = ()
    ) -> WireScan:
        """Counts by kind of what `texts` hold that must not leave; `allowed` adds this
        request's own non-personal values to the guard's. Pure."""
        permitted = _Permitted([*self._allowed, *(value for value in allowed if value)])
        needles = _needles(withheld) if withheld is not None else []
        in_context = KnownValues(name_parts=withheld.name_parts) if withheld is not None else None
        caught: Counter[WireKind] = Counter()
        for text in texts:
            folded = unicodedata.normalize("NFKC", text)
            taken: list[Span] = []
            for kind, span in _known(folded, needles):
                _take(caught, taken, kind, span)
            for found in in_context.spans(folded) if in_context is not None else ():
                _take(caught, taken, "known_name", (found.start, found.end))
            blanked = _PLACEHOLDER.sub(lambda match: " " * len(match[0]), folded)
            for kind, span in self._shapes(blanked):
                if not permitted.allows(blanked[span[0] : span[1]]):
                    _take(caught, taken, kind, span)
        return WireScan(caught=dict(caught))

    def _shapes(self, text: str) -> Iterator[tuple[WireKind, Span]]:
        for match in _CARD.finditer(text):
            if len(_digits(match[0])) in _CARD_DIGITS:
                yield "card_number", match.span()
        for match in _EMAIL.finditer(text):
            yield "email_address", match.span()
        for candidate in _PHONE_CANDIDATE.finditer(text):
            if len(_digits(candidate[0])) < _CANDIDATE_DIGITS:
                continue
            # with a little context, which the matcher reads (2026-11-14 09:00 is a time stamp)
            start = max(0, candidate.start() - _CONTEXT)
            window = text[start : candidate.end() + _CONTEXT]
            for region in self._regions:
                for found in PhoneNumberMatcher(window, region, leniency=Leniency.VALID):
                    if _personal_phone(found.raw_string, region):
                        yield "phone_number", (start + found.start, start + found.end)
        for shape in _PHONE_SHAPES:
            for match in shape.finditer(text):
                if len(_digits(match[0])) in _PHONE_DIGITS and _personal_phone(match[0], self._regions[0]):
                    yield "phone_number", match.span()


def _personal_phone(raw: str, region: str) -> bool:
    """Not a business's number, and not a run of digits that merely starts like a
    country code (a tracking number 4455… read in GB as +44 55…)."""
    try:
        number = phonenumbers.parse(raw, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return True  # a shape libphonenumber cannot read is still a shape
    if number.country_code_source == CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN:
        return False
    return not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _BUSINESS


def _take(caught: Counter[WireKind], taken: list[Span], kind: WireKind, span: Span) -> None:
    """Count `span` unless an earlier finding overlaps it: one value, one count."""
    start, end = span
    if start < end and not any(start < other_end and other_start < end for other_start, other_end in taken):
        taken.append(span)
        caught[kind] += 1


# --- known values --------------------------------------------------------------------


def _needles(withheld: Withheld) -> list[tuple[WireKind, str]]:
    """Each known value squashed, in every spelling looked for; values too short to
    tell from ordinary text are left to redaction."""
    values: list[tuple[WireKind, str]] = [("known_email", email) for email in withheld.emails]
    values += [("known_name", name) for name in withheld.names]
    values += [("known_phone", variant) for phone in withheld.phones for variant in _phone_variants(phone)]
    values += [("known_address", value) for value in (*withheld.addresses, *withheld.postal_codes)]
    needles = []
    for kind, needle in dict.fromkeys((kind, _squash(value)) for kind, value in values):
        if needle.isdigit():
            long_enough = len(needle) >= 6  # 1-20 of an address is in every date
        else:
            long_enough = len(needle) >= (2 if kind == "known_name" and not needle.isascii() else 3)
        if long_enough:
            needles.append((kind, needle))
    return sorted(needles, key=lambda item: -len(item[1]))  # the longest first: an e-mail before the name in it


def _known(folded: str, needles: list[tuple[WireKind, str]]) -> Iterator[tuple[WireKind, Span]]:
    """Where each needle is in `folded`, compared squashed; a number must not be part
    of a longer number, nor a Latin word of a longer word, in the text as written."""
    quick = _squash_folded(folded)
    if not any(needle in quick for _, needle in needles):
        return  # the usual case, a redacted prompt: no character map needed
    squashed, where = _squashed(folded)
    for kind, needle in needles:
        at = squashed.find(needle)
        while at >= 0:
            start, end = where[at], where[at + len(needle) - 1] + 1
            if _bounded(folded, start, end, needle):
                yield kind, (start, end)
            at = squashed.find(needle, at + 1)


def _bounded(text: str, start: int, end: int, needle: str) -> bool:
    """A number is not a piece of a longer number or a hyphenated id (240-0123 in
    AB-24-00123), a Latin word not a piece of a longer word."""

    def clear(near: str, edge: str) -> bool:
        """`near`: up to two characters beside the value, the adjacent one last."""
        adjacent = near[-1:]
        if edge in _DIGITS:
            if adjacent and adjacent in _HYPHENS:
                return not _latin_or_digit(near[:-1])
            return not (adjacent and adjacent in _DIGITS)
        if _latin_or_digit(edge):
            return not _latin_or_digit(adjacent)
        return True

    return clear(text[max(0, start - 2) : start], needle[0]) and clear(text[end : end + 2][::-1], needle[-1])


def _latin_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _phone_variants(phone: str) -> list[str]:
    """The number as written, and as international (81 90 …) and national (0 90 …, 90 …) digits."""
    variants = [phone]
    try:
        number = phonenumbers.parse(unicodedata.normalize("NFKC", phone), "JP")
    except phonenumbers.NumberParseException:
        return variants
    national = str(number.national_number)
    variants += [f"{number.country_code}{national}", f"0{national}"]
    if len(national) >= 8:
        variants.append(national)
    return variants


# --- what the request may hold ---------------------------------------------------------


class _Permitted:
    """The request's own non-personal values, compared as findings are: squashed,
    as digits, and as phone numbers in E.164."""

    def __init__(self, values: list[str]) -> None:
        self._squashed = [squashed for value in values if (squashed := _squash(value))]
        self._digits = {digits for value in values if len(digits := _digits(value)) >= 6}
        self._phones = {e164 for value in values if (e164 := _e164(value))}

    def allows(self, found: str) -> bool:
        squashed = _squash(found)
        if any(squashed in value for value in self._squashed) or _digits(found) in self._digits:
            return True
        return bool(self._phones) and _e164(found) in self._phones


# --- folding --------------------------------------------------------------------------


def _squashed(folded: str) -> tuple[str, list[int]]:
    """`folded` case-folded without ignored characters, and for each character left,
    where it came from."""
    chars: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(folded):
        if ch in _IGNORED or ch.isspace():
            continue
        lowered = ch.casefold()
        chars.append(lowered)
        where += [index] * len(lowered)
    return "".join(chars), where


def _squash_folded(folded: str) -> str:
    """`_squashed(folded)[0]` without the map, in C rather than a loop per character:
    case folding works character by character, so dropping first and folding the rest
    gives the same text."""
    return _DROPPED.sub("", folded).casefold()


@lru_cache(maxsize=4096)  # the shop's own values and each order's come again and again
def _squash(text: str) -> str:
    return _squash_folded(unicodedata.normalize("NFKC", text))


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch in _DIGITS)


@lru_cache(maxsize=4096)
def _e164(text: str) -> str | None:
    try:
        number = phonenumbers.parse(unicodedata.normalize("NFKC", text), "JP")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164) if phonenumbers.is_valid_number(number) else None
