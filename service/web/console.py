"""The agent console: one page that drafts, edits, checks and approves through the API."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.api.deps import ServicesDep

HERE = Path(__file__).parent
_pages = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)

router = APIRouter(include_in_schema=False)
static_files = StaticFiles(directory=str(HERE / "static"))


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
    folder = services.settings.knowledge_dir.parent / "evals" / "cases" / "tickets"
    page = _pages.get_template("console.html").render(
        shop_name=services.shop.name.ja,
        shop_name_en=services.shop.name.en,
        samples=_sample_tickets(folder) if services.settings.load_demo else [],
    )
    return HTMLResponse(page)
