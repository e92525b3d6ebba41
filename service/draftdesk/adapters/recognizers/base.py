"""What our recognizers share: width folding and regex rules with a `value` group.

Customers type full-width digits, letters and hyphens (０９０－１２３４－５６７８,
ｔａｒｏ＠example.jp). Folding them to ASCII one character at a time keeps every
offset unchanged, so each rule is written once, in ASCII, and its spans still point
into the original text. Rules never use `\\b`: Python counts Japanese characters as
word characters, so `\\b` fails in 電話090… — we use explicit lookarounds instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from draftdesk.pipeline.redact import fold_width

# Edges for numbers: no digit, Latin letter or hyphen-joined digit on either side.
NUMBER_START = r"(?<![0-9A-Za-z\-+])"
NUMBER_END = r"(?![0-9A-Za-z]|-[0-9])"


def digits_of(text: str) -> str:
    return "".join(ch for ch in fold_width(text) if ch.isascii() and ch.isdigit())


@dataclass(frozen=True)
class Rule:
    """One pattern. The span is the `value` group when the pattern has one (context
    words around it stay in the text), else the whole match."""

    pattern: re.Pattern[str]
    score: float = 0.85


def rule(pattern: str, *, score: float = 0.85, flags: int = 0) -> Rule:
    return Rule(re.compile(pattern, flags | re.VERBOSE), score)


class RegexRecognizer(LocalRecognizer):
    """A recognizer made of `RULES` over width-folded text, with an optional check."""

    ENTITY: str
    RULES: tuple[Rule, ...]

    def __init__(self, *, language: str) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language=language)

    def load(self) -> None:
        """Nothing to load: the rules are compiled at class creation."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        folded = fold_width(text)
        results = []
        for each in self.RULES:
            for match in each.pattern.finditer(folded):
                start, end = match.span("value") if "value" in each.pattern.groupindex else match.span()
                if start < end and self.accepts(folded[start:end]):
                    results.append(RecognizerResult(self.ENTITY, start, end, each.score))
        return results

    def accepts(self, value: str) -> bool:
        """A recognizer with a checksum or a length rule overrides this."""
        return True


class SpanRecognizer(LocalRecognizer):
    """A recognizer that is a function of the text alone: `find` gives (type, start,
    end) for each value; `prepare` loads word lists once, at start-up."""

    ENTITIES: tuple[str, ...]
    SCORE: float

    def __init__(self, *, language: str) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), supported_language=language)

    def load(self) -> None:
        self.prepare()

    def prepare(self) -> None:
        """Nothing to load by default: patterns are compiled at import."""

    def find(self, text: str) -> list[tuple[str, int, int]]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [RecognizerResult(entity, start, end, self.SCORE) for entity, start, end in self.find(text)]
