"""Several API processes on one store, as in production: `draftdesk serve --workers 2`
(A) and another `draftdesk serve` (B), started together, drafting through the model stub
(which answers after a moment, so that requests sent together are in flight together).
Twice: on one PostgreSQL and one Chroma server, and on the embedded default (one var
folder: its SQLite file and its embedded Chroma's folder).

- start-up in any order: one of the three processes builds the index, the others find it;
- races: one Idempotency-Key sent to A and B at once makes one draft; two approvals or
  two edits of the same version at once, one on each server: one wins, the other is 409;
- /metrics of A counts what both of its workers answered, whichever worker is asked;
- the load test's locustfile, on a tiny run.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from draftdesk.evals.load import run_locust, summarize
from draftdesk.testing.chroma_server import ChromaServer
from draftdesk.testing.model_stub import ModelStub, slow
from draftdesk.testing.processes import ServeProcess, var_environment, wait_until_answering
from tests.adapters.conftest import fresh_postgres_schema, postgres_user  # noqa: F401
from tests.conftest import DEMO_TICKETS
from tests.jobs.support import eventually

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(600)]

MODEL_LATENCY_S = 0.4
INDEXED = re.compile(r"knowledge indexed: (\d+) passages \((\d+) added")


@dataclass
class Deployment:
    a: ServeProcess  # two workers
    b: ServeProcess
    root: Path
    metrics_dir: Path  # where A's workers leave their counters

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module", params=["postgres-chroma-server", "embedded"])
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, postgres_user: str  # noqa: F811
) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("workers")
    embedded = request.param == "embedded"
    with (
        ExitStack() as backing,
        ModelStub(otherwise=lambda prompt: slow(MODEL_LATENCY_S)) as stub,
        (root / "a.log").open("wb") as a_log,
        (root / "b.log").open("wb") as b_log,
    ):
        if embedded:
            store: dict[str, str] = {"database_url": "", "chroma_url": ""}
        else:
            database_url = backing.enter_context(fresh_postgres_schema(postgres_user))
            store = {"database_url": database_url, "chroma_url": backing.enter_context(ChromaServer(root / "chroma")).url}

        def var_dir(name: str) -> Path:
            return root / ("shared" if embedded else name)  # embedded: the one folder is the store

        def environment(name: str) -> dict[str, str]:
            return var_environment(
                var_dir(name), **store, model="openai/stub", model_api_base=stub.base_url, model_api_key="stub",
                job_concurrency="0",
                warm_up="false",  # tests/api/test_warm_up.py has the warm-up; three processes start here
            )  # fmt: skip

        a = ServeProcess(env=environment("a"), log=a_log, workers=2)
        b = ServeProcess(env=environment("b"), log=b_log)
        a.start(wait=False)
        b.start(wait=False)
        try:
            for server in (a, b):
                assert server.process is not None
                wait_until_answering(server.process, f"{server.url}/readyz", timeout_s=300, poll_s=0.5)
            deployed = Deployment(a=a, b=b, root=root, metrics_dir=var_dir("a") / "metrics")
            # A answers once one of its workers is up; the other may still be starting.
            eventually(lambda: len(INDEXED.findall(deployed.log("a"))) == 2, timeout_s=300, what="both workers of A")
            yield deployed
        finally:
            for server in (a, b):
                server.stop(timeout_s=60)


def ticket(name: str, ticket_id: str) -> dict[str, object]:
    return {**json.loads((DEMO_TICKETS / name).read_text(encoding="utf-8")), "id": ticket_id}


async def at_once(*requests: tuple[str, str, str, dict[str, object], dict[str, str]]) -> list[httpx.Response]:
    """(method, server URL, path, JSON body, headers) each, all sent together."""
    async with httpx.AsyncClient(timeout=60) as client:
        return await asyncio.gather(
            *(client.request(method, url + path, json=body, headers=headers) for method, url, path, body, headers in requests)
        )


def test_one_process_builds_the_index_and_the_others_find_it(deployment: Deployment) -> None:
    indexed = [(int(total), int(added)) for name in ("a", "b") for total, added in INDEXED.findall(deployment.log(name))]
    assert len(indexed) == 3  # A's two workers and B
    total = indexed[0][0]
    assert total > 0 and all(passages == total for passages, _ in indexed)
    assert sorted(added for _, added in indexed) == [0, 0, total]
    for server in (deployment.a, deployment.b):
        assert httpx.get(f"{server.url}/readyz").json() == {"status": "ready", "checks": {"database": True, "knowledge": True}}


def test_one_idempotency_key_sent_to_two_servers_at_once_makes_one_draft(deployment: Deployment) -> None:
    body = {"ticket": ticket("T-JA-001.json", "race-idempotency")}
    key = {"Idempotency-Key": "race-key-1"}
    answers = asyncio.run(
        at_once(("POST", deployment.a.url, "/v1/drafts", body, key), ("POST", deployment.b.url, "/v1/drafts", body, key))
    )
    assert [answer.status_code for answer in answers] == [201, 201], [answer.text for answer in answers]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert sorted(answer.headers.get("Idempotent-Replayed", "") for answer in answers) == ["", "true"]
    waiting = httpx.get(f"{deployment.b.url}/v1/tickets/race-idempotency/draft").json()
    assert (waiting["id"], waiting["version"]) == (answers[0].json()["id"], 1)


def test_two_approvals_of_one_version_at_once_one_wins(deployment: Deployment) -> None:
    draft = httpx.post(
        f"{deployment.a.url}/v1/drafts", json={"ticket": ticket("T-JA-002.json", "race-approval")}, timeout=60
    ).json()
    approval = {"agent": "佐藤", "version": draft["version"], "override_reason": "checked by hand for the race test"}
    path = f"/v1/drafts/{draft['id']}/approve"
    answers = asyncio.run(
        at_once(("POST", deployment.a.url, path, approval, {}), ("POST", deployment.b.url, path, approval, {}))
    )
    assert sorted(answer.status_code for answer in answers) == [200, 409], [answer.text for answer in answers]
    assert httpx.get(f"{deployment.b.url}/v1/drafts/{draft['id']}").json()["status"] == "approved"


def test_two_edits_of_one_version_at_once_one_wins(deployment: Deployment) -> None:
    draft = httpx.post(
        f"{deployment.b.url}/v1/drafts", json={"ticket": ticket("T-JA-003.json", "race-edit")}, timeout=60
    ).json()
    edits = [{"body": draft["body"] + f"\n(edit {n})", "version": draft["version"]} for n in (1, 2)]
    path = f"/v1/drafts/{draft['id']}"
    answers = asyncio.run(
        at_once(("PUT", deployment.a.url, path, edits[0], {}), ("PUT", deployment.b.url, path, edits[1], {}))
    )
    assert sorted(answer.status_code for answer in answers) == [200, 409], [answer.text for answer in answers]
    latest = httpx.get(f"{deployment.a.url}/v1/drafts/{draft['id']}").json()
    winner = next(n for n, answer in zip((1, 2), answers) if answer.status_code == 200)
    assert latest["version"] == 2 and latest["body"].endswith(f"(edit {winner})")


def test_metrics_of_either_worker_count_the_requests_of_both(deployment: Deployment) -> None:
    """Checks in rounds of 10 at once until both workers of A answered some, then drafts
    (English: the other tests draft Japanese); every scrape shows all of them."""
    url = deployment.a.url
    check = {"text": "Your order HM-24-00040 shipped on November 16.", "language": "en"}
    sent_checks = 0
    for _ in range(30):
        answers = asyncio.run(at_once(*[("POST", url, "/v1/check", check, {})] * 10))
        assert all(answer.status_code == 200 for answer in answers)
        sent_checks += 10
        if len(checks_per_worker(deployment.metrics_dir)) == 2:
            break
    assert len(checks_per_worker(deployment.metrics_dir)) == 2, "one worker answered every request"
    drafts = [("POST", url, "/v1/drafts", {"ticket": ticket("T-EN-001.json", f"metrics-{n}")}, {}) for n in range(6)]
    assert all(answer.status_code == 201 for answer in asyncio.run(at_once(*drafts)))

    expected = {
        'draftdesk_http_requests_total{method="POST",route="/v1/check",status="200"}': sent_checks,
        'draftdesk_drafts_total{language="en",intent="where_is_my_order",model="openai/stub",fallback="false"}': 6,
    }

    def scraped() -> dict[str, float]:
        samples = dict(line.rsplit(" ", 1) for line in httpx.get(f"{url}/metrics").text.splitlines() if line[:1] != "#")
        return {name: float(samples.get(name, 0)) for name in expected}

    # Each worker's file lags its counts by a moment (longer on a loaded machine), so a
    # worker may be asked before the other's last counts reach it: wait until they settle,
    # then six scrapes in a row, whichever worker answers each, show the same totals.
    eventually(lambda: all(scraped() == expected for _ in range(6)), timeout_s=15,
               what="the counts of both workers in every scrape of /metrics")


def checks_per_worker(folder: Path) -> dict[str, int]:
    """The /v1/check answers counted in each worker's file that has any."""
    counts = {}
    for path in folder.glob("worker-*.json"):
        rows = json.loads(path.read_text(encoding="utf-8"))["requests"]
        if answered := sum(row[-1] for row in rows if row[1] == "/v1/check"):
            counts[path.name] = answered
    return counts


def test_a_tiny_locust_run_drafts_every_request(deployment: Deployment, tmp_path: Path) -> None:
    records = run_locust(
        deployment.b.url, users=2, requests=5, max_seconds=60, results=tmp_path / "records.json",
        log_path=tmp_path / "locust.log", ticket_prefix="tiny-load", fail_every=5,
    )  # fmt: skip
    run = summarize(records, requested=5, backend="postgres", workers=1, concurrency=2)
    assert (run.answered, run.errors, run.unanswered) == (5, 0, 0), (tmp_path / "locust.log").read_text()
    assert (run.fallbacks_own, run.fallbacks_stub) == (0, 0)  # this stub fails nothing, marked or not
    assert run.p50_s >= MODEL_LATENCY_S and run.drafts_per_s > 0
