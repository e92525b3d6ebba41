"""The whole pipeline drafting with a model (litellm over HTTP to the local stub):
what the Draft says when the model misbehaves, fails, or redaction fails."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Agent, Sections, Ticket
from draftdesk.errors import RedactionFailed
from draftdesk.testing.model_stub import (
    ModelStub,
    StubAnswer,
    apology_first,
    broken_json,
    extra_keys,
    ok,
    slow,
    status,
    unmarked_estimate,
)
from tests.conftest import DEMO_TICKETS, services_on

TICKET = Ticket.model_validate(
    json.loads((DEMO_TICKETS / "T-JA-001.json").read_text(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def stub():
    with ModelStub() as running:
        yield running


@pytest.fixture(scope="module")
def services(stub, demo_var_dir):
    return services_on(
        demo_var_dir, model="openai/stub-model", model_api_base=stub.base_url, model_api_key="test",
        model_retries=0, model_timeout_s=5,
    )


def _draft(services, pipeline=None):
    pipeline = pipeline or services.desk.pipeline
    return asyncio.run(pipeline.draft_reply(TICKET, agent=Agent(name="佐藤"), now=services.now()))


@pytest.fixture(autouse=True)
def fresh(stub):
    stub.reset()


def test_a_good_model_answer_is_restored_rendered_and_checked(services, stub):
    draft = _draft(services)
    assert draft.model.name == "openai/stub-model" and not draft.model.fallback_used
    assert draft.model.prompt_tokens and draft.model.completion_tokens
    assert draft.body.startswith("山田 太郎 様") and "担当：佐藤" in draft.body
    assert "<PERSON_" not in draft.body
    assert len(stub.chat_requests()) == 1


@pytest.mark.parametrize(("answer", "rule"), [(apology_first(), "HS001"), (unmarked_estimate(), "HS002")])
def test_a_badly_written_answer_is_kept_and_flagged(services, stub, answer, rule):
    stub.script(answer)
    draft = _draft(services)
    assert not draft.model.fallback_used
    assert rule in {f.rule for f in draft.findings if f.severity == "error"}


def test_a_placeholder_the_model_invented_is_a_finding_not_a_crash(services, stub):
    invented = Sections(subject="ご注文について", opening="<PERSON_9>様、お問い合わせありがとうございます。",
                        facts="ご注文を確認いたしました。", resolution="本日確認いたします。", apology="", closing="よろしくお願いいたします。")
    stub.script(ok(invented))
    draft = _draft(services)
    assert "HS009" in {f.rule for f in draft.findings}
    assert "<PERSON_9>" in draft.body


def test_a_failing_model_falls_back_to_the_templates_and_says_why(services, stub):
    stub.script(status(401))
    draft = _draft(services)
    assert draft.model.name == "template" and draft.model.fallback_used
    assert "401" in draft.model.fallback_reason and "openai/stub-model" in draft.model.fallback_reason
    assert not [f for f in draft.findings if f.severity == "error"]


class BrokenDetector:
    def analyze(self, text, *, language):
        raise RuntimeError("NER crashed")


def test_when_redaction_fails_no_model_is_called(services, stub):
    from draftdesk.pipeline import redact as redact_stage

    pipeline = replace(services.desk.pipeline, detector=BrokenDetector())
    with pytest.raises(RedactionFailed):
        redact_stage.redact("山田です", language="ja", known=redact_stage.KnownValues(), vault=redact_stage.Vault(),
                            detector=BrokenDetector())
    draft = _draft(services, pipeline)
    assert stub.chat_requests() == []
    assert draft.model.name == "template" and draft.model.fallback_used
    assert draft.redaction.failed and "redaction failed" in draft.model.fallback_reason


# --- the draft deadline and honest fallback reasons ----------------------------------


@pytest.fixture(scope="module")
def slow_services(stub, demo_var_dir):
    """Settings under which one draft could wait minutes (30 s timeout, 2 retries, a
    fallback model), held to a 1 s draft deadline."""
    return services_on(
        demo_var_dir, model="openai/stub-model", model_api_base=stub.base_url, model_api_key="test",
        model_timeout_s=30, model_retries=2, model_fallbacks="openai/stub-fallback", draft_deadline_s=1,
    )


def test_the_draft_deadline_hands_over_to_the_templates_in_time(slow_services, stub):
    stub.script(*[slow(60)] * 6)
    started = time.monotonic()
    draft = _draft(slow_services)
    assert time.monotonic() - started < 5  # the deadline plus the rest of the pipeline
    assert draft.model.name == "template" and draft.model.fallback_used
    assert draft.model.fallback_reason.startswith("timed out: no draft within the 1 s draft deadline")
    assert "openai/stub-fallback: not tried" in draft.model.fallback_reason
    assert not [f for f in draft.findings if f.severity == "error"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (slow(3), "timed out after 0.5 s, 1 attempt(s)"),
        (status(429), "rate limited (HTTP 429), 1 attempt(s)"),
        (broken_json(), "bad output (answer is not valid JSON), 1 attempt(s)"),
        (extra_keys(), "bad output (invalid answer: unexpected key), 1 attempt(s)"),
        (StubAnswer(lambda _: "Your request was rejected as a result of the safety system.", status=400),
         "refused by the provider: content policy (HTTP 400)"),
    ],
    ids=["timeout", "rate_limited", "invalid_json", "wrong_sections", "refused"],
)
def test_the_fallback_reason_names_the_cause(services, stub, answer, reason):
    stub.script(answer)
    pipeline = replace(services.desk.pipeline, drafter=_stub_drafter(stub.base_url, timeout_s=0.5))
    draft = _draft(services, pipeline)
    assert draft.model.fallback_used
    assert draft.model.fallback_reason == f"every model failed: openai/stub-model: {reason}"


def test_a_refused_connection_is_the_fallback_reason_not_a_server_error(services, closed_model_port):
    pipeline = replace(services.desk.pipeline, drafter=_stub_drafter(closed_model_port, timeout_s=2))
    draft = _draft(services, pipeline)
    assert draft.model.fallback_reason == "every model failed: openai/stub-model: connection refused, 1 attempt(s)"


class SlowDrafter:
    """A drafter that keeps no deadline of its own: the pipeline's backstop ends it."""

    name = "slow-drafter"

    def __init__(self) -> None:
        self.cancelled = False

    async def draft(self, request, *, on_section=None):
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            self.cancelled = True
            raise


def test_the_pipeline_backstop_ends_a_drafter_that_keeps_no_deadline(services):
    slow_drafter = SlowDrafter()
    pipeline = replace(services.desk.pipeline, drafter=slow_drafter, draft_deadline_s=0.3)
    started = time.monotonic()
    draft = _draft(services, pipeline)
    assert time.monotonic() - started < 3
    assert slow_drafter.cancelled
    assert draft.model.name == "template"
    assert draft.model.fallback_reason == "slow-drafter: timed out: no draft within the 0.3 s draft deadline"


def _stub_drafter(api_base, *, timeout_s):
    from draftdesk.adapters.litellm_drafter import LiteLLMDrafter
    from draftdesk.adapters.prompts import template_environment

    return LiteLLMDrafter(model="openai/stub-model", api_base=api_base, api_key="test", timeout_s=timeout_s,
                          retries=0, prompts=template_environment(PROJECT_ROOT / "prompts"), deadline_s=20)
