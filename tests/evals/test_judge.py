"""The optional LLM judge against the recording stub: rubric per language, masked input,
unusable answers reported as no score."""

from __future__ import annotations

import asyncio

import pytest

from draftdesk.domain import Ticket
from draftdesk.evals.judge import RUBRICS, Judge, mask
from draftdesk.testing.model_stub import ModelStub, StubAnswer, status
from draftdesk.evals.wire import count_leaks, personal_values

TICKET = Ticket.model_validate(
    {"id": "T-1", "body": "山田太郎です。電話は090-1234-5678です。届きません。", "from": {"email": "taro@example.jp", "name": "山田 太郎"}}
)
PERSONAL = personal_values("T-1", TICKET, None)
DRAFT = "山田 太郎様\nご注文は11月16日に発送いたしました。taro@example.jp 宛にご連絡します。"


@pytest.fixture(scope="module")
def stub():
    with ModelStub() as running:
        yield running


def score(stub: ModelStub, language: str = "ja"):
    judge = Judge(model="openai/judge-model", api_base=stub.base_url, api_key="sk-stub", timeout_s=10)
    return asyncio.run(judge.score(language=language, ticket_text=TICKET.body, draft_text=DRAFT, personal=PERSONAL))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_judge_scores_with_the_rubric_of_the_draft_language_and_sees_no_personal_value(stub, language):
    stub.script(StubAnswer(lambda prompt: '```json\n{"tone": 4, "helpfulness": 5, "reason": "ok"}\n```'))
    before = len(stub.requests)
    result = score(stub, language)
    assert (result.tone, result.helpfulness) == (4, 5)
    [request] = stub.requests[before:]
    assert request.body["messages"][0]["content"] == (RUBRICS / f"rubric_{language}.md").read_text(encoding="utf-8")
    assert count_leaks(PERSONAL, [request.text]) == []


@pytest.mark.parametrize(
    "answer",
    [
        StubAnswer(lambda prompt: "I liked it."),
        StubAnswer(lambda prompt: '{"tone": 9, "helpfulness": 1}'),
        status(400),
    ],
)
def test_an_unusable_answer_is_no_score_not_a_crash(stub, answer):
    stub.script(answer)
    assert score(stub) is None


def test_mask_replaces_every_spelling_with_its_type():
    masked = mask(DRAFT + " 山田太郎", PERSONAL)
    assert "山田" not in masked and "taro@" not in masked
    assert masked.startswith("<PERSON>様") and "<EMAIL_ADDRESS>" in masked
