"""The "Draft reply" panels inside the helpdesks: a Zendesk ticket sidebar app and a
Chatwoot dashboard app. Draftdesk serves both pages; they talk to the same /v1 API as
everyone else (the waiting draft, drafting on demand, the approval gate).

- Zendesk (ZAF v2): `GET /integrations/zendesk/app` is the sidebar's page; it reaches the
  API through the ZAF client, whose proxy adds the API key from the app's secure setting,
  so the key never reaches the browser. `GET /integrations/zendesk/app.zip` is the app to
  upload, its manifest pointing at this server.
- Chatwoot: `GET /integrations/chatwoot/app` is the dashboard app's page; the agent pastes
  a Draftdesk API key into it once (kept in the frame's localStorage, never in a URL), and
  it accepts the conversation context only from the configured Chatwoot origin.

Draft text is customer-influenced: the pages put every value in with `textContent`, and
a Content-Security-Policy allows scripts from this server only (and ZAF's SDK on the
Zendesk page) and framing by the helpdesk only.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from draftdesk.api.deps import ServicesDep, SettingsDep
from draftdesk.domain import ShopProfile
from draftdesk.errors import NotFound
from draftdesk.integrations.settings import (
    ChatwootSettings,
    ZendeskSettings,
)
from draftdesk.web.pages import HERE, content_security_policy, page_response
from draftdesk.web.pages import templates as _pages

ZAF_SDK = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
# Where Zendesk shows the agent interface; a host-mapped account adds its own domain
# through DRAFTDESK_ZENDESK_BASE_URL.
ZENDESK_AGENT_ORIGINS = ("https://*.zendesk.com",)
ZENDESK_APP_PATH = "/integrations/zendesk/app"
CHATWOOT_APP_PATH = "/integrations/chatwoot/app"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class HelpdeskSettings:
    zendesk: ZendeskSettings | None
    chatwoot: ChatwootSettings | None


def helpdesk_settings(settings: SettingsDep) -> HelpdeskSettings:
    """Each helpdesk's settings (DRAFTDESK_ZENDESK_*, DRAFTDESK_CHATWOOT_*) as the service
    was started with them, the webhooks' too; None where a helpdesk is not configured."""
    return HelpdeskSettings(zendesk=settings.zendesk, chatwoot=settings.chatwoot)


HelpdeskSettingsDep = Annotated[HelpdeskSettings, Depends(helpdesk_settings)]


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser names an origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@router.get(ZENDESK_APP_PATH, response_class=HTMLResponse)
async def zendesk_app(services: ServicesDep, helpdesks: HelpdeskSettingsDep) -> HTMLResponse:
    """The ticket sidebar. Open (like the console): everything it shows comes through the
    API with the app's key. Framed by Zendesk's agent interface only."""
    ancestors = ZENDESK_AGENT_ORIGINS
    if helpdesks.zendesk is not None:
        ancestors = (*ancestors, origin_of(helpdesks.zendesk.base_url))
    page = _pages.get_template("zendesk_app.html").render(shop_name=services.shop.name.en, zaf_sdk=ZAF_SDK)
    return page_response(page, policy=content_security_policy(scripts=(origin_of(ZAF_SDK),), frame_ancestors=ancestors))


@router.get(CHATWOOT_APP_PATH, response_class=HTMLResponse)
async def chatwoot_app(services: ServicesDep, helpdesks: HelpdeskSettingsDep) -> HTMLResponse:
    """The dashboard app. 404 when Chatwoot is not configured: without its origin the page
    could neither say who may frame it nor whose messages to believe."""
    if helpdesks.chatwoot is None:
        raise NotFound("the Chatwoot integration is not configured (DRAFTDESK_CHATWOOT_BASE_URL and the rest)")
    chatwoot_origin = origin_of(helpdesks.chatwoot.base_url)
    page = _pages.get_template("chatwoot_app.html").render(
        shop_name=services.shop.name.en, chatwoot_origin=chatwoot_origin
    )
    return page_response(page, policy=content_security_policy(frame_ancestors=(chatwoot_origin,)))


@router.get("/integrations/zendesk/app.zip")
async def zendesk_app_zip(request: Request, services: ServicesDep) -> Response:
    """The Zendesk app to upload (Admin Center → Apps → Upload private app), pointing at the
    address it was downloaded from: download it from the URL Zendesk will reach."""
    base_url = str(request.base_url).rstrip("/")
    return Response(
        zendesk_app_package(base_url=base_url, shop=services.shop),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="draftdesk-zendesk-app.zip"'},
    )


def zendesk_manifest(*, base_url: str, shop: ShopProfile) -> dict[str, object]:
    """A ZAF v2 manifest of a server-side app: the sidebar is this server's page. The API
    key is a secure setting: Zendesk's proxy puts it into requests to the whitelisted
    domain and never shows it to the browser."""
    return {
        "name": "Draftdesk",
        "author": {"name": shop.name.en, "email": shop.email, "url": shop.url or base_url},
        "defaultLocale": "en",
        "private": True,
        "location": {"support": {"ticket_sidebar": {"url": base_url + ZENDESK_APP_PATH, "flexible": True}}},
        "domainWhitelist": [urlsplit(base_url).hostname],
        "parameters": [
            {"name": "draftdesk_url", "type": "url", "required": True, "default": base_url},
            {"name": "api_key", "type": "text", "required": True, "secure": True},
        ],
        "version": "1.0.0",
        "frameworkVersion": "2.0",
    }


_TRANSLATIONS = {
    "en": {
        "app": {
            "name": "Draftdesk",
            "short_description": "The reply Draftdesk drafted for this ticket, checked against the house style",
            "long_description": "Shows the waiting draft with its findings, facts and cited policies; "
            "approves it through Draftdesk's gate and inserts it into the reply.",
            "installation_instructions": "Enter the Draftdesk address and an API key (DRAFTDESK_API_KEYS).",
            "parameters": {
                "draftdesk_url": {"label": "Draftdesk URL", "helpText": "Where Draftdesk is served, https://…"},
                "api_key": {"label": "Draftdesk API key", "helpText": "A key from DRAFTDESK_API_KEYS"},
            },
        }
    },
    "ja": {
        "app": {
            "name": "Draftdesk",
            "short_description": "このチケットへの返信案（社内ルールで確認済み）",
            "long_description": "返信案と指摘事項・事実・引用した規約を表示し、承認のうえ返信欄に挿入します。",
            "installation_instructions": "Draftdesk の URL と API キー（DRAFTDESK_API_KEYS）を入力してください。",
            "parameters": {
                "draftdesk_url": {"label": "Draftdesk の URL", "helpText": "Draftdesk の公開アドレス（https://…）"},
                "api_key": {"label": "Draftdesk の API キー", "helpText": "DRAFTDESK_API_KEYS のキー"},
            },
        }
    },
}


def zendesk_app_package(*, base_url: str, shop: ShopProfile) -> bytes:
    """The zip Zendesk accepts: manifest.json, translations/, assets/ with the logos."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", _json(zendesk_manifest(base_url=base_url, shop=shop)))
        for locale, strings in _TRANSLATIONS.items():
            package.writestr(f"translations/{locale}.json", _json(strings))
        for logo in ("logo.png", "logo-small.png"):
            package.write(HERE / "static" / f"zendesk-{logo}", f"assets/{logo}")
    return buffer.getvalue()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
