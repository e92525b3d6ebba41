"""The whole pipeline drafting with a model (litellm over HTTP to the local stub):
what the Draft says when the model misbehaves, fails, or redaction fails."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import pytest

from service.config import PROJECT_ROOT, Settings
from service.domain import Agent, Sections, Ticket
from service.errors import RedactionFailed
from service.evals.model_stub import ModelStub, apology_first, ok, status, unmarked_estimate
from service.wiring import Services
from tests.conftest import DEMO_NOW

TICKET = Ticket.model_validate(
    json.loads((PROJECT_ROOT / "evals" / "cases" / "tickets" / "T-JA-001.json").read_text(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def stub():
    with ModelStub() as running:
        yield running


@pytest.fixture(scope="module")
def services(stub, tmp_path_factory):
    services = Services(
        Settings(
            var_dir=tmp_path_factory.mktemp("model-var"), now=DEMO_NOW, database_url="", model="openai/stub-model",
            model_api_base=stub.base_url, model_api_key="test", model_retries=0, model_timeout_s=5,
        )
    )
    services.load_demo_shop()
    services.sync_knowledge()
    return services


def _draft(services, pipeline=None):
    pipeline = pipeline or services.pipeline()
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
    from service.pipeline import redact as redact_stage

    pipeline = replace(services.pipeline(), detector=BrokenDetector())
    with pytest.raises(RedactionFailed):
        redact_stage.redact("山田です", language="ja", known=redact_stage.KnownValues(), vault=redact_stage.Vault(),
                            detector=BrokenDetector())
    draft = _draft(services, pipeline)
    assert stub.chat_requests() == []
    assert draft.model.name == "template" and draft.model.fallback_used
    assert draft.redaction.failed and "redaction failed" in draft.model.fallback_reason
