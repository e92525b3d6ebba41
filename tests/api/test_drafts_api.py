"""The REST API over real HTTP: uvicorn on loopback, real SQLite, Chroma and Presidio."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"


def _create(client, ticket=None, **extra):
    return client.post("/v1/drafts", json={"ticket": ticket or demo_ticket(), **extra}, headers=extra.pop("headers", {}))


def test_a_draft_is_created_with_every_field_of_the_contract(client):
    response = client.post("/v1/drafts", json={"ticket": demo_ticket(), "agent": {"name": "佐藤"}})
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["id"].startswith("d_") and response.headers["location"] == f"/v1/drafts/{draft['id']}"
    assert draft["version"] == 1 and draft["status"] == "draft"
    assert draft["language"] in ("ja", "en") and draft["intent"]
    assert draft["subject"] and draft["body"]
    assert {"key", "label", "value", "certainty", "source"} <= set(draft["facts"][0])
    assert draft["citations"] and {"passage_id", "title", "score"} <= set(draft["citations"][0])
    assert isinstance(draft["redaction"]["entities"], dict)
    assert draft["model"] == draft["model"] | {"name": "template", "fallback_used": False}
    assert {"context", "retrieve", "redact", "draft", "check"} <= set(draft["timings_ms"])
    assert "佐藤" in draft["body"]
    assert not [f for f in draft["findings"] if f["severity"] == "error"], draft["findings"]


def test_the_latest_version_is_read_back_and_an_unknown_id_is_a_404_problem(client):
    draft = _create(client).json()
    assert client.get(f"/v1/drafts/{draft['id']}").json()["body"] == draft["body"]
    missing = client.get("/v1/drafts/d_nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM
    assert "d_nope" in missing.json()["detail"]


def test_an_idempotency_key_replays_the_same_draft_and_refuses_another_body(client):
    key = str(uuid.uuid4())
    first = client.post("/v1/drafts", json={"ticket": demo_ticket()}, headers={"Idempotency-Key": key})
    again = client.post("/v1/drafts", json={"ticket": demo_ticket()}, headers={"Idempotency-Key": key})
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = client.post("/v1/drafts", json={"ticket": demo_ticket("T-EN-001")}, headers={"Idempotency-Key": key})
    assert other.status_code == 409 and other.headers["content-type"] == PROBLEM


def test_an_edit_is_a_new_version_and_is_checked_again(client):
    draft = _create(client).json()
    hedged = draft["body"].replace("何卒よろしくお願い申し上げます。", "たぶん週明けには届くと思います。\n何卒よろしくお願い申し上げます。")
    if hedged == draft["body"]:
        hedged = draft["body"] + "\nIt will probably arrive soon.\n"
    edited = client.put(f"/v1/drafts/{draft['id']}", json={"body": hedged, "agent": {"name": "佐藤"}})
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2
    assert "HS004" in {f["rule"] for f in edited.json()["findings"]}
    assert client.get(f"/v1/drafts/{draft['id']}").json()["version"] == 2


def test_an_unsaved_edit_is_checked_as_saving_would_check_it_and_nothing_is_stored(client):
    draft = _create(client).json()
    hedged = "たぶん週明けには届くと思います。\n" + draft["body"]
    checked = client.post(f"/v1/drafts/{draft['id']}/check", json={"body": hedged})
    assert checked.status_code == 200, checked.text
    saved = client.put(f"/v1/drafts/{draft['id']}", json={"body": hedged}).json()
    assert checked.json()["findings"] == saved["findings"] and checked.json()["claims"] == saved["claims"]
    assert checked.json()["blocking"] is True and "HS004" in {f["rule"] for f in checked.json()["findings"]}
    assert client.get(f"/v1/drafts/{draft['id']}").json()["version"] == 2  # the check stored no version
    clean = client.post(f"/v1/drafts/{draft['id']}/check", json={"body": draft["body"]}).json()
    assert clean["findings"] == draft["findings"] and clean["blocking"] is False
    missing = client.post("/v1/drafts/d_missing/check", json={"body": "x"})
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


def test_errors_block_approval_until_an_agent_overrides_with_a_reason(client):
    draft = _create(client).json()
    broken = "申し訳ございません。" + draft["body"]
    client.put(f"/v1/drafts/{draft['id']}", json={"body": broken})
    blocked = client.post(f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤"})
    assert blocked.status_code == 409 and blocked.headers["content-type"] == PROBLEM
    assert any(f["severity"] == "error" for f in blocked.json()["findings"])
    invisible = client.post(f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤", "override_reason": "\u200b\u2800"})
    assert invisible.status_code == 409, invisible.text  # zero-width and blank characters are no reason
    approved = client.post(
        f"/v1/drafts/{draft['id']}/approve",
        json={"agent": {"name": "佐藤"}, "override_reason": "お客様と電話で合意済みの文面です"},
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved" and body["approval"]["override_reason"]
    assert client.post(f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤"}).status_code == 409
    assert client.put(f"/v1/drafts/{draft['id']}", json={"body": "x"}).status_code == 409


def test_a_clean_draft_is_approved_without_override(client):
    draft = _create(client, agent={"name": "佐藤"}).json()
    approved = client.post(f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["approval"]["override_reason"] is None


def test_check_finds_an_apology_before_the_facts(client):
    response = client.post("/v1/check", json={"text": "申し訳ございません。ご注文の商品は11月16日に発送いたしました。", "language": "ja"})
    assert response.status_code == 200
    assert "HS001" in {f["rule"] for f in response.json()["findings"]}
    assert response.json()["blocking"] is True


@pytest.mark.parametrize(
    ("content", "status", "detail"),
    [
        (b'{"ticket": {"id": "T-1", "body": ', 422, "not valid JSON (error at character"),
        (b'{"ticket": {"id": "T-1"}}', 422, "ticket.body"),
        (b'{"ticket": {"id": "T-1", "body": "   "}}', 422, "empty"),
        (b'{"ticket": {"id": "T-1", "body": "\xff\xfe"}}', 400, ""),
        (b'{"ticket": {"id": "T-1", "body": "x", "language": "fr"}}', 422, "ticket.language"),
        (b'{"ticket": {"id": "T-1", "body": "x"}, "surprise": 1}', 422, "surprise"),
    ],
)
def test_bad_requests_get_a_precise_problem_and_nothing_is_lost(client, content, status, detail):
    kept = _create(client).json()
    response = client.post("/v1/drafts", content=content, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert detail in response.json()["detail"]
    assert "Traceback" not in response.text
    assert client.get(f"/v1/drafts/{kept['id']}").status_code == 200


def test_a_megabyte_of_text_is_refused_with_413(client):
    ticket = {"id": "T-BIG", "body": "あ" * 400_000}
    response = client.post("/v1/drafts", json={"ticket": ticket})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM


def test_a_ticket_over_the_body_limit_is_refused_with_422(client):
    response = client.post("/v1/drafts", json={"ticket": {"id": "T-LONG", "body": "a " * 30_000}})
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


def test_health_readiness_and_metrics(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": True, "knowledge": True}
    _create(client)
    metrics = client.get("/metrics").text
    assert "draftdesk_drafts_total{" in metrics
    assert 'draftdesk_http_requests_total{method="POST",route="/v1/drafts",status="201"}' in metrics


def test_the_console_page_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "Draftdesk" in page.text and "/static/console.js" in page.text
    assert client.get("/static/console.js").status_code == 200


def test_streaming_sends_sections_then_the_checked_draft(client):
    """200, not 201: the status goes out before the draft exists (the OpenAPI document says so)."""
    events = []
    with client.stream("POST", "/v1/drafts?stream=true", json={"ticket": demo_ticket("T-EN-001")}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((kind, json.loads(line.removeprefix("data: "))))
    sections = [data["name"] for kind, data in events if kind == "section"]
    assert sections == ["subject", "opening", "facts", "resolution", "apology", "closing"]
    final_kind, draft = events[-1]
    assert final_kind == "draft" and draft["id"].startswith("d_") and "findings" in draft
    facts = next(data["text"] for kind, data in events if kind == "section" and data["name"] == "facts")
    assert facts in draft["body"]
    assert client.get(f"/v1/drafts/{draft['id']}").status_code == 200


def test_a_stream_that_fails_ends_with_a_problem_event(client):
    key = str(uuid.uuid4())
    first = client.post("/v1/drafts", json={"ticket": demo_ticket()}, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    other = {"ticket": demo_ticket("T-EN-001")}  # the same key with another body: found out while drafting
    with client.stream("POST", "/v1/drafts?stream=true", json=other, headers={"Idempotency-Key": key}) as response:
        assert response.status_code == 200
        text = "".join(response.iter_text())
    assert "event: error" in text and '"status": 409' in text and "Idempotency-Key" in text


def test_a_stream_refused_before_it_starts_is_a_plain_problem(client):
    """What validation can tell is answered before any event: options.model off the allow-list."""
    body = {"ticket": demo_ticket(), "options": {"model": "no-such-provider-model"}}
    with client.stream("POST", "/v1/drafts?stream=true", json=body) as response:
        response.read()
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert "options.model" in response.json()["detail"] and "template" in response.json()["detail"]


def test_an_edit_or_approval_names_the_version_it_saw_and_loses_no_one_elses(client) -> None:
    """Two agents on one draft: the second edit, made on the version both saw, is 409
    instead of silently replacing the first; an approval of a version nobody saw is 409."""
    created = _create(client).json()
    first = client.put(f"/v1/drafts/{created['id']}", json={"body": created["body"] + "\n追記", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client.put(f"/v1/drafts/{created['id']}", json={"body": created["body"], "version": 1})
    assert second.status_code == 409 and "version 2" in second.json()["detail"]
    stale = client.post(
        f"/v1/drafts/{created['id']}/approve",
        json={"agent": "佐藤", "version": 1, "override_reason": "お客様と電話で確認済みです"},
    )
    assert stale.status_code == 409
    assert client.get(f"/v1/drafts/{created['id']}").json()["version"] == 2  # nothing was lost or approved
