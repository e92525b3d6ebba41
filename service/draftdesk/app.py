"""create_app(): the lifespan wires the adapters and the desk once; routers stay thin."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftdesk.adapters.masking import mask_personal_numbers_in_logs
from draftdesk.api import checks, drafts, health, integrations, jobs, knowledge
from draftdesk.api.body_limit import BodyLimit
from draftdesk.api.deps import keys_required
from draftdesk.api.metrics import METRICS
from draftdesk.api.openapi import install_openapi
from draftdesk.api.problems import install_problem_handlers
from draftdesk.api import tickets
from draftdesk.config import Settings
from draftdesk.domain import Ticket
from draftdesk.files import MAX_FILE_BYTES
from draftdesk.jobs.runtime import jobs_beside_the_api
from draftdesk.web import console, helpdesk_apps
from draftdesk.wiring import Services

log = logging.getLogger("draftdesk")


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """`services`: adapters wired by the caller (a test swapping one part), else built
    from `settings` when the app starts."""
    settings = settings or (services.settings if services is not None else Settings())
    prebuilt = services

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mask_personal_numbers_in_logs()  # uvicorn has set up its handlers by now
        services = prebuilt or Services(settings)
        loaded = services.load_demo_shop()
        if loaded:
            log.info("demo shop loaded: %d orders", loaded[0])
        report = services.sync_knowledge()
        log.info("knowledge indexed: %d passages (%d added)", len(services.passages), len(report.added))
        # Every part now, not on the first request; Presidio too, which the desk builds on first use.
        services.desk
        services.detector
        app.state.services = services
        if services.settings.warm_up:
            await _warm_up(services)
        METRICS.watch_job_states(services.job_store.counts)
        try:
            async with jobs_beside_the_api(services):
                yield
        finally:
            METRICS.watch_job_states(None)

    app = FastAPI(
        title="Draftdesk",
        version="0.1.0",
        summary="Drafts replies to customer e-mails: facts first, estimates marked, no personal data to any model.",
        lifespan=lifespan,
        # No redirect to the same path with a slash: Starlette builds its Location from
        # the Host header, so a forged Host would send a client (and its POST body) away.
        redirect_slashes=False,
    )
    install_problem_handlers(app)
    install_openapi(app, settings, keys_required=keys_required(settings))
    app.add_middleware(BodyLimit, limit=MAX_FILE_BYTES)
    app.add_middleware(HeadAsGet)
    app.add_middleware(CountRequests)  # outermost: counts the 413s too

    routers = (health.router, drafts.router, checks.router, knowledge.router, jobs.router, integrations.router)
    for router in (*routers, console.router):
        app.include_router(router)
    app.mount("/static", console.static_files, name="static")
    for router in (tickets.router, helpdesk_apps.router):  # the helpdesk apps: a ticket's draft, their pages
        app.include_router(router)
    return app


_WARM_UP = {
    "ja": "11月15日に注文した煎茶（注文番号：HM-24-00012）がまだ届いていません。いつ届きますか。",
    "en": "I ordered matcha on November 12 (order HM-24-00040). Where is my package?",
}


async def _warm_up(services: Services) -> None:
    """What loads on first use (dictionaries, recognizers, lexicons, templates) loads now:
    a draft per language by the template drafter (never a model), not stored. Then all of
    it, living as long as the process, is moved out of the collector's way: a full
    collection in the middle of a burst of webhooks would otherwise walk millions of
    objects (half a second, measured)."""
    for language, text in _WARM_UP.items():
        await services.desk.draft(
            Ticket(id=f"warm-up-{language}", body=text), agent=None, drafter=services.template_drafter
        )
    gc.freeze()
    log.info("warmed up: a template draft in %s; %d objects frozen", " and ".join(_WARM_UP), gc.get_freeze_count())


class HeadAsGet:
    """HEAD wherever GET works (health probes use it): answered as GET, without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class CountRequests:
    """draftdesk_http_requests_total by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts: the error middleware outside us answers 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            route = scope.get("route")
            METRICS.record_request(scope["method"], getattr(route, "path", "unmatched"), status)

