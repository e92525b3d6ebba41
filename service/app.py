"""create_app(): the lifespan wires the adapters once; routers stay thin."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.responses import Response

from service.api import checks, drafts, health, knowledge
from service.api.metrics import METRICS
from service.api.problems import install_problem_handlers, problem
from service.config import Settings
from service.desk import DraftDesk
from service.files import MAX_FILE_BYTES
from service.web import console
from service.wiring import Services

log = logging.getLogger("draftdesk")


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """`services`: adapters wired by the caller (a test swapping one part), else built
    from `settings` when the app starts."""
    settings = settings or (services.settings if services is not None else Settings())
    prebuilt = services

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = prebuilt or Services(settings)
        loaded = services.load_demo_shop()
        if loaded:
            log.info("demo shop loaded: %d orders", loaded[0])
        report = services.sync_knowledge()
        log.info("knowledge indexed: %d passages (%d added)", len(services.passages), len(report.added))
        services.pipeline()  # builds Presidio, rules and templates now, not on the first request
        app.state.services = services
        app.state.desk = DraftDesk(services)
        yield

    app = FastAPI(
        title="Draftdesk",
        version="0.1.0",
        summary="Drafts replies to customer e-mails: facts first, estimates marked, no personal data to any model.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)

    @app.middleware("http")
    async def limit_and_count(request: Request, call_next) -> Response:  # noqa: ANN001
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_FILE_BYTES:
            response: Response = problem(
                request,
                status=413,
                title="Payload too large",
                detail=f"request body has {int(length):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                type_="https://draftdesk.dev/problems/payload-too-large",
            )
        else:
            response = await call_next(request)
        route = request.scope.get("route")
        METRICS.record_request(request.method, getattr(route, "path", "unmatched"), response.status_code)
        return response

    for router in (health.router, drafts.router, checks.router, knowledge.router, console.router):
        app.include_router(router)
    app.mount("/static", console.static_files, name="static")
    return app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
