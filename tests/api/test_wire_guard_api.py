"""The wire guard through the whole app: a detector that sees nothing lets personal
data through redaction, and the guard stops it before the wire.

Real HTTP end to end: the API served by uvicorn on loopback, drafting through litellm
to the recording stub (with a fallback model configured, which must not be tried
either), SQLite and Chroma on tmp_path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from draftdesk.app import create_app
from draftdesk.config import Settings
from draftdesk.domain import Language
from draftdesk.testing.model_stub import ModelStub
from draftdesk.text.known_values import PiiSpan
from draftdesk.wiring import Services
from tests.conftest import DEMO_NOW
from tests.support.live_server import LiveServer

# 山田 太郎's values on record (knowledge/demo/orders.json), a card number, and his name in
# half-width katakana, which redaction's known-value patterns do not fold.
PERSONAL = ("山田 太郎", "090-1234-5678", "taro.yamada@example.jp", "4111 1111 1111 1111", "ﾔﾏﾀﾞ ﾀﾛｳ")
TICKET = {
    "id": "T-WIRE-1",
    "subject": "カードの請求について",
    "body": "山田 太郎です。注文 HM-24-00012 の件です。\n"
    "カード 4111 1111 1111 1111 で二重に請求されています。\n"
    "連絡先は 090-1234-5678、taro.yamada@example.jp です。\n"
    "ﾔﾏﾀﾞ ﾀﾛｳ",
    "from": {"email": "taro.yamada@example.jp", "name": "山田 太郎"},
    "received_at": "2026-11-20T09:12:00+09:00",
}


class BlindDetector:
    """A PII detector that finds nothing: what a detector miss looks like, everywhere."""

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        return []


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as running:
        yield running


@pytest.fixture(scope="module")
def client(stub: ModelStub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    settings = Settings(
        var_dir=tmp_path_factory.mktemp("wire-guard-var"), now=DEMO_NOW, database_url="", chroma_url="",
        model="openai/stub-model", model_fallbacks="openai/stub-fallback", model_api_base=stub.base_url,
        model_api_key="test", warm_up=False,
    )
    services = Services(settings)
    services.detector = BlindDetector()  # type: ignore[misc]  # the one part swapped
    with LiveServer(create_app(settings, services=services)) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        yield http


def blocks(client: httpx.Client, kind: str) -> int:
    found = re.search(
        rf'^draftdesk_wire_guard_blocks_total{{target="model",kind="{kind}"}} (\d+)$',
        client.get("/metrics").text,
        re.MULTILINE,
    )
    return int(found[1]) if found else 0


def test_personal_data_a_blind_detector_misses_never_reaches_the_model(client: httpx.Client, stub: ModelStub) -> None:
    before = {kind: blocks(client, kind) for kind in ("card_number", "known_name")}
    stub.reset()

    response = client.post("/v1/drafts", json={"ticket": TICKET})

    assert response.status_code == 201, response.text
    assert stub.requests == []  # nothing sent: no retry, no fallback model, no embedding
    model = response.json()["model"]
    assert model["name"] == "template" and model["fallback_used"] is True
    reason = model["fallback_reason"]
    assert reason == (
        "personal data caught at the wire (card-shaped number, the customer's name); nothing was sent to the model"
    )
    for value in PERSONAL:
        assert value not in reason and value.replace(" ", "") not in reason
    assert blocks(client, "card_number") == before["card_number"] + 1
    assert blocks(client, "known_name") == before["known_name"] + 1


def test_a_clean_ticket_still_reaches_the_model(client: httpx.Client, stub: ModelStub) -> None:
    """The blind detector is harmless where there is nothing to miss: the guard stops leaks, not drafts."""
    stub.reset()
    ticket = {**TICKET, "id": "T-WIRE-2", "body": "注文 HM-24-00012 はいつ届きますか。"}
    response = client.post("/v1/drafts", json={"ticket": ticket})
    assert response.status_code == 201, response.text
    assert response.json()["model"] == response.json()["model"] | {"name": "openai/stub-model", "fallback_used": False}
    assert len(stub.chat_requests()) == 1
