"""Bars against metrics: patterns, the worst run, and "not measured"."""

from __future__ import annotations

import pytest

from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.evals.thresholds import (
    THRESHOLDS_FILE,
    Bar,
    MetricStat,
    Thresholds,
    judge_thresholds,
    load_thresholds,
    require_known_sections,
)


def stat(*values: float) -> MetricStat:
    return MetricStat(mean=sum(values) / len(values), stdev=0.0, min=min(values), max=max(values), runs=len(values))


THRESHOLDS = Thresholds.model_validate(
    {
        "schema": "draftdesk.eval.thresholds/1",
        "bars": [{"metric": "style.recall.HS*", "min": 0.95}, {"metric": "wire.leaks", "max": 0}],
    }
)


@pytest.mark.parametrize(
    ("metrics", "sections", "failed"),
    [
        ({"style.recall.HS001": stat(1.0), "style.recall.HS002": stat(0.96), "wire.leaks": stat(0)}, {"style", "wire"}, []),
        ({"style.recall.HS001": stat(1.0), "style.recall.HS002": stat(0.9), "wire.leaks": stat(0)}, {"style", "wire"}, ["style.recall.HS002"]),
        ({"style.recall.HS001": stat(1.0, 0.9)}, {"style"}, ["style.recall.HS001"]),  # the worst run counts
        ({"wire.leaks": stat(0, 2)}, {"wire"}, ["wire.leaks"]),
        ({}, {"style"}, ["style.recall.HS*"]),  # not measured
        ({}, set(), []),  # sections that did not run are not judged
    ],
)
def test_verdicts(metrics, sections, failed):
    verdicts = judge_thresholds(THRESHOLDS, metrics, sections=frozenset(sections))
    assert [v.metric for v in verdicts if not v.passed] == failed


def test_the_shipped_thresholds_hold_the_issue_bars():
    thresholds = load_thresholds(THRESHOLDS_FILE)
    bars = {bar.metric: (bar.min, bar.max) for bar in thresholds.bars}
    assert bars["pii.recall.EMAIL_ADDRESS"] == (1.0, None) and bars["pii.recall.PERSON"] == (0.95, None)
    assert bars["style.precision.ALL"] == (0.97, None) and bars["retrieval.hit@3"] == (0.95, None)
    assert bars["wire.leaks"] == (None, 0) and bars["cases.facts_before_apology"] == (1.0, None)


def test_a_bar_needs_exactly_one_limit():
    with pytest.raises(ValueError, match="exactly one of min or max"):
        Bar(metric="x.y", min=1, max=2)


def test_bad_files_are_refused(tmp_path):
    with pytest.raises(InvalidInput, match="no thresholds file"):
        load_thresholds(tmp_path / "missing.yaml")
    wrong = tmp_path / "t.yaml"
    wrong.write_text("schema: other/1\nbars: []\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="schema"):
        load_thresholds(wrong)
    with pytest.raises(InvalidInput, match="unknown sections bogus"):
        require_known_sections(
            Thresholds.model_validate({"schema": "draftdesk.eval.thresholds/1", "bars": [{"metric": "bogus.x", "max": 0}]}),
            frozenset({"cases"}), where=wrong,
        )
