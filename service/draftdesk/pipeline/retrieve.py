"""retrieve: the policy passages that answer this ticket, citable by stable id."""

from __future__ import annotations

from draftdesk.domain import Citation, Intent, Language, ScoredPassage
from draftdesk.ports import PolicyIndex


def retrieve(
    query: str, *, language: Language, intent: Intent, index: PolicyIndex, k: int = 3
) -> list[ScoredPassage]:
    if not query.strip():
        return []
    return index.search(query, language=language, intent=intent.value, k=k)


def citations(scored: list[ScoredPassage]) -> list[Citation]:
    return [Citation(passage_id=s.passage.id, title=s.passage.title, score=s.score) for s in scored]
