"""SqlModelCallStore on SQLite and PostgreSQL: calls kept by draft and version, in the
order made, the request JSON as it was, card numbers masked at rest."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_model_calls import SqlModelCallStore
from draftdesk.domain import ModelCall
from draftdesk.ports import ModelCallStore
from tests.support.policies import protocol_mismatches
from tests.support.stores import InMemoryModelCalls

AT = datetime(2026, 11, 20, 3, 0, 0, 123456, tzinfo=timezone.utc)
REQUEST = {
    "model": "stub-model",
    "messages": [
        {"role": "system", "content": "あなたは茶舗みどり屋のカスタマーサポート担当者です。"},
        {"role": "user", "content": "<PERSON_1>です。\n煎茶がまだ届きません。\"至急\"\\お願いします。"},
    ],
    "response_format": {"type": "json_object"},
    "temperature": 0.2,
}


def make_call(**changes: object) -> ModelCall:
    fields: dict[str, object] = {
        "purpose": "draft",
        "model": "openai/stub-model",
        "request": REQUEST,
        "response": '{"subject": "ご注文について"}',
        "prompt_tokens": 312,
        "completion_tokens": 52,
        "latency_ms": 41.5,
        "cost_usd": 0.000123,
        "outcome": "ok",
        "at": AT,
    }
    return ModelCall.model_validate({**fields, **changes})


@pytest.fixture()
def store(database: Database) -> SqlModelCallStore:
    return SqlModelCallStore(database)


def test_calls_come_back_as_they_were_made_by_draft_and_version(store: SqlModelCallStore) -> None:
    failed = make_call(
        response=None, prompt_tokens=None, completion_tokens=None, cost_usd=None, outcome="error",
        error="InternalServerError: server error (HTTP 500)",
    )
    answered = make_call(at=AT + timedelta(seconds=1))
    rewrite = make_call(purpose="rewrite", at=AT + timedelta(seconds=5))
    store.add("d_1", version=1, calls=[failed, answered])
    store.add("d_other", version=1, calls=[make_call(model="openai/other")])
    store.add("d_1", version=2, calls=[rewrite])

    recorded = store.for_draft("d_1")

    assert [(call.version, call.purpose, call.outcome) for call in recorded] == [
        (1, "draft", "error"), (1, "draft", "ok"), (2, "rewrite", "ok"),
    ]
    assert [ModelCall.model_validate(call.model_dump(exclude={"id", "draft_id", "version"})) for call in recorded] == [
        failed, answered, rewrite,
    ]
    assert {call.draft_id for call in recorded} == {"d_1"}
    assert len({call.id for call in recorded}) == 3
    assert recorded[0].request == REQUEST  # nested JSON, Japanese, quotes and backslashes intact
    assert store.for_draft("d_other")[0].model == "openai/other"


def test_a_draft_without_calls_has_none(store: SqlModelCallStore) -> None:
    store.add("d_1", version=1, calls=[])
    assert store.for_draft("d_1") == []


def test_card_numbers_are_masked_at_rest(store: SqlModelCallStore) -> None:
    echoed = {**REQUEST, "messages": [{"role": "user", "content": "カード 4111 1111 1111 1111 で支払いました"}]}
    store.add("d_1", version=1, calls=[make_call(request=echoed, response="カード番号は4111-1111-1111-1111です")])
    [recorded] = store.for_draft("d_1")
    assert recorded.response == "カード番号は****-****-****-1111です"
    assert recorded.request["messages"][0]["content"] == "カード **** **** **** 1111 で支払いました"


@pytest.mark.parametrize("implementation", [SqlModelCallStore, InMemoryModelCalls])
def test_the_stores_keep_the_protocol(implementation: type) -> None:
    assert protocol_mismatches(implementation, ModelCallStore) == []
