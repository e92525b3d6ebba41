"""The customer's known values: every spelling of their name, e-mail, phone, address
and card that the order record and the sender give, found in a text whatever the
detector says.

Also the two things known values share with the `redact` stage and the recognizers,
kept here so `redact` can build on this module: `PiiSpan`, one piece of personal data
in a text, and `fold_width`, the offset-preserving folding every pattern matches on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, partial
from typing import Any

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
from pydantic import Field

from draftdesk.domain import Frozen, Order, Sender


class PiiSpan(Frozen):
    """One piece of personal data: `text[start:end]`, with the detector's confidence."""

    entity_type: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(ge=0, le=1)


# --- width folding ----------------------------------------------------------------

_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_DASHES = {ord(dash): "-" for dash in "‐‑‒–—―−﹣"}
_FOLD = str.maketrans({**_FULL_WIDTH_ASCII, **_DASHES, 0x3000: " "})


def fold_width(text: str) -> str:
    """Full-width ASCII, dash variants and the ideographic space as ASCII.

    One character for one, so every offset in the folded text is an offset in the
    original: patterns are written once, in ASCII, and spans still fit.
    """
    return text.translate(_FOLD)


# --- the customer's known values ---------------------------------------------------

_HONORIFIC_AFTER = r"(?=[ \t]?(?:様|さま|さん|殿|氏|くん|ちゃん|-san|より))"  # より: 太郎より, a sign-off
_TITLE_BEFORE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s"
_NUMBER_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_NUMBER_EDGE_AFTER = r"(?![0-9A-Za-z])"
_PHONE_SEPARATORS = r"[\s\-ー.()]*"
_POSTAL_CODE = re.compile(r"〒?\s*([0-9]{3}-?[0-9]{4})(?![0-9])")
_PREFECTURE_START = re.compile(r"^(?:東京都|北海道|(?:京都|大阪)府|\S{2,3}県)\s*")
_MUNICIPALITY_START = re.compile(r"^[^0-9\s]{1,6}?[市区郡町村]\s*")  # 大阪市, 北区, 西多摩郡
_STREET_NUMBER = re.compile(r"[0-9一二三四五六七八九十]+(?:丁目|番地?|号|[-ー]|の)[0-9]+(?:(?:番地?|号|[-ー]|の)[0-9]+)?号?")
_NOT_DIGIT = re.compile(r"[^0-9]")
_BETWEEN_NUMBERS = re.compile(r"^(?:丁目|番地?の?|号|[-ー]|の)$")
# The characters besides A–Z and a–z that a case-insensitive pattern matches with an ASCII
# letter: İ and ı (i), ſ (s), the Kelvin sign K (k). In a text holding none, an ASCII
# value matches only where the text's lower case holds the value's lower case.
_ASCII_CASE_PARTNERS = re.compile("[\u0130\u0131\u017f\u212a]")


class KnownValues(Frozen):
    """What the order record and the sender say about this customer. Every spelling
    listed here is redacted wherever it appears, whatever the detector says."""

    names: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # surname or given name alone: redacted next to an honorific/title
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    postal_codes: tuple[str, ...] = ()
    card_last4: tuple[str, ...] = ()

    @classmethod
    def from_order(cls, order: Order | None, sender: Sender | None) -> KnownValues:
        customer = order.customer if order is not None else None
        full_names = [n for n in (customer and customer.name, sender and sender.name) if n and len(n.strip()) > 1]
        kana = customer.name_kana if customer and customer.name_kana else None
        if kana:
            full_names += [kana, _other_kana(kana)]
        parts = [part for name in full_names for part in name.split() if len(name.split()) > 1 and len(part) > 1]
        addresses = [customer.address] if customer and customer.address else []
        payment = order.payment if order is not None else None
        return cls(
            names=tuple(dict.fromkeys(full_names)),
            name_parts=tuple(dict.fromkeys(parts)),
            emails=tuple(dict.fromkeys(e for e in (customer and customer.email, sender and sender.email) if e)),
            phones=(customer.phone,) if customer and customer.phone else (),
            addresses=tuple(dict.fromkeys(part for a in addresses for part in _address_parts(a))),
            postal_codes=tuple(m[1] for a in addresses for m in _POSTAL_CODE.finditer(fold_width(a))),
            card_last4=(payment.card_last4,) if payment and payment.card_last4 else (),
        )

    def spans(self, text: str) -> list[PiiSpan]:
        folded = fold_width(text)
        digits = _NOT_DIGIT.sub("", folded)
        lowered: str | None = None
        spans = []
        for lookup in self.lookups:
            if lookup.digits not in digits:  # "" is in every text
                continue
            if lookup.caseless:
                if lowered is None:
                    lowered = "" if _ASCII_CASE_PARTNERS.search(folded) else folded.lower()
                if lowered and not all(needle in lowered for needle in lookup.needles):
                    continue
            elif not all(needle in folded for needle in lookup.needles):
                continue
            for match in lookup.pattern.finditer(folded):
                start, end = match.span("value") if match.groupdict().get("value") else match.span()
                spans.append(PiiSpan(entity_type=lookup.entity_type, start=start, end=end, score=1.0))
        return spans

    @cached_property
    def lookups(self) -> list[_Lookup]:
        """One per value, its pattern compiled on first use and then kept: a ticket's
        values are looked for in its subject, its body and every message sent, and `re`'s
        own cache of 512 patterns is soon overrun by a stream of customers (a compile per
        value per look, measured). A number, an address with one, a postal code or a
        card's last digits cannot be in a text that lacks their digits in a row once every
        non-digit is dropped (their patterns allow only separators and words between the
        digits): those are not compiled for a text that lacks them, as most texts do."""
        lookups = [_Lookup("PERSON", partial(_name_pattern, name), **_name_needles(name)) for name in self.names]
        lookups += [
            _Lookup("PERSON", partial(_name_part_pattern, part), **_part_needles(part)) for part in self.name_parts
        ]  # fmt: skip
        lookups += [_Lookup("EMAIL_ADDRESS", partial(_literal_pattern, e), **_literal_needles(e)) for e in self.emails]
        lookups += [
            _Lookup("PHONE_NUMBER", partial(_phone_pattern, p), digits=_national_digits(p))
            for p in self.phones if len(_digits(p)) >= 6
        ]  # fmt: skip
        lookups += [_Lookup("ADDRESS", partial(_address_pattern, a), digits=_digits(a)) for a in self.addresses]
        lookups += [
            _Lookup("POSTAL_CODE", partial(_number_pattern, _digits(c), groups=(3, 4)), digits=_digits(c))
            for c in self.postal_codes
        ]  # fmt: skip
        lookups += [_Lookup("CREDIT_CARD", partial(_card_pattern, d), digits=_digits(d)) for d in self.card_last4]
        return lookups


