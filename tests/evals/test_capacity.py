"""The capacity benchmark's verdict: each bar of issue 16 is judged, and a miss is named.
(The benchmark itself starts servers for minutes: it is run, not tested.)"""

from __future__ import annotations

import pytest

from draftdesk.evals.capacity import (
    CapacityReport,
    StageCost,
    StartCpu,
    _percentile,
    pipeline_failures,
    render,
    render_pipeline_only,
)


def report(**changes: object) -> CapacityReport:
    within = StageCost(cpu_p50_ms=15.0, cpu_p95_ms=30.0, wall_p50_ms=16.0, wall_p95_ms=35.0)
    fields: dict[str, object] = dict(
        latency_s=0.8, burst=64, first_start_s=6.0, later_starts_s=[3.0, 3.5], first_draft_s=0.84,
        single_drafts_s=[0.83, 0.84, 0.82], burst_s=1.6, rss_mb=550.0, pipeline={"redact": within, "total": within},
        machine={"at": "2026-12-01T05:00:00+00:00", "cpus": 2, "cpu_model": "test", "load_average": (0.5, 0.5, 0.5)},
    )  # fmt: skip
    result = CapacityReport(**{**fields, **changes})
    result.judge()
    return result


def test_a_report_within_every_bar_passes() -> None:
    passed = report()
    assert passed.failures == []
    assert passed.burst_ratio == pytest.approx(1.6 / 0.83)
    assert render(passed).endswith("PASS")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"single_drafts_s": [0.86, 0.86, 0.87]}, "one draft 0.860 s > 0.850 s"),
        ({"first_draft_s": 1.2}, "the first draft after start"),
        ({"burst_s": 4.0}, "64 at once: 4.82× one draft > 2×"),
        ({"burst_errors": 1}, "1 errors in the burst"),
        ({"burst_fallbacks": 2}, "2 fallbacks in the burst"),
        ({"pipeline": {"total": StageCost(cpu_p50_ms=21, cpu_p95_ms=30, wall_p50_ms=0, wall_p95_ms=0)}}, "CPU p50 21.0"),
        ({"pipeline": {"total": StageCost(cpu_p50_ms=15, cpu_p95_ms=46, wall_p50_ms=0, wall_p95_ms=0)}}, "CPU p95 46.0"),
        ({"first_start_s": 8.5}, "first start 8.5 s > 8 s"),
        ({"later_starts_s": [4.5, 5.0]}, "later start 4.8 s > 4 s"),
        ({"rss_mb": 601.0}, "resident memory 601 MB > 600 MB"),
    ],
)
def test_each_missed_bar_is_named(changes: dict[str, object], named: str) -> None:
    missed = report(**changes)
    assert len(missed.failures) == 1 and named in missed.failures[0]
    assert "FAIL" in render(missed)


def test_percentiles_are_nearest_rank() -> None:
    assert _percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert _percentile([float(n) for n in range(1, 101)], 95) == 95.0


def test_a_start_only_report_judges_the_starts_and_the_first_draft() -> None:
    start_only = report(
        single_drafts_s=[], burst_s=0.0, rss_mb=0.0, pipeline={}, first_start_s=9.0,
        first_start_cpu=StartCpu(cpu_s=5.5, waited_s=3.0), later_starts_cpu=[StartCpu(cpu_s=5.0, waited_s=0.5)] * 2,
    )  # fmt: skip
    assert start_only.failures == ["first start 9.0 s > 8 s"]
    text = render(start_only)
    assert "first 5.5 s (3.0 s), later 5.0 s (0.5 s), 5.0 s (0.5 s)" in text
    assert "at once" not in text and "resident memory" not in text
    assert "burst_ratio" not in start_only.as_json()


def test_a_report_names_its_workers_and_the_server_cpu_per_draft() -> None:
    text = render(report(workers=2, server_cpu_per_draft_ms=23.46))
    assert "draftdesk serve --workers 2;" in text
    assert "server CPU per draft (the singles and the burst, every process): 23.5 ms" in text
    assert report(workers=2).as_json()["workers"] == 2


def test_the_pipeline_alone_is_judged_on_its_two_bars() -> None:
    within = StageCost(cpu_p50_ms=15.0, cpu_p95_ms=30.0, wall_p50_ms=16.0, wall_p95_ms=35.0)
    where = {"at": "2026-12-02T07:00:00+00:00", "cpus": 2, "cpu_model": "test", "load_average": (1.0, 1.0, 1.0),
             "load_average_after": (2.0, 1.0, 1.0)}  # fmt: skip
    assert pipeline_failures({"redact": within, "total": within}) == []
    text = render_pipeline_only({"redact": within, "total": within}, 192, where)
    assert "pipeline per ticket (192 runs)" in text and "load average 1.0 before, 2.0 after" in text
    assert text.endswith("PASS")
    over = StageCost(cpu_p50_ms=21.0, cpu_p95_ms=46.0, wall_p50_ms=0, wall_p95_ms=0)
    assert pipeline_failures({"total": over}) == ["pipeline CPU p50 21.0 ms > 20", "pipeline CPU p95 46.0 ms > 45"]
    assert "FAIL: pipeline CPU p50 21.0 ms > 20" in render_pipeline_only({"total": over}, 192, where)
