"""The retrieve stage: fusion of the index's candidate lists, intent boost, score and k."""

from __future__ import annotations

import pytest

from draftdesk.domain import Intent, Language, Passage
from draftdesk.pipeline.retrieve import CANDIDATES_PER_SOURCE, MIN_RELEVANCE, citations, rank, retrieve
from draftdesk.ports import Candidate, Candidates, PolicyIndex
from tests.support.policies import ListPolicyIndex, make_passage, protocol_mismatches

PASSAGES = {
    p.id: p
    for p in (
        make_passage("delay", intents=("delay",)),
        make_passage("tracking", intents=("where_is_my_order", "delay")),
        make_passage("returns", intents=("return",)),
        make_passage("payment", intents=()),
    )
}


def ranked(*passage_ids: str) -> tuple[Candidate, ...]:
    """A source's candidates, best first; their scores are the source's own and unused."""
    return tuple(Candidate(passage_id=pid, score=10.0 - place) for place, pid in enumerate(passage_ids))


@pytest.mark.parametrize(
    ("candidates", "intent", "k", "expected"),
    [
        pytest.param(
            Candidates(text=ranked("returns"), vectors=ranked("payment")), Intent.CANCEL, 3,
            [("returns", 0.2857), ("payment", 0.1429)], id="a first place in text counts twice one in vectors",
        ),
        pytest.param(
            Candidates(questions=ranked("payment"), vectors=ranked("returns")), Intent.CANCEL, 3,
            [("payment", 0.2857), ("returns", 0.1429)], id="questions count as much as text",
        ),
        pytest.param(
            Candidates(text=ranked("payment", "returns"), questions=ranked("returns"), vectors=ranked("returns")),
            Intent.CANCEL, 3, [("returns", 0.7097), ("payment", 0.2857)],
            id="found by every source beats first in one",
        ),
        pytest.param(
            Candidates(text=ranked("returns"), questions=ranked("delay")), Intent.DELAY, 3,
            [("delay", 0.4), ("returns", 0.2857)], id="written mainly for the intent",
        ),
        pytest.param(
            Candidates(text=ranked("returns"), questions=ranked("tracking")), Intent.DELAY, 3,
            [("tracking", 0.3143), ("returns", 0.2857)], id="also serves the intent",
        ),
        pytest.param(
            Candidates(text=ranked("tracking"), questions=ranked("delay")), Intent.DELAY, 3,
            [("delay", 0.4), ("tracking", 0.3143)], id="primary intent beats secondary",
        ),
        pytest.param(
            Candidates(text=ranked("delay"), questions=ranked("tracking")), Intent.WHERE_IS_MY_ORDER, 3,
            [("tracking", 0.4), ("delay", 0.2857)], id="the same passages for another intent",
        ),
        pytest.param(
            Candidates(text=ranked("delay"), questions=ranked("delay"), vectors=ranked("delay")), Intent.DELAY, 3,
            [("delay", 1.0)], id="first everywhere and written for the intent scores 1",
        ),
        pytest.param(
            Candidates(text=ranked("payment", "returns", "delay", "tracking")), Intent.CANCEL, 2,
            [("payment", 0.2857), ("returns", 0.2811)], id="cut to k",
        ),
        pytest.param(
            Candidates(text=ranked("withdrawn", "returns")), Intent.CANCEL, 3,
            [("returns", 0.2811)], id="an unknown id is left out and keeps its place",
        ),
        pytest.param(Candidates(), Intent.DELAY, 3, [], id="no candidates"),
    ],
)
def test_rank_fuses_the_sources(candidates: Candidates, intent: Intent, k: int, expected: list[tuple[str, float]]):
    found = rank(candidates, passages=PASSAGES, intent=intent, k=k)
    assert [(s.passage.id, s.score) for s in found] == expected


def test_only_the_places_count_not_the_sources_scores():
    close = Candidates(text=(Candidate("returns", 9.0), Candidate("payment", 8.9)))
    far = Candidates(text=(Candidate("returns", 900.0), Candidate("payment", 0.1)))
    assert rank(close, passages=PASSAGES, intent=Intent.OTHER, k=2) == rank(
        far, passages=PASSAGES, intent=Intent.OTHER, k=2
    )


