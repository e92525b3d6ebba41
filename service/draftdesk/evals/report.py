"""`report.json` (schema `draftdesk.eval/1`) and a self-contained `report.html`.

The JSON is the record a later run compares against; the HTML is for people: the
summary, a per-rule chart as inline SVG, the failed cases with draft, findings and
expectations side by side, and the difference from a baseline run.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import Field, ValidationError

from draftdesk.domain import Finding, Frozen
from draftdesk.errors import InvalidInput, describe_validation_error
from draftdesk.evals.case_checks import CaseCheckResult, Expectation
from draftdesk.evals.thresholds import MetricStat, Verdict
from draftdesk.evals.wire import Leak

REPORT_SCHEMA = "draftdesk.eval/1"
_TEMPLATES = Path(__file__).resolve().parent


class JudgeScore(Frozen):
    """An LLM's opinion of one draft, 1–5; reported apart, never gating by default."""

    tone: float = Field(ge=1, le=5)
    helpfulness: float = Field(ge=1, le=5)
    reason: str = ""


class CaseOutcome(Frozen):
    case_id: str
    run: int
    language: str
    passed: bool
    checks: list[CaseCheckResult]
    subject: str
    body: str
    findings: list[Finding]
    expect: Expectation
    model: str
    fallback_used: bool = False
    judge: JudgeScore | None = None


class RunInfo(Frozen):
    started_at: datetime
    finished_at: datetime
    model: str
    repeat: int
    sections: list[str]
    judge: str | None = None
    recorded_requests: int | None = None
    cases: int = 0


class MetricDiff(Frozen):
    metric: str
    before: float | None
    after: float | None
    delta: float | None


class CaseChange(Frozen):
    case_id: str
    before: bool | None
    after: bool | None


class Comparison(Frozen):
    baseline: str
    baseline_started_at: datetime
    metrics: list[MetricDiff]
    cases: list[CaseChange]


class EvalReport(Frozen):
    schema_: Literal["draftdesk.eval/1"] = Field(default=REPORT_SCHEMA, alias="schema")
    run: RunInfo
    passed: bool
    metrics: dict[str, MetricStat]
    verdicts: list[Verdict]
    cases: list[CaseOutcome]
    leaks: list[Leak] = Field(default_factory=list)
    judge: dict[str, MetricStat] = Field(default_factory=dict)
    comparison: Comparison | None = None

    @property
    def failed_verdicts(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.passed]


def load_report(out_dir: Path) -> EvalReport:
    path = out_dir / "report.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise InvalidInput(f"{path}: no eval report to compare with") from None
    except ValueError:
        raise InvalidInput(f"{path}: not JSON") from None
    if not isinstance(raw, dict) or raw.get("schema") != REPORT_SCHEMA:
        raise InvalidInput(f"{path}: not a {REPORT_SCHEMA} report")
    try:
        return EvalReport.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error, where=str(path))) from None


def compare(report: EvalReport, baseline: EvalReport, *, baseline_name: str) -> Comparison:
    names = sorted(set(report.metrics) | set(baseline.metrics))
    diffs = []
    for name in names:
        before, after = baseline.metrics.get(name), report.metrics.get(name)
        b, a = (before.mean if before else None), (after.mean if after else None)
        if b != a:
            diffs.append(MetricDiff(metric=name, before=b, after=a, delta=a - b if a is not None and b is not None else None))
    before_cases, after_cases = _case_verdicts(baseline), _case_verdicts(report)
    changes = [
        CaseChange(case_id=case_id, before=before_cases.get(case_id), after=after_cases.get(case_id))
        for case_id in sorted(set(before_cases) | set(after_cases))
        if before_cases.get(case_id) != after_cases.get(case_id)
    ]
    return Comparison(
        baseline=baseline_name, baseline_started_at=baseline.run.started_at, metrics=diffs, cases=changes
    )


def _case_verdicts(report: EvalReport) -> dict[str, bool]:
    """A case passes when it passed in every repeat."""
    verdicts: dict[str, bool] = {}
    for outcome in report.cases:
        verdicts[outcome.case_id] = verdicts.get(outcome.case_id, True) and outcome.passed
    return verdicts


def write_report(report: EvalReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    json_path.write_text(
        json.dumps(report.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path


def render_html(report: EvalReport) -> str:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    failed = [c for c in report.cases if not c.passed]
    return env.get_template("report.html.j2").render(
        report=report, failed=failed, rule_bars=rule_bars(report.metrics), sections=_by_section(report.metrics)
    )


class RuleBar(Frozen):
    rule: str
    precision: float
    recall: float


def rule_bars(metrics: dict[str, MetricStat]) -> list[RuleBar]:
    """Checker precision and recall per house-style rule, for the inline SVG chart."""
    rules = sorted({name.rsplit(".", 1)[1] for name in metrics if name.startswith("style.precision.")})
    return [
        RuleBar(
            rule=rule,
            precision=metrics[f"style.precision.{rule}"].mean,
            recall=metrics[f"style.recall.{rule}"].mean if f"style.recall.{rule}" in metrics else 0.0,
        )
        for rule in rules
    ]


def _by_section(metrics: dict[str, MetricStat]) -> dict[str, dict[str, MetricStat]]:
    sections: dict[str, dict[str, MetricStat]] = {}
    for name in sorted(metrics):
        sections.setdefault(name.split(".", 1)[0], {})[name] = metrics[name]
    return sections
