"""The eval's redaction sections, as CI runs them: our detector (real Presidio, GiNZA and
our recognizers) on the development set, every challenge set and the demo tickets, and
plain Presidio on a sample. Apart from tests/evals/test_runner.py, whose other sections
run on the other xdist worker meanwhile: these two are the longest part of the eval."""

from __future__ import annotations

import pytest

from draftdesk.evals.labelled_sets import pii_baseline_metrics
from draftdesk.evals.runner import SECTIONS, EvalOptions, run_eval

pytestmark = pytest.mark.slow  # the NLP models over every labelled PII set


@pytest.fixture(scope="module")
def pii_run(demo_services):
    return run_eval(demo_services, options=EvalOptions(sections=("pii",)))


def test_our_detector_clears_every_pii_bar(pii_run):
    failed = [v for v in pii_run.verdicts if not v.passed]
    assert failed == [] and pii_run.passed
    assert [v for v in pii_run.verdicts if v.section == "pii"]  # the bars were judged, not skipped
    assert "pii" in pii_run.run.sections and pii_run.run.recorded_requests is None
    assert "pii.recall.PERSON" in pii_run.metrics


def test_plain_presidio_is_a_section_of_its_own(demo_services):
    assert "pii-baseline" in SECTIONS  # `draftdesk eval` runs it unless --only leaves it out
    # 5 cases per set and language: every set and language scored, each metric below has
    # values behind it; full GiNZA makes every case count (the full sets: `draftdesk eval`).
    metrics = pii_baseline_metrics(demo_services, sample=5)
    for name in ("pii.baseline.recall.PERSON", "pii.baseline.precision.PERSON", "pii.baseline.challenge.ja.recall.PERSON",
                 "pii.baseline.holdout.en.precision", "pii.baseline.blind.ja.precision"):  # fmt: skip
        assert 0 <= metrics[name] <= 1, name
    assert all(name.startswith("pii.baseline.") for name in metrics)
