"""LiteLLMDrafter against the recording stub: real HTTP through litellm, no mocks."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import datetime

import pytest

from draftdesk.adapters.drafting_prompt import InvalidAnswer, parse_answer, render_messages
from draftdesk.adapters.litellm_drafter import LiteLLMDrafter, supports_json_mode
from draftdesk.adapters.prompts import template_environment
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import LANGUAGES, Certainty, DraftRequest, Fact, Intent, Passage, Sections, Withheld
from draftdesk.errors import ConfigurationError, DraftingFailed
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
from tests.pipeline.test_context import SHOP
from tests.support.orders import JST

PROMPTS = template_environment(PROJECT_ROOT / "prompts")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=JST)
PRIMARY, FALLBACK, SECOND_FALLBACK = "openai/stub-model", "openai/stub-fallback", "openai/stub-second"

# What the redaction stage would have replaced; none of these values may reach the wire.
KNOWN_VALUES = {
    "<PERSON_1>": "山田 太郎",
    "<EMAIL_ADDRESS_1>": "taro@example.jp",
    "<PHONE_NUMBER_1>": "090-1234-5678",
    "<LOCATION_1>": "東京都渋谷区神宮前1-2-3",
}
TEXTS = {
    "ja": "<PERSON_1>です。11月15日に注文した煎茶がまだ届きません。連絡先は<PHONE_NUMBER_1>、"
    "<EMAIL_ADDRESS_1>です。届け先は<LOCATION_1>です。いつ届きますか。",
    "en": "Hi, this is <PERSON_1>. The tea I ordered on November 15 has not arrived. "
    "Reach me at <PHONE_NUMBER_1> or <EMAIL_ADDRESS_1>; I live at <LOCATION_1>. When will it come?",
}
LABELS = {
    "ja": ("ご注文番号", "発送日", "お届け予定日（配送業者の予測）", "お問い合わせ伝票番号", "次回ご連絡日"),
    "en": ("Order number", "Shipped on", "Estimated delivery (carrier forecast)", "Tracking number",
           "Next update from us by"),
}

POLICY_TEXTS = {
    "ja": "配送業者の事情によりお届けが遅れた場合は、お問い合わせ伝票番号と配送状況を確認のうえご案内します。"
    "お届け予定日から3日を過ぎても届かない場合は、次回のご注文で使える500円のクーポンをお送りします。",
    "en": "When a carrier delays a parcel, we check the tracking number and the delivery status and tell the "
    "customer what we found. If a parcel is more than 3 days past its estimated delivery date, we send a "
    "¥500 coupon for the next order.",
}


def make_request(language: str = "ja", *, intent: Intent = Intent.DELAY, abusive: bool = False) -> DraftRequest:
    number, shipped, estimate, tracking, next_contact = LABELS[language]
    return DraftRequest(
        language=language,
        intent=intent,
        subject="まだ届きません（<PERSON_1>）" if language == "ja" else "Still waiting (<PERSON_1>)",
        text=TEXTS[language],
        facts=[
            Fact(key="order.number", label=number, value="HM-24-09001", certainty=Certainty.CONFIRMED, source="orders"),
            Fact(key="shipment.shipped_at", label=shipped, value="2026-11-16", certainty=Certainty.CONFIRMED,
                 source="orders"),
            Fact(key="shipment.estimated_delivery", label=estimate, value="2026-11-22",
                 certainty=Certainty.ESTIMATED, source="orders"),
            Fact(key="shipment.tracking_number", label=tracking, value="", certainty=Certainty.UNKNOWN,
                 source="orders"),
            Fact(key="reply.next_contact", label=next_contact, value="2026-11-24", certainty=Certainty.CONFIRMED,
                 source="shop"),
        ],
        passages=[
            Passage(id=f"shipping-{language}#delay", title="配送について > 遅延" if language == "ja" else
                    "Shipping > Delays", text=POLICY_TEXTS[language],
                    language=language, topic="shipping", intents=("delay",), allows=("coupon",)),
        ],
        shop=SHOP,
        now=NOW,
        abusive=abusive,
    )


@pytest.fixture(scope="session", autouse=True)
def warm_litellm() -> None:
    """litellm's first call imports and builds its HTTP client; pay for it once,
    outside the sub-second timeouts the tests below measure."""
    with ModelStub() as stub:
        asyncio.run(drafter(stub, timeout_s=30).draft(make_request()))


def drafter(stub: ModelStub, *, fallbacks: tuple[str, ...] = (), retries: int = 1, timeout_s: float = 10,
            backoff_s: float = 0.01, deadline_s: float | None = None) -> LiteLLMDrafter:
    """A timeout no answer comes near unless a test is about timeouts: a loaded machine is slow, not broken."""
    return LiteLLMDrafter(
        model=PRIMARY, api_base=stub.base_url, api_key="test", timeout_s=timeout_s, retries=retries,
        fallbacks=list(fallbacks), prompts=PROMPTS, backoff_s=backoff_s, deadline_s=deadline_s,
    )


def test_the_warm_up_sends_nothing_and_loads_what_a_first_call_imports(stub: ModelStub) -> None:
    drafter(stub).warm_up()
    assert stub.requests == []
    assert {"openai.resources", "litellm.proxy._types"} <= set(sys.modules)


def models_called(stub: ModelStub) -> list[str]:
    return [str(r.body["model"]) for r in stub.chat_requests()]


def draft(stub: ModelStub, request: DraftRequest | None = None, **options: object):
    return asyncio.run(drafter(stub, **options).draft(request or make_request()))


def failure(stub: ModelStub, **options: object) -> DraftingFailed:
    with pytest.raises(DraftingFailed) as raised:
        draft(stub, **options)
    return raised.value


# --- answers ----------------------------------------------------------------------

GOOD = Sections(subject="ご注文 HM-24-09001 のお届けについて", opening="お問い合わせありがとうございます。",
                facts="11月16日に発送いたしました。", resolution="11月22日(日)のお届け予定です。",
                apology="お待たせしております。", closing="今後ともよろしくお願い申し上げます。")


def test_a_good_answer_becomes_sections_with_usage(stub: ModelStub) -> None:
    stub.script(ok(GOOD))
    result = draft(stub)
    assert result.sections == GOOD
    assert result.model.name == PRIMARY and not result.model.fallback_used
    assert result.model.prompt_tokens and result.model.completion_tokens
    assert result.model.cost_usd is None  # litellm has no price for a stub model
    assert stub.chat_requests()[0].body["response_format"] == {"type": "json_object"}


def test_a_priced_model_answer_carries_litellm_price_for_its_tokens(stub: ModelStub) -> None:
    import litellm

    priced = LiteLLMDrafter(model="openai/gpt-4o-mini", api_base=stub.base_url, api_key="test", timeout_s=10,
                            retries=0, fallbacks=[], prompts=PROMPTS)  # fmt: skip
    stub.script(ok(GOOD))
    model = asyncio.run(priced.draft(make_request())).model
    prompt_cost, completion_cost = litellm.cost_per_token(
        model="gpt-4o-mini", prompt_tokens=model.prompt_tokens, completion_tokens=model.completion_tokens
    )
    assert model.cost_usd == pytest.approx(prompt_cost + completion_cost) and model.cost_usd > 0


@pytest.mark.parametrize(
    ("answer", "section", "carried"),
    [
        (apology_first(), "opening", "大変申し訳ございません。"),
        (unmarked_estimate(), "facts", "2026年11月22日(日)にお届けします。"),
        (ungrounded_date(), "resolution", "2026年12月24日(木)に発送いたします。"),
    ],
    ids=["apology_first", "unmarked_estimate", "ungrounded_date"],
)
def test_style_faults_pass_through_unchanged_for_the_checker(
    stub: ModelStub, answer: StubAnswer, section: str, carried: str
) -> None:
    stub.script(answer)
    sections = draft(stub).sections
    assert carried in getattr(sections, section)
    assert len(stub.chat_requests()) == 1


def test_cited_passages_are_returned(stub: ModelStub) -> None:
    stub.script(StubAnswer(lambda _: json.dumps({**GOOD.model_dump(), "cited": ["shipping-ja#delay"]})))
    assert draft(stub).cited == ("shipping-ja#delay",)


NOT_A_STRING = StubAnswer(lambda _: json.dumps({**GOOD.model_dump(), "apology": 1}))
MISSING_KEY = StubAnswer(lambda _: json.dumps(GOOD.model_dump(exclude={"closing"})))
FOREIGN_CITATION = StubAnswer(lambda _: json.dumps({**GOOD.model_dump(), "cited": ["refunds-ja#always"]}))
INVALID = [broken_json(), extra_keys(), NOT_A_STRING, MISSING_KEY, FOREIGN_CITATION]
INVALID_IDS = ["broken_json", "extra_keys", "not_a_string", "missing_key", "foreign_citation"]


@pytest.mark.parametrize("answer", INVALID, ids=INVALID_IDS)
def test_invalid_answers_are_retried_then_fail(stub: ModelStub, answer: StubAnswer) -> None:
    stub.script(answer, answer, answer)
    error = failure(stub, retries=2)
    assert len(stub.chat_requests()) == 3
    assert "3 attempt(s)" in error.detail
    assert "Taro, Support" not in error.detail and "お問い合わせ" not in error.detail  # no model output


@pytest.mark.parametrize("answer", INVALID, ids=INVALID_IDS)
def test_an_invalid_answer_then_a_good_one_succeeds(stub: ModelStub, answer: StubAnswer) -> None:
    stub.script(answer, ok(GOOD))
    assert draft(stub).sections == GOOD
    assert len(stub.chat_requests()) == 2


def test_json_in_a_code_fence_is_accepted(stub: ModelStub) -> None:
    stub.script(StubAnswer(lambda _: "```json\n" + GOOD.model_dump_json() + "\n```"))
    assert draft(stub).sections == GOOD


# --- provider failures ------------------------------------------------------------


def test_a_slow_model_times_out_quickly(stub: ModelStub) -> None:
    stub.script(slow(3), slow(3))
    started = time.monotonic()
    error = failure(stub, retries=1, timeout_s=0.5)
    assert time.monotonic() - started < 2.0
    assert "timed out after 0.5 s, 2 attempt(s)" in error.detail


def test_a_slow_attempt_is_retried(stub: ModelStub) -> None:
    stub.script(slow(3), ok(GOOD))
    assert draft(stub, timeout_s=0.5).sections == GOOD


@pytest.mark.parametrize("code", [429, 500])
def test_rate_limits_and_server_errors_are_retried_with_backoff(stub: ModelStub, code: int) -> None:
    stub.script(status(code), status(code), ok(GOOD))
    started = time.monotonic()
    result = draft(stub, retries=2, backoff_s=0.1)
    assert time.monotonic() - started >= 0.05 + 0.1  # jittered waits of at least half of 0.1 s and 0.2 s
    assert result.model.name == PRIMARY
    assert models_called(stub) == ["stub-model"] * 3


def test_a_retry_after_header_is_honoured(stub: ModelStub) -> None:
    stub.script(status(429, retry_after_s=0.4), ok(GOOD))
    started = time.monotonic()
    assert draft(stub, backoff_s=0.01).sections == GOOD
    assert time.monotonic() - started >= 0.4


@pytest.mark.parametrize("code", [429, 500])
def test_a_model_that_keeps_failing_hands_over_to_the_fallback(stub: ModelStub, code: int) -> None:
    stub.script(status(code), status(code), model="stub-model")
    result = draft(stub, fallbacks=(FALLBACK,))
    assert result.model.name == FALLBACK
    assert models_called(stub) == ["stub-model", "stub-model", "stub-fallback"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [(401, "refused by the provider: authentication failed"), (400, "refused by the provider: request rejected")],
)
def test_a_rejected_key_or_request_is_not_retried(stub: ModelStub, code: int, reason: str) -> None:
    stub.script(status(code), ok(GOOD))
    error = failure(stub, retries=3)
    assert len(stub.chat_requests()) == 1
    assert error.detail == f"every model failed: {PRIMARY}: {reason} (HTTP {code})"


def test_a_rejected_key_still_tries_the_fallback_model(stub: ModelStub) -> None:
    stub.script(status(401), model="stub-model")
    assert draft(stub, fallbacks=(FALLBACK,)).model.name == FALLBACK
    assert models_called(stub) == ["stub-model", "stub-fallback"]


def test_fallbacks_are_tried_in_order(stub: ModelStub) -> None:
    stub.script(status(500), status(500), model="stub-model")
    stub.script(status(401), model="stub-fallback")
    stub.script(ok(GOOD), model="stub-second")
    result = draft(stub, fallbacks=(FALLBACK, SECOND_FALLBACK))
    assert result.model.name == SECOND_FALLBACK
    assert models_called(stub) == ["stub-model", "stub-model", "stub-fallback", "stub-second"]


def test_when_every_model_fails_the_reason_names_each(stub: ModelStub) -> None:
    stub.script(status(500), status(500), status(429), status(429))
    error = failure(stub, fallbacks=(FALLBACK,))
    assert error.detail == (
        f"every model failed: {PRIMARY}: server error (HTTP 500), 2 attempt(s); "
        f"{FALLBACK}: rate limited (HTTP 429), 2 attempt(s)"
    )


def test_a_slow_model_does_not_block_another_draft(stub: ModelStub) -> None:
    stub.script(slow(0.8, then=ok(GOOD)), model="stub-model")
    stub.script(ok(GOOD), model="stub-fallback")
    slow_drafter = drafter(stub, timeout_s=5)
    fast_drafter = LiteLLMDrafter(model=FALLBACK, api_base=stub.base_url, api_key="test", timeout_s=5, retries=0,
                                  fallbacks=[], prompts=PROMPTS)

    async def timed(chosen: LiteLLMDrafter) -> float:
        started = time.monotonic()
        await chosen.draft(make_request())
        return time.monotonic() - started

    async def both() -> list[float]:
        return await asyncio.gather(timed(slow_drafter), timed(fast_drafter))

    slow_took, fast_took = asyncio.run(both())
    assert slow_took >= 0.8
    assert fast_took < 0.5


# --- the reason names the cause --------------------------------------------------

CONTENT_POLICY = StubAnswer(lambda _: "Your request was rejected as a result of the safety system.", status=400)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (slow(3), "timed out after 0.5 s, 1 attempt(s)"),
        (status(429), "rate limited (HTTP 429), 1 attempt(s)"),
        (status(500), "server error (HTTP 500), 1 attempt(s)"),
        (broken_json(), "bad output (answer is not valid JSON), 1 attempt(s)"),
        (MISSING_KEY, "bad output (invalid answer: missing key closing), 1 attempt(s)"),
        (CONTENT_POLICY, "refused by the provider: content policy (HTTP 400)"),
        (status(403), "refused by the provider: permission denied (HTTP 403)"),
    ],
    ids=["timeout", "rate_limited", "server_error", "invalid_json", "missing_sections", "content_policy", "forbidden"],
)
def test_each_failure_is_named_for_its_cause(stub: ModelStub, answer: StubAnswer, reason: str) -> None:
    stub.script(answer)
    assert failure(stub, retries=0, timeout_s=0.5).detail == f"every model failed: {PRIMARY}: {reason}"


def test_a_refused_connection_is_named_so_not_a_server_error(closed_model_port: str) -> None:
    """litellm raises InternalServerError (HTTP 500) for it; the cause chain says otherwise."""
    unreachable = LiteLLMDrafter(model=PRIMARY, api_base=closed_model_port, api_key="test", timeout_s=2, retries=1,
                                 prompts=PROMPTS, backoff_s=0.01)
    with pytest.raises(DraftingFailed) as raised:
        asyncio.run(unreachable.draft(make_request()))
    assert raised.value.detail == f"every model failed: {PRIMARY}: connection refused, 2 attempt(s)"


@pytest.mark.parametrize(
    ("choice", "reason"),
    [
        ({"finish_reason": "content_filter", "message": {"content": None}}, "refused by the provider: content filter"),
        ({"finish_reason": "stop", "message": {"content": None, "refusal": "I can't help with that."}},
         "refused by the provider: the model declined to answer"),
    ],
)
def test_a_filtered_or_declined_answer_is_a_refusal_not_bad_output(choice: dict, reason: str) -> None:
    from types import SimpleNamespace

    from draftdesk.adapters.litellm_drafter import _message_content, _Refused

    response = SimpleNamespace(choices=[SimpleNamespace(finish_reason=choice["finish_reason"],
                                                        message=SimpleNamespace(**choice["message"]))])
    with pytest.raises(_Refused, match=reason):
        _message_content(response)


# --- the draft deadline -----------------------------------------------------------


def test_the_deadline_covers_every_attempt_and_fallback_model(stub: ModelStub) -> None:
    """Alone, 3 attempts on each of 2 models at a 2 s timeout could take 12 s."""
    stub.script(*[slow(5)] * 6)
    started = time.monotonic()
    error = failure(stub, fallbacks=(FALLBACK,), retries=2, timeout_s=2, deadline_s=0.8)
    assert time.monotonic() - started < 1.5
    assert error.detail == (
        f"timed out: no draft within the 0.8 s draft deadline; {PRIMARY}: timed out after 0.8 s, 1 attempt(s); "
        f"{FALLBACK}: not tried"
    )


def test_a_pause_that_would_pass_the_deadline_is_not_taken_the_next_model_is_tried(stub: ModelStub) -> None:
    stub.script(status(429, retry_after_s=5), model="stub-model")
    stub.script(ok(GOOD), model="stub-fallback")
    started = time.monotonic()
    result = draft(stub, fallbacks=(FALLBACK,), retries=2, deadline_s=2, backoff_s=3)
    assert time.monotonic() - started < 1.0
    assert result.model.name == FALLBACK
    assert models_called(stub) == ["stub-model", "stub-fallback"]


def test_within_the_deadline_retries_still_happen(stub: ModelStub) -> None:
    stub.script(status(500), slow(3), ok(GOOD))
    result = draft(stub, retries=2, timeout_s=0.3, deadline_s=5)
    assert result.sections == GOOD and len(stub.chat_requests()) == 3


def test_drafts_under_a_deadline_share_one_connection_to_the_model(stub: ModelStub) -> None:
    """litellm keys the provider clients it keeps on the timeout it is given. The time
    left before the deadline differs on every call; given that, each draft would build a
    client and open a connection of its own (and leave the last one open)."""
    one = drafter(stub, timeout_s=30, deadline_s=20)  # each attempt may take the time left

    async def three_drafts() -> None:
        for _ in range(3):
            await one.draft(make_request())

    asyncio.run(three_drafts())
    assert len(stub.chat_requests()) == 3
    assert len({request.client_port for request in stub.chat_requests()}) == 1


# --- what goes over the wire ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_request_body_carries_placeholders_and_nothing_of_its_own(stub: ModelStub, language: str) -> None:
    request = make_request(language)
    draft(stub, request)
    (sent,) = stub.chat_requests()
    assert sent.body["messages"] == render_messages(request, prompts=PROMPTS)
    assert set(sent.body) == {"model", "messages", "response_format"}
    body = stub.recorded_bodies()[0]
    assert all(placeholder in body for placeholder in KNOWN_VALUES)
    assert [value for value in KNOWN_VALUES.values() if value in body or value in sent.raw.decode()] == []


WITHHELD = Withheld(names=("山田 太郎",), emails=("taro@example.jp",), phones=("090-1234-5678",))


@pytest.mark.parametrize(
    ("leak", "kinds"),
    [
        ("カードは4111 1111 1111 1111です。", "card-shaped number"),
        ("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｎｅ．ｊｐ", "e-mail address"),
        ("+44 20 7946 0958", "phone number"),
        ("０９０１２３４５６７８", "the customer's phone number"),  # the known phone, written otherwise
        ("TARO@EXAMPLE.JP 山田　太郎", "the customer's e-mail address, the customer's name"),
    ],
)
def test_personal_data_caught_at_the_wire_is_never_sent(stub: ModelStub, leak: str, kinds: str) -> None:
    request = make_request().model_copy(update={"text": f"{TEXTS['ja']}\n{leak}", "withheld": WITHHELD})
    with pytest.raises(DraftingFailed) as failed:
        asyncio.run(drafter(stub, fallbacks=(FALLBACK,), retries=2).draft(request))
    assert stub.requests == []  # not sent, not retried, no fallback model
    assert failed.value.detail == f"personal data caught at the wire ({kinds}); nothing was sent to the model"


# --- prompts ----------------------------------------------------------------------


@pytest.mark.parametrize("abusive", [False, True], ids=["calm", "abusive"])
@pytest.mark.parametrize("intent", list(Intent))
@pytest.mark.parametrize("language", LANGUAGES)
def test_prompts_render_for_every_language_and_intent(language: str, intent: Intent, abusive: bool) -> None:
    request = make_request(language, intent=intent, abusive=abusive)
    system, user = (m["content"] for m in render_messages(request, prompts=PROMPTS))
    estimate_rule = "「目安」「予定」「見込み」" if language == "ja" else '"estimated"'
    assert estimate_rule in system and estimate_rule in user
    assert request.text in user and "shipping-" + language + "#delay" in user
    assert ("2026年11月24日(火)" if language == "ja" else "November 24 (Tue)") in user  # the next contact date
    assert ("お詫びを重ねないでください" in system or "Do not pile on apologies" in system) is abusive


@pytest.mark.parametrize("language", LANGUAGES)
def test_prompts_render_without_facts_or_passages(language: str) -> None:
    request = make_request(language).model_copy(update={"facts": [], "passages": []})
    user = render_messages(request, prompts=PROMPTS)[1]["content"]
    assert ("ご注文が見つかっていません" in user) if language == "ja" else ("No matching order was found" in user)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_example_prompt_is_current(language: str) -> None:
    """tests/adapters/fixtures/prompts/<language>.txt shows reviewers exactly what a model is sent.
    Regenerate with DRAFTDESK_WRITE_PROMPT_EXAMPLES=1 when the prompts change."""
    system, user = (m["content"] for m in render_messages(make_request(language), prompts=PROMPTS))
    rendered = f"=== system ===\n{system}\n\n=== user ===\n{user}\n"
    path = PROJECT_ROOT / "tests" / "adapters" / "fixtures" / "prompts" / f"{language}.txt"
    if os.environ.get("DRAFTDESK_WRITE_PROMPT_EXAMPLES") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == rendered


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"model": "no-provider-model"}, "model 'no-provider-model': litellm knows no provider"),
        ({"model": PRIMARY, "fallbacks": [""]}, "model '': litellm knows no provider"),
        ({"model": PRIMARY, "timeout_s": 0}, "timeout must be positive"),
        ({"model": PRIMARY, "retries": -1}, "retries zero or more"),
        ({"model": PRIMARY, "deadline_s": 0}, "deadline must be positive"),
    ],
)
def test_a_wrong_configuration_fails_when_the_drafter_is_built(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        LiteLLMDrafter(prompts=PROMPTS, **options)


# --- pure parts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "empty answer"),
        ("[]", "answer is not a JSON object"),
        ('{"subject": "x"', "answer is not valid JSON"),
        (json.dumps({**GOOD.model_dump(), "signature": "x"}), "invalid answer: unexpected key"),
        (json.dumps(GOOD.model_dump(exclude={"subject", "closing"})),
         "invalid answer: missing key closing, missing key subject"),
        (json.dumps({**GOOD.model_dump(), "facts": ["a"]}), "invalid answer: facts is not a string"),
        (json.dumps({**GOOD.model_dump(), "cited": ["elsewhere#x"]}), "answer cites 1 passage id(s) it was not given"),
        (json.dumps(Sections().model_dump()), "answer has only empty sections"),
    ],
)
def test_parse_answer_rejects_with_a_reason_naming_only_our_keys(content: object, reason: str) -> None:
    with pytest.raises(InvalidAnswer) as raised:
        parse_answer(content, passage_ids=frozenset({"shipping-ja#delay"}))
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("model", "expected"),
    [(PRIMARY, True), ("ollama/llama3.1", True), ("anthropic/claude-3-5-haiku-latest", True),
     ("cohere/command-r", False), ("no-such-provider/model", False)],
)
def test_json_mode_follows_what_litellm_knows_of_the_model(model: str, expected: bool) -> None:
    assert supports_json_mode(model) is expected


# --- streaming --------------------------------------------------------------------


def test_a_streamed_answer_hands_over_each_section_as_it_completes(stub: ModelStub) -> None:
    stub.script(ok(GOOD))
    received: list[tuple[str, str]] = []

    async def on_section(name: str, text: str) -> None:
        received.append((name, text))

    # A timeout long enough that a busy machine does not retry (the retry would get another answer).
    result = asyncio.run(drafter(stub, timeout_s=10).draft(make_request(), on_section=on_section))
    assert result.sections == GOOD
    assert dict(received) == GOOD.model_dump()
    assert [name for name, _ in received] == list(GOOD.model_dump())
    assert stub.chat_requests()[-1].body["stream"] is True


def test_completed_sections_ignores_a_value_still_arriving() -> None:
    from draftdesk.adapters.drafting_prompt import completed_sections

    assert completed_sections('{"subject": "件名 \\"A\\"", "facts": "11月') == [("subject", '件名 "A"')]
