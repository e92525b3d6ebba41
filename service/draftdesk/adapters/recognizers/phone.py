"""Phone numbers of any country, in international and national formats.

A digit run with phone punctuation is a candidate; python-phonenumbers decides:
- `+41 (0)96 471 07 95`, `0041 …`: parsed without a region; accepted when possible.
- national formats (`(020) 7946 0018`, `9472 7916`, `030 901820`): accepted when valid
  in one of `REGIONS`, or merely possible there when a phone word stands just before.
Customers quote order and tracking numbers, dates and postal codes in the same
mail, so a candidate after a tracking/order word, shaped as a date, or a postal code
after 〒 is never a phone, and bare digit runs without punctuation need a phone word.
Japanese numbers are also `JapanesePhoneRecognizer`'s; overlapping hits merge.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from draftdesk.adapters.recognizers.base import SpanRecognizer

from draftdesk.text.known_values import fold_width

# Regions whose customers write to shops selling to Japan and the English-speaking world.
REGIONS = (
    "JP", "US", "CA", "GB", "IE", "AU", "NZ", "IN", "SG", "HK", "TW", "CN", "KR", "PH", "TH", "MY",
    "ID", "VN", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "IT", "ES", "PT", "SE", "NO", "DK", "FI",
    "PL", "CZ", "HU", "RO", "GR", "TR", "IL", "AE", "SA", "ZA", "NG", "KE", "EG", "MX", "BR", "AR",
    "CL", "CO", "PE", "RU", "UA",
)  # fmt: skip

# Up to eight digit groups joined by one separator each (space, hyphen, dot, slash,
# brackets); the separators are never digits and the groups are bounded, so the work
# per candidate is bounded whatever the input.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z\-+/.])(?:\+\s?)?\(?[0-9]{1,15}(?:(?:[ \-./]\(?|\(|\)[ \-./]?)[0-9]{1,15}){0,7}\)?"
)
_GROUP_BREAK = re.compile(r"[ \-./()]+")
_TRUNK_PREFIX = re.compile(r"\([0-9]\)")  # +44 (0)20…, +93 (8)0…
_PHONE_WORD = re.compile(
    r"(?:phone|tel|mobile|cell|call|ring|text|whats\s?app|line|number|fax|contact|reach|dial"
    r"|電話|携帯|連絡|番号|TEL|ＴＥＬ|℡|☎|📞)[^0-9\n]{0,24}$",
    re.IGNORECASE,
)
_NOT_PHONE_WORD = re.compile(
    r"(?:track(?:ing)?|order|invoice|receipt|sku|item|ref(?:erence)?|parcel|shipment|waybill|awb|zip|postal|postcode"
    r"|card|account|iban|追跡|伝票|送り状|注文|受注|問い?合わ?せ番号|お問合せ番号|品番|型番|〒|郵便|口座|カード"
    r"|マイナンバー|個人番号)"
    r"[^0-9\n]{0,16}$",
    re.IGNORECASE,
)
_BUSINESS_WORD = re.compile(
    r"toll[\s-]?free|free\s?(?:dial|phone|call)|hotline|customer\s(?:service|care|support)|support|help\s?desk"
    r"|call\s(?:centre|center)|フリーダイヤル|フリーコール|ナビダイヤル|カスタマー|サポート|センター|窓口|コールセンター|お客様相談",
    re.IGNORECASE,
)
_DATE = re.compile(r"(?:[0-9]{4}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}|[0-9]{1,2}[\-/.][0-9]{1,2}[\-/.][0-9]{2,4})(?![0-9\-/.])")
# Shapes of other numbers: IPv4 addresses, and Yamato's 4-4-4 tracking numbers
_NOT_PHONE_SHAPE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9]{4}-[0-9]{4}-[0-9]{4}")
# Fewer digits than a full number (a local 555-0134) only after a phone word.
_MIN_DIGITS, _MIN_DIGITS_ALONE, _MAX_DIGITS = 6, 8, 15


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of phone numbers in `text` (offsets of the original text)."""
    folded = fold_width(text)
    spans = []
    for match in _CANDIDATE.finditer(folded):
        start = match.start() + (1 if match[0].startswith("(") and ")" not in match[0] else 0)
        before = folded[max(0, start - 40) : start]
        if _DATE.match(match[0]) or _NOT_PHONE_SHAPE.fullmatch(match[0].strip("()")):
            continue
        if _NOT_PHONE_WORD.search(before) and not match[0].startswith("+"):  # "+CC …" is a phone whatever precedes it
            continue
        phone_word = bool(_PHONE_WORD.search(before)) or before.rstrip().endswith((":", "："))
        # "020 7946 0018 15 Nov": the longest run of leading groups that is a valid number;
        # after a phone word, a merely possible one will do.
        ends = _group_ends(folded, start, match.end())
        for lenient in (False, True) if phone_word else (False,):
            verdict = next(
                ((end, v) for end in ends if (v := _phone_verdict(folded[start:end], lenient=lenient)) is not None),
                None,
            )
            if verdict is not None:
                # A toll-free or premium number is a business's unless nothing says so: a
                # customer's own line in a signature is redacted, a carrier's free dial is not.
                if verdict[1] or not _BUSINESS_WORD.search(folded[max(0, start - 30) : verdict[0] + 30]):
                    spans.append((start, verdict[0]))
                break
    return spans


