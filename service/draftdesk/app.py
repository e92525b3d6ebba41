"""create_app(): the lifespan wires the adapters and the desk once; routers stay thin."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftdesk.adapters.masking import mask_personal_numbers_in_logs
from draftdesk.api import (
    checks,
    draft_history,
    drafts,
    health,
    history,
    integrations,
    jobs,
    keys,
    knowledge,
    model_calls,
    rewrites,
    stats,
)
from draftdesk.api.body_limit import BodyLimit
from draftdesk.api.deps import keys_required
from draftdesk.api.metrics import METRICS
from draftdesk.api.openapi import install_openapi
from draftdesk.api.problems import install_problem_handlers
from draftdesk.api import tickets
from draftdesk.collector import freeze_so_far, resume_after_start_up
from draftdesk.config import Settings
from draftdesk.domain import Ticket
from draftdesk.files import MAX_FILE_BYTES
from draftdesk.heap import limit_malloc_arenas, settle_after_start
from draftdesk.jobs.runtime import jobs_beside_the_api
from draftdesk.ports import KeyStore
from draftdesk.startup import prepare_shared_state
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
        limit_malloc_arenas()  # before the index's and the pools' threads start
        services = prebuilt or Services(settings)
        try:
            prepare_shared_state(services)  # one worker at a time: the first builds the index
            # Every part now, not on the first request; Presidio too, which the desk builds on first use.
            services.desk
            services.detector
            freeze_so_far()  # modules, models, dictionaries (while `draftdesk serve` pauses the collector)
            app.state.services = services
            if services.settings.warm_up:
                await _warm_up(services)
                settle_after_start()
        finally:
            resume_after_start_up()  # paused by `draftdesk serve` (draftdesk.collector)
        METRICS.watch_jobs(services.job_store)
        METRICS.share_through(settings.metrics_dir)
        try:
            async with jobs_beside_the_api(services):
                yield
        finally:
            METRICS.share_through(None)
            METRICS.watch_jobs(None)

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
    # Decided when the document is first asked for, by then with the key store (stored keys count).
    install_openapi(app, settings, keys_required=lambda: keys_required(settings, _key_store(app)))
    app.add_middleware(BodyLimit, limit=MAX_FILE_BYTES)
    app.add_middleware(HeadAsGet)
    app.add_middleware(CountRequests)  # outermost: counts the 413s too

    routers = (
        health.router, drafts.router, history.router, draft_history.router, model_calls.router, rewrites.router,
        checks.router, knowledge.router, jobs.router, integrations.router, keys.router, stats.router,
    )  # fmt: skip
    for router in (*routers, console.router):
        app.include_router(router)
    app.mount("/static", console.static_files, name="static")
    for router in (tickets.router, helpdesk_apps.router):  # the helpdesk apps: a ticket's draft, their pages
        app.include_router(router)
    return app


def _key_store(app: FastAPI) -> KeyStore | None:
    """The started app's key store; None before the lifespan ran (a document built offline)."""
    services = getattr(app.state, "services", None)
    return None if services is None else services.keys


_WARM_UP = {
    "ja": "11月15日に注文した商品（注文番号：1234567）がまだ届いていません。いつ届きますか。",
    "en": "I placed an order on November 12 (order 1234567). Where is my package?",
}


async def _warm_up(services: Services) -> None:
    """What loads on first use (dictionaries, recognizers, lexicons, templates) loads now:
    a draft per language by the template drafter (never a model), not stored, and a model
    drafter's first-call imports. `settle_after_start` then moves all of it, living as long
    as the process, out of the collector's way (draftdesk.heap): a full collection in the
    middle of a burst of webhooks would otherwise walk millions of objects (half a second,
    measured)."""
    for language, text in _WARM_UP.items():
        await services.desk.draft(
            Ticket(id=f"warm-up-{language}", body=text), agent=None, drafter=services.template_drafter
        )
    warm_up = getattr(services.desk.drafter, "warm_up", None)
    if warm_up is not None:
        warm_up()
    log.info("warmed up: a template draft in %s", " and ".join(_WARM_UP))


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

