"""report.json round trips under its schema; report.html stands alone; comparisons."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from draftdesk.domain import Finding, Severity
from draftdesk.errors import InvalidInput
from draftdesk.evals.case_checks import CaseCheckResult, Expectation
from draftdesk.evals.report import (
    REPORT_SCHEMA,
    CaseOutcome,
    EvalReport,
    RunInfo,
    compare,
    load_report,
    render_html,
    rule_bars,
    write_report,
)
from draftdesk.evals.thresholds import MetricStat, Verdict
from draftdesk.evals.wire import Leak

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def stat(value: float) -> MetricStat:
    return MetricStat(mean=value, stdev=0.0, min=value, max=value, runs=1)


def outcome(case_id: str, passed: bool) -> CaseOutcome:
    return CaseOutcome(
        case_id=case_id, run=0, language="ja", passed=passed,
        checks=[CaseCheckResult(check="facts_before_apology", passed=passed, detail="" if passed else "apology «申し訳» at 0")],
        subject="ご注文について", body="<script>alert(1)</script>山田様\n申し訳ございません。", 
        findings=[Finding(rule="HS001", severity=Severity.ERROR, message="apology first", start=0, end=3, excerpt="申し訳")],
        expect=Expectation(language="ja", intent="delay", order="HM-24-00123", resolution="order_number"),
        model="template",
    )  # fmt: skip


def report(*, recall: float = 1.0, case_passes: bool = False, leaks: tuple[Leak, ...] = ()) -> EvalReport:
    metrics = {"style.precision.HS001": stat(1.0), "style.recall.HS001": stat(recall), "cases.passed": stat(0.5)}
    verdict = Verdict(metric="style.recall.HS001", bar="≥ 0.95", value=recall, passed=recall >= 0.95)
    return EvalReport(
        run=RunInfo(started_at=T0, finished_at=T0, model="template", repeat=1, sections=["cases", "style"], cases=2),
        passed=verdict.passed, metrics=metrics, verdicts=[verdict],
        cases=[outcome("T-JA-001", True), outcome("T-JA-002", case_passes)], leaks=list(leaks),
    )  # fmt: skip


def test_report_json_round_trips_under_its_schema(tmp_path):
    json_path, html_path = write_report(report(), tmp_path)
    raw = json.loads(json_path.read_text(encoding="utf-8"))
    assert raw["schema"] == REPORT_SCHEMA == "draftdesk.eval/1"
    assert raw["metrics"]["style.recall.HS001"] == {"mean": 1.0, "stdev": 0.0, "min": 1.0, "max": 1.0, "runs": 1}
    assert load_report(tmp_path) == report()
    assert html_path.is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no eval report"),
        ("{nope", "not JSON"),
        ('{"schema": "draftdesk.eval/0"}', "not a draftdesk.eval/1 report"),
        ('{"schema": "draftdesk.eval/1", "passed": true}', "report.json"),
    ],
)
def test_a_bad_baseline_is_refused_with_its_path(tmp_path, content, message):
    if content is not None:
        (tmp_path / "report.json").write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        load_report(tmp_path)


def test_the_html_is_self_contained_and_escaped():
    html = render_html(report(leaks=(Leak(case_id="T-JA-002", kind="PERSON", digest="abc123def456", requests=2),)))
    assert not re.search(r"<(?:link|script|img)\b|src=|href=\"http|@import|url\(", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<style>" in html and "<svg" in html  # inline CSS, the per-rule chart
    assert "T-JA-002" in html and "apology «申し訳» at 0" in html and '"intent": "delay"' in html
    assert "abc123def456" in html and "1 personal value(s) reached a model" in html


def test_only_failed_cases_are_shown_in_full():
    html = render_html(report(case_passes=True))
    assert "Every case passed every check." in html and "T-JA-001" not in html


def test_the_rule_chart_has_a_precision_and_a_recall_bar_per_rule():
    [bar] = rule_bars(report(recall=0.5).metrics)
    assert (bar.rule, bar.precision, bar.recall) == ("HS001", 1.0, 0.5)
    assert render_html(report(recall=0.5)).count("<rect") == 2 + 2  # one pair of bars + the legend


def test_a_comparison_lists_changed_metrics_and_cases():
    before, after = report(recall=1.0, case_passes=False), report(recall=0.8, case_passes=True)
    comparison = compare(after, before, baseline_name="var/eval-before")
    assert [(d.metric, d.before, d.after) for d in comparison.metrics] == [("style.recall.HS001", 1.0, 0.8)]
    assert comparison.metrics[0].delta == pytest.approx(-0.2)
    assert [(c.case_id, c.before, c.after) for c in comparison.cases] == [("T-JA-002", False, True)]
    html = render_html(after.model_copy(update={"comparison": comparison}))
    assert "Compared with var/eval-before" in html and "-0.2" in html


def test_an_unchanged_run_compares_empty():
    comparison = compare(report(), report(), baseline_name="prev")
    assert comparison.metrics == [] and comparison.cases == []
    assert "No metric and no case changed." in render_html(report().model_copy(update={"comparison": comparison}))
