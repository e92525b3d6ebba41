"""The policy index: candidates from Chroma's vector search and from BM25, by language.

Chroma is embedded under ./var/chroma by default or a server by DRAFTDESK_CHROMA_URL.
The embedded folder is only where the vectors are kept between starts: it is opened
while a sync writes to it (one process at a time, under a lock beside it) and closed
again, and queries go to an in-memory copy of it. So several API workers on one machine
can share it: an embedded Chroma's files belong to the one process that has them open,
which would hold a stale copy of the index and write it back.
Vectors always come from our own Embedder (Chroma's default embedding function
would download a model). Whatever query text the caller passes is what gets
embedded: the pipeline passes redacted ticket text, so a remote embedder never
sees personal data. Ranking the candidates is the retrieve stage's.
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
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
        self, *, store: VectorStore, embedder: Embedder, passages: list[Passage], synonyms: Synonyms | None = None
    ) -> None:
        self._embedder = embedder
        self._synonyms = synonyms
        self._store = store
        self._collection = store.queried()
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
            wanted = {p.id: content_hash(p) for p in passages}
            if _hashes(self._collection) == wanted:  # the usual start: nothing to write
                stored, changed, removed = wanted, [], []
            else:
                with self._store.written() as collection:
                    stored = _hashes(collection)
                    changed = [p for p in passages if stored.get(p.id) != wanted[p.id]]
                    removed = sorted(set(stored) - set(wanted))
                    self._write(collection, changed, removed, wanted, progress)
                    self._store.refresh(self._collection, collection)
            if progress and not changed:
                progress(0, 0)
            self._use(passages)
        return IngestReport(
            added=tuple(sorted(p.id for p in changed if p.id not in stored)),
            updated=tuple(sorted(p.id for p in changed if p.id in stored)),
            removed=tuple(removed),
            unchanged=tuple(sorted(pid for pid in wanted if stored.get(pid) == wanted[pid])),
        )

    def _write(
        self,
        collection: Collection,
        changed: list[Passage],
        removed: list[str],
        hashes: dict[str, str],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        for start in range(0, len(changed), _BATCH):
            batch = changed[start : start + _BATCH]
            collection.upsert(
                ids=[p.id for p in batch],
                embeddings=self._embedder.embed([embedded_text(p) for p in batch]),
                documents=[p.text for p in batch],
                metadatas=[{"language": p.language, "topic": p.topic, "hash": hashes[p.id]} for p in batch],
            )
            if progress:
                progress(start + len(batch), len(changed))
        if removed:
            collection.delete(ids=removed)

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


def _hashes(collection: Collection) -> dict[str, str]:
    stored = collection.get(include=["metadatas"])
    return {pid: str((meta or {}).get("hash", "")) for pid, meta in zip(stored["ids"], stored["metadatas"])}


_COLLECTION_METADATA = {"hnsw:space": "cosine"}


def _chroma_settings() -> ChromaSettings:
    """A new one for each client: chromadb's client functions write into the one they get."""
    return ChromaSettings(anonymized_telemetry=False)


class VectorStore(Protocol):
    """Where the index's vectors are kept (`written`) and where queries read them (`queried`)."""

    def queried(self) -> Collection: ...

    def written(self) -> contextlib.AbstractContextManager[Collection]: ...

    def refresh(self, queried: Collection, written: Collection) -> None: ...


class ServerStore:
    """A Chroma server: every process of the deployment queries and writes the one collection."""

    def __init__(self, client: ClientAPI, name: str, embedding_function: ChromaEmbeddingFunction) -> None:
        self._collection = client.get_or_create_collection(
            name, metadata=_COLLECTION_METADATA, embedding_function=embedding_function
        )

    def queried(self) -> Collection:
        return self._collection

    @contextlib.contextmanager
    def written(self) -> Iterator[Collection]:
        yield self._collection

    def refresh(self, queried: Collection, written: Collection) -> None:
        """One collection: what was written is what is queried."""


class EmbeddedStore:
    """The folder of an embedded Chroma, opened only to be read into an in-memory copy
    or written to, under an exclusive lock on a file beside it, then closed again."""

    def __init__(self, path: Path, name: str, embedding_function: ChromaEmbeddingFunction) -> None:
        self._path = path
        self._name = name
        # Ours, never Chroma's default (which downloads a model): anything that asks
        # these collections to embed text gets our embedder.
        self._embedding_function = embedding_function

    def queried(self) -> Collection:
        # One in-memory Chroma serves a whole process: a name of its own per index.
        copy = chromadb.EphemeralClient(settings=_chroma_settings()).create_collection(
            f"{self._name[:50]}-{uuid.uuid4().hex[:12]}", metadata=_COLLECTION_METADATA,
            embedding_function=self._embedding_function,
        )  # fmt: skip
        with self.written() as stored:
            self.refresh(copy, stored)
        return copy

    @contextlib.contextmanager
    def written(self) -> Iterator[Collection]:
        self._path.mkdir(parents=True, exist_ok=True)
        with self._path.with_name(self._path.name + ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            client = chromadb.PersistentClient(path=str(self._path), settings=_chroma_settings())
            try:
                yield client.get_or_create_collection(
                    self._name, metadata=_COLLECTION_METADATA, embedding_function=self._embedding_function
                )
            finally:
                client.close()
                fcntl.flock(lock, fcntl.LOCK_UN)

    def refresh(self, queried: Collection, written: Collection) -> None:
        """The in-memory copy made equal to the folder's collection."""
        rows = written.get(include=["embeddings", "documents", "metadatas"])
        gone = sorted(set(queried.get(include=[])["ids"]) - set(rows["ids"]))
        if gone:
            queried.delete(ids=gone)
        for start in range(0, len(rows["ids"]), _BATCH):
            end = start + _BATCH
            queried.upsert(
                ids=rows["ids"][start:end], embeddings=rows["embeddings"][start:end],
                documents=rows["documents"][start:end], metadatas=rows["metadatas"][start:end],
            )  # fmt: skip


def vector_store(*, chroma_url: str, chroma_path: Path, embedder: Embedder) -> VectorStore:
    """One collection per embedder, embedded or on the server at `chroma_url`."""
    name, embedding_function = _collection_name(embedder.name), ChromaEmbeddingFunction(embedder)
    if not chroma_url:
        return EmbeddedStore(chroma_path, name, embedding_function)
    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigurationError("DRAFTDESK_CHROMA_URL must look like http://host:port")
    try:
        client = chromadb.HttpClient(
            host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https", settings=_chroma_settings(),
        )
    except Exception as exc:
        raise StoreUnavailable(f"Chroma server at {url.hostname}:{url.port} is not reachable ({type(exc).__name__})") from None
    return ServerStore(client, name, embedding_function)


def build_policy_index(
    *,
    chroma_url: str,
    chroma_path: Path,
    embedder: Embedder,
    passages: Sequence[Passage],
    synonyms: Synonyms | None = None,
) -> HybridPolicyIndex:
    return HybridPolicyIndex(
        store=vector_store(chroma_url=chroma_url, chroma_path=chroma_path, embedder=embedder),
        embedder=embedder,
        passages=list(passages),
        synonyms=synonyms,
    )
