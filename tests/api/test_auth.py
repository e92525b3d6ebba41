"""API keys as Bearer tokens; admin keys for re-indexing."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from service.app import create_app
from tests.api.conftest import demo_ticket, settings_for
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = settings_for(tmp_path_factory.mktemp("auth-var"), api_keys="agent-key", admin_api_keys="admin-key")
    with LiveServer(create_app(settings)) as live:
        yield live.url


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": "Basic agent-key"}, 401),
        ({"Authorization": "Bearer agent-key"}, 201),
        ({"Authorization": "Bearer admin-key"}, 201),
    ],
)
def test_drafts_need_a_valid_key(secured, headers, status):
    response = httpx.post(f"{secured}/v1/drafts", json={"ticket": demo_ticket()}, headers=headers, timeout=60)
    assert response.status_code == status
    if status == 401:
        assert response.headers["content-type"] == "application/problem+json"


def test_reindex_is_for_admins_only(secured):
    agent = httpx.post(f"{secured}/v1/knowledge/reindex", headers={"Authorization": "Bearer agent-key"}, timeout=60)
    assert agent.status_code == 403
    admin = httpx.post(f"{secured}/v1/knowledge/reindex", headers={"Authorization": "Bearer admin-key"}, timeout=60)
    assert admin.status_code == 200
    assert admin.json()["added"] == [] and admin.json()["unchanged"] > 0


def test_health_stays_open_for_the_orchestrator(secured):
    assert httpx.get(f"{secured}/healthz").status_code == 200
