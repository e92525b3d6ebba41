"""The bars a run must clear (`evals/thresholds.yaml`), and the verdict on a run.

A bar names metrics by pattern (`style.recall.HS*`) and gives `min` or `max`. With
`--repeat N` the worst value over the runs is what must clear the bar, so a metric
that passes once in three runs does not pass. A bar whose section ran but that
matches no metric fails as "not measured": a renamed metric must not pass silently.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen
from draftdesk.errors import InvalidInput
from draftdesk.evals.case_checks import LengthLimits
from draftdesk.files import load_yaml_model

THRESHOLDS_FILE = PROJECT_ROOT / "evals" / "thresholds.yaml"


class Bar(Frozen):
    metric: str  # a metric name or an fnmatch pattern; its first dot-part is the section
    min: float | None = None
    max: float | None = None
    why: str = ""

    @model_validator(mode="after")
    def _one_limit(self) -> Bar:
        if (self.min is None) == (self.max is None):
            raise ValueError(f"bar {self.metric!r} needs exactly one of min or max")
        return self

    @property
    def section(self) -> str:
        return self.metric.split(".", 1)[0]


class Thresholds(Frozen):
    schema_: Literal["draftdesk.eval.thresholds/1"] = Field(alias="schema")
    length: LengthLimits = Field(default_factory=LengthLimits)
    bars: tuple[Bar, ...]


class MetricStat(Frozen):
    mean: float
    stdev: float
    min: float
    max: float
    runs: int


class Verdict(Frozen):
    metric: str
    bar: str  # "≥ 0.95" / "≤ 0"
    value: float | None  # the worst value over the runs; None when not measured
    passed: bool
    why: str = ""

    @property
    def section(self) -> str:
        return self.metric.split(".", 1)[0]


def load_thresholds(path: Path) -> Thresholds:
    if not path.is_file():
        raise InvalidInput(f"{path}: no thresholds file")
    return load_yaml_model(path, Thresholds)


def judge_thresholds(
    thresholds: Thresholds, metrics: dict[str, MetricStat], *, sections: frozenset[str]
) -> list[Verdict]:
    verdicts = []
    for bar in thresholds.bars:
        if bar.section not in sections:
            continue
        matched = sorted(name for name in metrics if fnmatchcase(name, bar.metric))
        label = f"≥ {bar.min:g}" if bar.min is not None else f"≤ {bar.max:g}"
        if not matched:
            verdicts.append(Verdict(metric=bar.metric, bar=label, value=None, passed=False, why="not measured"))
        for name in matched:
            stat = metrics[name]
            worst = stat.min if bar.min is not None else stat.max
            passed = worst >= bar.min if bar.min is not None else worst <= bar.max  # type: ignore[operator]
            verdicts.append(Verdict(metric=name, bar=label, value=worst, passed=passed, why=bar.why))
    return verdicts


def require_known_sections(thresholds: Thresholds, known: frozenset[str], *, where: Path) -> None:
    unknown = sorted({bar.section for bar in thresholds.bars} - known)
    if unknown:
        raise InvalidInput(f"{where}: bars for unknown sections {', '.join(unknown)} (known: {', '.join(sorted(known))})")
