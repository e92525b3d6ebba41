"""The policy index against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from draftdesk.adapters.chroma_knowledge import build_policy_index
from draftdesk.adapters.embedders import OfflineEmbedder
from draftdesk.domain import Intent
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.retrieve import retrieve
from draftdesk.testing.chroma_server import ChromaServer

FIXTURES = Path(__file__).parent.parent / "fixtures" / "policies"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    try:
        server.start()
    except RuntimeError as failure:
        pytest.fail(str(failure))
    yield server.url
    server.stop()


@pytest.mark.slow
def test_the_index_syncs_and_searches_on_a_chroma_server(chroma_url, tmp_path):
    passages = load_passages(FIXTURES)
    index = build_policy_index(chroma_url=chroma_url, chroma_path=tmp_path, embedder=OfflineEmbedder(), passages=passages)
    assert len(index.sync(passages).added) == len(passages)
    assert index.sync(passages).added == ()
    assert index.ready()
    found = retrieve("返品はいつまでに連絡すればいいですか", language="ja", intent=Intent.RETURN, index=index)
    assert found[0].passage.id == "returns-ja#window"
    assert not list(tmp_path.iterdir()), "nothing is written locally when a server is used"
