"""The policy index against a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from draftdesk.adapters.chroma_knowledge import build_policy_index
from draftdesk.adapters.embedders import OfflineEmbedder
from draftdesk.domain import Intent
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.retrieve import retrieve
from draftdesk.testing.processes import free_port

FIXTURES = Path(__file__).parent.parent / "fixtures" / "policies"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.fail("the chroma CLI is not installed beside this Python")
    port = free_port()
    server = subprocess.Popen(
        [executable, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path_factory.mktemp("chroma-server"))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("chroma run did not start")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


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
