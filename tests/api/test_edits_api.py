"""Claims, one-click replacements, the diff between versions and the stats, over real
HTTP (uvicorn on loopback, SQLite, Chroma, Presidio, the demo clock)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"


def _draft(client: httpx.Client, ticket_id: str = "T-EN-001") -> dict:
    response = client.post("/v1/drafts", json={"ticket": demo_ticket(ticket_id), "agent": {"name": "Sato"}})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_draft_carries_its_claims_with_their_sources(client):
    draft = _draft(client)
    claims = draft["claims"]
    assert claims and all(set(c) == {"start", "end", "text", "kind", "source"} for c in claims)
    assert all(draft["body"][c["start"] : c["end"]] == c["text"] for c in claims)
    estimated = [c for c in claims if draft["body"][: c["start"]].endswith("estimated delivery date is ")]
    assert [c["source"] for c in estimated] == ["shipment.estimated_delivery"]
    assert {c["source"] for c in claims if c["kind"] == "order_number"} == {"order.number", "customer.other_order.1"}
    assert client.get(f"/v1/drafts/{draft['id']}").json()["claims"] == claims


def test_check_returns_claims_and_one_click_replacements(client):
    text = "Dear Emma Carter,\n\nYour order HM-24-00040 will arrive on November 24 (Tue). We charged 4111 1111 1111 1111."
    response = client.post("/v1/check", json={"text": text, "ticket": demo_ticket("T-EN-001")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {c["text"]: c["source"] for c in body["claims"]}["HM-24-00040"] == "order.number"
    replacements = {f["rule"]: f["replacement"] for f in body["findings"] if f["replacement"] is not None}
    assert replacements["HS006"] == "Dear Emily Carter,"
    assert replacements["HS016"] == "**** **** **** 1111"
    assert replacements["HS002"] == "estimated November 24 (Tue)"
    assert all("replacement" in f for f in body["findings"])


def test_the_diff_is_from_the_first_to_the_latest_version_by_default(client):
    draft = _draft(client)
    edited = draft["body"].replace("Thank you for your patience.", "Thank you for waiting.")
    assert client.put(f"/v1/drafts/{draft['id']}", json={"body": edited}).status_code == 200
    response = client.get(f"/v1/drafts/{draft['id']}/diff")
    assert response.status_code == 200, response.text
    diff = response.json()
    assert set(diff) == {"from", "to", "unified", "changes"} and (diff["from"], diff["to"]) == (1, 2)
    assert [(c["op"], c["from_text"], c["to_text"]) for c in diff["changes"] if c["op"] != "equal"] == [
        ("replace", "your patience", "waiting")
    ]
    assert "-Thank you for your patience." in diff["unified"] and "+Thank you for waiting." in diff["unified"]
    back = client.get(f"/v1/drafts/{draft['id']}/diff", params={"from": 2, "to": 1}).json()
    assert (back["from"], back["to"]) == (2, 1)


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("/v1/drafts/d_nope/diff", {}, 404, "no draft with id d_nope"),
        ("/v1/drafts/{id}/diff", {"to": 5}, 404, "to: draft d_"),
        ("/v1/drafts/{id}/diff", {"from": 0}, 422, "query.from"),
        ("/v1/stats", {"since": "last week"}, 422, "query.since"),
        ("/v1/stats", {"until": "2026-11-20T09:00:00"}, 422, "query.until"),
        ("/v1/stats", {"until": "2026-02-30"}, 422, "query.until"),
    ],
    ids=["unknown-draft", "unknown-version", "version-0", "since-not-a-date", "until-without-offset", "no-such-day"],
)
def test_what_cannot_be_answered_is_a_precise_problem(client, path, params, status, detail):
    draft = _draft(client)
    response = client.get(path.replace("{id}", draft["id"]), params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert detail in response.json()["detail"] and "Traceback" not in response.text


def test_stats_count_each_approval_and_whether_the_agent_edited_it(client):
    before = client.get("/v1/stats").json()
    kept, edited = _draft(client), _draft(client, "T-JA-001")
    reworded = edited["body"].replace("何卒よろしくお願い申し上げます。", "今後ともよろしくお願いいたします。")
    assert client.put(f"/v1/drafts/{edited['id']}", json={"body": reworded}).status_code == 200
    for draft in (kept, edited):
        approved = client.post(f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤"})
        assert approved.status_code == 200, approved.text
    after = client.get("/v1/stats", params={"since": "2026-11-20", "until": "2026-11-20"}).json()
    assert after["period"] == {"since": "2026-11-20T00:00:00+09:00", "until": "2026-11-21T00:00:00+09:00"}
    assert after["drafts"] == before["drafts"] + 2 and after["approved"] == before["approved"] + 2
    overall = after["edit_rates"]["overall"]
    assert overall["edited"] == before["edit_rates"]["overall"]["edited"] + 1
    assert overall["rate"] == overall["edited"] / overall["approved"]
    wording = after["edit_rates"]["by_class"]["wording_changed"]
    assert wording["edited"] == before["edit_rates"]["by_class"]["wording_changed"]["edited"] + 1
    assert set(after["edit_rates"]) == {"overall", "by_class", "by_intent", "by_language", "by_model"}
    assert after["edit_rates"]["by_language"]["ja"]["approved"] >= 1 and "template" in after["edit_rates"]["by_model"]
    assert isinstance(after["findings"], dict) and after["fallbacks"] == before["fallbacks"]
    backwards = client.get("/v1/stats", params={"since": "2026-11-21", "until": "2026-11-20"})
    assert backwards.status_code == 200 and (backwards.json()["drafts"], backwards.json()["approved"]) == (0, 0)


@pytest.mark.parametrize(("path", "agent_status"), [("/v1/stats", 403), ("/v1/drafts/d_any/diff", 404)])
def test_diff_and_stats_need_a_key_when_keys_are_configured(keyed_server, path, agent_status):
    """The diff is an agent's to read; stats are the admin's."""
    assert httpx.get(f"{keyed_server.url}{path}", timeout=60).status_code == 401
    agent = httpx.get(f"{keyed_server.url}{path}", headers={"Authorization": "Bearer agent-key"}, timeout=60)
    assert agent.status_code == agent_status and agent.headers["content-type"] == "application/problem+json"
    admin = httpx.get(f"{keyed_server.url}{path}", headers={"Authorization": "Bearer admin-key"}, timeout=60)
    assert admin.status_code in (200, 404) and admin.headers["content-type"] != "text/html"