def test_scores_stay_in_0_to_1_however_many_candidates():
    many = {f"p{i}": make_passage(f"p{i}", intents=("delay",)) for i in range(40)}
    everywhere = ranked(*many)
    found = rank(
        Candidates(text=everywhere, questions=everywhere, vectors=everywhere), passages=many, intent=Intent.DELAY, k=40
    )
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0 and 0 < scores[-1] < 1


class FixedIndex:
    """The same candidates for any query; knows only the passages it is given."""

    def __init__(self, candidates: Candidates, passages: dict[str, Passage]) -> None:
        self._candidates = candidates
        self._passages = passages
        self.asked: list[tuple[str, Language, int]] = []

    def candidates(self, query: str, *, language: Language, k: int) -> Candidates:
        self.asked.append((query, language, k))
        return self._candidates

    def get(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def ready(self) -> bool:
        return True


def test_retrieve_asks_the_index_once_and_ranks_what_it_knows():
    index = FixedIndex(Candidates(text=ranked("withdrawn", "returns"), vectors=ranked("delay")), PASSAGES)
    found = retrieve("返品の期限", language="ja", intent=Intent.RETURN, index=index, k=3, min_score=0)
    assert index.asked == [("返品の期限", "ja", CANDIDATES_PER_SOURCE)]
    assert [(c.passage_id, c.score) for c in citations(found)] == [("returns", 0.3935), ("delay", 0.1429)]


def test_a_passage_below_the_minimum_relevance_is_not_cited():
    """Found by one source only, low down: cite nothing rather than something off-topic."""
    weak = FixedIndex(Candidates(text=ranked("withdrawn", "returns"), vectors=ranked("delay")), PASSAGES)
    assert retrieve("まだ？", language="ja", intent=Intent.OTHER, index=weak) == []
    strong = FixedIndex(
        Candidates(text=ranked("returns"), questions=ranked("returns"), vectors=ranked("returns", "delay")), PASSAGES
    )
    found = retrieve("返品の期限", language="ja", intent=Intent.RETURN, index=strong)
    assert [s.passage.id for s in found] == ["returns"]
    assert found[0].score >= MIN_RELEVANCE > 0


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_finds_nothing_without_asking_the_index(query: str):
    index = FixedIndex(Candidates(text=ranked("returns")), PASSAGES)
    assert retrieve(query, language="ja", intent=Intent.RETURN, index=index) == []
    assert index.asked == []


def test_the_list_backed_index_satisfies_the_protocol():
    index = ListPolicyIndex([])
    assert isinstance(index, PolicyIndex)
    assert protocol_mismatches(ListPolicyIndex, PolicyIndex) == []
    assert not index.ready()


def test_the_list_backed_index_finds_by_shared_terms_in_the_language_asked():
    returns = make_passage("returns-ja#window", title="返品 > 期限", text="商品到着後8日以内にご連絡ください。",
                           intents=("return",), asks=("返品はいつまでできますか",))
    delay = make_passage("shipping-ja#delay")
    english = make_passage("returns-en#window", title="Returns > Window", text="Tell us within 8 days.",
                           language="en", intents=("return",), asks=("How long do I have to return an item?",))
    index = ListPolicyIndex([returns, delay, english])

    found = index.candidates("返品はいつまでに連絡すればいいですか", language="ja", k=5)
    assert [c.passage_id for c in found.questions] == ["returns-ja#window"]
    assert found.text[0].passage_id == "returns-ja#window" and found.vectors == ()
    english_found = index.candidates("return within days", language="en", k=5)
    assert [c.passage_id for c in english_found.text] == ["returns-en#window"]
    both = index.candidates("配送が遅れている。返品したい", language="ja", k=2).text
    assert [c.passage_id for c in both] == ["shipping-ja#delay", "returns-ja#window"]
    assert index.candidates("配送が遅れている。返品したい", language="ja", k=1).text == (Candidate("shipping-ja#delay", 7.0),)
    assert index.candidates("nothing shared", language="ja", k=5) == Candidates()
    assert [q for q, _ in index.queries][-1] == "nothing shared"

    drafted = retrieve("返品はいつまでですか", language="ja", intent=Intent.RETURN, index=index, k=1)
    assert [s.passage.id for s in drafted] == ["returns-ja#window"]
