"""Locust users asking Draftdesk for drafts: `POST /v1/drafts` with the demo tickets,
each user one request after another (so there are as many drafts in flight as users),
until `--draft-requests` drafts are asked for; then the run ends by itself.

Every answer is recorded (when it started, how long it took, its status, whether the
template drafter stood in for the model) and written as JSON to `--results` when
locust quits; `python -m draftdesk.evals.load` starts the servers, runs this headless
and reads that file. Every `--fail-every`th ticket carries `--fail-mark` in its
subject, on which the load test's model stub answers an error: the fallbacks of those
drafts are the stub's, any other fallback is Draftdesk's own.

Loopback only: the runner points `--host` at a server it started on 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

TICKETS = [
    json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((Path(__file__).resolve().parents[2] / "knowledge" / "demo" / "tickets").glob("*.json"))
]


@events.init_command_line_parser.add_listener
def _options(parser) -> None:  # noqa: ANN001 - locust's argument parser
    parser.add_argument("--draft-requests", type=int, default=10, help="drafts to ask for in all")
    parser.add_argument("--results", default="", help="JSON file for the recorded answers")
    parser.add_argument("--ticket-prefix", default="load", help="ticket ids are <prefix>-<n>")
    parser.add_argument("--fail-every", type=int, default=0, help="every Nth ticket carries --fail-mark (0: none)")
    parser.add_argument("--fail-mark", default="stub-fails-this-draft")


class _Run:
    """The requests of this locust process: numbered as users take them, recorded as they end."""

    def __init__(self) -> None:
        self.taken = 0
        self.started = time.time()
        self.records: list[dict[str, object]] = []

    def take(self, budget: int) -> int | None:
        if self.taken >= budget:
            return None
        self.taken += 1  # gevent: no other user runs between the check and this
        return self.taken - 1


RUN = _Run()


class DraftRequester(FastHttpUser):
    network_timeout = 60.0  # an answer later than this is an error (locust's status 0)

    @task
    def draft(self) -> None:
        options = self.environment.parsed_options
        number = RUN.take(options.draft_requests)
        if number is None:
            raise StopUser()
        ticket = {**TICKETS[number % len(TICKETS)], "id": f"{options.ticket_prefix}-{number}"}
        marked = options.fail_every > 0 and number % options.fail_every == options.fail_every - 1
        if marked:
            ticket["subject"] = f"{ticket.get('subject') or ''} {options.fail_mark}".strip()
        started = time.time()
        with self.client.post("/v1/drafts", json={"ticket": ticket}, name="POST /v1/drafts", catch_response=True) as answer:
            seconds = time.time() - started
            fallback = None
            if answer.status_code == 201:
                fallback = bool(answer.json()["model"]["fallback_used"])
            else:
                answer.failure(f"status {answer.status_code}")
        RUN.records.append(
            {"start": started - RUN.started, "seconds": seconds, "status": answer.status_code,
             "fallback": fallback, "marked": marked}
        )  # fmt: skip
        if len(RUN.records) >= options.draft_requests:
            gevent.spawn(self.environment.runner.quit)  # not from this user's own greenlet, which quit kills


@events.quitting.add_listener
def _write_results(environment, **_: object) -> None:  # noqa: ANN001 - locust's Environment
    options = environment.parsed_options
    if options.results:
        Path(options.results).write_text(
            json.dumps({"requested": options.draft_requests, "records": RUN.records}), encoding="utf-8"
        )
