"""Hand-written PII detectors for tests: one that finds nothing, one that finds what it
is told to, one that fails. Each keeps the texts it was asked about."""

from __future__ import annotations

import re
from collections.abc import Mapping

from draftdesk.domain import Language
from draftdesk.text.known_values import PiiSpan


class SilentDetector:
    """Finds nothing: only the customer's known values from the order are redacted."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, Language]] = []

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        self.texts.append((text, language))
        return []


class ScriptedDetector(SilentDetector):
    """Finds every occurrence of the values it was given, as their entity types:
    `ScriptedDetector({"090-9999-0000": "PHONE_NUMBER"})`."""

    def __init__(self, entities: Mapping[str, str]) -> None:
        super().__init__()
        self.entities = dict(entities)

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        super().analyze(text, language=language)
        return [
            PiiSpan(entity_type=entity_type, start=found.start(), end=found.end(), score=0.9)
            for value, entity_type in self.entities.items()
            for found in re.finditer(re.escape(value), text)
        ]


class BrokenDetector(SilentDetector):
    """Fails on every text, as a detector whose model did not load would."""

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        super().analyze(text, language=language)
        raise RuntimeError("the NLP engine is not loaded")
