"""The model stub speaks enough OpenAI for litellm and records every byte it receives."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from draftdesk.domain import Sections
from draftdesk.testing.model_stub import (
    ModelStub,
    StubAnswer,
    apology_first,
    broken_json,
    extra_keys,
    ok,
    slow,
    status,
    ungrounded_date,
    unmarked_estimate,
)

JA_PROMPT = "本日: 2026-11-20\n- お届け予定日: 2026-11-22 ［見込み］\n- 発送日: 2026-11-16\n<PERSON_1>様のご注文"
EN_PROMPT = "Today: 2026-11-20\n- Shipped on: 2026-11-16\n- Estimated delivery: 2026-11-22\nfrom <PERSON_1>"


def chat(stub: ModelStub, prompt: str, *, model: str = "stub-model", **extra: object) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "system", "content": "rules"}, {"role": "user", "content": prompt}]}
    return httpx.post(f"{stub.base_url}/chat/completions", json={**body, **extra}, timeout=10)


def answer_of(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 200, response.text
    return json.loads(response.json()["choices"][0]["message"]["content"])


@pytest.mark.parametrize(("prompt", "subject"), [(JA_PROMPT, "お問い合わせの件につきまして"), (EN_PROMPT, "About your enquiry")])
def test_the_default_answer_is_well_formed_in_the_prompts_language(stub: ModelStub, prompt: str, subject: str) -> None:
    response = chat(stub, prompt)
    answer = answer_of(response)
    assert Sections.model_validate(answer).subject == subject
    assert "<PERSON_1>" in str(answer["facts"])
    assert response.json()["usage"]["prompt_tokens"] > 0


@pytest.mark.parametrize(
    ("answer", "prompt", "key", "expected"),
    [
        (ok(Sections(subject="件名", facts="事実")), JA_PROMPT, "facts", "事実"),
        (apology_first(), JA_PROMPT, "opening", "大変申し訳ございません。お問い合わせいただき、ありがとうございます。"),
        (apology_first(), EN_PROMPT, "opening", "We are so sorry. Thank you for contacting us."),
        (unmarked_estimate(), JA_PROMPT, "facts", "2026年11月22日(日)にお届けします。"),
        (unmarked_estimate(), EN_PROMPT, "facts", "It will arrive on November 22 (Sun)."),
        (ungrounded_date(), JA_PROMPT, "resolution", "2026年12月24日(木)に発送いたします。"),
        (ungrounded_date(), EN_PROMPT + " 2026-12-24", "resolution", "We will ship it on December 25 (Fri)."),
        (extra_keys(), EN_PROMPT, "signature", "Taro, Support"),
    ],
)
def test_scripted_answers(stub: ModelStub, answer: StubAnswer, prompt: str, key: str, expected: str) -> None:
    stub.script(answer)
    assert answer_of(chat(stub, prompt))[key] == expected


def test_broken_json_does_not_parse(stub: ModelStub) -> None:
    stub.script(broken_json())
    content = chat(stub, EN_PROMPT).json()["choices"][0]["message"]["content"]
    with pytest.raises(ValueError):
        json.loads(content)


@pytest.mark.parametrize("code", [401, 429, 500])
def test_status_answers_are_openai_errors(stub: ModelStub, code: int) -> None:
    stub.script(status(code))
    response = chat(stub, EN_PROMPT)
    assert response.status_code == code
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_a_status_answer_may_say_when_to_retry(stub: ModelStub) -> None:
    stub.script(status(429, retry_after_s=2))
    assert chat(stub, EN_PROMPT).headers["retry-after"] == "2"


def test_slow_waits_before_answering(stub: ModelStub) -> None:
    stub.script(slow(0.3))
    started = time.monotonic()
    answer_of(chat(stub, EN_PROMPT))
    assert time.monotonic() - started >= 0.3


def test_answers_are_queued_per_model_then_shared_then_default(stub: ModelStub) -> None:
    stub.script(status(500))
    stub.script(status(429), model="other-model")
    assert [chat(stub, EN_PROMPT, model=m).status_code for m in ("other-model", "stub-model", "other-model")] == [
        429, 500, 200,
    ]


def test_streaming_sends_chunks_that_add_up_to_the_answer(stub: ModelStub) -> None:
    stub.script(ok(Sections(subject="s", facts="f" * 100)))
    response = chat(stub, EN_PROMPT, stream=True)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line.removeprefix("data: ") for line in response.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(event) for event in events[:-1]]
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert json.loads(content)["facts"] == "f" * 100
    assert len(chunks) > 2 and chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_embeddings_are_deterministic_unit_vectors(stub: ModelStub) -> None:
    def embed(texts: object) -> list[list[float]]:
        response = httpx.post(f"{stub.base_url}/embeddings", json={"model": "e", "input": texts}, timeout=10)
        return [item["embedding"] for item in response.json()["data"]]

    first, second, again = embed(["配送", "refund"]) + embed("配送")
    assert first == again and first != second
    assert abs(sum(x * x for x in first) - 1) < 1e-9


def test_every_request_is_recorded_raw_and_readable(stub: ModelStub) -> None:
    raw = json.dumps({"model": "m", "messages": [{"role": "user", "content": "山田 太郎"}]}).encode()  # \u escapes
    httpx.post(f"{stub.base_url}/chat/completions", content=raw, headers={"content-type": "application/json"})
    httpx.post(f"{stub.base_url}/embeddings", json={"model": "e", "input": "<PERSON_1>"})
    chat_request, embedding_request = stub.requests
    assert chat_request.raw == raw and "山田".encode() not in raw
    assert "山田 太郎" in stub.recorded_bodies()[0]
    assert embedding_request.path == "/v1/embeddings" and embedding_request.body["input"] == "<PERSON_1>"
    assert stub.chat_requests() == [chat_request]


def test_reset_forgets_requests_and_script(stub: ModelStub) -> None:
    stub.script(status(500))
    chat(stub, EN_PROMPT)
    stub.script(status(500))
    stub.reset()
    assert stub.requests == []
    assert chat(stub, EN_PROMPT).status_code == 200


def test_base_url_needs_a_running_server() -> None:
    stub = ModelStub()
    with pytest.raises(RuntimeError, match="not running"):
        stub.base_url
    with stub:
        url = stub.base_url
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{url}/chat/completions", json={}, timeout=2)


def test_the_default_answer_is_what_a_stub_answers_when_nothing_is_scripted() -> None:
    # Told apart by their content, not by a delay: a loaded machine makes any answer slow.
    default = Sections(subject="The default", facts="Nothing was scripted.", closing="Regards.")
    with ModelStub(otherwise=lambda prompt: ok(default)) as stub:
        stub.script(ok())
        scripted = answer_of(chat(stub, EN_PROMPT))
        answer = answer_of(chat(stub, EN_PROMPT))
    assert scripted["subject"] == "About your enquiry"  # the script's generic answer, first
    assert answer == default.model_dump()

