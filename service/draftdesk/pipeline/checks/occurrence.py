"""occurrence: a limit on a count — of phrases (HS010) or of the body's length (HS017)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding, Language
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import Phrases, compile_lists

_WORD = re.compile(r"[A-Za-z0-9']+")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: PerLanguage | None = None
    max: int | None = None
    max_when_abusive: int | None = None
    max_length: dict[str, int] | None = None  # ja: characters, en: words


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    if params.patterns is not None and params.max_length is None:
        return _phrase_count(rule, params, compile_lists(params.patterns, rule.match))
    if params.max_length is not None and params.patterns is None:
        return _body_length(rule, params.max_length)
    raise ValueError("give either patterns with max, or max_length")


def _body_length(rule: Rule, max_length: dict[str, int]) -> RuleCheck:
    def run(reply: CheckedText) -> list[Finding]:
        body = reply.parts.body
        limit = max_length.get(reply.language)
        size = len(body.text.strip()) if reply.language == "ja" else len(_WORD.findall(body.text))
        if limit is not None and size > limit:
            unit = "characters" if reply.language == "ja" else "words"
            return [reply.finding(rule, body.start, body.end, detail=f"{size} {unit}, limit {limit}")]
        return []

    return run


def _phrase_count(rule: Rule, params: Params, compiled: dict[Language, Phrases]) -> RuleCheck:
    def run(reply: CheckedText) -> list[Finding]:
        body = reply.parts.body
        limit = params.max_when_abusive if reply.context.abusive and params.max_when_abusive is not None else params.max
        found = _one_per_sentence(reply, compiled[reply.language].spans(reply, body.start, body.end))
        if limit is None or len(found) <= limit:
            return []
        return [reply.finding(rule, start, end, detail=f"{len(found)} found, at most {limit}") for start, end in found[limit:]]

    return run


def _one_per_sentence(reply: CheckedText, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """ご迷惑をおかけし申し訳ございません is one apology in two phrases: count sentences."""
    seen: set[int] = set()
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        sentence = reply.sentence_at(start)
        where = sentence.start if sentence else start
        if where not in seen:
            seen.add(where)
            kept.append((start, end))
    return kept
