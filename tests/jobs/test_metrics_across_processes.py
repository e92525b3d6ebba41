"""`/metrics` shows what happened to jobs whichever process ran them: a `draftdesk worker`
on the Redis queue (the API runs none), the API's embedded worker, or both at once on one
job table. The same five webhooks (two retried once, one note posted again after a post
that timed out, one dead after three attempts, one delivery sent twice) give the same
numbers every time, on SQLite and on PostgreSQL.

The API is served in this process, the worker is a process of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

from draftdesk.app import create_app
from draftdesk.testing.processes import DraftdeskProcess, helpdesk_environment, var_environment
from tests.adapters.conftest import empty_database_url  # noqa: F401
from tests.jobs.support import eventually
from tests.jobs.test_redis_queue import REDIS_URL, queue_name  # noqa: F401
from tests.jobs.test_webhooks_api import API_KEY, chatwoot, send, settings_for, zendesk
from tests.support.fake_helpdesk import FakeHelpdesk, slow, status
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

POST_TIMEOUT_S = 2.0  # a post answered later than this is unconfirmed (the note may land all the same); a 503 from
# the fake helpdesk must come back well within it on a loaded machine, or it too counts as unconfirmed (a repost)
JOB_SETTINGS = dict(job_backoff_s=0.2, job_backoff_cap_s=0.5, job_max_attempts=3, job_lease_s=10, job_poll_s=0.1)

EXPECTED = {
    'draftdesk_jobs{state="queued"}': 0,
    'draftdesk_jobs{state="running"}': 0,
    'draftdesk_jobs{state="retrying"}': 0,
    'draftdesk_jobs{state="done"}': 4,
    'draftdesk_jobs{state="dead"}': 1,
    'draftdesk_jobs_accepted_total{source="chatwoot"}': 2,
    'draftdesk_jobs_accepted_total{source="zendesk"}': 3,
    'draftdesk_job_retries_total{source="chatwoot"}': 1,
    'draftdesk_job_retries_total{source="zendesk"}': 4,  # 503 once, the timeout once, the dead one twice
    'draftdesk_jobs_finished_total{source="chatwoot",state="done"}': 2,
    'draftdesk_jobs_finished_total{source="zendesk",state="done"}': 2,
    'draftdesk_jobs_finished_total{source="zendesk",state="dead"}': 1,
    'draftdesk_job_notes_reposted_total{source="zendesk"}': 1,
    'draftdesk_job_seconds_count{source="chatwoot"}': 2,
    'draftdesk_job_seconds_count{source="zendesk"}': 2,
}
JOB_SAMPLE = re.compile(
    r"^(draftdesk_jobs\{|draftdesk_jobs_accepted_total|draftdesk_job_retries_total|draftdesk_jobs_finished_total"
    r"|draftdesk_job_notes_reposted_total|draftdesk_job_seconds_count)"
)


@pytest.fixture()
def helpdesk() -> Iterator[FakeHelpdesk]:
    with FakeHelpdesk() as fake:
        yield fake
        assert fake.violations == []


def api(tmp_path: Path, helpdesk: FakeHelpdesk, database_url: str, **overrides: object) -> LiveServer:
    settings = settings_for(
        tmp_path / "api", helpdesk, database_url=database_url,
        zendesk=helpdesk.zendesk_settings(timeout_s=POST_TIMEOUT_S), **JOB_SETTINGS, **overrides,
    )  # fmt: skip
    return LiveServer(create_app(settings))


def worker(tmp_path: Path, helpdesk: FakeHelpdesk, database_url: str, log: IO[bytes], **more: str) -> DraftdeskProcess:
    """`draftdesk worker` on the API's database, with the API's job and helpdesk settings."""
    settings = {name: str(value) for name, value in JOB_SETTINGS.items()} | more
    environment = var_environment(tmp_path / "worker", database_url=database_url, load_demo="false", **settings)
    helpdesks = helpdesk_environment(
        zendesk=helpdesk.zendesk_settings(timeout_s=POST_TIMEOUT_S), chatwoot=helpdesk.chatwoot_settings()
    )
    return DraftdeskProcess("worker", "--concurrency", "2", env=environment | helpdesks, log=log)


def client_of(server: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {API_KEY}"})


def accepted(client: httpx.Client, delivery: object) -> str:
    answered = send(client, delivery)  # type: ignore[arg-type]
    assert answered.status_code == 202, answered.text
    return answered.json()["job_id"]


def ends(client: httpx.Client, job_id: str, state: str) -> None:
    eventually(
        lambda: client.get(f"/v1/jobs/{job_id}").json()["status"] in ("done", "dead"),
        timeout_s=120, what=f"job {job_id} finished",
    )  # fmt: skip
    assert client.get(f"/v1/jobs/{job_id}").json()["status"] == state


def five_webhooks(client: httpx.Client, helpdesk: FakeHelpdesk) -> None:
    """Chatwoot: two jobs, one of their posts answered 500. Zendesk, one after the other
    (the failures are scripted per helpdesk): a 503 then done; a post with no answer in
    time, then posted again and done; three 503s and dead. One delivery sent twice."""
    helpdesk.script(status(500), helpdesk="chatwoot")
    chatwoot_jobs = [accepted(client, chatwoot(61 + n, 700 + n, delivery_id=f"metrics-{n}")) for n in range(2)]
    helpdesk.script(status(503), helpdesk="zendesk")
    ends(client, accepted(client, zendesk(6001, 1)), "done")
    helpdesk.script(slow(POST_TIMEOUT_S * 3), helpdesk="zendesk")
    ends(client, accepted(client, zendesk(6002, 1)), "done")
    helpdesk.script(status(503), status(503), status(503), helpdesk="zendesk")
    ends(client, accepted(client, zendesk(6003, 1)), "dead")
    assert send(client, zendesk(6001, 1)).status_code == 200  # sent again: the same job
    for job_id in chatwoot_jobs:
        ends(client, job_id, "done")


def job_metrics(client: httpx.Client) -> dict[str, float]:
    """The job samples of the API's /metrics (the latency histogram by its count), after
    checking that each histogram adds up."""
    text = client.get("/metrics").text
    samples = dict(line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    for source in ("zendesk", "chatwoot"):
        prefix = f'draftdesk_job_seconds_bucket{{source="{source}"'
        buckets = [float(n) for key, n in samples.items() if key.startswith(prefix)]
        count = float(samples[f'draftdesk_job_seconds_count{{source="{source}"}}'])
        assert buckets == sorted(buckets) and buckets[-1] == count  # cumulative, +Inf last
        # in seconds, not milliseconds; how long jobs take on a loaded machine is the benchmarks' business
        assert 0 < float(samples[f'draftdesk_job_seconds_sum{{source="{source}"}}']) < count * 3600
    return {key: float(n) for key, n in samples.items() if JOB_SAMPLE.match(key)}


def test_a_draftdesk_worker_s_jobs_show_in_the_api_s_metrics(
    tmp_path: Path, helpdesk: FakeHelpdesk, empty_database_url: str, queue_name: str  # noqa: F811
) -> None:
    queue = {"queue_url": REDIS_URL, "queue_name": queue_name}
    with (
        api(tmp_path, helpdesk, empty_database_url, **queue) as server,
        client_of(server) as client,
        (tmp_path / "worker.log").open("wb") as log,
    ):
        separate = worker(tmp_path, helpdesk, empty_database_url, log, job_sweep_s="1", **queue)
        separate.start()
        try:
            five_webhooks(client, helpdesk)
            assert job_metrics(client) == EXPECTED
        finally:
            assert separate.stop() == 0
    assert f"jobs from the queue at {REDIS_URL}" in worker_log(tmp_path)


def test_jobs_run_by_the_api_itself_show_the_same_numbers(
    tmp_path: Path, helpdesk: FakeHelpdesk, empty_database_url: str  # noqa: F811
) -> None:
    with api(tmp_path, helpdesk, empty_database_url) as server, client_of(server) as client:
        five_webhooks(client, helpdesk)
        assert job_metrics(client) == EXPECTED


def test_an_embedded_worker_and_a_draftdesk_worker_on_one_table_count_each_job_once(
    tmp_path: Path, helpdesk: FakeHelpdesk, empty_database_url: str  # noqa: F811
) -> None:
    with (
        api(tmp_path, helpdesk, empty_database_url) as server,
        client_of(server) as client,
        (tmp_path / "worker.log").open("wb") as log,
    ):
        beside = worker(tmp_path, helpdesk, empty_database_url, log)  # no queue: it claims from the table too
        beside.start()
        try:
            started = "draftdesk worker: jobs from the job table"
            eventually(lambda: started in worker_log(tmp_path), timeout_s=90, what="the worker started")
            five_webhooks(client, helpdesk)
            assert job_metrics(client) == EXPECTED
        finally:
            assert beside.stop() == 0


def worker_log(tmp_path: Path) -> str:
    return (tmp_path / "worker.log").read_text(encoding="utf-8", errors="replace")
