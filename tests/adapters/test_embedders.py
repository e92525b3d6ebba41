"""Our embedders inside Chroma: the EmbeddingFunction interface, rebuilt from its config."""

from __future__ import annotations

import chromadb
from chromadb.config import Settings as ChromaSettings

from service.adapters.embedders import ChromaEmbeddingFunction, OfflineEmbedder, build_embedder


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
