"""redact: personal data → placeholders such as `<PERSON_1>`, before any model sees the text.

Two sources of spans are merged: a `PiiDetector` (Presidio with our Japanese and
English recognizers, see `draftdesk.adapters.presidio_redactor`) and the customer's
`KnownValues` from the order record, which are found whatever the detector says.
Overlapping spans become one placeholder covering their union (redacting a little
too much is safe; leaking the tail of an address is not), typed by the strongest
span: known values first, then score, then length.

Placeholder types (one counter per type, `<TYPE_N>`, N from 1):
PERSON, EMAIL_ADDRESS, PHONE_NUMBER, ADDRESS (a street address, possibly with
building and room), POSTAL_CODE, CREDIT_CARD, MY_NUMBER, BANK_ACCOUNT,
DATE_OF_BIRTH, IBAN_CODE, IP_ADDRESS, ID_NUMBER (a card-shaped number that fails
the card checksum).

The `Vault` that maps placeholders back lives in memory for one request only and
never shows its values in a repr, a log line or an error message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from draftdesk.domain import Frozen, Language
from draftdesk.errors import DraftdeskError, RedactionFailed
from draftdesk.ports import PiiDetector
from draftdesk.text.known_values import KnownValues, PiiSpan, fold_width

ENTITY_TYPES = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "ADDRESS", "POSTAL_CODE", "CREDIT_CARD",
    "MY_NUMBER", "BANK_ACCOUNT", "DATE_OF_BIRTH", "IBAN_CODE", "IP_ADDRESS", "ID_NUMBER",
)  # fmt: skip


class Restored(Frozen):
    text: str
    unknown: tuple[str, ...] = ()


# <PERSON_1>, ＜PERSON_1＞, < PERSON_1 >, <PERSON 1>, [PERSON_1], {PERSON_1}
_BRACKETED = re.compile(r"[<＜〈\[{]\s*([A-Z]{2,}(?:_[A-Z]+)*)[\s_]*([0-9]+)\s*[>＞〉\]}]")  # not <H1>
# PERSON_1 without brackets: only restored for types we issue (it could be anything else)
_BARE = re.compile(r"(?<![A-Za-z0-9_<＜〈\[{])([A-Z]+(?:_[A-Z]+)*)_([0-9]+)(?![A-Za-z0-9_>＞〉\]}])")


class Vault:
    """Placeholders for one request. Same value (ignoring width, case and spacing) →
    same placeholder; `restore` puts the first-seen spelling back."""

    __slots__ = ("_placeholders", "_values", "_counts")

    def __init__(self) -> None:
        self._placeholders: dict[tuple[str, str], str] = {}
        self._values: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"<Vault with {len(self._values)} placeholders>"

    __str__ = __repr__

    def placeholder(self, entity_type: str, value: str) -> str:
        if not re.fullmatch(r"[A-Z]+(?:_[A-Z]+)*", entity_type):
            raise RedactionFailed(f"entity type {entity_type!r} is not an upper-case placeholder name")
        key = (entity_type, _canonical(value))
        issued = self._placeholders.get(key)
        if issued is None:
            number = self._counts.get(entity_type, 0) + 1
            self._counts[entity_type] = number
            issued = f"<{entity_type}_{number}>"
            self._placeholders[key] = issued
            self._values[issued] = value
        return issued

    def restore(self, text: str) -> Restored:
        unknown: list[str] = []

        def bracketed(match: re.Match[str]) -> str:
            value = self._values.get(f"<{match[1]}_{match[2]}>")
            if value is None:
                unknown.append(match[0])
                return match[0]
            return value

        def bare(match: re.Match[str]) -> str:
            value = self._values.get(f"<{match[1]}_{match[2]}>")
            if value is None and match[1] in ENTITY_TYPES:
                unknown.append(match[0])
            return match[0] if value is None else value

        restored = _BARE.sub(bare, _BRACKETED.sub(bracketed, text))
        return Restored(text=restored, unknown=tuple(dict.fromkeys(unknown)))

    def counts(self) -> dict[str, int]:
        return dict(self._counts)


def redact(
    text: str,
    *,
    language: Language,
    known: KnownValues,
    vault: Vault,
    detector: PiiDetector,
    keep: Iterable[str] = (),
) -> str:
    """`text` with every personal value replaced by its placeholder from `vault`.

    Detector hits lying inside a `keep` string (product names, the carrier, the shop's
    own name and contact) are dropped; known values are always replaced.
    Raises `RedactionFailed` when the detector fails: then nothing may reach a model.
    """
    try:
        detected = detector.analyze(text, language=language)
    except DraftdeskError:
        raise
    except Exception as error:  # any detector failure must close the gate, never leak
        raise RedactionFailed(
            f"PII detection failed on a {language} text of {len(text)} characters ({type(error).__name__})"
        ) from error
    spans = kept_out(text, detected, keep=[*keep, *_issued_placeholders(text)]) + known.spans(text)
    pieces: list[str] = []
    cursor = 0
    for span in merge_spans(_trimmed(text, spans)):
        pieces += [text[cursor : span.start], vault.placeholder(span.entity_type, text[span.start : span.end])]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def kept_out(text: str, spans: Iterable[PiiSpan], *, keep: Iterable[str]) -> list[PiiSpan]:
    """`spans` less those lying inside an occurrence of a `keep` string (ignoring width
    and case): the shop's own name and contact, the order's products and carrier."""
    protected = _occurrences(text, keep)
    return [span for span in spans if not _inside_any(span, protected)]


def merge_spans(spans: Iterable[PiiSpan]) -> list[PiiSpan]:
    """Overlapping spans → one span over their union, typed by the strongest member."""
    merged: list[PiiSpan] = []
    strongest: PiiSpan | None = None
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            strongest = max(strongest or span, span, key=lambda s: (s.score, s.end - s.start))
            merged[-1] = PiiSpan(
                entity_type=strongest.entity_type,
                start=merged[-1].start,
                end=max(merged[-1].end, span.end),
                score=strongest.score,
            )
        else:
            merged.append(span)
            strongest = span
    return merged


def _trimmed(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    """Spans without surrounding whitespace, so layout stays outside placeholders."""
    result = []
    for span in spans:
        value = text[span.start : span.end]
        start = span.start + len(value) - len(value.lstrip())
        end = span.end - len(value) + len(value.rstrip())
        if start < end:
            result.append(span.model_copy(update={"start": start, "end": end}))
    return result


def _issued_placeholders(text: str) -> list[str]:
    return [match[0] for match in _BRACKETED.finditer(text)]


def _occurrences(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    folded = fold_width(text).casefold()
    ranges = []
    for needle in {fold_width(n).casefold() for n in needles if n and n.strip()}:
        ranges += [(m.start(), m.end()) for m in re.finditer(re.escape(needle), folded)]
    return ranges


def _inside_any(span: PiiSpan, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in ranges)


def _canonical(value: str) -> str:
    return re.sub(r"[\s\-()（）]", "", fold_width(value)).casefold()


__all__ = [
    "ENTITY_TYPES",
    "KnownValues",
    "PiiSpan",
    "Restored",
    "Vault",
    "fold_width",
    "kept_out",
    "merge_spans",
    "redact",
]
