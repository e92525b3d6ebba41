"""Issue 13 over HTTP: options.model off the allow-list is a 422 problem; a sender who is
not the order's customer gets a flagged draft."""

from __future__ import annotations

from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"


def test_a_model_off_the_allow_list_is_a_422_problem_naming_the_allowed_values(client):
    response = client.post("/v1/drafts", json={"ticket": demo_ticket(), "options": {"model": "openai/gpt-4o"}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == 422 and "template" in problem["detail"]  # the allowed values are named


def test_a_streamed_request_for_a_model_off_the_list_is_refused_too(client):
    body = {"ticket": demo_ticket(), "options": {"model": "openai/gpt-4o"}}
    with client.stream("POST", "/v1/drafts?stream=true", json=body) as response:
        text = response.status_code, "".join(response.iter_text())
    assert text[0] == 422 or ("event: error" in text[1] and '"status": 422' in text[1])


def test_an_allowed_model_is_drafted_with(client):
    response = client.post("/v1/drafts", json={"ticket": demo_ticket(), "options": {"model": "template"}})
    assert response.status_code == 201, response.text
    assert response.json()["model"]["name"] == "template"


def test_a_draft_for_a_sender_who_is_not_the_orders_customer_carries_the_flag(client):
    ticket = {**demo_ticket("T-JA-001"), "id": "T-MISMATCH", "from": {"email": "someone@example.net", "name": "鈴木 次郎"}}
    response = client.post("/v1/drafts", json={"ticket": ticket})
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["flags"] == ["sender_mismatch"]
    assert draft["order_resolution"]["order_number"] is None
    assert "4512-3456" not in draft["body"] and "山田" not in draft["body"]
