"""The inbox bar, measured: `python -m draftdesk.evals.inbox [--tickets 5000]
[--database-url postgresql+psycopg://…] [--requests 100]`.

Seeds a fresh database (SQLite in a temporary folder; with `--database-url`, a schema
of its own in that PostgreSQL database, dropped afterwards) with `--tickets` tickets in
every state, through the inbox store's own writes (a ticket stored, a job queued, a
draft created, edited or approved: each write timed, as each costs a request that much).
Then `GET /v1/tickets` is answered by the app in this process (ASGI, every middleware,
no network), and the server time of each answer is taken from the first byte of the
request to the last of the response: the first page, a page filtered by state, a page
sorted by age, and the page after a cursor. Exit 1 when a p95 is 300 ms or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftdesk.app import create_app
from draftdesk.config import PROJECT_ROOT, Settings
from draftdesk.domain import Approval, Draft, DraftStatus, Finding, Intent, ModelInfo, Severity, Ticket
from draftdesk.inbox.model import Triage
from draftdesk.integrations.deliveries import Delivery, ZendeskTicketRef
from draftdesk.jobs.model import new_job
from draftdesk.ports import InboxStore
from draftdesk.wiring import Services

P95_BAR_MS = 300.0
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
DEMO_TICKETS = PROJECT_ROOT / "knowledge" / "demo" / "tickets"
HEDGE = Finding(rule="HS004", severity=Severity.ERROR, message="hedged promise", start=0, end=3, excerpt="たぶん")


class ServerTime:
    """ASGI: how long each response took, from the call to its last body chunk."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.last_ms = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                self.last_ms = (time.perf_counter() - started) * 1000

        await self.app(scope, receive, timed)


def seed(inbox: InboxStore, count: int, *, rng: random.Random) -> dict[str, list[float]]:
    """`count` tickets over the last two days: about a fifth waiting (none), a tenth
    drafting, and the rest drafted: needs review, blocked, edited back, or approved.
    Returns the milliseconds each kind of write took."""
    templates = [Ticket.model_validate_json(path.read_text("utf-8")) for path in sorted(DEMO_TICKETS.glob("*.json"))]
    writes: dict[str, list[float]] = {"ticket stored": [], "job queued": [], "draft created": [], "draft saved": []}

    def timed(kind: str, write, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        started = time.perf_counter()
        write(*args, **kwargs)
        writes[kind].append((time.perf_counter() - started) * 1000)

    for n in range(count):
        template = rng.choice(templates)
        ticket = template.model_copy(
            update={"id": f"bench-{n:06d}", "received_at": NOW - timedelta(minutes=rng.uniform(0, 2 * 24 * 60))}
        )
        roll = rng.random()
        if roll < 0.1:
            job = new_job(Delivery(key=f"bench:{n}", ticket=ticket, target=ZendeskTicketRef(ticket_id=n + 1)), now=NOW)
            timed("job queued", inbox.jobs_queued, [job])
            continue
        timed("ticket stored", inbox.ticket_stored, ticket, triage=Triage(language=template.language or "ja"))
        if roll < 0.3:
            continue
        draft = Draft(
            id=f"d_{uuid.uuid4().hex}", ticket_id=ticket.id, language=template.language or "ja",
            intent=rng.choice(list(Intent)), subject=f"Re: {ticket.subject}", body="…",
            findings=[HEDGE] if roll < 0.45 else [], model=ModelInfo(name="template"),
        )  # fmt: skip
        timed("draft created", inbox.draft_created, draft, ticket=ticket)
        if roll >= 0.6:
            edited = draft.model_copy(update={"version": 2, "findings": []})
            timed("draft saved", inbox.draft_saved, edited)
        if roll >= 0.8:
            approval = Approval(by="佐藤", at=NOW - timedelta(minutes=rng.uniform(0, 60)))
            approved = draft.model_copy(update={"version": 3, "status": DraftStatus.APPROVED, "approval": approval})
            timed("draft saved", inbox.draft_saved, approved)
    return writes


async def measure(app: ServerTime, *, requests: int) -> dict[str, list[float]]:
    """Server milliseconds of each answer, per page asked for."""
    cases = {
        "first page (newest, 50)": {},
        "filtered (state=needs_review)": {"state": "needs_review"},
        "sorted by age": {"sort": "age"},
    }
    timings: dict[str, list[float]] = {name: [] for name in [*cases, "the page after a cursor"]}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for _ in range(5):  # warm-up: routes, serializers, the database's caches
            (await client.get("/v1/tickets")).raise_for_status()
        for _ in range(requests):
            for name, params in cases.items():
                answer = await client.get("/v1/tickets", params=params)
                answer.raise_for_status()
                timings[name].append(app.last_ms)
            cursor = answer.json()["next_cursor"]
            (await client.get("/v1/tickets", params={"sort": "age", "cursor": cursor})).raise_for_status()
            timings["the page after a cursor"].append(app.last_ms)
    return timings


@contextmanager
def fresh_database(database_url: str | None, folder: Path) -> Iterator[str]:
    """A database URL with nothing in it: SQLite under `folder`, or a new PostgreSQL schema."""
    if not database_url:
        yield f"sqlite:///{folder / 'inbox-bench.sqlite3'}"
        return
    schema = f"draftdesk_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m draftdesk.evals.inbox", description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=5000, help="tickets in the inbox (default 5000)")
    parser.add_argument("--requests", type=int, default=100, help="answers timed per page (default 100)")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to work in (a schema of its own)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="draftdesk-inbox-bench-") as scratch, fresh_database(
        options.database_url, Path(scratch)
    ) as url:
        settings = Settings(var_dir=Path(scratch), database_url=url, chroma_url="", now=NOW, model="template")
        services = Services(settings)
        started = time.perf_counter()
        writes = seed(services.inbox, options.tickets, rng=random.Random(15))
        seeded_s = time.perf_counter() - started
        app = create_app(services=services)
        app.state.services = services  # no lifespan: listing needs no index, model or detector
        timed = ServerTime(app)
        timings = asyncio.run(measure(timed, requests=options.requests))
        counts = services.inbox.counts()
        services.database.dispose()

    backend = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{options.tickets} tickets on {backend}, seeded in {seeded_s:.1f} s: "
          + ", ".join(f"{state.value} {n}" for state, n in counts.items()))  # fmt: skip
    print(f"{'store write':34} {'n':>6} {'mean ms':>8} {'p95 ms':>8}")
    for kind, values in writes.items():
        if values:
            print(f"{kind:34} {len(values):6d} {statistics.fmean(values):8.2f} {percentile(values, 0.95):8.2f}")
    print(f"{'GET /v1/tickets, server time':34} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    failed = False
    report: dict[str, object] = {"tickets": options.tickets, "backend": backend, "pages": {}, "writes": {}}
    for name, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        failed |= p95 >= P95_BAR_MS
        print(f"{name:34} {len(values):6d} {p50:8.2f} {p95:8.2f}{'  FAIL' if p95 >= P95_BAR_MS else ''}")
        report["pages"][name] = {"p50_ms": round(p50, 2), "p95_ms": round(p95, 2)}  # type: ignore[index]
    for kind, values in writes.items():
        if values:
            report["writes"][kind] = {"mean_ms": round(statistics.fmean(values), 2), "p95_ms": round(percentile(values, 0.95), 2)}  # type: ignore[index]
    if options.json:
        options.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'FAIL' if failed else 'PASS'}: p95 < {P95_BAR_MS:.0f} ms for every page")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
