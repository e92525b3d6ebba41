"""Our embedders inside Chroma (the EmbeddingFunction interface, rebuilt from its config),
and the wire guard in front of a remote one."""

from __future__ import annotations

from collections.abc import Iterator

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from draftdesk.adapters.embedders import (
    ChromaEmbeddingFunction,
    EmbeddingFailed,
    EmbeddingRefused,
    OfflineEmbedder,
    build_embedder,
)
from draftdesk.adapters.wire_guard import WireGuard
from draftdesk.testing.model_stub import ModelStub


def test_chroma_embedding_function_gives_our_vectors():
    embedder = OfflineEmbedder(dimensions=128)
    function = ChromaEmbeddingFunction(embedder)
    [vector] = function(["送料はいくらですか"])
    assert list(vector) == embedder.embed(["送料はいくらですか"])[0]


def test_the_config_rebuilds_the_same_embedder_and_never_holds_the_key():
    offline = ChromaEmbeddingFunction.build_from_config(ChromaEmbeddingFunction(OfflineEmbedder(dimensions=64)).get_config())
    assert len(offline(["返品"])[0]) == 64
    remote = ChromaEmbeddingFunction(
        build_embedder("openai/text-embedding-3-small", api_base="http://127.0.0.1:9", api_key="sk-secret")
    )
    assert remote.get_config() == {"spec": "openai/text-embedding-3-small", "api_base": "http://127.0.0.1:9"}


def test_a_collection_embeds_documents_and_queries_with_it(tmp_path):
    client = chromadb.PersistentClient(path=str(tmp_path), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection("policies-ef", embedding_function=ChromaEmbeddingFunction(OfflineEmbedder()))
    collection.add(ids=["fees", "returns"], documents=["送料は全国一律です", "返品の期限は到着後7日以内です"])
    reopened = client.get_collection("policies-ef")
    assert reopened.query(query_texts=["送料について"], n_results=1)["ids"] == [["fees"]]


# --- the wire guard in front of a remote embedder (real HTTP through litellm to the stub) ---


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as running:
        yield running


def test_a_remote_embedder_refuses_personal_data_and_sends_nothing(stub: ModelStub) -> None:
    heard: list[tuple[str, dict[str, int]]] = []
    guard = WireGuard(on_block=lambda target, counts: heard.append((target, dict(counts))))
    embedder = build_embedder("openai/stub-embedding", api_base=stub.base_url, api_key="test", guard=guard)
    stub.reset()
    with pytest.raises(EmbeddingRefused) as refused:
        embedder.embed(["<PERSON_1>様の注文について", "カード 4111 1111 1111 1111 で払いました"])
    assert stub.requests == []
    assert isinstance(refused.value, EmbeddingFailed) and refused.value.status_code == 503
    assert "caught at the wire (card-shaped number)" in refused.value.detail and "4111" not in refused.value.detail
    assert heard == [("embedder", {"card_number": 1})]

    [vector] = embedder.embed(["<PERSON_1>様の注文について"])  # redacted text goes through
    assert len(vector) > 0 and [r.body["input"] for r in stub.requests] == [["<PERSON_1>様の注文について"]]
