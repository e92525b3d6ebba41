"""The helpdesk apps for real: Draftdesk served on 127.0.0.1 with API keys, the pages
opened in headless Chromium (Debian's, /usr/bin/chromium) inside stand-ins for the
helpdesks (tests/web/helpdesk_fakes.py), every request routed through Playwright so that
nothing leaves 127.0.0.1: Zendesk's SDK address is answered by the fake, anything else
off this machine is refused and counted.

The stored drafts have an error finding, an estimated date, a cited passage and a
<script> in the body (draft text quotes the customer).
"""

from __future__ import annotations

import html
import io
import json
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import httpx
import pytest

from draftdesk.app import create_app
from draftdesk.domain import Certainty, Citation, Draft, Fact, Finding, Intent, ModelInfo, Severity, Ticket
from draftdesk.integrations.settings import ChatwootSettings
from draftdesk.web.helpdesk_apps import ZAF_SDK, HelpdeskSettings, helpdesk_settings
from draftdesk.wiring import Services
from tests.api.conftest import demo_ticket, settings_for
from tests.support.live_server import LiveServer
from tests.web.helpdesk_fakes import FAKE_ZAF_SDK, FakeChatwoot, chatwoot_context, serving

pytestmark = pytest.mark.slow

API_KEY = "helpdesk-app-key-0123"
ZENDESK_AGENT = {"id": 901, "name": "鈴木 花子", "locale": "ja"}
CHATWOOT_AGENT = "Ken Ito"
OVERRIDE = "Confirmed the date with the carrier by phone"
SCRIPT = '<script>window.__ran = "yes"</script><img src="/static/pwned.png" onerror="window.__ran = \'img\'">'
JST = datetime.fromisoformat("2026-11-20T12:00:00+09:00")


def stored_draft(ticket: Ticket, *, draft_id: str, language: str) -> Draft:
    """A draft whose error finding blocks approval, with an estimate, a citation and markup."""
    ja = language == "ja"
    return Draft(
        id=draft_id,
        ticket_id=ticket.id,
        language=language,  # type: ignore[arg-type]
        intent=Intent.WHERE_IS_MY_ORDER,
        subject="ご注文 HM-24-00123 の配送について" if ja else "Your order HM-24-00123",
        body=(
            "山田 太郎様\n\n11月18日にお届けします。\n" if ja else "Dear Taro Yamada,\n\nIt arrives on November 18.\n"
        )
        + SCRIPT,
        facts=[
            Fact(
                key="order.number",
                label="ご注文番号" if ja else "Order number",
                value="HM-24-00123",
                certainty=Certainty.CONFIRMED,
                source="orders",
            ),
            Fact(
                key="shipment.estimated_delivery",
                label="お届け予定日" if ja else "Expected delivery",
                value="2026-11-18",
                certainty=Certainty.ESTIMATED,
                source="carrier",
            ),
        ],
        citations=[Citation(passage_id="shipping-ja#delay", title="配送の遅れについて", score=0.81)],
        findings=[
            Finding(
                rule="HS002",
                severity=Severity.ERROR,
                message="The estimated date is not marked as an estimate",
                start=10,
                end=16,
                excerpt="11月18日",
                suggestion="11月18日頃（目安）",
            ),
            Finding(
                rule="HS008",
                severity=Severity.WARNING,
                message="Subject could be more specific",
                start=0,
                end=0,
                excerpt="",
            ),
        ],
        model=ModelInfo(name="template"),
        created_at=JST,
    )


def ticket(ticket_id: str, *, channel: str) -> Ticket:
    return Ticket.model_validate(demo_ticket() | {"id": ticket_id, "channel": channel})