def _group_ends(text: str, start: int, end: int) -> list[int]:
    """Ends of the candidate after each space-separated group, longest first (hyphens
    and dots join groups of one number; spaces may also separate two numbers)."""
    ends = [start + m.start() for m in re.finditer(r"\s+(?=[0-9(])", text[start:end])]
    return [end, *reversed(ends)]


def _phone_verdict(value: str, *, lenient: bool) -> bool | None:
    """True: a personal phone number; False: a business's (toll-free); None: not a
    number of any region, try a shorter run. `lenient` (after a phone word): digits
    alone will do, and a number possible in some region is enough."""
    value = value.rstrip(")") if value.count(")") > value.count("(") else value
    digits = sum(ch.isdigit() for ch in value)
    if not _MIN_DIGITS <= digits <= _MAX_DIGITS or _DATE.fullmatch(value):
        return None
    if value.startswith(("+", "00")):
        return _possible_international("+" + _TRUNK_PREFIX.sub("", value).lstrip("+").removeprefix("00"))
    if lenient:
        return _possible_somewhere(value) or None
    if value.isdigit() or digits < _MIN_DIGITS_ALONE:
        return None
    return _valid_somewhere(value)


_BUSINESS_TYPES = frozenset({phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE})


def _personal(number: phonenumbers.PhoneNumber) -> bool:
    """Toll-free and premium-rate numbers belong to businesses (the shop's free dial)."""
    return phonenumbers.number_type(number) not in _BUSINESS_TYPES


@lru_cache(maxsize=4096)
def _possible_international(value: str) -> bool | None:
    """+CC and 8–15 digits is a phone number by its shape, even one libphonenumber's
    metadata calls impossible (+54 9 3955 2279): True, or False for a business's; None
    for no number."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return _personal(number)
    return True if phonenumbers.is_possible_number(number) or 8 <= sum(ch.isdigit() for ch in value) <= 15 else None


@lru_cache(maxsize=4096)
def _valid_somewhere(value: str) -> bool | None:
    """Whether the first region `value` is a valid number of calls it personal; None
    when it is valid in none."""
    for region in REGIONS:
        number = _parsed(value, region)
        if number is not None and phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == region:
            return _personal(number)
    return None


@lru_cache(maxsize=4096)
def _possible_somewhere(value: str) -> bool:
    return any((number := _parsed(value, region)) is not None and phonenumbers.is_possible_number(number) for region in REGIONS)


def _parsed(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


class PhoneNumberRecognizer(SpanRecognizer):
    ENTITIES = ("PHONE_NUMBER",)
    SCORE = 0.8

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("PHONE_NUMBER", start, end) for start, end in phone_spans(text)]


def spelled_number_is_phone(value: str) -> bool:
    """Digits spelled out in words (`spelled_phone.py`), with "+" when the words said
    "plus": a personal number of some region, with no punctuation to go by."""
    if value.startswith("+"):
        return _possible_international(value) is True
    return _valid_somewhere(value) is True