class _Lookup:
    """A known value's pattern, built when first needed; `digits`: what a text must hold
    in a row, once its non-digits are dropped, for the pattern to match it; `needles`:
    what it must hold as written (`caseless`: in its lower case, when it has no
    `_ASCII_CASE_PARTNERS`). A name's pattern costs 0.2–0.3 ms to compile, and a stream
    of customers overruns `re`'s cache: a text that cannot hold the name (the kana
    spellings of most tickets, every placeholder-only message the wire guard reads) no
    longer compiles it."""

    def __init__(
        self,
        entity_type: str,
        build: Callable[[], re.Pattern[str]],
        *,
        digits: str = "",
        needles: tuple[str, ...] = (),
        caseless: bool = False,
    ) -> None:
        self.entity_type = entity_type
        self.digits = digits
        self.needles = needles
        self.caseless = caseless
        self._build = build

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return self._build()


def _name_needles(name: str) -> dict[str, Any]:
    """`_name_pattern` matches each word of the name in turn: in any case when it is ASCII."""
    return _needles(tuple(fold_width(part) for part in name.split()), any_case=name.isascii())


def _part_needles(part: str) -> dict[str, Any]:
    """`_name_part_pattern` matches each word of the part in turn (a part is one), in any case."""
    return _needles(tuple(fold_width(piece) for piece in part.split()), any_case=True)


def _literal_needles(value: str) -> dict[str, Any]:
    """`_literal_pattern` matches the value whole, in any case."""
    return _needles((fold_width(value),), any_case=True)


def _needles(pieces: tuple[str, ...], *, any_case: bool) -> dict[str, Any]:
    """What a text must hold for a pattern that matches `pieces` in turn: as written, or
    when `any_case`, an ASCII piece by its lower case and one without cased letters (山田,
    やまだ) as written; with any other cased letter (Müller) there is no needle and the
    text is always searched."""
    if not any_case:
        return {"needles": pieces}
    if all(piece.isascii() for piece in pieces):
        return {"needles": tuple(piece.lower() for piece in pieces), "caseless": True}
    if all(piece.lower() == piece == piece.upper() for piece in pieces):
        return {"needles": pieces}
    return {}


def _name_part_pattern(part: str) -> re.Pattern[str]:
    escaped = _spaced(part)
    return re.compile(rf"(?m)(?:{escaped}{_HONORIFIC_AFTER}|^[ \t]*{escaped}[ \t]*$|{_TITLE_BEFORE}(?P<value>{escaped}))",
                      re.IGNORECASE)  # fmt: skip


def _literal_pattern(value: str) -> re.Pattern[str]:
    return re.compile(re.escape(fold_width(value)), re.IGNORECASE)


def _card_pattern(last4: str) -> re.Pattern[str]:
    return re.compile(rf"(?:カード|下4桁|末尾|ending(?:\sin)?|last\s4)[^\n0-9]{{0,15}}(?P<value>{last4})(?![0-9])",
                      re.IGNORECASE)  # fmt: skip


def _digits(text: str) -> str:
    return _NOT_DIGIT.sub("", fold_width(text))