@dataclass
class Deployment:
    url: str
    services: Services
    chatwoot: FakeChatwoot
    chatwoot_url: str
    impostor_url: str  # the same dashboard on another origin
    helpdesks: HelpdeskSettings  # what the pages are told is configured; a test may change it


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    chatwoot = FakeChatwoot()
    with (
        serving(chatwoot.asgi(), name="fake Chatwoot") as chatwoot_url,
        serving(chatwoot.asgi(), name="impostor") as impostor_url,
    ):
        configured = HelpdeskSettings(
            zendesk=None,
            chatwoot=ChatwootSettings(base_url=chatwoot_url, signing_secret="cw-secret", api_access_token="cw-token"),
        )
        app = create_app(settings_for(tmp_path_factory.mktemp("apps-var"), api_keys=API_KEY))
        app.dependency_overrides[helpdesk_settings] = lambda: deployment.helpdesks  # asked once requests come
        with LiveServer(app) as live:
            chatwoot.app_url = live.url + "/integrations/chatwoot/app"
            deployment = Deployment(live.url, app.state.services, chatwoot, chatwoot_url, impostor_url, configured)
            yield deployment


def api(deployment: Deployment, method: str, path: str, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    return httpx.request(method, deployment.url + path, headers=headers, timeout=60, **kwargs)  # type: ignore[arg-type]


# --- the pages and the package, without a browser -------------------------------------


def test_the_pages_allow_only_their_own_scripts_and_their_helpdesk_as_frame(deployment: Deployment) -> None:
    zendesk = httpx.get(deployment.url + "/integrations/zendesk/app")
    chatwoot = httpx.get(deployment.url + "/integrations/chatwoot/app")
    for page in (zendesk, chatwoot):
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.headers["x-content-type-options"] == "nosniff"
        policy = dict(d.strip().split(" ", 1) for d in page.headers["content-security-policy"].split(";"))
        assert policy["default-src"] == "'none'" and policy["connect-src"] == "'self'"
        assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    zendesk_policy = zendesk.headers["content-security-policy"]
    assert "script-src 'self' https://static.zdassets.com;" in zendesk_policy
    assert "frame-ancestors https://*.zendesk.com" in zendesk_policy
    assert f"frame-ancestors {deployment.chatwoot_url}" in chatwoot.headers["content-security-policy"]
    assert f'data-chatwoot-origin="{deployment.chatwoot_url}"' in chatwoot.text
    assert f'<script src="{ZAF_SDK}"></script>' in zendesk.text


def test_the_chatwoot_page_is_not_there_when_chatwoot_is_not_configured(deployment: Deployment) -> None:
    configured = deployment.helpdesks
    deployment.helpdesks = HelpdeskSettings(zendesk=None, chatwoot=None)
    try:
        missing = httpx.get(deployment.url + "/integrations/chatwoot/app")
    finally:
        deployment.helpdesks = configured
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert "DRAFTDESK_CHATWOOT_BASE_URL" in missing.json()["detail"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_zendesk_package_points_at_this_server_and_keeps_the_key_secure(deployment: Deployment) -> None:
    response = httpx.get(deployment.url + "/integrations/zendesk/app.zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(package.namelist()) == [
        "assets/logo-small.png",
        "assets/logo.png",
        "manifest.json",
        "translations/en.json",
        "translations/ja.json",
    ]
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["frameworkVersion"] == "2.0" and manifest["author"]["email"]
    assert manifest["location"] == {
        "support": {"ticket_sidebar": {"url": deployment.url + "/integrations/zendesk/app", "flexible": True}}
    }
    assert manifest["domainWhitelist"] == ["127.0.0.1"]
    parameters = {p["name"]: p for p in manifest["parameters"]}
    assert parameters["api_key"]["secure"] is True and parameters["api_key"]["required"] is True
    assert parameters["draftdesk_url"] == {
        "name": "draftdesk_url",
        "type": "url",
        "required": True,
        "default": deployment.url,
    }
    for locale in ("en", "ja"):
        labels = json.loads(package.read(f"translations/{locale}.json"))["app"]
        assert labels["name"] and set(labels["parameters"]) == set(parameters)
    assert _png_size(package.read("assets/logo.png")) == (320, 320)
    assert _png_size(package.read("assets/logo-small.png")) == (128, 128)
    assert API_KEY not in response.content.decode("latin-1")


def test_the_ticket_lookup_needs_an_api_key_like_the_rest_of_v1(deployment: Deployment) -> None:
    anonymous = httpx.get(deployment.url + "/v1/tickets/zendesk-1/draft")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")


# --- in the browser -------------------------------------------------------------------


@dataclass
class Traffic:
    """Every request the browser made, by where it was answered."""

    local: list[str] = field(default_factory=list)
    faked: list[str] = field(default_factory=list)  # Zendesk's SDK, answered by the fake
    refused: list[str] = field(default_factory=list)  # anything else off this machine

    def route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url == ZAF_SDK:
            self.faked.append(url)
            route.fulfill(body=FAKE_ZAF_SDK, content_type="application/javascript")  # type: ignore[attr-defined]
        elif urlsplit(url).hostname == "127.0.0.1":
            self.local.append(url)
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.refused.append(url)
            route.abort()  # type: ignore[attr-defined]


@pytest.fixture()
def browser_context(chromium: object) -> Iterator[tuple[object, Traffic]]:
    context = chromium.new_context(locale="en-US")  # type: ignore[attr-defined]
    traffic = Traffic()
    context.route("**/*", traffic.route)
    yield context, traffic
    context.close()
    assert traffic.refused == []


def zendesk_fixture(ticket_id: int, *, comment: str) -> dict:
    requester = {"id": 77, "name": "山田 太郎", "email": "taro@example.jp", "locale": "ja"}
    return {
        "secureApiKey": API_KEY,
        "settings": {},  # draftdesk_url not set: the page's own origin
        "data": {
            "ticket.id": ticket_id,
            "ticket.subject": "まだ届きません",
            "ticket.requester": requester,
            "ticket.comments": [
                {"id": 3, "author": requester, "value": "<p>前のお問い合わせです。</p>"},
                {
                    "id": 9,
                    "author": {"id": ZENDESK_AGENT["id"], "name": ZENDESK_AGENT["name"]},
                    "value": "<p>担当者の返信</p>",
                },
                {"id": 8, "author": requester, "value": comment},
            ],
            "currentUser": ZENDESK_AGENT,
        },
    }


def open_zendesk(context: object, deployment: Deployment, fixture: dict) -> object:
    page = context.new_page()  # type: ignore[attr-defined]
    page.add_init_script(f"window.__zafFixture = {json.dumps(fixture)};")
    page.goto(deployment.url + "/integrations/zendesk/app?origin=https%3A%2F%2Fshop.zendesk.com&app_guid=test-guid")
    return page


def editor_html(text: str) -> str:
    return html.escape(text).replace("&#x27;", "&#39;").replace("\n", "<br>")


def test_zendesk_sidebar_shows_the_draft_gates_approval_and_inserts_the_approved_reply(
    deployment: Deployment, browser_context: tuple[object, Traffic]
) -> None:
    context, traffic = browser_context
    waiting = stored_draft(ticket("zendesk-4711", channel="zendesk"), draft_id="d_zendesk_app", language="ja")
    deployment.services.drafts.create(waiting, ticket=ticket("zendesk-4711", channel="zendesk"))
    page = open_zendesk(context, deployment, zendesk_fixture(4711, comment="<p>まだ届きません</p>"))

    page.locator("#subject:not(:empty)").wait_for()  # (the page's CSP forbids wait_for_function's eval)
    assert page.locator("#subject").inner_text() == waiting.subject
    assert page.locator("#body").text_content() == waiting.body  # the markup as text
    assert page.locator("#body script, #body img").count() == 0
    assert page.evaluate("window.__ran") is None
    assert page.locator("html").get_attribute("lang") == "ja"  # the agent's locale
    findings = page.locator("#findings li")
    assert (
        findings.count() == 2 and "エラー" in findings.nth(0).inner_text() and "HS002" in findings.nth(0).inner_text()
    )
    estimate = page.locator("#facts tr.estimated")
    assert "2026-11-18" in estimate.inner_text() and estimate.locator(".badge").inner_text() == "目安"
    assert "配送の遅れについて" in page.locator("#citations").inner_text()

    page.click("#approve")
    page.wait_for_selector("#override-box:not([hidden])")
    assert "HS002" in page.locator("#blocking").inner_text() and "HS008" not in page.locator("#blocking").inner_text()
    assert page.locator("#insert").is_hidden()
    assert api(deployment, "GET", "/v1/drafts/d_zendesk_app").json()["status"] == "draft"

    page.fill("#override", OVERRIDE)
    page.click("#approve")
    page.wait_for_selector("#insert:not([hidden])")
    approved = api(deployment, "GET", "/v1/drafts/d_zendesk_app").json()
    assert approved["status"] == "approved"
    assert approved["approval"] | {"at": None} == {
        "by": ZENDESK_AGENT["name"],
        "at": None,
        "override_reason": OVERRIDE,
        "overridden_rules": ["HS002"],
    }
    audit = deployment.services.drafts.audit_trail("d_zendesk_app")  # type: ignore[attr-defined]
    assert (audit[-1].action, audit[-1].actor) == ("approved_with_override", ZENDESK_AGENT["name"])
    assert ZENDESK_AGENT["name"] in page.locator("#status").inner_text()

    page.click("#insert")
    page.locator("#status.ok").filter(has_text="返信欄に挿入しました").wait_for()
    inserts = [c for c in page.evaluate("window.__zafCalls") if c[:2] == ["invoke", "ticket.editor.insert"]]
    assert inserts == [["invoke", "ticket.editor.insert", editor_html(approved["body"])]]
    assert "&lt;script&gt;" in inserts[0][2] and "<script>" not in inserts[0][2]

    requests = [c for c in page.evaluate("window.__zafCalls") if c[0] == "request"]
    assert [(c[1], urlsplit(c[2]).path) for c in requests] == [
        ("GET", "/v1/tickets/zendesk-4711/draft"),
        ("POST", "/v1/drafts/d_zendesk_app/approve"),
        ("POST", "/v1/drafts/d_zendesk_app/approve"),
    ]
    assert all(c[3] is True and c[4] == "Bearer {{setting.api_key}}" for c in requests)  # the key stays with Zendesk
    assert traffic.faked == [ZAF_SDK]
    assert page.evaluate("window.__ran") is None


def test_zendesk_sidebar_drafts_on_demand_from_the_requesters_latest_comment(
    deployment: Deployment, browser_context: tuple[object, Traffic]
) -> None:
    context, traffic = browser_context
    comment = "<p>" + demo_ticket()["body"].replace("\n", "<br>") + "</p>"
    page = open_zendesk(context, deployment, zendesk_fixture(4712, comment=comment))
    page.wait_for_selector("#none:not([hidden])")
    assert "返信案はまだありません" in page.locator("#status").inner_text()

    page.click("#draft-reply")
    page.locator("#subject:not(:empty)").wait_for(timeout=60_000)
    drafted = api(deployment, "GET", "/v1/tickets/zendesk-4712/draft").json()
    assert page.locator("#meta").inner_text().startswith(drafted["id"])
    assert drafted["agent"]["name"] == ZENDESK_AGENT["name"] and drafted["ticket_id"] == "zendesk-4712"
    stored = deployment.services.drafts.ticket("zendesk-4712")
    assert (
        stored is not None and stored.body == comment and stored.channel == "zendesk"
    )  # comment 8, the latest of theirs
    assert stored.language == "ja" and stored.sender.email == "taro@example.jp"
    assert traffic.faked == [ZAF_SDK] and traffic.refused == []


def open_chatwoot(context: object, deployment: Deployment, conversation: int, *, origin: str | None = None) -> object:
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{origin or deployment.chatwoot_url}/conversations/{conversation}")
    return page


def test_chatwoot_dashboard_app_takes_a_key_once_believes_only_chatwoot_and_gates_approval(
    deployment: Deployment, browser_context: tuple[object, Traffic]
) -> None:
    context, traffic = browser_context
    chatwoot_ticket = ticket("chatwoot-7-42", channel="chatwoot")
    deployment.services.drafts.create(
        stored_draft(chatwoot_ticket, draft_id="d_chatwoot_app", language="en"), ticket=chatwoot_ticket
    )
    deployment.chatwoot.contexts[42] = chatwoot_context(
        account_id=7,
        conversation_id=42,
        agent=CHATWOOT_AGENT,
        customer={"name": "Taro Yamada", "email": "taro@example.jp"},
        text="Where is my order?",
    )
    page = open_chatwoot(context, deployment, 42)
    app = page.frame_locator("#dashboard-app")
    app.locator("#key-form:not([hidden])").wait_for()
    app.locator("#api-key").fill("not-our-key")
    app.locator("#key-form button").click()
    app.locator("#status.error").filter(has_text="not accepted").wait_for()

    app.locator("#api-key").fill(API_KEY)
    app.locator("#key-form button").click()
    app.locator("#subject").filter(has_text="Your order HM-24-00123").wait_for()
    assert app.locator("#body").text_content().endswith(SCRIPT)
    assert app.locator("#body script, #body img").count() == 0
    assert app.locator("#facts tr.estimated .badge").inner_text() == "estimate"
    assert "HS002" in app.locator("#findings").inner_text()
    assert "配送の遅れについて" in app.locator("#citations").inner_text()

    # A look-alike message from the app's own origin (not Chatwoot's) is not believed.
    frame = page.frame(url=lambda url: "/integrations/chatwoot/app" in url)
    frame.evaluate(
        "window.postMessage(JSON.stringify({event: 'appContext', data: {conversation: {id: 99, account_id: 7}}}), '*')"
    )
    app.locator("#approve").click()
    app.locator("#override-box:not([hidden])").wait_for()
    assert "HS002" in app.locator("#blocking").inner_text()
    app.locator("#override").fill(OVERRIDE)
    app.locator("#approve").click()
    app.locator("#status.ok").wait_for()
    assert CHATWOOT_AGENT in app.locator("#status").inner_text()
    approved = api(deployment, "GET", "/v1/drafts/d_chatwoot_app").json()
    assert approved["approval"]["by"] == CHATWOOT_AGENT and approved["approval"]["override_reason"] == OVERRIDE
    audit = deployment.services.drafts.audit_trail("d_chatwoot_app")  # type: ignore[attr-defined]
    assert (audit[-1].action, audit[-1].actor) == ("approved_with_override", CHATWOOT_AGENT)
    assert app.locator("#insert").is_hidden()  # Chatwoot gives dashboard apps no editor to insert into

    assert frame.evaluate("window.__ran") is None
    assert not [url for url in traffic.local if "chatwoot-7-99" in url]
    assert not [url for url in traffic.local if API_KEY in url]  # the key travels in a header only
    assert frame.evaluate("localStorage.getItem('draftdesk-chatwoot-api-key')") == API_KEY
    assert page.evaluate("window.fetchInfoRequests") >= 1
    assert traffic.faked == [] and traffic.refused == []


def test_chatwoot_dashboard_app_drafts_the_latest_incoming_message_on_demand(
    deployment: Deployment, browser_context: tuple[object, Traffic]
) -> None:
    context, _ = browser_context
    deployment.chatwoot.contexts[43] = chatwoot_context(
        account_id=7,
        conversation_id=43,
        agent=CHATWOOT_AGENT,
        customer={"name": "山田 太郎", "email": "taro@example.jp"},
        text=demo_ticket()["body"],
    )
    page = open_chatwoot(context, deployment, 43)
    app = page.frame_locator("#dashboard-app")
    app.locator("#api-key").fill(API_KEY)  # a new browser context: nothing kept yet
    app.locator("#key-form button").click()
    app.locator("#draft-reply").click()
    app.locator("#subject:not(:empty)").wait_for(timeout=60_000)
    stored = deployment.services.drafts.ticket("chatwoot-7-43")
    assert stored is not None and stored.body == demo_ticket()["body"] and stored.sender.name == "山田 太郎"
    drafted = api(deployment, "GET", "/v1/tickets/chatwoot-7-43/draft").json()
    assert drafted["agent"]["name"] == CHATWOOT_AGENT


def test_the_chatwoot_app_cannot_be_framed_by_another_origin(
    deployment: Deployment, browser_context: tuple[object, Traffic]
) -> None:
    context, traffic = browser_context
    deployment.chatwoot.contexts[44] = chatwoot_context(
        account_id=7, conversation_id=44, agent="Mallory", customer={"name": "x", "email": "x@example.com"}, text="hi"
    )
    page = open_chatwoot(context, deployment, 44, origin=deployment.impostor_url)
    page.wait_for_timeout(1_000)
    framed = page.frame(url=lambda url: "/integrations/chatwoot/app" in url)
    assert framed is None or framed.locator("#panel").count() == 0  # frame-ancestors refused it
    assert not [url for url in traffic.local if "/v1/" in url]
