from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from draftdesk.app import create_app
from draftdesk.config import Settings
from tests.conftest import DEMO_NOW, DEMO_TICKETS
from tests.support.live_server import LiveServer

AGENT_KEYS, ADMIN_KEY = ("agent-key", "ключ"), "admin-key"  # a non-ASCII key on the list is still a key
KEYS = {"api_keys": ",".join(AGENT_KEYS), "admin_api_keys": ADMIN_KEY}


def demo_ticket(ticket_id: str = "T-JA-001") -> dict:
    return json.loads((DEMO_TICKETS / f"{ticket_id}.json").read_text(encoding="utf-8"))


def settings_for(var_dir: Path, **overrides: object) -> Settings:
    """The demo shop on SQLite and embedded Chroma under `var_dir`, without serve's warm-up
    (tests/api/test_warm_up.py has it)."""
    values = dict(var_dir=var_dir, now=DEMO_NOW, database_url="", chroma_url="", model="template", warm_up=False)
    return Settings(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings_for(tmp_path_factory.mktemp("api-var")))) as live:
        yield live


@pytest.fixture(scope="session")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The API with keys required: the agent keys and the admin key above."""
    with LiveServer(create_app(settings_for(tmp_path_factory.mktemp("keyed-api-var"), **KEYS))) as live:
        yield live


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http
