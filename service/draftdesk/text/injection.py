"""Instructions addressed to a model, found in a customer's text.

A ticket may carry lines written for the model that drafts the reply ("ignore all
previous instructions…", "system:", 「これまでの指示を無視して」): they are not the
customer's request. `InjectionPatterns` holds the shop's patterns (regular
expressions, data in `knowledge/intents.yaml`); `remove_injections` drops every
sentence a pattern finds and says which sentences they were. Pure functions of the
text and the patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from draftdesk.errors import ConfigurationError

# A sentence ends at 。！？ or . ! ? followed by a space, or at a line break; a bracketed
# note ("[SYSTEM NOTE: …]") is one piece however many sentences it holds.
_PIECE = re.compile(r"\[[^\]\n]*\]?|【[^】\n]*】?|(?:[^。！？!?.\n\[【]|\.(?!\s|$))+(?:[。！？]+|[!?.]+(?=\s|$))?")


@dataclass(frozen=True)
class InjectionPatterns:
    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def compile(cls, sources: Iterable[str], *, where: str) -> InjectionPatterns:
        compiled = []
        for source in sources:
            try:
                compiled.append(re.compile(_normalized(source), re.IGNORECASE))
            except re.error as problem:
                raise ConfigurationError(f"{where}: {source!r}: {problem}") from None
        return cls(tuple(compiled))

    def found_in(self, text: str) -> bool:
        key = _normalized(text)
        return any(pattern.search(key) for pattern in self.patterns)


@dataclass(frozen=True)
class Cleaned:
    text: str  # the customer's text without the injected sentences
    removed: tuple[str, ...]  # the injected sentences, as written


def remove_injections(text: str, patterns: InjectionPatterns) -> Cleaned:
    if not patterns.patterns:
        return Cleaned(text, ())
    removed: list[str] = []
    kept: list[str] = []
    last = 0
    for piece in _PIECE.finditer(text):
        if piece.group().strip() and patterns.found_in(piece.group()):
            kept.append(text[last:piece.start()])
            removed.append(piece.group().strip())
            last = piece.end()
    if not removed:
        return Cleaned(text, ())
    kept.append(text[last:])
    cleaned = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(kept))
    return Cleaned(cleaned.strip(), tuple(removed))


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
