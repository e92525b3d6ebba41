"""The policy index: candidates from Chroma's vector search and from BM25, by language.

Chroma is embedded under ./var/chroma by default or a server by DRAFTDESK_CHROMA_URL.
Vectors always come from our own Embedder (Chroma's default embedding function
would download a model). Whatever query text the caller passes is what gets
embedded: the pipeline passes redacted ticket text, so a remote embedder never
sees personal data. Ranking the candidates is the retrieve stage's.
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
from draftdesk.domain import Frozen, Language, Passage
from draftdesk.errors import ConfigurationError, StoreUnavailable
from draftdesk.knowledge import content_hash
from draftdesk.ports import Candidate, Candidates, Embedder

_BATCH = 64


class IngestReport(Frozen):
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


class HybridPolicyIndex:
    """A PolicyIndex with three sources: BM25 over the passages, BM25 over their customer
    questions, and Chroma's vectors."""

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
        self._passages: dict[str, Passage] = {}
        self._lexical = LexicalIndex((), synonyms=synonyms)
        self._use(passages)

    def _use(self, passages: list[Passage]) -> None:
        # A start builds the index over the passages it read, then syncs with the same
        # ones: their BM25 tables are built once.
        if passages == list(self._passages.values()):
            return
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

    def candidates(self, query: str, *, language: Language, k: int) -> Candidates:
        return Candidates(
            text=self._lexical.search(query, language=language, k=k),
            questions=self._lexical.search_asks(query, language=language, k=k),
            vectors=self.nearest(query, language=language, k=k),
        )

    def nearest(self, query: str, *, language: Language, k: int) -> tuple[Candidate, ...]:
        """The vector source alone: Chroma's nearest passages by cosine similarity."""
        available = sum(1 for p in self._passages.values() if p.language == language)
        if not available:
            return ()
        result = self._collection.query(
            query_embeddings=self._embedder.embed([query]),
            n_results=min(k, available),
            where={"language": language},
            include=["distances"],
        )
        return tuple(
            Candidate(passage_id=pid, score=1.0 - distance)
            for pid, distance in zip(result["ids"][0], result["distances"][0])
        )


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
