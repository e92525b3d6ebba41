"""occurrence: a limit on a count — of phrases (HS010) or of the body's length (HS017)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.pipeline.checks.patterns import PerLanguage, compile_both, matches

_WORD = re.compile(r"[A-Za-z0-9']+")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: PerLanguage | None = None
    max: int | None = None
    max_when_abusive: int | None = None
    max_length: dict[str, int] | None = None  # ja: characters, en: words


def build(rule):  # noqa: ANN001, ANN201
    params = Params.model_validate(rule.params)
    if (params.patterns is None) == (params.max_length is None):
        raise ValueError("give either patterns with max, or max_length")
    compiled = compile_both(params.patterns) if params.patterns else None

    def run(rule, reply):  # noqa: ANN001, ANN202
        body = reply.parts.body
        if params.max_length is not None:
            limit = params.max_length.get(reply.language)
            size = len(body.text.strip()) if reply.language == "ja" else len(_WORD.findall(body.text))
            if limit is not None and size > limit:
                unit = "characters" if reply.language == "ja" else "words"
                return [reply.finding(rule, body.start, body.end, detail=f"{size} {unit}, limit {limit}")]
            return []
        limit = params.max_when_abusive if reply.context.abusive and params.max_when_abusive is not None else params.max
        found = _one_per_sentence(reply, matches(compiled[reply.language], body.text, offset=body.start))
        if limit is None or len(found) <= limit:
            return []
        return [reply.finding(rule, start, end, detail=f"{len(found)} found, at most {limit}") for start, end in found[limit:]]

    return run


def _one_per_sentence(reply, spans):  # noqa: ANN001, ANN202
    """ご迷惑をおかけし申し訳ございません is one apology in two phrases: count sentences."""
    seen, kept = set(), []
    for start, end in spans:
        sentence = reply.sentence_at(start)
        where = sentence.start if sentence else start
        if where not in seen:
            seen.add(where)
            kept.append((start, end))
    return kept
