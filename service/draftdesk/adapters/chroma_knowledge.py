"""The policy index: Chroma's vector search fused with BM25, filtered by language.

Chroma is embedded under ./var/chroma by default or a server by DRAFTDESK_CHROMA_URL.
Vectors always come from our own Embedder (Chroma's default embedding function
would download a model). Whatever query text the caller passes is what gets
embedded: the pipeline passes redacted ticket text, so a remote embedder never
sees personal data.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from draftdesk.adapters.embedders import ChromaEmbeddingFunction
from draftdesk.adapters.lexical_index import LexicalIndex, Synonyms
from draftdesk.domain import Frozen, Language, Passage, ScoredPassage
from draftdesk.errors import ConfigurationError, StoreUnavailable
from draftdesk.knowledge import content_hash
from draftdesk.ports import Embedder

# Fusion settings, measured with `python -m draftdesk.evals.retrieval` and on the demo
# tickets (whole e-mails, which a small k served worse): the usual k of 60; BM25 over
# the passage and BM25 over its customer questions count fully, the n-gram vectors,
# which rank worse than either, half.
_RRF_K = 60
LEXICAL_WEIGHT = 1.0
QUESTION_WEIGHT = 1.0
VECTOR_WEIGHT = 0.5
# A passage written mainly for the ticket's intent (listed first) counts most; one
# that also serves it, a little more than one that does not.
_PRIMARY_INTENT_BOOST = 1.4
_INTENT_BOOST = 1.1
_CANDIDATES = 20
_BATCH = 64


class IngestReport(Frozen):
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


class HybridPolicyIndex:
    def __init__(
        self, *, client: ClientAPI, embedder: Embedder, passages: list[Passage], synonyms: Synonyms | None = None
    ) -> None:
        self._embedder = embedder
        self._synonyms = synonyms
        self._collection = client.get_or_create_collection(
            _collection_name(embedder.name),
            metadata={"hnsw:space": "cosine"},
            # Ours, never Chroma's default (which downloads a model): anything that asks
            # this collection to embed text gets our embedder.
            embedding_function=ChromaEmbeddingFunction(embedder),
        )
        self._lock = threading.Lock()
        self._use(passages)

    def _use(self, passages: list[Passage]) -> None:
        self._passages = {p.id: p for p in passages}
        self._lexical = LexicalIndex(passages, synonyms=self._synonyms)

    def get(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def ready(self) -> bool:
        try:
            return self._collection.count() >= len(self._passages) > 0
        except Exception:  # a Chroma server that went away
            return False

    def sync(
        self, passages: list[Passage], *, progress: Callable[[int, int], None] | None = None
    ) -> IngestReport:
        """Bring the vectors in line with `passages`: only new or changed ones are embedded."""
        with self._lock:
            stored = self._stored_hashes()
            wanted = {p.id: content_hash(p) for p in passages}
            changed = [p for p in passages if stored.get(p.id) != wanted[p.id]]
            removed = sorted(set(stored) - set(wanted))
            for start in range(0, len(changed), _BATCH):
                batch = changed[start : start + _BATCH]
                self._collection.upsert(
                    ids=[p.id for p in batch],
                    embeddings=self._embedder.embed([embedded_text(p) for p in batch]),
                    documents=[p.text for p in batch],
                    metadatas=[{"language": p.language, "topic": p.topic, "hash": wanted[p.id]} for p in batch],
                )
                if progress:
                    progress(start + len(batch), len(changed))
            if removed:
                self._collection.delete(ids=removed)
            if progress and not changed:
                progress(0, 0)
            self._use(passages)
        return IngestReport(
            added=tuple(sorted(p.id for p in changed if p.id not in stored)),
            updated=tuple(sorted(p.id for p in changed if p.id in stored)),
            removed=tuple(removed),
            unchanged=tuple(sorted(pid for pid in wanted if stored.get(pid) == wanted[pid])),
        )

    def _stored_hashes(self) -> dict[str, str]:
        stored = self._collection.get(include=["metadatas"])
        return {pid: str((meta or {}).get("hash", "")) for pid, meta in zip(stored["ids"], stored["metadatas"])}

    def vector_search(self, query: str, *, language: Language, k: int = _CANDIDATES) -> list[tuple[str, float]]:
        """Chroma alone (the baseline the hybrid search is measured against)."""
        available = sum(1 for p in self._passages.values() if p.language == language)
        if not available:
            return []
        result = self._collection.query(
            query_embeddings=self._embedder.embed([query]),
            n_results=min(k, available),
            where={"language": language},
            include=["distances"],
        )
        return [(pid, 1.0 - distance) for pid, distance in zip(result["ids"][0], result["distances"][0])]

    def search(
        self, query: str, *, language: Language, intent: str | None = None, k: int = 3
    ) -> list[ScoredPassage]:
        """Reciprocal rank fusion of BM25, BM25 over customer questions and vectors, boosted
        where the passage serves the intent."""
        fused: dict[str, float] = {}
        rankings = (
            (self._lexical.search(query, language=language), LEXICAL_WEIGHT),
            (self._lexical.search_asks(query, language=language), QUESTION_WEIGHT),
            (self.vector_search(query, language=language), VECTOR_WEIGHT),
        )
        for ranking, weight in rankings:
            for rank, (passage_id, _) in enumerate(ranking, start=1):
                if passage_id in self._passages:
                    fused[passage_id] = fused.get(passage_id, 0.0) + weight / (_RRF_K + rank)
        if intent:
            for passage_id in fused:
                intents = self._passages[passage_id].intents
                if intents[:1] == (intent,):
                    fused[passage_id] *= _PRIMARY_INTENT_BOOST
                elif intent in intents:
                    fused[passage_id] *= _INTENT_BOOST
        best_possible = sum(weight for _, weight in rankings) / (_RRF_K + 1) * _PRIMARY_INTENT_BOOST
        ranked = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [
            ScoredPassage(passage=self._passages[pid], score=round(min(score / best_possible, 1.0), 4))
            for pid, score in ranked
        ]


def embedded_text(passage: Passage) -> str:
    return "\n".join([passage.title, *passage.asks, passage.text])


def _collection_name(embedder_name: str) -> str:
    """One collection per embedder, so switching embedders never mixes vectors."""
    return "policies-" + re.sub(r"[^a-zA-Z0-9._-]+", "-", embedder_name).strip("-._")[:50]


def chroma_client(*, chroma_url: str, chroma_path: Path) -> ClientAPI:
    settings = ChromaSettings(anonymized_telemetry=False)
    if not chroma_url:
        chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(chroma_path), settings=settings)
    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigurationError("DRAFTDESK_CHROMA_URL must look like http://host:port")
    try:
        return chromadb.HttpClient(
            host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https", settings=settings,
        )
    except Exception as exc:
        raise StoreUnavailable(f"Chroma server at {url.hostname}:{url.port} is not reachable ({type(exc).__name__})") from None


def build_policy_index(
    *,
    chroma_url: str,
    chroma_path: Path,
    embedder: Embedder,
    passages: Sequence[Passage],
    synonyms: Synonyms | None = None,
) -> HybridPolicyIndex:
    return HybridPolicyIndex(
        client=chroma_client(chroma_url=chroma_url, chroma_path=chroma_path),
        embedder=embedder,
        passages=list(passages),
        synonyms=synonyms,
    )
