"""retrieve: the policy passages that answer this ticket, citable by stable id.

The index finds candidates from each of its sources; this stage ranks them by
reciprocal rank fusion, boosts the passages written for the ticket's intent and
keeps the best k.
"""

from __future__ import annotations

from collections.abc import Mapping

from draftdesk.domain import Citation, Intent, Language, Passage, ScoredPassage
from draftdesk.ports import Candidates, PolicyIndex

# Measured with `python -m draftdesk.evals.retrieval` and on the demo tickets (whole
# e-mails, which a smaller constant served worse): the usual RRF constant of 60; BM25
# over the passage and BM25 over its customer questions count fully, the n-gram
# vectors, which rank worse than either, half.
CANDIDATES_PER_SOURCE = 20
RRF_K = 60
TEXT_WEIGHT = 1.0
QUESTION_WEIGHT = 1.0
VECTOR_WEIGHT = 0.5
# A passage written mainly for the ticket's intent (listed first) counts most; one
# that also serves it, a little more than one that does not.
PRIMARY_INTENT_BOOST = 1.4
INTENT_BOOST = 1.1
# Below this share of the best possible score a passage is not cited: cite nothing
# rather than something off-topic. Scores are rank-based, so what falls below is a
# passage only one weak source found ("hello" scores about 0.17); every right answer
# in evals/retrieval (questions and hold-out) scores 0.69 or more, so none is lost.
MIN_RELEVANCE = 0.5
# The score of a passage first in every source and written for the intent: scores
# are shares of it, comparable across queries.
_BEST_POSSIBLE = (TEXT_WEIGHT + QUESTION_WEIGHT + VECTOR_WEIGHT) / (RRF_K + 1) * PRIMARY_INTENT_BOOST


def retrieve(
    query: str, *, language: Language, intent: Intent, index: PolicyIndex, k: int = 3, min_score: float = MIN_RELEVANCE
) -> list[ScoredPassage]:
    """The best `k` passages for `query` that score at least `min_score`."""
    if not query.strip():
        return []
    found = index.candidates(query, language=language, k=CANDIDATES_PER_SOURCE)
    ids = {c.passage_id for source in (found.text, found.questions, found.vectors) for c in source}
    passages = {pid: passage for pid in ids if (passage := index.get(pid)) is not None}
    return [s for s in rank(found, passages=passages, intent=intent, k=k) if s.score >= min_score]


def rank(candidates: Candidates, *, passages: Mapping[str, Passage], intent: Intent, k: int) -> list[ScoredPassage]:
    """The best `k` of `candidates`, scored in [0, 1]. A candidate missing from `passages`
    (an index whose vectors outlived the passage) is left out."""
    fused: dict[str, float] = {}
    for source, weight in (
        (candidates.text, TEXT_WEIGHT),
        (candidates.questions, QUESTION_WEIGHT),
        (candidates.vectors, VECTOR_WEIGHT),
    ):
        # Ranks, not the sources' scores: BM25 and cosine similarity do not compare.
        for place, candidate in enumerate(source, start=1):
            if candidate.passage_id in passages:
                fused[candidate.passage_id] = fused.get(candidate.passage_id, 0.0) + weight / (RRF_K + place)
    boosted = {pid: score * _intent_boost(passages[pid], intent) for pid, score in fused.items()}
    best = sorted(boosted.items(), key=lambda item: -item[1])[:k]
    return [
        ScoredPassage(passage=passages[pid], score=round(min(score / _BEST_POSSIBLE, 1.0), 4)) for pid, score in best
    ]


def _intent_boost(passage: Passage, intent: Intent) -> float:
    if passage.intents[:1] == (intent,):
        return PRIMARY_INTENT_BOOST
    return INTENT_BOOST if intent in passage.intents else 1.0


def citations(scored: list[ScoredPassage]) -> list[Citation]:
    return [Citation(passage_id=s.passage.id, title=s.passage.title, score=s.score) for s in scored]
