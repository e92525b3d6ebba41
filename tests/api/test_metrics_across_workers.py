"""/metrics of several API workers: each leaves its counts in a file of the shared
folder, and whichever worker is scraped shows the sum. Two Metrics here stand for two
workers (tests/test_serve_workers.py does it with real processes)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from draftdesk.api.metrics import Metrics, clear_shared_folder
from draftdesk.domain import Draft

DRAFT = Draft.model_validate(
    {"id": "d_1", "ticket_id": "T-1", "version": 1, "status": "draft", "language": "ja", "intent": "delay",
     "subject": "s", "body": "b", "model": {"name": "template"},
     "findings": [{"rule": "HS005", "severity": "warning", "message": "m", "start": 0, "end": 1, "excerpt": "b"}],
     "timings_ms": {"redact": 20.0, "check": 4.0}}
)  # fmt: skip


@pytest.fixture()
def workers(tmp_path: Path) -> Iterator[tuple[Metrics, Metrics]]:
    first, second = Metrics(), Metrics()
    first.share_through(tmp_path, worker="1")
    second.share_through(tmp_path, worker="2")
    yield first, second
    first.share_through(None)
    second.share_through(None)


def samples(text: str) -> dict[str, float]:
    return {
        key: float(value)
        for key, value in (line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    }


def eventually_equal(read, expected, *, timeout_s: float = 5.0):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout_s
    while (got := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return got


def test_a_scrape_of_either_worker_adds_up_both(workers: tuple[Metrics, Metrics]) -> None:
    first, second = workers
    for _ in range(3):
        first.record_request("POST", "/v1/drafts", 201)
    second.record_request("POST", "/v1/drafts", 201)
    second.record_request("GET", "/v1/drafts/{draft_id}", 404)
    first.record_draft(DRAFT)
    second.record_draft(DRAFT)
    second.record_wire_block("model", {"PERSON": 2})
    first.record_webhook("zendesk", "accepted")
    second.record_webhook("zendesk", "accepted")

    expected = {
        'draftdesk_http_requests_total{method="GET",route="/v1/drafts/{draft_id}",status="404"}': 1,
        'draftdesk_http_requests_total{method="POST",route="/v1/drafts",status="201"}': 4,
        'draftdesk_drafts_total{language="ja",intent="delay",model="template",fallback="false"}': 2,
        'draftdesk_findings_total{rule="HS005",severity="warning"}': 2,
        'draftdesk_stage_seconds_sum{stage="check"}': 0.008,
        'draftdesk_stage_seconds_count{stage="check"}': 2,
        'draftdesk_stage_seconds_sum{stage="redact"}': 0.04,
        'draftdesk_stage_seconds_count{stage="redact"}': 2,
        'draftdesk_wire_guard_blocks_total{target="model",kind="PERSON"}': 1,
        'draftdesk_webhooks_total{helpdesk="zendesk",outcome="accepted"}': 2,
    }
    for worker in (first, second):
        assert eventually_equal(lambda: samples(worker.render()), expected) == expected


def test_a_worker_that_stopped_still_counts_and_a_new_start_clears_the_folder(tmp_path: Path) -> None:
    ended, running = Metrics(), Metrics()
    ended.share_through(tmp_path, worker="1")
    running.share_through(tmp_path, worker="2")
    try:
        ended.record_request("POST", "/v1/drafts", 201)
        ended.share_through(None)  # its last counts are written as it stops
        stored = json.loads((tmp_path / "worker-1.json").read_text(encoding="utf-8"))
        assert stored["requests"] == [["POST", "/v1/drafts", 201, 1]]
        assert re.search(r'route="/v1/drafts",status="201"\} 1$', running.render(), re.MULTILINE)
        clear_shared_folder(tmp_path)
        assert not list(tmp_path.glob("worker-*.json"))
        assert 'route="/v1/drafts"' not in running.render()
    finally:
        running.share_through(None)


def test_one_process_without_a_folder_counts_in_memory() -> None:
    alone = Metrics()
    alone.record_request("POST", "/v1/drafts", 201)
    assert 'draftdesk_http_requests_total{method="POST",route="/v1/drafts",status="201"} 1' in alone.render()
