"""Run one recognizer the way the detector does and return what it found, as text."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult

from draftdesk.adapters.presidio_redactor import build_presidio_detector, without_nested
from draftdesk.pipeline.redact import PiiSpan


def found(recognizer: EntityRecognizer, text: str) -> list[str]:
    """What `recognizer` marks in `text`, nested hits removed as the detector removes them."""
    return _as_text(text, recognizer.analyze(text, recognizer.supported_entities, None))


def found_with_tokens(recognizer: EntityRecognizer, text: str) -> list[str]:
    """Same, for recognizers that read the tokens of the shared (cached) NLP engine."""
    artifacts = build_presidio_detector().nlp_engine.process_text(text, recognizer.supported_language)
    return _as_text(text, recognizer.analyze(text, recognizer.supported_entities, artifacts))


def _as_text(text: str, results: list[RecognizerResult]) -> list[str]:
    spans = [PiiSpan(entity_type=r.entity_type, start=r.start, end=r.end, score=r.score) for r in results]
    return [text[span.start : span.end] for span in without_nested(spans)]
