"""Embedders: an offline one that needs no download, or any litellm embedding model.

The offline embedder hashes character n-grams (1–3, after NFKC and lower-casing)
and Latin word stems into a fixed number of dimensions. Character n-grams need no
word segmentation, so Japanese works as well as English, and nothing is downloaded.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from draftdesk.adapters.lexical_index import stem
from draftdesk.adapters.wire_guard import WireGuard
from draftdesk.errors import ConfigurationError, DraftdeskError

_WORDS = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")


class OfflineEmbedder:
    remote = False

    def __init__(self, *, dimensions: int = 1024) -> None:
        self.dimensions = dimensions
        self.name = f"offline-ngram-{dimensions}"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[float]:
        normal = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
        features: Counter[str] = Counter()
        compact = normal.replace(" ", "")
        for n in (1, 2, 3):
            features.update(f"c{n}:{compact[i:i + n]}" for i in range(len(compact) - n + 1))
        features.update(f"w:{stem(word)}" for word in _WORDS.findall(normal))
        vector = [0.0] * self.dimensions
        for feature, count in features.items():
            digest = zlib.crc32(feature.encode())
            sign = 1.0 if digest & 1 else -1.0
            vector[(digest >> 1) % self.dimensions] += sign * (1.0 + math.log(count))
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


class LiteLLMEmbedder:
    """A provider's embedding model. Only redacted text may be passed to it, and the
    wire guard checks that it is: a batch in which it catches personal data is refused
    whole (EmbeddingRefused) and nothing of it is sent."""

    remote = True

    def __init__(
        self, *, model: str, api_base: str | None, api_key: str | None, guard: WireGuard | None = None
    ) -> None:
        self.name = model
        self.api_base = api_base
        self._api_key = api_key
        self._guard = guard or WireGuard()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        scan = self._guard.check(texts, target="embedder")
        if not scan.clean:
            raise EmbeddingRefused(
                f"personal data caught at the wire ({scan.summary()}); nothing was sent to embedding model {self.name}"
            )
        import litellm

        try:
            response = litellm.embedding(
                model=self.name, input=list(texts), api_base=self.api_base, api_key=self._api_key
            )
        except Exception as exc:  # litellm raises many provider-specific types
            raise EmbeddingFailed(f"embedding model {self.name} failed: {type(exc).__name__}") from None
        return [list(item["embedding"]) for item in response.data]


class EmbeddingFailed(DraftdeskError):
    status_code = 503
    title = "Embedding failed"
    type_slug = "embedding-failed"


class EmbeddingRefused(EmbeddingFailed):
    """The wire guard caught personal data in a text to embed; nothing was sent."""

    title = "Personal data caught at the wire"
    type_slug = "wire-guard"


def build_embedder(
    spec: str, *, api_base: str | None, api_key: str | None, guard: WireGuard | None = None
) -> OfflineEmbedder | LiteLLMEmbedder:
    spec = spec.strip()
    if spec in ("", "offline"):
        return OfflineEmbedder()
    if "/" not in spec:
        raise ConfigurationError(
            f"DRAFTDESK_EMBEDDING: '{spec}' is neither 'offline' nor a litellm model such as 'openai/text-embedding-3-small'"
        )
    return LiteLLMEmbedder(model=spec, api_base=api_base, api_key=api_key, guard=guard)


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our Embedder in Chroma's own interface, for code that hands Chroma an embedding function.

    The config names the embedder spec and api_base, never the api_key: a collection
    reopened from its config finds the key where litellm looks for it (environment).
    """

    def __init__(self, embedder: OfflineEmbedder | LiteLLMEmbedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return self._embedder.embed(list(input))  # type: ignore[return-value]

    @staticmethod
    def name() -> str:
        return "draftdesk"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, object]:
        if isinstance(self._embedder, LiteLLMEmbedder):
            return {"spec": self._embedder.name, "api_base": self._embedder.api_base}
        return {"spec": "offline", "dimensions": self._embedder.dimensions}

    @staticmethod
    def build_from_config(config: dict[str, object]) -> ChromaEmbeddingFunction:
        spec = str(config.get("spec", "offline"))
        if spec == "offline":
            return ChromaEmbeddingFunction(OfflineEmbedder(dimensions=int(config.get("dimensions", 1024))))
        api_base = config.get("api_base")
        return ChromaEmbeddingFunction(build_embedder(spec, api_base=str(api_base) if api_base else None, api_key=None))
