"""The load test's arithmetic, verdict and plot, on made-up records (tests/test_serve_workers.py
runs the locustfile for real)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from draftdesk.evals.load import RunResult, failed_attempts, failures_at_the_top, latency_svg, summarize


def record(start: float, seconds: float, *, status: int = 201, fallback: bool = False, marked: bool = False) -> dict:
    return {"start": start, "seconds": seconds, "status": status, "fallback": fallback if status == 201 else None,
            "marked": marked}  # fmt: skip


def run(concurrency: int, **changes: object) -> RunResult:
    base = summarize([record(0, 1.0)], requested=1, backend="sqlite", workers=1, concurrency=concurrency)
    return RunResult(**{**base.__dict__, **changes})


def test_a_run_counts_answers_errors_fallbacks_and_latency() -> None:
    records = [record(0.0, 1.0), record(0.5, 2.0), record(1.0, 1.5, fallback=True, marked=True),
               record(1.0, 1.2, fallback=True), record(2.0, 0.5, status=500)]  # fmt: skip
    result = summarize(records, requested=6, backend="postgres", workers=2, concurrency=4, load=(1.234, 2.0))
    assert (result.answered, result.errors, result.unanswered) == (4, 1, 1)
    assert (result.fallbacks_stub, result.fallbacks_own) == (1, 1)
    assert result.seconds == 2.5  # from the first start to the last end
    assert result.drafts_per_s == 1.6
    assert (result.p50_s, result.max_s) == (1.35, 2.0)
    assert 1.5 < result.p95_s <= 2.0
    assert result.load_before == 1.23 and not result.clean


def test_only_the_highest_concurrency_decides_and_only_own_fallbacks_fail_it() -> None:
    assert failures_at_the_top([run(16, errors=3), run(256, fallbacks_stub=7)]) == []
    failed = failures_at_the_top([run(16), run(256, fallbacks_own=1), run(256, unanswered=2, workers=2)])
    assert failed == [
        "sqlite, 1 worker(s), 256 concurrent: 0 errors, 0 unanswered, 1 fallbacks not caused by the stub",
        "sqlite, 2 worker(s), 256 concurrent: 0 errors, 2 unanswered, 0 fallbacks not caused by the stub",
    ]
    assert failures_at_the_top([]) == ["no run"]


def test_the_plot_draws_p50_and_p95_for_each_backend_and_worker_count() -> None:
    runs = [run(c, workers=w, p50_s=0.9 * c / 16 + 0.9, p95_s=c / 8 + 1.0) for w in (1, 2) for c in (1, 16, 64, 256)]
    svg = ElementTree.fromstring(latency_svg(runs, title="latency <against> concurrency"))
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 4  # two series, p50 and p95 each
    assert all(len(line.get("points", "").split()) == 4 for line in lines)
    texts = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "latency <against> concurrency" in texts and "sqlite, 2 worker(s)" in texts
    assert {"1", "16", "64", "256"} <= set(texts)


def test_failed_model_attempts_are_counted_from_the_server_log() -> None:
    log = (
        "2026-12-01 04:19:38,124 WARNING draftdesk.adapters.litellm_drafter: model openai/load-stub attempt 1/3: connection failed\n"
        "INFO:     127.0.0.1:5000 - \"POST /v1/drafts HTTP/1.1\" 201 Created\n"
        "2026-12-01 04:20:11,122 WARNING draftdesk.adapters.litellm_drafter: model openai/load-stub attempt 2/3: timed out after 1.4 s\n"
    )
    assert failed_attempts(log) == 2
    assert failed_attempts("") == 0
