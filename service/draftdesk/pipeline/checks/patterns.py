"""Compiling the phrase lists of a rule: Japanese as written, English as whole words."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Language


class PerLanguage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: list[str] = []
    en: list[str] = []


def compile_phrases(phrases: list[str], language: Language) -> re.Pattern[str] | None:
    """One alternation; Japanese needs no word boundary (and `\\b` fails next to kana)."""
    if not phrases:
        return None
    alternation = "|".join(f"(?:{p})" for p in phrases)
    if language == "en":
        return re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])", re.IGNORECASE)
    return re.compile(alternation)