def _spaced(text: str) -> str:
    """`text` as a pattern in which any run of whitespace may be any whitespace or none."""
    return r"\s*".join(re.escape(fold_width(part)) for part in text.split())


def _name_pattern(name: str) -> re.Pattern[str]:
    if name.isascii():
        return re.compile(rf"(?<![A-Za-z]){_spaced(name)}(?![A-Za-z])", re.IGNORECASE)
    return re.compile(_spaced(name))


def _other_kana(kana: str) -> str:
    """Katakana ↔ hiragana, so ヤマダ also finds やまだ."""
    return "".join(
        chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in kana
    )


def _national_digits(phone: str) -> str:
    """The digits every spelling `_phone_pattern` finds holds in a row: the number
    without its leading 0 or its country code."""
    digits = _digits(phone)
    country = _country_code(digits) if fold_width(phone).lstrip().startswith("+") else None
    if digits.startswith("0"):
        return digits[1:]
    return digits[len(country) :] if country else digits


def _phone_pattern(phone: str) -> re.Pattern[str]:
    """A Japanese national number also in its +81 form; an international one also
    without its country code, as customers write their own number."""
    digits = _digits(phone)
    country = _country_code(digits) if fold_width(phone).lstrip().startswith("+") else None
    if digits.startswith("0"):
        national = _PHONE_SEPARATORS.join(digits[1:])
        body = rf"(?:\+81{_PHONE_SEPARATORS}(?:\(0\))?{_PHONE_SEPARATORS}|\(?0){_PHONE_SEPARATORS}{national}"
    elif country:
        national = _PHONE_SEPARATORS.join(digits[len(country) :])
        body = rf"(?:\+?{country}{_PHONE_SEPARATORS}(?:\(0\))?|\(?0?){_PHONE_SEPARATORS}{national}"
    else:
        body = r"\+?" + _PHONE_SEPARATORS.join(digits)
    return re.compile(_NUMBER_EDGE_BEFORE + body + _NUMBER_EDGE_AFTER)


def _country_code(digits: str) -> str | None:
    """The calling code at the start of an international number (codes are prefix-free)."""
    return next((digits[:size] for size in (1, 2, 3) if int(digits[:size] or 0) in COUNTRY_CODE_TO_REGION_CODE), None)


def _number_pattern(digits: str, *, groups: tuple[int, int]) -> re.Pattern[str]:
    head, tail = digits[: groups[0]], digits[groups[0] :]
    return re.compile(rf"{_NUMBER_EDGE_BEFORE}{head}[-\s]?{tail}{_NUMBER_EDGE_AFTER}")


def _address_parts(address: str) -> list[str]:
    """The whole address and the pieces a customer writes on their own: without the
    postal code, the prefecture or the city and ward (神宮前1-2-3), with and without
    the building/room, the building/room alone; for Latin addresses every comma- or
    line-separated piece holding a digit."""
    rest = _POSTAL_CODE.sub("", fold_width(address), count=1).strip()
    street = _STREET_NUMBER.search(rest)
    parts = [address]
    for head in [rest, rest[: street.end()]] if street else [rest]:
        parts.append(head)
        for start in (_PREFECTURE_START, _MUNICIPALITY_START, _MUNICIPALITY_START):
            head = start.sub("", head)
            parts.append(head)
    if street:
        parts.append(rest[street.end() :].strip())
    if rest.isascii():
        parts += [piece.strip() for piece in re.split(r"[,\n]", rest) if re.search(r"[0-9]", piece)]
    return [part for part in parts if len(part.strip()) >= 4]


def _address_pattern(address: str) -> re.Pattern[str]:
    """Spacing is free (in Japanese between any two characters) and street numbers
    may be written 1-2-3 or 1丁目2番3号."""
    pieces = re.split(r"([0-9]+)", fold_width(address))
    pattern = []
    for index, piece in enumerate(pieces):
        between_numbers = 0 < index < len(pieces) - 1 and index % 2 == 0
        if between_numbers and _BETWEEN_NUMBERS.match(piece.strip()):
            pattern.append(r"\s*(?:丁目|番地?の?|号|[-ー]|の)\s*")
        elif index % 2 == 1:
            pattern.append(piece + r"(?:号(?!室)|番地?)?")
        elif piece.isascii():
            pattern.append(rf"\s*{_spaced(piece)}\s*" if piece.strip() else r"\s*")
        else:  # a Japanese address may break a line anywhere: 東京都渋谷区⏎神宮前
            pattern.append(r"\s*" + r"\s*".join(re.escape(ch) for ch in piece if not ch.isspace()) + r"\s*")
    # A part that starts or ends with a number (1-20 of 浜ノ町1-20) must not match inside a
    # longer number: 2026-11-20 is a date.
    edges = (_NUMBER_EDGE_BEFORE if pieces[0] == "" else "", _NUMBER_EDGE_AFTER if pieces[-1] == "" else "")
    return re.compile(edges[0] + "".join(pattern) + edges[1], re.IGNORECASE)
