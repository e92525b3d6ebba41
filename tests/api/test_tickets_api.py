"""/v1/tickets over real HTTP, like the rest of tests/api: the draft waiting on a ticket,
as the helpdesk apps ask for it (the store's side of it is in tests/test_desk.py and
tests/adapters/test_sql_drafts_by_ticket.py); the inbox, a ticket stored without
drafting and the ticket page (every state and path on both databases: tests/inbox/)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx

from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"


def _helpdesk_ticket(ticket_id: str, body: str | None = None) -> dict:
    ticket = demo_ticket() | {"id": ticket_id, "channel": "zendesk"}
    return ticket | ({"body": body} if body else {})


def test_the_waiting_draft_is_the_latest_version_of_the_newest_for_the_latest_message(client):
    ticket_id = f"zendesk-{uuid.uuid4().int % 10**9}"
    first = client.post("/v1/drafts", json={"ticket": _helpdesk_ticket(ticket_id)}).json()
    waiting = client.get(f"/v1/tickets/{ticket_id}/draft")
    assert waiting.status_code == 200 and waiting.headers["content-type"] == "application/json"
    assert waiting.json() == client.get(f"/v1/drafts/{first['id']}").json()

    approved = client.post(
        f"/v1/drafts/{first['id']}/approve",
        json={"agent": "Sato (Zendesk)", "override_reason": "checked with the warehouse by phone"},
    )
    assert approved.status_code == 200, approved.text
    assert client.get(f"/v1/tickets/{ticket_id}/draft").json()["version"] == approved.json()["version"]

    # The customer writes again: nothing answers that yet, until it is drafted.
    written_again = _helpdesk_ticket(ticket_id, body="追伸：まだ届きません。至急ご連絡ください。")
    second = client.post("/v1/drafts", json={"ticket": written_again}).json()
    assert client.get(f"/v1/tickets/{ticket_id}/draft").json()["id"] == second["id"] != first["id"]


def test_no_waiting_draft_is_a_404_problem_naming_the_ticket(client):
    missing = client.get("/v1/tickets/chatwoot-1-999999/draft")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert "chatwoot-1-999999" in missing.json()["detail"]


def test_any_ticket_id_the_store_keeps_can_be_asked_for(client):
    ticket_id = f"注文 {uuid.uuid4().hex[:6]}/?#%"  # spaces, Japanese, URL delimiters: percent-encoded in the path
    created = client.post("/v1/drafts", json={"ticket": _helpdesk_ticket(ticket_id)}).json()
    assert client.get(f"/v1/tickets/{quote(ticket_id, safe='')}/draft").json()["id"] == created["id"]
    assert client.get("/v1/tickets/a%01b/draft").status_code == 422  # no control characters, as in Ticket.id


# --- the inbox --------------------------------------------------------------------------

HEDGE_BEFORE = "何卒よろしくお願い申し上げます。"


def _new_ticket(**fields: object) -> dict:
    return demo_ticket() | {"id": f"T-inbox-{uuid.uuid4().hex[:8]}"} | fields


def _item(client, ticket_id: str) -> dict:
    answer = client.get(f"/v1/tickets/{quote(ticket_id, safe='')}")
    assert answer.status_code == 200, answer.text
    return answer.json()["item"]


def test_a_stored_ticket_is_in_the_inbox_and_moves_with_its_draft(client):
    ticket = _new_ticket(received_at="2026-11-20T10:59:30+09:00")  # DRAFTDESK_NOW is 12:00
    stored = client.post("/v1/tickets", json={"ticket": ticket})
    assert stored.status_code == 201 and stored.headers["location"] == f"/v1/tickets/{ticket['id']}"
    assert stored.json() == {
        "ticket_id": ticket["id"], "subject": ticket["subject"], "language": "ja", "intent": "delay",
        "order_number": "HM-24-00012", "received_at": "2026-11-20T01:59:30Z", "age_minutes": 60, "response": "fast",
        "draft_state": "none", "draft_id": None, "channel": "email", "job_id": None,
    }  # fmt: skip
    shown = client.get(stored.headers["location"]).json()
    assert shown["ticket"] == ticket | {"received_at": "2026-11-20T10:59:30+09:00"} and shown["item"] == stored.json()
    assert shown["message"] and shown["quoted"] == ""

    draft = client.post("/v1/drafts", json={"ticket": ticket}).json()
    assert (_item(client, ticket["id"])["draft_state"], _item(client, ticket["id"])["draft_id"]) == ("needs_review", draft["id"])
    hedged = draft["body"].replace(HEDGE_BEFORE, f"たぶん明日には届くと思います。\n{HEDGE_BEFORE}")
    assert client.put(f"/v1/drafts/{draft['id']}", json={"body": hedged}).status_code == 200
    assert _item(client, ticket["id"])["draft_state"] == "blocked"
    approved = client.post(
        f"/v1/drafts/{draft['id']}/approve", json={"agent": "佐藤", "override_reason": "配送業者に確認済みの日付です"}
    )
    assert approved.status_code == 200 and _item(client, ticket["id"])["draft_state"] == "approved"


def test_the_ticket_page_splits_the_new_words_from_the_quoted_history(client):
    body = "まだ届きません。至急確認してください。\n\nOn Wed, Nov 18, 2026 at 10:00 AM Midoriya Tea <support@midoriya.example.jp> wrote:\n> ご注文ありがとうございます。"
    ticket = _new_ticket(body=body)
    client.post("/v1/tickets", json={"ticket": ticket})
    shown = client.get(f"/v1/tickets/{ticket['id']}").json()
    assert shown["message"] == "まだ届きません。至急確認してください。"
    assert shown["quoted"].startswith("On Wed, Nov 18, 2026") and shown["quoted"].endswith("> ご注文ありがとうございます。")


def test_every_page_follows_on_from_the_last_and_the_counts_cover_them_all(client):
    for n in range(3):
        client.post("/v1/tickets", json={"ticket": _new_ticket(received_at=f"2026-11-20T08:0{n}:00+09:00")})
    for sort, newest_first in (("newest", True), ("age", False)):
        seen, cursor = [], None
        while True:
            page = client.get("/v1/tickets", params={"sort": sort, "limit": 4} | ({"cursor": cursor} if cursor else {}))
            assert page.status_code == 200, page.text
            body = page.json()
            assert len(body["tickets"]) <= 4 and body["target"] == {"fast_minutes": 60, "limit_minutes": 180}
            seen += [(item["received_at"], item["ticket_id"]) for item in body["tickets"]]
            if (cursor := body["next_cursor"]) is None:
                break
        assert seen == sorted(seen, reverse=newest_first) and len(set(seen)) == len(seen)
        assert sum(body["counts"].values()) == len(seen)
    drafted = client.get("/v1/tickets", params={"state": "needs_review", "limit": 200}).json()
    assert {item["draft_state"] for item in drafted["tickets"]} <= {"needs_review"}
    assert len(drafted["tickets"]) == min(200, drafted["counts"]["needs_review"])


def test_a_bad_state_sort_limit_or_cursor_is_a_422_problem(client):
    cursor = client.get("/v1/tickets", params={"limit": 1}).json()["next_cursor"]
    for params, named in [
        ({"state": "open"}, "state"),
        ({"sort": "oldest"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor: not a cursor this list gave"),
        ({"cursor": cursor, "sort": "age"}, "cursor: it belongs to a list with another sort or state"),
    ]:
        answer = client.get("/v1/tickets", params=params)
        assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM, params
        assert named in answer.json()["detail"], answer.json()


def test_an_unknown_ticket_is_a_404_and_a_ticket_without_words_a_422(client):
    missing = client.get("/v1/tickets/T-nobody")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert missing.json()["detail"] == "no ticket with id T-nobody"
    quoted_only = client.post("/v1/tickets", json={"ticket": _new_ticket(body="> 以前のメッセージ")})
    assert quoted_only.status_code == 422 and "quoted history" in quoted_only.json()["detail"]


def test_the_inbox_needs_a_key_when_keys_are_configured(keyed_server):
    for method, path in [("GET", "/v1/tickets"), ("POST", "/v1/tickets"), ("GET", "/v1/tickets/T-1")]:
        answer = httpx.request(method, f"{keyed_server.url}{path}", json={"ticket": demo_ticket()})
        assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    listed = httpx.get(f"{keyed_server.url}/v1/tickets", headers={"Authorization": "Bearer agent-key"})
    assert listed.status_code == 200
