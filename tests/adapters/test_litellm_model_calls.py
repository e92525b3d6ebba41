"""What LiteLLMDrafter records of each call, against the recording stub over HTTP: the
body each attempt sent is the one the stub received, and every attempt (failed ones,
retries, fallback models, rewrites) is there with its outcome, tokens and latency."""

from __future__ import annotations

import asyncio
import json

import pytest

from draftdesk.adapters.call_records import wire_body
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import ModelCall, RewriteRequest, RewriteStyle, Sections, Withheld
from draftdesk.errors import DraftingFailed
from draftdesk.testing.model_stub import ModelStub, RecordedRequest, broken_json, ok, slow, status
from tests.adapters.test_litellm_drafter import (  # noqa: F401 - warm_litellm: the fixture, shared
    FALLBACK,
    KNOWN_VALUES,
    PRIMARY,
    drafter,
    make_request,
    warm_litellm,
)
from tests.pipeline.test_context import SHOP

PROMPTS_DIR = PROJECT_ROOT / "prompts"
REWRITTEN = Sections(subject="ご注文 HM-24-09001 について", opening="お問い合わせありがとうございます。",
                     facts="11月16日に発送いたしました。", resolution="11月22日頃のお届け予定です。",
                     apology="", closing="よろしくお願いいたします。")


def the_same_body(call: ModelCall, received: RecordedRequest) -> None:
    """The record holds the JSON the stub was sent: equal as JSON, every message's text
    equal character for character."""
    assert call.request == json.loads(received.raw)
    assert [m["content"] for m in call.request["messages"]] == [m["content"] for m in received.body["messages"]]


def test_each_attempt_is_recorded_with_the_body_the_model_received(stub: ModelStub) -> None:
    stub.script(status(500), broken_json(), ok())
    result = asyncio.run(drafter(stub, retries=2).draft(make_request()))

    failed, malformed, answered = result.model_calls
    received = stub.chat_requests()
    assert len(received) == 3
    for call, request in zip(result.model_calls, received, strict=True):
        the_same_body(call, request)
        assert call.purpose == "draft" and call.model == PRIMARY
        assert call.latency_ms > 0 and call.at.tzinfo is not None
    assert (failed.outcome, failed.error, failed.response) == (
        "error", "InternalServerError: server error (HTTP 500)", None,
    )
    assert malformed.outcome == "error"
    assert malformed.error == "InvalidAnswer: bad output (answer is not valid JSON)"
    assert malformed.response is not None and len(malformed.response) == 40  # what broken_json() sends
    assert answered.outcome == "ok" and answered.error is None
    assert Sections.model_validate(json.loads(answered.response)) == result.sections
    assert answered.prompt_tokens == result.model.prompt_tokens and answered.prompt_tokens > 0
    assert answered.completion_tokens == result.model.completion_tokens and answered.completion_tokens > 0
    assert answered.cost_usd is None  # litellm has no price for a stub model
    assert failed.at <= malformed.at <= answered.at


def test_a_streamed_attempt_records_the_streamed_body_and_the_whole_answer(stub: ModelStub) -> None:
    async def ignore(name: str, text: str) -> None:
        pass

    result = asyncio.run(drafter(stub).draft(make_request(), on_section=ignore))
    [call] = result.model_calls
    [received] = stub.chat_requests()
    the_same_body(call, received)
    assert call.request["stream"] is True
    assert Sections.model_validate(json.loads(call.response)) == result.sections


def test_a_fallback_models_attempts_follow_the_refused_ones(stub: ModelStub) -> None:
    stub.script(status(401), model="stub-model")
    result = asyncio.run(drafter(stub, fallbacks=(FALLBACK,)).draft(make_request()))
    refused, answered = result.model_calls
    assert [call.model for call in result.model_calls] == [PRIMARY, FALLBACK]
    assert [call.request["model"] for call in result.model_calls] == ["stub-model", "stub-fallback"]
    assert refused.error == "AuthenticationError: refused by the provider: authentication failed (HTTP 401)"
    assert answered.outcome == "ok"
    for call, request in zip(result.model_calls, stub.chat_requests(), strict=True):
        the_same_body(call, request)


