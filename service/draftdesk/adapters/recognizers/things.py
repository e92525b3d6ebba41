"""Capitalised words that name a thing, not a person, by what stands around them: a
determiner before them (the Lady Grey tins, our Earl Grey), a company's legal form or
trade after them (Harbour Lights Ltd, Dunn & Keir Solicitors). Once the text uses words
as a thing, they are that thing everywhere in it (the Earl Grey came … no Earl Grey)."""

from __future__ import annotations

import re

# "the Lady Grey tins", "our Earl Grey": a determiner makes a thing of what follows
_DETERMINER_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“'‘,;:–—-]))(?:the|a|an|our|your|this|that|these|those|any|some|no)[ \t]+$", re.IGNORECASE)
# "the Wickramasinghe family", "the Okafors'": a determiner before a family is no thing
_FAMILY_AFTER = re.compile(r"[ \t]+(?:family|household|twins|kids|children)\b")
# "Harbour Lights Ltd", "Dunn & Keir Solicitors": a legal form or a firm's word makes a company
_ORGANISATION_WORD = (
    r"(?:Ltd|Limited|LLC|LLP|Inc|Corp|Co|plc|PLC|GmbH|AG|SL|SA|SAS|BV|NV|Pty|KK|Partners|Solicitors|Associates|Consulting"
    r"|Group|Holdings|Trust|Foundation|Bakery|Café|Cafe|Hotel|Clinic|Surgery|Organics|Foods|Teas?)"
)
_ORGANISATION_AFTER = re.compile(rf"[ \t]*(?:&[ \t]*)?{_ORGANISATION_WORD}\b")
_ORGANISATION_END = re.compile(rf"(?:^|\s){_ORGANISATION_WORD}$")


def a_thing(text: str, start: int, end: int, things: set[str]) -> bool:
    """A hit after a determiner or before a company's word is a product or a firm, and so is
    the same words anywhere else in the text ("the Earl Grey came", "no Earl Grey")."""
    value = text[start:end]
    return (
        value in things
        or (_DETERMINER_BEFORE.search(text, max(0, start - 8), start) is not None and _FAMILY_AFTER.match(text, end) is None)
        or _ORGANISATION_AFTER.match(text, end) is not None
        or _ORGANISATION_END.search(value) is not None
    )


def things(text: str, spans: list[tuple[int, int]]) -> set[str]:
    return {text[start:end] for start, end in spans if a_thing(text, start, end, set())}
