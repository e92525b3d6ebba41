"""GET /v1/tickets/{id}/draft: the draft waiting on a ticket, as the helpdesk apps ask
for it (over real HTTP, like the rest of tests/api). The store's side of it is in
tests/test_desk.py and tests/adapters/test_sql_drafts_by_ticket.py."""

from __future__ import annotations

import uuid
from urllib.parse import quote

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
