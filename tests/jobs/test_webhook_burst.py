"""The webhook burst benchmark, small: 10 signed webhooks to a real `draftdesk serve`,
sent again, then 10 more with a SIGKILL in the middle. Everything but the answer time
(measured by the benchmark itself, on 100) must hold; this keeps the harness honest."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.testing.webhook_burst import run_burst

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def test_a_small_burst_keeps_every_promise_but_the_timing(tmp_path: Path) -> None:
    report = run_burst(count=10, workdir=tmp_path, warm_up=False)
    summary = f"{report}"
    assert report.burst.statuses == {202: 10} and report.burst.notes_new == 10, summary
    assert report.resend.statuses == {200: 10} and report.resend.notes_new == 0, summary
    assert set(report.kill.statuses) <= {200, 202} and report.kill.notes_new >= 10, summary
    assert 5 <= report.answered_before_kill < 10 and report.resent_after_kill == 10 - report.answered_before_kill, summary
    assert report.lost_after_kill == 0, summary
    # The log was there to scan (every job said it was done), and held nothing personal.
    assert report.jobs_done_logged >= 20 and report.personal_values_logged == [], summary
    assert report.credentials_answered == [], summary
    assert [f for f in report.failures if not f.startswith("burst: p95")] == [], summary
