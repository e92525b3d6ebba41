"""API keys as Bearer tokens; admin keys for re-indexing.

401: no key, or a key that is none of ours (non-ASCII and malformed ones included),
always with `WWW-Authenticate: Bearer`. 403: a valid key without the right.
"""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"
# Header values go on the wire as the bytes given: "kä" in UTF-8, and in Latin-1.
UNKNOWN_KEYS = [
    b"Bearer wrong", "Bearer kä".encode(), "Bearer kä".encode("latin-1"), b"Bearer \xff\xfe", b"Bearer a b c"
]


def assert_unauthorized(response: httpx.Response, *, invalid_token: bool) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert ('error="invalid_token"' in challenge) is invalid_token


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": "Basic agent-key"}, 401),
        ({"Authorization": "Bearer agent-key"}, 201),
        ({"Authorization": "Bearer admin-key"}, 201),
        ({"Authorization": "Bearer ключ".encode()}, 201),  # a non-ASCII key on the list is still a key
    ],
)
def test_drafts_need_a_valid_key(keyed_server, headers, status):
    response = httpx.post(f"{keyed_server.url}/v1/drafts", json={"ticket": demo_ticket()}, headers=headers, timeout=60)
    assert response.status_code == status
    if status == 401:
        assert_unauthorized(response, invalid_token="Bearer" in headers.get("Authorization", ""))


@pytest.mark.parametrize("authorization", UNKNOWN_KEYS + [b"Bearer", b"bearer"])
@pytest.mark.parametrize(("method", "path"), [("POST", "/v1/check"), ("POST", "/v1/knowledge/reindex")])
def test_a_non_ascii_or_malformed_key_is_just_not_a_key(keyed_server, authorization, method, path):
    """Was 500: secrets.compare_digest raises on non-ASCII str; the comparison is of bytes now."""
    response = httpx.request(
        method, f"{keyed_server.url}{path}", json={"text": "x"}, headers={"Authorization": authorization}, timeout=60
    )
    assert_unauthorized(response, invalid_token=authorization.strip().lower() != b"bearer")


def test_reindex_is_for_admins_only(keyed_server):
    reindex = f"{keyed_server.url}/v1/knowledge/reindex"
    agent = httpx.post(reindex, headers={"Authorization": "Bearer agent-key"}, timeout=60)
    assert agent.status_code == 403 and agent.headers["content-type"] == PROBLEM
    assert "www-authenticate" not in agent.headers
    admin = httpx.post(reindex, headers={"Authorization": "Bearer admin-key"}, timeout=60)
    assert admin.status_code == 200
    assert admin.json()["added"] == [] and admin.json()["unchanged"] > 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer kä".encode()}])
def test_a_wrong_or_missing_key_on_an_admin_endpoint_is_401_not_403(keyed_server, headers):
    response = httpx.post(f"{keyed_server.url}/v1/knowledge/reindex", headers=headers, timeout=60)
    assert_unauthorized(response, invalid_token=bool(headers))


def test_health_stays_open_for_the_orchestrator(keyed_server):
    assert httpx.get(f"{keyed_server.url}/healthz").status_code == 200


def test_the_console_embeds_no_demo_customers_when_keys_are_required(keyed_server, client):
    """The page itself is open; with keys configured it carries no demo tickets (their
    names and e-mail addresses), only without keys (the loopback-only demo) does it."""
    keyed = httpx.get(f"{keyed_server.url}/", timeout=30)
    assert keyed.status_code == 200
    assert 'id="sample-data"' not in keyed.text and "@example" not in keyed.text and "taro" not in keyed.text
    assert 'data-keys-required="true"' in keyed.text
    open_page = client.get("/")
    assert 'id="sample-data"' in open_page.text and "@example" in open_page.text


def test_the_console_keeps_the_key_in_this_tab_only(client):
    script = client.get("/static/console_api.js").text
    assert "localStorage.setItem" not in script and "localStorage.getItem" not in script
    assert 'localStorage.removeItem(KEY)' in script  # what earlier versions left behind goes
    assert "sessionStorage.setItem(KEY" in script
