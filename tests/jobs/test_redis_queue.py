"""Jobs on several machines, on the real Redis at 127.0.0.1:6379: the API only stores the
job and enqueues an arq message; `draftdesk worker` (a process of its own, sharing the
SQLite store) runs it, retries through deferred messages, and sweeps up a job whose
message was lost; SIGTERM stops it cleanly.

Redis databases 11 to 15 are this file's alone, one per pytest-xdist worker (gw0 → 11):
a queue name per test, and the database is emptied afterwards. Without Redis the tests
skip (fail in CI)."""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import redis

from draftdesk.adapters.database import create_database
from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.app import create_app
from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.jobs.model import JobState
from draftdesk.jobs.queue import ArqQueue
from draftdesk.testing.processes import DraftdeskProcess, helpdesk_environment, var_environment
from tests.jobs.support import eventually, make_job
from tests.jobs.test_webhooks_api import API_KEY, CREDENTIALS, PERSONAL, chatwoot, send, settings_for, zendesk
from tests.support.fake_helpdesk import FakeHelpdesk, status
from tests.support.live_server import LiveServer
from tests.support.workers import xdist_worker_number

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

# A sixth worker would share gw0's database; the one test here runs on one worker at a time.
REDIS_URL = f"redis://127.0.0.1:6379/{11 + xdist_worker_number() % 5}"


@pytest.fixture()
def queue_name() -> Iterator[str]:
    try:
        connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable at 127.0.0.1:6379; CI must run the queue tests")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    yield f"draftdesk-test:{uuid.uuid4().hex[:8]}"
    connection.flushdb()
    connection.close()


def queued_messages(name: str) -> int:
    with redis.Redis.from_url(REDIS_URL) as connection:
        return connection.zcard(name)


def test_the_api_enqueues_and_draftdesk_worker_runs_the_jobs(tmp_path: Path, queue_name: str) -> None:
    api_var, log_path = tmp_path / "api", tmp_path / "worker.log"
    database_url = f"sqlite:///{api_var / 'draftdesk.sqlite3'}"
    with FakeHelpdesk() as helpdesk, log_path.open("wb") as log:
        settings = settings_for(api_var, helpdesk, queue_url=REDIS_URL, queue_name=queue_name)
        with LiveServer(create_app(settings)) as live, httpx.Client(
            base_url=live.url, timeout=30, headers={"Authorization": f"Bearer {API_KEY}"}
        ) as client:
            zendesk_job = send(client, zendesk(5001, 1)).json()["job_id"]
            chatwoot_job = send(client, chatwoot(51, 2, delivery_id="q-2")).json()["job_id"]
            helpdesk.script(status(503), helpdesk="zendesk")  # the first post fails: a deferred retry
            assert send(client, zendesk(5001, 1)).status_code == 200  # a duplicate: no second message
            assert queued_messages(queue_name) == 2
            time.sleep(0.5)
            assert client.get(f"/v1/jobs/{zendesk_job}").json()["status"] == "queued"  # the API runs nothing

            # A job whose message never reached Redis: only the sweep can find it.
            store = SqlJobStore(create_database(database_url))
            lost, _ = store.add(make_job(52, now=datetime.now(UTC) - timedelta(seconds=5)))

            worker = DraftdeskProcess(
                "worker", "--concurrency", "2",
                env=var_environment(
                    tmp_path / "worker", database_url=database_url, queue_url=REDIS_URL, queue_name=queue_name,
                    job_sweep_s="1", job_backoff_s="0.2", job_lease_s="10", load_demo="false",
                )
                | helpdesk_environment(zendesk=helpdesk.zendesk_settings(), chatwoot=helpdesk.chatwoot_settings()),
                log=log,
            )  # fmt: skip
            worker.start()
            try:
                for job_id in (zendesk_job, chatwoot_job, lost.id):
                    eventually(
                        lambda job_id=job_id: client.get(f"/v1/jobs/{job_id}").json()["status"] == "done",
                        timeout_s=90, what=f"job {job_id} done by the worker",
                    )  # fmt: skip
                retried = client.get(f"/v1/jobs/{zendesk_job}").json()
                assert retried["attempts"] == 2 and retried["last_error"].endswith("answered 503")
            finally:
                exit_code = worker.stop()
        assert exit_code == 0
        assert len([n for n in helpdesk.notes if n.target == ZendeskTicketRef(ticket_id=5001)]) == 1
        assert len([n for n in helpdesk.notes if n.target == ChatwootConversationRef(account_id=7, conversation_id=51)]) == 1
        assert len([n for n in helpdesk.notes if n.target == lost.target]) == 1
        assert store.counts()[JobState.DONE] == 3
    worker_log = log_path.read_text(encoding="utf-8", errors="replace")
    assert f"jobs from the queue at {REDIS_URL}" in worker_log
    # The lost one (and maybe those whose messages waited while no worker ran): announced again, run once.
    assert re.search(r"sweep: [1-3] overdue jobs announced again", worker_log)
    assert [c for c in CREDENTIALS if c in worker_log] == []
    assert [p for p in PERSONAL if p in worker_log] == []


def test_an_unreachable_queue_never_holds_up_the_webhook(caplog: pytest.LogCaptureFixture) -> None:
    """The job is in the table already; the sweep announces it once Redis is back."""
    queue = ArqQueue("redis://:queue-password@127.0.0.1:1/0", name="draftdesk-test:nowhere")
    started = time.monotonic()
    asyncio.run(queue.submit(make_job()))
    assert time.monotonic() - started < 1.5
    assert "did not take it (ConnectionError); the sweep will announce it" in caplog.text
    assert "queue-password" not in caplog.text and "redis://127.0.0.1:1/0" in caplog.text
