"""Roles and API keys over HTTP: every /v1 route against every kind of caller, keys
created, listed and revoked by an admin, and the audit trail naming who held the key.

The routes are read from the app itself, so a route added later without a permission
fails `test_every_route_but_the_signed_webhooks_needs_a_permission`, and one added with
a permission is tried against every caller like the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from draftdesk.adapters.database import create_database
from draftdesk.adapters.sql_keys import SqlKeyStore
from draftdesk.api.deps import identify, route_permissions
from draftdesk.app import create_app
from draftdesk.errors import Unauthorized
from draftdesk.roles import ANONYMOUS, PERMISSIONS, Caller, Permission, Role
from fastapi.routing import APIRoute, iter_route_contexts

from tests.api.conftest import ADMIN_KEY, AGENT_KEYS, KEYS, demo_ticket, settings_for
from tests.api.test_auth import assert_unauthorized

PROBLEM = "application/problem+json"
EVERYTHING = set(Permission)

# The contract (issue 15): what each kind of caller may do.
MAY = {
    "agent": {"draft", "edit", "approve", "read"},
    "integrator": {"draft", "check", "read"},
    "admin": EVERYTHING,
    "env_key": {"draft", "edit", "approve", "check", "read"},  # DRAFTDESK_API_KEYS
    "env_admin": EVERYTHING,  # DRAFTDESK_ADMIN_API_KEYS
}
ROLE_OF = {"agent": "agent", "integrator": "integrator", "admin": "admin", "env_key": "env_key", "env_admin": "admin"}

# The permission each route of this branch needs (routes added later: whatever they declare).
ROUTE_PERMISSIONS = {
    ("POST", "/v1/drafts"): "draft",
    ("GET", "/v1/drafts/{draft_id}"): "read",
    ("PUT", "/v1/drafts/{draft_id}"): "edit",
    ("POST", "/v1/drafts/{draft_id}/approve"): "approve",
    ("GET", "/v1/drafts/{draft_id}/versions"): "read",
    ("GET", "/v1/drafts/{draft_id}/audit"): "audit",
    ("POST", "/v1/check"): "check",
    ("GET", "/v1/tickets/{ticket_id:path}/draft"): "read",
    ("POST", "/v1/knowledge/reindex"): "reindex",
    ("GET", "/v1/jobs/{job_id}"): "read",
    ("POST", "/v1/jobs/{job_id}/retry"): "draft",
    ("POST", "/v1/keys"): "keys",
    ("GET", "/v1/keys"): "keys",
    ("DELETE", "/v1/keys/{key_id}"): "keys",
}
SIGNED = "/v1/integrations/"  # the helpdesks' webhooks: the signature is the authentication

APP = create_app(settings_for(Path("var-not-used"), **KEYS))  # not started: only its routes are read
ROUTES = {
    (method, route.path): route_permissions(route)
    for route in iter_route_contexts(APP.routes)
    if isinstance(route.original_route, APIRoute) and route.path.startswith("/v1/")
    for method in sorted(route.methods or ())
}
GUARDED = sorted(key for key in ROUTES if not key[1].startswith(SIGNED))


def concrete(path: str) -> str:
    """A path of the route with every parameter filled in: ids that do not exist."""
    return re.sub(r"\{[^}]+\}", "nope", path)


def call(base_url: str, method: str, path: str, key: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    # `{}`: a body the route refuses (422) only after the permission check let it through
    body = {"json": {}} if method in ("POST", "PUT", "PATCH") and not path.endswith("/reindex") else {}
    return httpx.request(method, f"{base_url}{concrete(path)}", headers=headers, timeout=60, **body)


@pytest.fixture(scope="module")
def callers(keyed_server) -> dict[str, str]:
    """A stored key of each role (created by the environment's admin key) and the
    environment's keys."""
    stored = {}
    for role in ("agent", "integrator", "admin"):
        response = httpx.post(
            f"{keyed_server.url}/v1/keys",
            json={"owner": f"{role} of the roles test", "role": role},
            headers={"Authorization": f"Bearer {ADMIN_KEY}"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        stored[role] = response.json()["key"]
    return {**stored, "env_key": AGENT_KEYS[0], "env_admin": ADMIN_KEY}


# --- the table --------------------------------------------------------------------------


def test_the_role_table_is_the_contract() -> None:
    assert {role.value: {p.value for p in PERMISSIONS[role]} for role in Role} == {
        "agent": MAY["agent"], "integrator": MAY["integrator"], "admin": EVERYTHING,
        "env_key": MAY["env_key"], "anonymous": EVERYTHING,
    }  # fmt: skip


def test_every_route_but_the_signed_webhooks_needs_a_permission() -> None:
    assert set(ROUTE_PERMISSIONS) <= set(ROUTES), "a route of the table is gone"
    for key, permissions in ROUTES.items():
        if key[1].startswith(SIGNED):
            assert permissions == [], key
            continue
        assert len(permissions) == 1, f"{key} needs requires(Permission.…): {permissions}"
        if key in ROUTE_PERMISSIONS:
            assert permissions[0].value == ROUTE_PERMISSIONS[key], key


# --- every route × every caller --------------------------------------------------------


@pytest.mark.parametrize("caller", sorted(MAY))
@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_each_caller_may_do_what_its_role_allows(keyed_server, callers, caller, method, path) -> None:
    (permission,) = ROUTES[(method, path)]
    response = call(keyed_server.url, method, path, callers[caller])
    if permission.value in MAY[caller]:
        assert response.status_code not in (401, 403), (caller, method, path, response.text)
        return
    assert response.status_code == 403, (caller, method, path, response.text)
    assert response.headers["content-type"] == PROBLEM and "www-authenticate" not in response.headers
    problem = response.json()
    assert (problem["permission"], problem["role"]) == (permission.value, ROLE_OF[caller])
    assert f"'{permission.value}'" in problem["detail"] and f"'{ROLE_OF[caller]}'" in problem["detail"]


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_every_route_refuses_a_request_without_a_key(keyed_server, method, path) -> None:
    assert_unauthorized(call(keyed_server.url, method, path, None), invalid_token=False)
    assert_unauthorized(call(keyed_server.url, method, path, "dd_not-a-key"), invalid_token=True)


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_without_any_key_configured_the_caller_may_do_everything(server, method, path) -> None:
    """The loopback demo (the `server` fixture has no key): `{}` bodies create no key."""
    response = call(server.url, method, path, None)
    assert response.status_code not in (401, 403), (method, path, response.text)


# --- keys ------------------------------------------------------------------------------


def admin(keyed_server, method: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.request(
        method, f"{keyed_server.url}{path}", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=30, **kwargs
    )


def test_a_key_is_shown_once_and_listed_without_it(keyed_server) -> None:
    created = admin(keyed_server, "POST", "/v1/keys", json={"owner": "佐藤 一郎", "role": "agent"})
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    issued = created.json()
    assert set(issued) == {"id", "owner", "role", "created_at", "revoked_at", "key"}
    assert (issued["owner"], issued["role"], issued["revoked_at"]) == ("佐藤 一郎", "agent", None)
    assert issued["key"].startswith("dd_")
    listed = admin(keyed_server, "GET", "/v1/keys")
    assert listed.status_code == 200 and issued["key"] not in listed.text
    entry = next(key for key in listed.json() if key["id"] == issued["id"])
    assert entry == {k: v for k, v in issued.items() if k != "key"}


def test_a_revoked_key_is_refused_from_its_next_request(keyed_server) -> None:
    issued = admin(keyed_server, "POST", "/v1/keys", json={"owner": "leaver", "role": "integrator"}).json()
    reading = f"{keyed_server.url}/v1/jobs/nope"
    assert httpx.get(reading, headers={"Authorization": f"Bearer {issued['key']}"}).status_code == 404
    revoked = admin(keyed_server, "DELETE", f"/v1/keys/{issued['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    refused = httpx.get(reading, headers={"Authorization": f"Bearer {issued['key']}"})
    assert_unauthorized(refused, invalid_token=True)
    assert refused.json()["detail"] == "the API key was revoked"
    assert admin(keyed_server, "DELETE", f"/v1/keys/{issued['id']}").json() == revoked.json()  # again: no change
    assert admin(keyed_server, "DELETE", "/v1/keys/key_nope").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"owner": "x", "role": "env_key"},
        {"owner": "x", "role": "anonymous"},
        {"owner": "x", "role": "root"},
        {"owner": "", "role": "agent"},
        {"owner": "\u200b", "role": "agent"},
        {"owner": "a\nb", "role": "agent"},
        {"owner": "x", "role": "agent", "key": "dd_mine"},  # nobody chooses a key
    ],
)
def test_a_key_needs_an_owner_and_a_role_a_key_can_have(keyed_server, body) -> None:
    before = admin(keyed_server, "GET", "/v1/keys").json()
    response = admin(keyed_server, "POST", "/v1/keys", json=body)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert admin(keyed_server, "GET", "/v1/keys").json() == before


# --- who did what ----------------------------------------------------------------------


def test_the_audit_trail_names_the_owner_of_each_key(keyed_server) -> None:
    agent = admin(keyed_server, "POST", "/v1/keys", json={"owner": "alice", "role": "agent"}).json()["key"]
    auditor = admin(keyed_server, "POST", "/v1/keys", json={"owner": "auditor", "role": "admin"}).json()["key"]
    as_agent = {"Authorization": f"Bearer {agent}"}
    url = keyed_server.url
    ticket = {"ticket": demo_ticket("T-EN-001"), "agent": {"name": "Alice"}}
    created = httpx.post(f"{url}/v1/drafts", json=ticket, headers=as_agent, timeout=60)
    assert created.status_code == 201, created.text
    draft = created.json()
    edited = httpx.put(
        f"{url}/v1/drafts/{draft['id']}",
        json={"body": draft["body"] + "\nWe will write again tomorrow.", "version": 1, "agent": {"name": "Alice"}},
        headers={"Authorization": f"Bearer {AGENT_KEYS[0]}"},
        timeout=60,
    )
    assert edited.status_code == 200, edited.text
    reason = "checked with the carrier by phone"
    approved = httpx.post(
        f"{url}/v1/drafts/{draft['id']}/approve",
        json={"agent": "Alice", "override_reason": reason, "version": 2},
        headers=as_agent,
        timeout=60,
    )
    assert approved.status_code == 200, approved.text
    override = reason if approved.json()["approval"]["override_reason"] else None

    audit = httpx.get(f"{url}/v1/drafts/{draft['id']}/audit", headers={"Authorization": f"Bearer {auditor}"})
    assert audit.status_code == 200
    fields = {"at", "action", "version", "actor", "key_owner", "override_reason"}
    assert all(set(entry) == fields for entry in audit.json())
    assert [(e["action"], e["version"], e["actor"], e["key_owner"], e["override_reason"]) for e in audit.json()] == [
        ("created", 1, "Alice", "alice", None),
        ("edited", 2, "Alice", "DRAFTDESK_API_KEYS", None),
        ("approved_with_override" if override else "approved", 3, "Alice", "alice", override),
    ]
    assert httpx.get(f"{url}/v1/drafts/{draft['id']}/audit", headers=as_agent).status_code == 403

    versions = httpx.get(f"{url}/v1/drafts/{draft['id']}/versions", headers=as_agent)
    assert versions.status_code == 200
    assert [(v["version"], v["action"], v["key_owner"]) for v in versions.json()] == [
        (e["version"], e["action"], e["key_owner"]) for e in audit.json()
    ]
    assert set(versions.json()[0]) == {"version", "action", "actor", "key_owner", "at", "subject", "body"}
    assert versions.json()[0]["body"] == draft["body"] and versions.json()[1]["body"] == edited.json()["body"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "POST", "DELETE"])
def test_the_audit_trail_cannot_be_changed(keyed_server, method) -> None:
    response = admin(keyed_server, method, "/v1/drafts/nope/audit", json={})
    assert response.status_code == 405
    assert "GET" in response.headers["allow"] and method not in response.headers["allow"]


# --- who the caller is, without a server -----------------------------------------------


@pytest.fixture
def keys(tmp_path: Path) -> Iterator[SqlKeyStore]:
    database = create_database(f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    database.create_schema()
    yield SqlKeyStore(database)
    database.dispose()


def test_no_key_anywhere_means_an_open_api(tmp_path: Path, keys: SqlKeyStore) -> None:
    assert identify(None, settings=settings_for(tmp_path), keys=keys) == ANONYMOUS
    assert identify(b"anything", settings=settings_for(tmp_path), keys=keys) == ANONYMOUS


def test_a_stored_key_makes_keys_required_without_any_in_the_environment(tmp_path: Path, keys: SqlKeyStore) -> None:
    issued = keys.create(owner="alice", role="integrator")
    settings = settings_for(tmp_path)
    assert identify(issued.key.encode(), settings=settings, keys=keys) == Caller(
        key_id=issued.id, owner="alice", role=Role.INTEGRATOR
    )
    with pytest.raises(Unauthorized, match="send an API key"):
        identify(None, settings=settings, keys=keys)
    with pytest.raises(Unauthorized, match="not valid"):
        identify(b"dd_guess", settings=settings, keys=keys)
    keys.revoke(issued.id)  # the last key revoked: still closed
    with pytest.raises(Unauthorized, match="revoked"):
        identify(issued.key.encode(), settings=settings, keys=keys)
    with pytest.raises(Unauthorized, match="send an API key"):
        identify(None, settings=settings, keys=keys)


def test_the_environments_keys_keep_working_beside_stored_ones(tmp_path: Path, keys: SqlKeyStore) -> None:
    keys.create(owner="alice", role="agent")
    settings = settings_for(tmp_path, **KEYS)
    assert identify(ADMIN_KEY.encode(), settings=settings, keys=keys).role == Role.ADMIN
    assert identify(AGENT_KEYS[1].encode(), settings=settings, keys=keys) == Caller(
        key_id=None, owner="DRAFTDESK_API_KEYS", role=Role.ENV_KEY
    )
