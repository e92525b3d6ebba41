"""The agent's workplace: the inbox (`/`) and a ticket's page (`/tickets/{id}`) with the
draft editor. The pages hold no data of their own: the browser fetches everything
through the same /v1 API integrators use, with the agent's key.

The labels are data (`i18n/ja.json`, `i18n/en.json`), both embedded in every page so
that switching language needs no request; the server renders them in the language the
browser asks for first, the page then follows the agent's choice.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from draftdesk.api.deps import ServicesDep, keys_required
from draftdesk.api.tickets import TicketId
from draftdesk.web.pages import HERE, content_security_policy, page_response, templates
from draftdesk.wiring import Services

LANGUAGES = ("ja", "en")
# The workplace is never framed: a frame could overlay its buttons (approve) with its own.
_POLICY = content_security_policy(frame_ancestors=("'none'",))

router = APIRouter(include_in_schema=False)


class ConsoleFiles(StaticFiles):
    """The pages' static files; other methods than GET and HEAD get 405 with `Allow`."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        return await super().get_response(path, scope)


static_files = ConsoleFiles(directory=str(HERE / "static"))


@cache
def labels() -> dict[str, dict[str, str]]:
    """The UI text per language, from `i18n/<language>.json`."""
    return {
        language: json.loads((HERE / "i18n" / f"{language}.json").read_text(encoding="utf-8"))
        for language in LANGUAGES
    }


def preferred_language(accept_language: str | None) -> str:
    """The first of ja / en the browser asks for (quality values in order; q=0 is "not
    this one"), else en."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    return next((code for quality, _, code in sorted(ranked) if code in LANGUAGES and quality < 0), "en")


def _sample_tickets(folder: Path) -> list[dict[str, object]]:
    """The demo tickets, offered in a menu so a visitor can try the desk at once."""
    samples = []
    for path in sorted(folder.glob("*.json")):
        try:
            samples.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return samples


def _render(template: str, *, services: Services, accept_language: str | None, **values: object) -> HTMLResponse:
    language = preferred_language(accept_language)
    text = labels()[language]
    page = templates.get_template(template).render(
        language=language,
        t=lambda key: text[key],
        labels=labels(),
        shop_name=services.shop.name.ja if language == "ja" else services.shop.name.en,
        keys_required=keys_required(services.settings, services.keys),
        **values,
    )
    return page_response(page, policy=_POLICY)


AcceptLanguage = Annotated[str | None, Header(max_length=500)]


# Plain functions: FastAPI runs them off the event loop (a key-store query, a render).
@router.get("/", response_class=HTMLResponse)
def inbox(services: ServicesDep, accept_language: AcceptLanguage = None) -> HTMLResponse:
    """The page is open (it holds no data of its own). The demo tickets, with their
    customers' names and e-mail addresses, are only embedded when the API is open too
    (no keys configured: the loopback-only demo); a keyed deployment shows none."""
    settings = services.settings
    offer_demo = settings.load_demo and not keys_required(settings, services.keys)
    samples = _sample_tickets(settings.knowledge_dir / "demo" / "tickets") if offer_demo else []
    return _render("inbox.html", services=services, accept_language=accept_language, samples=samples)


@router.get("/tickets/{ticket_id:path}", response_class=HTMLResponse)
def ticket_page(ticket_id: TicketId, services: ServicesDep, accept_language: AcceptLanguage = None) -> HTMLResponse:
    """A ticket with its draft; the page asks the API for both (and shows a 404 itself)."""
    return _render("ticket.html", services=services, accept_language=accept_language, ticket_id=ticket_id)
