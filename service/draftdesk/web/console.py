"""The agent console: one page that drafts, edits, checks and approves through the API."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from draftdesk.api.deps import ServicesDep, keys_required

HERE = Path(__file__).parent
_pages = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)

router = APIRouter(include_in_schema=False)


class ConsoleFiles(StaticFiles):
    """The console's static files; other methods than GET and HEAD get 405 with `Allow`."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        return await super().get_response(path, scope)


static_files = ConsoleFiles(directory=str(HERE / "static"))


def _sample_tickets(folder: Path) -> list[dict[str, object]]:
    """The demo tickets, offered in a menu so a visitor can try the desk at once."""
    samples = []
    for path in sorted(folder.glob("*.json")):
        try:
            samples.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return samples


@router.get("/", response_class=HTMLResponse)
async def console(request: Request, services: ServicesDep) -> HTMLResponse:
    """The page is open (it holds no data of its own). The demo tickets, with their
    customers' names and e-mail addresses, are only embedded when the API is open too
    (no keys configured: the loopback-only demo); a keyed deployment shows none."""
    settings = services.settings
    secured = keys_required(settings, services.keys)
    folder = settings.knowledge_dir / "demo" / "tickets"
    page = _pages.get_template("console.html").render(
        shop_name=services.shop.name.ja,
        shop_name_en=services.shop.name.en,
        samples=_sample_tickets(folder) if settings.load_demo and not secured else [],
        keys_required=secured,
    )
    return HTMLResponse(page)