def test_when_every_attempt_fails_the_failure_carries_them(stub: ModelStub) -> None:
    stub.script(status(429), slow(3))
    with pytest.raises(DraftingFailed) as raised:
        asyncio.run(drafter(stub, retries=1, timeout_s=0.5).draft(make_request()))
    rate_limited, timed_out = raised.value.model_calls
    assert rate_limited.error == "RateLimitError: rate limited (HTTP 429)"
    assert timed_out.outcome == "error" and timed_out.response is None
    assert timed_out.error.endswith("timed out after 0.5 s")
    assert 400 < timed_out.latency_ms < 3000
    for call, request in zip(raised.value.model_calls, stub.chat_requests(), strict=True):
        the_same_body(call, request)


def test_a_request_the_wire_guard_stops_is_no_call(stub: ModelStub) -> None:
    leaking = make_request().model_copy(
        update={"text": "山田 太郎です。煎茶がまだ届きません。", "withheld": Withheld(names=("山田 太郎",))}
    )
    with pytest.raises(DraftingFailed) as raised:
        asyncio.run(drafter(stub).draft(leaking))
    assert raised.value.model_calls == ()
    assert stub.chat_requests() == []


# --- rewrites --------------------------------------------------------------------------


def rewrite_request(style: RewriteStyle = RewriteStyle.SHORTER) -> RewriteRequest:
    return RewriteRequest(
        language="ja",
        style=style,
        subject="ご注文 HM-24-09001 のお届けについて（<PERSON_1>様）",
        text="<PERSON_1>様のご注文は11月16日に発送いたしました。\nお届けは11月22日頃の予定です。\n"
        "ご不明な点は<PHONE_NUMBER_1>までお知らせください。",
        facts=make_request().facts,
        cited=("shipping-ja#delay",),
        shop=SHOP,
    )


@pytest.mark.parametrize("style", list(RewriteStyle))
def test_a_rewrite_sends_the_styles_prompt_and_records_its_call(stub: ModelStub, style: RewriteStyle) -> None:
    stub.script(ok(REWRITTEN))
    result = asyncio.run(drafter(stub).rewrite(rewrite_request(style)))

    assert result.sections == REWRITTEN and result.model.name == PRIMARY
    [call] = result.model_calls
    [received] = stub.chat_requests()
    the_same_body(call, received)
    assert call.purpose == "rewrite" and call.outcome == "ok" and call.prompt_tokens
    user = received.body["messages"][1]["content"]
    instruction = (PROMPTS_DIR / "rewriting" / "ja" / f"{style.value}.j2").read_text(encoding="utf-8").strip()
    assert instruction in user
    assert rewrite_request().text in user and rewrite_request().subject in user
    for value in KNOWN_VALUES.values():
        assert value not in received.text


def test_a_rewrite_that_never_parses_fails_with_every_attempt(stub: ModelStub) -> None:
    stub.script(broken_json(), broken_json())
    with pytest.raises(DraftingFailed) as raised:
        asyncio.run(drafter(stub, retries=1).rewrite(rewrite_request()))
    assert raised.value.detail.startswith("every model failed: openai/stub-model: bad output")
    assert [(call.purpose, call.outcome) for call in raised.value.model_calls] == [("rewrite", "error")] * 2


def test_the_openai_clients_extra_body_lands_at_the_top_of_the_body() -> None:
    sent = {"model": "m", "messages": [], "extra_body": {"top_k": 3}}
    assert wire_body(sent) == {"model": "m", "messages": [], "top_k": 3}
    assert sent["extra_body"] == {"top_k": 3}  # litellm's own dict is left alone
