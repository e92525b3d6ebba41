"""Policy passages for stage tests, and a list-backed PolicyIndex (a hand-written fake).

Its candidates are deterministic term overlap: lower-cased Latin words and character
pairs of Japanese text, no Sudachi, no vectors, no Chroma: nothing to load, and a
retrieval costs a pipeline or desk test next to nothing.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Iterable, Mapping

from draftdesk.domain import Language, Passage
from draftdesk.ports import Candidate, Candidates

_LATIN_WORDS = re.compile(r"[a-z0-9]+")
_OTHER_SCRIPT_RUNS = re.compile(r"[^\W\da-z_]+")


def make_passage(
    passage_id: str = "shipping-ja#delay",
    *,
    text: str = "配送が遅れている場合は、配送業者に調査を依頼します。",
    title: str = "配送 > 遅延",
    language: Language = "ja",
    intents: tuple[str, ...] = ("delay",),
    asks: tuple[str, ...] = (),
    allows: tuple[str, ...] = (),
) -> Passage:
    return Passage(
        id=passage_id, title=title, text=text, language=language, topic=passage_id.split("-")[0],
        intents=intents, asks=asks, allows=allows,
    )


def terms(text: str) -> frozenset[str]:
    """Latin words, and every pair of neighbouring characters in runs of other scripts
    (a run of one character stands for itself)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    pairs = {run[i : i + 2] for run in _OTHER_SCRIPT_RUNS.findall(normal) for i in range(max(len(run) - 1, 1))}
    return frozenset(_LATIN_WORDS.findall(normal)) | pairs


class ListPolicyIndex:
    """Passages from a list. Two sources: the passage's title and text, and its best
    question; a candidate's score is the number of terms it shares with the query."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        self.passages = {p.id: p for p in passages}
        self.queries: list[tuple[str, Language]] = []
        self._text_terms = {p.id: terms(f"{p.title}\n{p.text}") for p in self.passages.values()}
        self._ask_terms = {p.id: [terms(ask) for ask in p.asks] for p in self.passages.values()}

    def candidates(self, query: str, *, language: Language, k: int) -> Candidates:
        self.queries.append((query, language))
        wanted = terms(query)
        ids = [pid for pid, passage in self.passages.items() if passage.language == language]
        in_text = {pid: len(wanted & self._text_terms[pid]) for pid in ids}
        in_asks = {pid: max((len(wanted & ask) for ask in self._ask_terms[pid]), default=0) for pid in ids}
        return Candidates(text=_most_shared(in_text, k), questions=_most_shared(in_asks, k))

    def get(self, passage_id: str) -> Passage | None:
        return self.passages.get(passage_id)

    def ready(self) -> bool:
        return bool(self.passages)


def _most_shared(shared: Mapping[str, int], k: int) -> tuple[Candidate, ...]:
    """Those sharing any term, most first; ties keep the list's order."""
    ranked = sorted((pid for pid, count in shared.items() if count), key=lambda pid: -shared[pid])[:k]
    return tuple(Candidate(passage_id=pid, score=float(shared[pid])) for pid in ranked)


def protocol_mismatches(implementation: type, protocol: type) -> list[str]:
    """The members of `protocol` that `implementation` lacks or declares differently."""

    def same(name: str) -> bool:
        member = getattr(implementation, name, None)
        return callable(member) and inspect.signature(member) == inspect.signature(getattr(protocol, name))

    return [name for name in vars(protocol) if not name.startswith("_") and not same(name)]
