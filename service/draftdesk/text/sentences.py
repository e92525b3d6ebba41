"""Sentences and the parts of a reply (greeting, body, signature), with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from draftdesk.domain import Language

_JA_END = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_EN_BOUNDARY = re.compile(r"(?<=[.!?])[ \t]+|\n+")
# "Nov. 16" and "Ms. Carter" do not end a sentence.
_EN_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(?:mr|mrs|ms|dr|st|no|vs|approx|e\.g|i\.e|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.$", re.I
)
_SIGNATURE_RULE = re.compile(r"^\s*(?:[―─━\-=_*~]\s*){6,}$", re.MULTILINE)
_EN_SIGN_OFF = re.compile(r"^(?:kind regards|best regards|regards|sincerely|best wishes|warm regards),?\s*$", re.I | re.M)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def split_sentences(text: str, language: Language, *, offset: int = 0) -> list[Span]:
    pieces = ((m.start(), m.end()) for m in _JA_END.finditer(text)) if language == "ja" else _en_pieces(text)
    spans = []
    for piece_start, piece_end in pieces:
        raw = text[piece_start:piece_end]
        stripped = raw.strip()
        if not stripped:
            continue
        start = piece_start + raw.index(stripped[0])
        spans.append(Span(offset + start, offset + start + len(stripped), stripped))
    return spans


def _en_pieces(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for boundary in _EN_BOUNDARY.finditer(text):
        if "\n" not in boundary.group() and _EN_ABBREVIATION.search(text, start, boundary.start()):
            continue
        yield start, boundary.start()
        start = boundary.end()
    yield start, len(text)


@dataclass(frozen=True)
class ReplyParts:
    """The greeting line, the body between it and the signature, the signature, and a
    postscript after it (P.S. / 追伸): part of the message, though it follows the name."""

    greeting: Span | None
    body: Span
    signature: Span | None
    postscript: Span | None = None


_GREETING = re.compile(r"^(?:.{1,40}(?:様|さま|殿)|お客様|(?:dear|hi|hey|hello|greetings|good (?:day|morning|afternoon|evening))\b.*)$", re.IGNORECASE)


# A letter's address block: the addressee's organisation on short lines above the name
# (株式会社松本製作所 総務部 / 松本 大輔 様, Acme Foods Ltd. / Dear Ms. Emily Carter,).
_ADDRESS_LINES = 3
_ADDRESS_LINE = re.compile(r"[^。！？!?\n]{1,40}")


def _greeting_line(text: str) -> Span | None:
    """The greeting: the first line, or the line under an address block of at most three
    short lines with no sentence in them, in the first paragraph."""
    lines = list(re.finditer(r"\S[^\n]*", text))
    for index, line in enumerate(lines[: _ADDRESS_LINES + 1]):
        said = line.group().strip()
        if _GREETING.match(said):
            return Span(line.start(), line.end(), said)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            not _ADDRESS_LINE.fullmatch(said)
            or following is None
            or "\n" in text[line.end() : following.start()].replace("\n", "", 1)  # a blank line ends the block
        ):
            return None
    return None


def reply_parts(text: str, language: Language) -> ReplyParts:
    greeting = _greeting_line(text)
    body_start = greeting.end if greeting else 0
    signature_at = _signature_start(text, language, after=body_start)
    body_end = signature_at if signature_at is not None else len(text)
    postscript_at = _postscript_start(text, after=body_end) if signature_at is not None else None
    signature_end = postscript_at if postscript_at is not None else len(text)
    signature = Span(signature_at, signature_end, text[signature_at:signature_end]) if signature_at is not None else None
    postscript = Span(postscript_at, len(text), text[postscript_at:]) if postscript_at is not None else None
    return ReplyParts(
        greeting=greeting, body=Span(body_start, body_end, text[body_start:body_end]), signature=signature,
        postscript=postscript,
    )


_POSTSCRIPT = re.compile(r"^[ \t]*(?:P\.?\s?S\.?|追伸|二伸)(?=[\s:：、,.])", re.IGNORECASE | re.MULTILINE)


def _postscript_start(text: str, *, after: int) -> int | None:
    match = _POSTSCRIPT.search(text, after)
    return match.start() if match else None


def _signature_start(text: str, language: Language, *, after: int) -> int | None:
    rules = [m for m in _SIGNATURE_RULE.finditer(text) if m.start() > after]
    # a signature boxed between two rules starts at the upper one: nothing follows the lower
    opening = [m.start() for m in rules if text[m.end() :].strip() and not _SIGNATURE_RULE.fullmatch(text[m.end() :].strip())]
    if rules:
        return opening[-1] if opening else rules[-1].start()
    if language == "en":
        sign_offs = [m.start() for m in _EN_SIGN_OFF.finditer(text) if m.start() > after]
        if sign_offs:
            return sign_offs[-1]
    return None


def paragraphs(span: Span) -> list[Span]:
    found = []
    for match in re.finditer(r"\S(?:.|\n(?!\s*\n))*", span.text):
        found.append(Span(span.start + match.start(), span.start + match.end(), match.group().strip()))
    return found
