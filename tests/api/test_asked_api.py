"""What the customer actually asked, over the real API: an injected instruction flags
the draft and stays out of the reply; a card number in the ticket gets the warning line
and the `pii_in_ticket` flag, and the stored ticket keeps only its last four digits."""

from __future__ import annotations

from tests.api.conftest import demo_ticket

CARD = "4242 4242 4242 4242"


def test_an_injected_instruction_is_flagged_and_not_obeyed(client):
    ticket = {**demo_ticket("T-EN-032"), "id": "T-ASKED-INJECTION"}
    response = client.post("/v1/drafts", json={"ticket": ticket})
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["flags"] == ["suspected_injection"]
    assert draft["intent"] == "restock"
    assert not any(word in draft["body"].casefold() for word in ("refund", "coupon", "$50"))
    assert client.get(f"/v1/drafts/{draft['id']}").json()["flags"] == ["suspected_injection"]


def test_a_card_number_gets_the_warning_line_and_is_stored_masked(client):
    ticket = {**demo_ticket("T-EN-031"), "id": "T-ASKED-CARD"}
    assert CARD in ticket["body"]
    response = client.post("/v1/drafts", json={"ticket": ticket})
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["intent"] == "payment" and draft["flags"] == ["pii_in_ticket"]
    assert "please do not send card numbers" in draft["body"] and "charge" in draft["body"]
    assert CARD not in draft["body"] and not any(f["rule"] == "HS019" for f in draft["findings"])
    stored = client.get("/v1/tickets/T-ASKED-CARD")
    assert stored.status_code == 200, stored.text
    assert CARD not in stored.text and "**** **** **** 4242" in stored.text
