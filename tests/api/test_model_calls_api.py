"""GET /v1/drafts/{id}/model-calls and POST /v1/drafts/{id}/rewrite over real HTTP,
drafting through litellm with the local recording stub: what is stored is what the stub
received, and no personal value of the ticket or the order reaches either (the whole
service: Presidio, the demo shop's orders, SQLite)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import httpx
import pytest

from draftdesk.app import create_app
from draftdesk.config import Settings
from draftdesk.testing.model_stub import ModelStub, apology_first, broken_json, status
from tests.conftest import DEMO_NOW
from tests.support.live_server import LiveServer

PROBLEM = "application/problem+json"
KEY = "agent-key"

# A ticket from each demo customer that holds every kind of personal value: the name, the
# e-mail address, the phone number and the address on the order, and a card number.
TICKETS = {
    "ja": {
        "from": {"email": "taro.yamada@example.jp", "name": "山田 太郎"},
        "subject": "まだ届きません（山田 太郎）",
        "body": "お世話になっております。山田 太郎です。\n11月15日に注文した煎茶（注文番号：HM-24-00012）がまだ届いていません。\n"
        "届け先は〒150-0001 東京都渋谷区神宮前1-2-3、電話は090-1234-5678、メールはtaro.yamada@example.jpです。\n"
        "お支払いのカード 4111 1111 1111 1111 の請求も気になっています。\n\n山田",
    },
    "en": {
        "from": {"email": "emily.carter@example.com", "name": "Emily Carter"},
        "subject": "Where is my order? (Emily Carter)",
        "body": "Hi,\n\nI ordered matcha on November 12 (order HM-24-00040). It should go to 1200 Market Street, "
        "Apt 5B, San Francisco, CA 94102. Call me on +1 415-555-0142 or write to emily.carter@example.com.\n"
        "I paid with my card 4242 4242 4242 4242. Where is my package?\n\nThanks,\nEmily Carter",
    },
}
PERSONAL = {
    "ja": ["山田 太郎", "山田", "太郎", "taro.yamada@example.jp", "090-1234-5678", "東京都渋谷区神宮前1-2-3",
           "150-0001", "4111 1111 1111 1111"],
    "en": ["Emily Carter", "Emily", "Carter", "emily.carter@example.com", "+1 415-555-0142", "415-555-0142",
           "1200 Market Street", "94102", "4242 4242 4242 4242"],
}
PLACEHOLDER = re.compile(r"<[A-Z]+(?:_[A-Z]+)*_\d+>")
GREETING = {"ja": "山田 太郎 様", "en": "Dear Emily Carter"}


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as running:
        yield running


@pytest.fixture(scope="module")
def model_server(stub: ModelStub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(
        var_dir=tmp_path_factory.mktemp("model-calls-var"), now=DEMO_NOW, database_url="", chroma_url="",
        model="openai/stub-model", model_api_base=stub.base_url, model_api_key="test", model_retries=1,
        model_timeout_s=10, api_keys=KEY,
    )
    with LiveServer(create_app(settings)) as live:
        yield live


@pytest.fixture()
def api(model_server: LiveServer, stub: ModelStub) -> Iterator[httpx.Client]:
    stub.reset()
    with httpx.Client(base_url=model_server.url, timeout=60, headers={"Authorization": f"Bearer {KEY}"}) as http:
        yield http


def create(api: httpx.Client, language: str = "ja") -> dict:
    ticket = {"id": f"T-{uuid.uuid4().hex[:8]}", **TICKETS[language]}
    created = api.post("/v1/drafts", json={"ticket": ticket, "agent": {"name": "佐藤"}})
    assert created.status_code == 201, created.text
    return created.json()


def calls_of(api: httpx.Client, draft_id: str) -> list[dict]:
    answered = api.get(f"/v1/drafts/{draft_id}/model-calls")
    assert answered.status_code == 200, answered.text
    return answered.json()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_what_was_stored_is_what_the_model_received_and_holds_no_personal_value(
    api: httpx.Client, stub: ModelStub, language: str
) -> None:
    draft = create(api, language)
    assert draft["model"]["name"] == "openai/stub-model" and not draft["model"]["fallback_used"]
    rewritten = api.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "formal", "seen_version": 1})
    assert rewritten.status_code == 200, rewritten.text
    assert rewritten.json()["body"].startswith(GREETING[language])  # restored and laid out again

    calls = calls_of(api, draft["id"])
    received = stub.chat_requests()
    assert [(call["purpose"], call["version"], call["outcome"]) for call in calls] == [
        ("draft", 1, "ok"), ("rewrite", 2, "ok"),
    ]
    assert [call["request"] for call in calls] == [json.loads(request.raw) for request in received]
    for call, request in zip(calls, received, strict=True):
        assert [m["content"] for m in call["request"]["messages"]] == [m["content"] for m in request.body["messages"]]
        assert call["prompt_tokens"] > 0 and call["completion_tokens"] > 0 and call["latency_ms"] > 0
        assert call["cost_usd"] is None and call["model"] == "openai/stub-model" and call["draft_id"] == draft["id"]
    # the reply repeats the customer's values (the stub's answer names every placeholder): sent as placeholders
    assert PLACEHOLDER.search(calls[1]["request"]["messages"][1]["content"])

    stored = [json.dumps(call["request"], ensure_ascii=False) for call in calls]
    sent = [request.text for request in received]
    for value in PERSONAL[language]:
        assert not [text for text in stored if value in text], f"{value!r} in a stored request"
        assert not [text for text in sent if value in text], f"{value!r} reached the model"


def test_failed_attempts_are_recorded_before_the_one_that_answered(api: httpx.Client, stub: ModelStub) -> None:
    stub.script(status(500))
    draft = create(api)
    failed, answered = calls_of(api, draft["id"])
    assert (failed["outcome"], failed["error"], failed["response"]) == (
        "error", "InternalServerError: server error (HTTP 500)", None,
    )
    assert answered["outcome"] == "ok" and answered["response"] and failed["id"] < answered["id"]


def test_a_rewrite_is_a_new_version_checked_again(api: httpx.Client, stub: ModelStub) -> None:
    draft = create(api)
    stub.script(apology_first())
    rewritten = api.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "warmer", "agent": {"name": "鈴木"}})
    assert rewritten.status_code == 200, rewritten.text
    body = rewritten.json()
    assert body["version"] == 2 and body["edited_by"] == "鈴木"
    assert "HS001" in {f["rule"] for f in body["findings"] if f["severity"] == "error"}
    assert api.get(f"/v1/drafts/{draft['id']}").json() == body


def test_a_rewrite_the_model_never_answers_properly_is_a_502_and_changes_nothing(
    api: httpx.Client, stub: ModelStub
) -> None:
    draft = create(api)
    stub.script(broken_json(), broken_json())
    failed = api.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "shorter"})
    assert failed.status_code == 502 and failed.headers["content-type"] == PROBLEM
    problem = failed.json()
    assert problem["type"].endswith("/rewrite-failed")
    assert problem["detail"].startswith(f"draft {draft['id']} was not rewritten and stays at version 1: ")
    assert "bad output (answer is not valid JSON), 2 attempt(s)" in problem["detail"]
    assert api.get(f"/v1/drafts/{draft['id']}").json()["version"] == 1
    assert [(c["purpose"], c["version"], c["outcome"]) for c in calls_of(api, draft["id"])][1:] == [
        ("rewrite", 1, "error"), ("rewrite", 1, "error"),
    ]


def test_a_rewrite_of_a_version_the_agent_did_not_see_is_a_conflict(api: httpx.Client, stub: ModelStub) -> None:
    draft = create(api)
    api.put(f"/v1/drafts/{draft['id']}", json={"body": draft["body"] + "\n追記"}).raise_for_status()
    stale = api.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "shorter", "seen_version": 1})
    assert stale.status_code == 409 and stale.headers["content-type"] == PROBLEM
    assert "at version 2, not the version 1 you saw" in stale.json()["detail"]
    assert len(stub.chat_requests()) == 1  # the draft's call only


def test_an_unknown_draft_is_a_404_problem(api: httpx.Client) -> None:
    for answered in (
        api.get("/v1/drafts/d_missing/model-calls"),
        api.post("/v1/drafts/d_missing/rewrite", json={"style": "shorter"}),
    ):
        assert answered.status_code == 404 and answered.headers["content-type"] == PROBLEM
        assert answered.json()["detail"] == "no draft with id d_missing"


def test_a_style_we_do_not_offer_is_a_422(api: httpx.Client) -> None:
    draft = create(api)
    refused = api.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "funnier"})
    assert refused.status_code == 422 and "style" in refused.json()["detail"]


def test_both_need_an_api_key(model_server: LiveServer) -> None:
    with httpx.Client(base_url=model_server.url, timeout=60) as anonymous:
        for answered in (
            anonymous.get("/v1/drafts/d_missing/model-calls"),
            anonymous.post("/v1/drafts/d_missing/rewrite", json={"style": "shorter"}),
        ):
            assert answered.status_code == 401 and answered.headers["www-authenticate"].startswith("Bearer")


def test_the_template_drafter_cannot_rewrite(client: httpx.Client) -> None:
    """`client`: the API on the template drafter (tests/api/conftest.py)."""
    draft = client.post("/v1/drafts", json={"ticket": {"id": f"T-{uuid.uuid4().hex[:8]}", **TICKETS["ja"]}}).json()
    refused = client.post(f"/v1/drafts/{draft['id']}/rewrite", json={"style": "shorter"})
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM
    assert refused.json()["type"].endswith("/cannot-rewrite")
    assert refused.json()["detail"] == "the template drafter cannot rewrite; set DRAFTDESK_MODEL to a model"
    assert client.get(f"/v1/drafts/{draft['id']}/model-calls").json() == []
