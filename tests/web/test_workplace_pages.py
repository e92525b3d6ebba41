"""The workplace's pages without a browser: what the server sends (the policy, the labels
in the browser's language, a ticket id as text) and that the labels, modules and styles
the pages use are all there, in both languages, from this server only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from draftdesk.domain import Certainty, DraftStatus, Flag, Intent, Sections, Severity
from draftdesk.web import console
from draftdesk.web.pages import HERE
from draftdesk.wiring import Services
from tests.api.conftest import settings_for

WORKPLACE_FILES = [
    *(HERE / "templates").glob("_workplace.html"),
    HERE / "templates" / "inbox.html",
    HERE / "templates" / "ticket.html",
    *(HERE / "static").glob("console*"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The pages' router alone: they read only the shop profile and the settings."""
    app = FastAPI()
    app.include_router(console.router)
    app.mount("/static", console.static_files)
    app.state.services = Services(settings_for(tmp_path_factory.mktemp("pages-var")))
    with TestClient(app) as http:
        yield http


def directives(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))


@pytest.mark.parametrize("url", ["/", "/tickets/T-JA-001", "/tickets/zendesk-4711"])
def test_the_pages_allow_only_this_servers_scripts_and_are_never_framed(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = directives(page)
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<script type="module" src="/static/console.js"></script>' in page.text


def test_a_ticket_id_goes_into_the_page_as_text(client: TestClient) -> None:
    page = client.get("/tickets/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert 'data-ticket-id="&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    slashed = client.get("/tickets/chatwoot-7/42")  # a slash belongs to the id
    assert 'data-ticket-id="chatwoot-7/42"' in slashed.text


def test_a_ticket_id_with_a_control_character_is_refused(client: TestClient) -> None:
    assert client.get("/tickets/T%00-1").status_code == 422


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("en-US,en;q=0.9,ja;q=0.8", "en"),
        ("fr-FR, ja;q=0.5, en;q=0.4", "ja"),
        ("en;q=0.2, ja;q=0.9", "ja"),
        ("de, fr", "en"),
        (None, "en"),
        ("ja;q=nonsense, en", "en"),
        ("ja;q=0, fr", "en"),
    ],
)
def test_the_language_is_the_first_of_ja_and_en_the_browser_asks_for(accept_language: str | None, language: str) -> None:
    assert console.preferred_language(accept_language) == language


def test_the_server_renders_the_labels_in_the_browsers_language(client: TestClient) -> None:
    japanese = client.get("/", headers={"Accept-Language": "ja"})
    english = client.get("/", headers={"Accept-Language": "en-GB"})
    assert '<html lang="ja">' in japanese.text and ">受信箱</h1>" in japanese.text and "茶舗みどり屋" in japanese.text
    assert '<html lang="en">' in english.text and ">Inbox</h1>" in english.text and "Midoriya Tea" in english.text
    embedded = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', english.text, re.S)
    assert embedded is not None and json.loads(embedded.group(1)) == console.labels()  # both, for switching


def _used_label_keys() -> set[str]:
    used = set()
    for path in WORKPLACE_FILES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n(?:-[a-z-]+)?="([a-z_0-9]+)"', text))
        used |= set(re.findall(r'\bt\(\s*["\']([a-z_0-9]+)["\']', text))
        used |= set(re.findall(r'"(shortcut_[a-z_]+)"', text))
    return used


def test_both_languages_have_every_label_the_pages_use() -> None:
    ja, en = console.labels()["ja"], console.labels()["en"]
    assert set(ja) == set(en)
    assert all(value.strip() for value in (*ja.values(), *en.values()))
    used = _used_label_keys()
    assert len(used) > 100 and used - set(ja) == set()
    for state in ("none", "drafting", "needs_review", "blocked", "approved"):
        assert f"shortcut_filter_{state}" in ja
    groups = {
        "state": ["none", "drafting", "needs_review", "blocked", "approved"],
        "response": ["fast", "due", "late"],
        "intent": list(Intent),
        "certainty": list(Certainty),
        "severity": list(Severity),
        "flag": list(Flag),
        "status": list(DraftStatus),
        "section": list(Sections.model_fields),
        "claim": ["date", "amount", "order_number", "tracking_number", "quantity"],
        "style": ["shorter", "formal", "warmer"],
        "action": ["created", "edited", "rewrite", "approved", "approved_with_override"],
        "purpose": ["draft", "rewrite"],
        "outcome": ["ok", "error"],
        "language": ["ja", "en"],
    }
    missing = [f"{group}.{value}" for group, values in groups.items() for value in values if f"{group}.{value}" not in ja]
    assert missing == []
    placeholders = {key: set(re.findall(r"\{(\w+)\}", text)) for key, text in ja.items()}
    assert {key: set(re.findall(r"\{(\w+)\}", text)) for key, text in en.items()} == placeholders


def test_every_module_the_pages_import_is_served(client: TestClient) -> None:
    modules = {"console.js"}
    for path in (HERE / "static").glob("console*.js"):
        modules |= set(re.findall(r'from "\./([a-z_]+\.js)"', path.read_text(encoding="utf-8")))
    for module in sorted(modules):
        response = client.get(f"/static/{module}")
        assert response.status_code == 200 and "javascript" in response.headers["content-type"], module
    assert client.get("/static/console.css").status_code == 200


def test_nothing_is_loaded_from_elsewhere() -> None:
    """No CDN, no web fonts: every address in the workplace's files is this server's."""
    for path in WORKPLACE_FILES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path
        assert "@import" not in text and "@font-face" not in text, path


def test_the_pages_put_api_text_in_as_text_never_as_markup() -> None:
    for path in (HERE / "static").glob("console*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.innerHTML|\.outerHTML\s*=|insertAdjacentHTML|document\.write", text), path
