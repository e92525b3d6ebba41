"""The helpdesk webhooks end to end, for real over HTTP on 127.0.0.1: a signed delivery
→ 202 and a job → a draft (the template drafter) → a private note on the fake helpdesk,
for Zendesk and Chatwoot; duplicates, refusals, ignored deliveries; an outage that ends
in the dead letter and the manual retry; a job left running by a dead process, finished
after the restart (on PostgreSQL). Credentials and personal values never in a log line
or an answer."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from draftdesk.adapters.database import create_database
from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.app import create_app
from draftdesk.config import Settings
from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.jobs.model import JobState
from draftdesk.testing.webhooks import (
    SignedDelivery,
    chatwoot_payload,
    signed_chatwoot,
    signed_zendesk,
    zendesk_payload,
)
from tests.adapters.conftest import fresh_postgres_schema
from tests.conftest import DEMO_NOW
from tests.jobs.support import eventually, make_job
from tests.support.fake_helpdesk import (
    CHATWOOT_API_ACCESS_TOKEN,
    ZENDESK_API_TOKEN,
    FakeHelpdesk,
    status,
)
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

API_KEY = "jobs-test-key"
ZENDESK_SECRET, CHATWOOT_SECRET = "zendesk-signing-secret", "chatwoot-signing-secret"  # the fake helpdesk's
CREDENTIALS = (ZENDESK_API_TOKEN, CHATWOOT_API_ACCESS_TOKEN, ZENDESK_SECRET, CHATWOOT_SECRET, API_KEY)
JA_COMMENT = (
    "お世話になっております。\n11月15日に注文した煎茶（注文番号：HM-24-00012）がまだ届いていません。\n"
    "いつ届くのか教えていただけますか。\n\n山田"
)
EN_MESSAGE = (
    "Hi,\n\nI ordered matcha on November 12 (order HM-24-00040). Where is my package and when should it arrive?\n\n"
    "Thanks,\nEmily"
)
PERSONAL = ("taro.yamada@example.jp", "山田 太郎", "emily.carter@example.com", "Emily Carter", "煎茶（注文番号")


def settings_for(var_dir: Path, helpdesk: FakeHelpdesk, **overrides: object) -> Settings:
    """Both helpdesks on the fake one; retries fast, so an outage ends in a second or two."""
    values = dict(
        var_dir=var_dir, now=DEMO_NOW, database_url="", chroma_url="", model="template", api_keys=API_KEY,
        zendesk=helpdesk.zendesk_settings(), chatwoot=helpdesk.chatwoot_settings(),
        job_backoff_s=0.2, job_backoff_cap_s=0.5, job_max_attempts=3, job_poll_s=0.1, job_lease_s=5, warm_up=False,
    )  # fmt: skip
    return Settings(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def helpdesk() -> Iterator[FakeHelpdesk]:
    with FakeHelpdesk() as fake:
        yield fake
        assert fake.violations == []  # every note conforms to the contracts


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, helpdesk: FakeHelpdesk) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings_for(tmp_path_factory.mktemp("jobs-var"), helpdesk))) as live:
        yield live


@pytest.fixture()
def client(server: LiveServer, caplog: pytest.LogCaptureFixture) -> Iterator[httpx.Client]:
    caplog.set_level(logging.INFO)
    with httpx.Client(base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {API_KEY}"}) as http:
        yield http
    shown = caplog.text
    assert [c for c in CREDENTIALS if c in shown] == []
    assert [p for p in PERSONAL if p in shown] == []


def send(client: httpx.Client, delivery: SignedDelivery) -> httpx.Response:
    response = client.post(delivery.path, content=delivery.body, headers=delivery.headers)
    assert [c for c in CREDENTIALS if c in response.text] == []
    return response


def zendesk(ticket_id: int, comment_id: int, *, comment: str = JA_COMMENT, **signing: object) -> SignedDelivery:
    payload = zendesk_payload(
        ticket_id=ticket_id, comment_id=comment_id, comment=comment, subject="まだ届きません",
        email="taro.yamada@example.jp", name="山田 太郎", locale="ja",
    )  # fmt: skip
    return signed_zendesk(payload, secret=ZENDESK_SECRET, **signing)  # type: ignore[arg-type]


def chatwoot(conversation_id: int, message_id: int, *, delivery_id: str | None = None, **fields: object) -> SignedDelivery:
    payload = chatwoot_payload(
        account_id=7, conversation_id=conversation_id, message_id=message_id, content=EN_MESSAGE,
        email="emily.carter@example.com", name="Emily Carter", **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    return signed_chatwoot(payload, secret=CHATWOOT_SECRET, delivery_id=delivery_id)


def job_of(client: httpx.Client, job_id: str) -> dict:
    response = client.get(f"/v1/jobs/{job_id}")
    assert response.status_code == 200, response.text
    return response.json()


def until_finished(client: httpx.Client, job_id: str, *, timeout_s: float = 60) -> dict:
    eventually(lambda: job_of(client, job_id)["status"] in ("done", "dead"), timeout_s=timeout_s, what=f"job {job_id} finished")
    return job_of(client, job_id)


def notes_for(helpdesk: FakeHelpdesk, target: object) -> list[str]:
    return [note.text for note in helpdesk.notes if note.target == target]


# --- end to end ---------------------------------------------------------------------------


def test_a_zendesk_comment_becomes_a_private_note_with_the_draft(
    client: httpx.Client, helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture
) -> None:
    answered = send(client, zendesk(4812, 54509304133531))
    assert answered.status_code == 202, answered.text
    accepted = answered.json()
    assert accepted["status"] == "queued" and answered.headers["location"] == f"/v1/jobs/{accepted['job_id']}"
    assert accepted["source"] == "zendesk" and accepted["ticket_id"] == "zendesk-4812"
    assert not any(value in answered.text for value in PERSONAL)  # the job's answer carries no ticket text

    done = until_finished(client, accepted["job_id"])
    assert (done["status"], done["attempts"], done["last_error"], done["next_attempt_at"]) == ("done", 1, None, None)
    (note,) = notes_for(helpdesk, ZendeskTicketRef(ticket_id=4812))
    draft = client.get(f"/v1/drafts/{done['draft_id']}").json()
    assert draft["ticket_id"] == "zendesk-4812" and draft["language"] == "ja"
    assert "山田 太郎" in note and "HM-24-00012" in note  # the reply itself, its greeting restored
    assert "<script" not in note
    assert f"job {accepted['job_id']} done: note posted to zendesk" in caplog.text  # the log scan sees the server


def test_a_chatwoot_message_becomes_a_private_message_and_our_own_notes_are_ignored(
    client: httpx.Client, helpdesk: FakeHelpdesk
) -> None:
    answered = send(client, chatwoot(22, 90312, delivery_id="d-90312"))
    assert answered.status_code == 202, answered.text
    done = until_finished(client, answered.json()["job_id"])
    assert done["status"] == "done"
    (note,) = notes_for(helpdesk, ChatwootConversationRef(account_id=7, conversation_id=22))
    assert "Draftdesk" in note and "Emily" in note

    # Our private note and the agent's reply fire the webhook too: never drafted.
    for delivery, reason in [
        (chatwoot(22, 90313, message_type="outgoing", private=True), "outgoing message: only customers' messages are drafted"),
        (chatwoot(22, 90314, private=True), "private note"),
    ]:
        ignored = send(client, delivery)
        assert (ignored.status_code, ignored.json()) == (200, {"ignored": reason})
    other_event = signed_chatwoot({"event": "conversation_created", "id": 5}, secret=CHATWOOT_SECRET)
    assert send(client, other_event).json() == {"ignored": "event 'conversation_created' is not drafted"}


def test_a_delivery_sent_again_finds_its_job_and_posts_nothing_new(client: httpx.Client, helpdesk: FakeHelpdesk) -> None:
    first = send(client, zendesk(4813, 1001))
    assert first.status_code == 202
    again = send(client, zendesk(4813, 1001))  # Zendesk's retry: signed anew, the same event
    assert again.status_code == 200 and again.json()["job_id"] == first.json()["job_id"]
    cw_first = send(client, chatwoot(23, 90400, delivery_id="d-dup"))
    cw_again = send(client, chatwoot(23, 90400, delivery_id="d-dup"))
    assert (cw_first.status_code, cw_again.status_code) == (202, 200)
    assert cw_again.json()["job_id"] == cw_first.json()["job_id"]
    until_finished(client, first.json()["job_id"])
    until_finished(client, cw_first.json()["job_id"])
    after = send(client, zendesk(4813, 1001))  # and once it is done
    assert after.status_code == 200 and after.json()["status"] == "done"
    assert len(notes_for(helpdesk, ZendeskTicketRef(ticket_id=4813))) == 1
    assert len(notes_for(helpdesk, ChatwootConversationRef(account_id=7, conversation_id=23))) == 1
    assert send(client, zendesk(4813, 1002)).status_code == 202  # the customer's next comment is a new job


@pytest.mark.parametrize(
    ("tamper", "detail"),
    [
        (lambda d: SignedDelivery(d.path, d.body + b" ", d.headers), "the signature does not match"),
        (lambda d: SignedDelivery(d.path, d.body, {k: v for k, v in d.headers.items() if "Signature" not in k or "Timestamp" in k}), "missing"),
        (lambda _: zendesk(4814, 1, signed_at=datetime.now(UTC) - timedelta(minutes=6)), "signed 360 s ago"),
        (lambda _: zendesk(4814, 1, signed_at=datetime.now(UTC) + timedelta(minutes=2)), "in the future"),
        (lambda d: signed_zendesk(json.loads(d.body), secret="not-the-secret"), "the signature does not match"),
    ],
)
def test_deliveries_that_cannot_be_trusted_are_refused(client: httpx.Client, tamper, detail: str) -> None:  # noqa: ANN001
    refused = send(client, tamper(zendesk(4814, 1)))
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    assert detail in refused.json()["detail"] and "www-authenticate" not in refused.headers


def test_a_signed_body_that_is_not_the_trigger_is_invalid_input(client: httpx.Client) -> None:
    wrong = signed_zendesk({"ticket_id": "abc"}, secret=ZENDESK_SECRET)
    answered = send(client, wrong)
    assert answered.status_code == 422 and "ticket_id" in answered.json()["detail"]


def test_a_webhook_ticket_is_in_the_inbox_with_its_job_and_then_its_draft(client: httpx.Client) -> None:
    """(Between the two, while the job waits or runs, it is `drafting`; a job dead without a
    draft leaves it `none` with the job named: tests/inbox/test_states.py.)"""
    job_id = send(client, zendesk(4816, 1)).json()["job_id"]
    done = until_finished(client, job_id)
    shown = client.get("/v1/tickets/zendesk-4816").json()
    assert (shown["item"]["draft_id"], shown["item"]["job_id"]) == (done["draft_id"], job_id)
    assert shown["item"]["draft_state"] in ("needs_review", "blocked") and shown["message"].startswith("お世話になっております。")
    listed = client.get("/v1/tickets", params={"state": shown["item"]["draft_state"], "limit": 200}).json()["tickets"]
    assert shown["item"] in listed


# --- the dead letter and the manual retry -------------------------------------------------


def test_an_outage_is_retried_then_dead_then_retried_by_hand(client: httpx.Client, helpdesk: FakeHelpdesk) -> None:
    helpdesk.script(status(500), status(429, retry_after="1"), status(503), helpdesk="zendesk")
    job_id = send(client, zendesk(4815, 1)).json()["job_id"]
    dead = until_finished(client, job_id)
    assert (dead["status"], dead["attempts"]) == ("dead", 3)
    assert dead["last_error"] == "gave up after 3 attempts: Zendesk PUT /api/v2/tickets/4815.json answered 503"
    assert notes_for(helpdesk, ZendeskTicketRef(ticket_id=4815)) == []
    tried = [r for r in helpdesk.requests if r.path == "/api/v2/tickets/4815.json"]
    assert [r.status for r in tried] == [500, 429, 503]
    assert (datetime.fromisoformat(dead["finished_at"]) - datetime.fromisoformat(dead["created_at"])).total_seconds() >= 1.0  # Retry-After

    retried = client.post(f"/v1/jobs/{job_id}/retry")
    assert retried.status_code == 202 and retried.json()["status"] == "queued" and retried.json()["attempts"] == 0
    done = until_finished(client, job_id)
    assert done["status"] == "done" and done["draft_id"] == dead["draft_id"]  # the draft was made once
    assert len(notes_for(helpdesk, ZendeskTicketRef(ticket_id=4815))) == 1
    again = client.post(f"/v1/jobs/{job_id}/retry")
    assert again.status_code == 409 and "only a dead job" in again.json()["detail"]


def test_jobs_need_an_api_key_and_an_existing_id(client: httpx.Client, server: LiveServer) -> None:
    anonymous = httpx.get(f"{server.url}/v1/jobs/job_x")
    assert anonymous.status_code == 401
    assert client.get("/v1/jobs/job_nope").status_code == 404
    assert client.post("/v1/jobs/job_nope/retry").status_code == 404


def test_metrics_count_jobs_without_credentials(client: httpx.Client) -> None:
    text = client.get("/metrics").text
    assert 'draftdesk_jobs{state="done"}' in text and 'draftdesk_jobs{state="dead"} 0' in text
    assert 'draftdesk_job_seconds_count{source="zendesk"}' in text
    assert 'draftdesk_webhooks_total{helpdesk="zendesk",outcome="refused_bad_signature"}' in text
    assert 'draftdesk_job_retries_total{source="zendesk"}' in text
    assert [c for c in CREDENTIALS if c in text] == []


# --- a restart in the middle of a job, on PostgreSQL --------------------------------------


@pytest.mark.postgres
def test_a_job_left_running_by_a_dead_process_is_finished_after_the_restart(
    tmp_path: Path, helpdesk: FakeHelpdesk, postgres_user: str
) -> None:
    """(SQLite: the webhook burst's test kills a real `draftdesk serve` with SIGKILL.)"""
    with fresh_postgres_schema(postgres_user) as url:
        restart_in_the_middle(tmp_path, helpdesk, url)


def restart_in_the_middle(tmp_path: Path, helpdesk: FakeHelpdesk, database_url: str) -> None:
    database = create_database(database_url)
    database.create_schema()
    jobs = SqlJobStore(database)
    past = datetime.now(UTC) - timedelta(minutes=1)
    job, _ = jobs.add(make_job(70, now=past))
    (running,) = jobs.claim(worker="killed-process", now=past, lease_s=5)  # its lease ran out 55 s ago
    assert running.state == JobState.RUNNING
    database.dispose()

    settings = settings_for(tmp_path, helpdesk, database_url=database_url, chatwoot=None)
    with LiveServer(create_app(settings)) as live, httpx.Client(base_url=live.url, timeout=30, headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        finished = until_finished(client, job.id)
        assert (finished["status"], finished["attempts"]) == ("done", 2)
        assert len(notes_for(helpdesk, ZendeskTicketRef(ticket_id=4870))) == 1
        off = send(client, chatwoot(99, 1))
        assert off.status_code == 404 and "Chatwoot integration is not configured" in off.json()["detail"]
