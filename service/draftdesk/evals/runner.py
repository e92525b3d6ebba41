"""The runner behind `draftdesk eval`: cases, wire check, labelled sets, thresholds.

    report = run_eval(services, options=EvalOptions(model="stub", repeat=3))

Every metric is one flat name (`cases.facts_before_apology`, `pii.recall.PERSON`,
`timings.draft.p95_ms`) with one value per run; `--repeat N` gives each its mean
and spread. The drafts are what vary from run to run (a model); the labelled sets
are deterministic and measured once.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Draft, Frozen, Severity
from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.evals.case_checks import (
    DEMO_TICKETS,
    CaseCheck,
    EvalCase,
    LengthLimits,
    deterministic_checks,
    evaluate_case,
    load_cases,
)
from draftdesk.evals.judge import Judge
from draftdesk.evals.labelled_sets import LABELLED_SECTIONS
from draftdesk.evals.report import CaseOutcome, EvalReport, RunInfo, compare, load_report
from draftdesk.evals.thresholds import THRESHOLDS_FILE, MetricStat, judge_thresholds, load_thresholds, require_known_sections
from draftdesk.evals.wire import Leak, PersonalValue, RecordingProxy, count_leaks, personal_values
from draftdesk.pipeline.reply import default_agent

if TYPE_CHECKING:
    from draftdesk.desk import DraftDesk
    from draftdesk.ports import Drafter
    from draftdesk.wiring import Services

EVAL_CLOCK = datetime.fromisoformat("2026-11-20T12:00:00+09:00")  # the demo clock (knowledge/README.md)
CASES_DIR = PROJECT_ROOT / "evals" / "cases"
SECTIONS = ("cases", *LABELLED_SECTIONS)
STUB_MODEL = "openai/stub-model"
_CONCURRENT_DRAFTS = 4

Progress = Callable[[str, int, int], None]  # step, done, total


class EvalOptions(Frozen):
    model: str = "template"  # "template", "stub", or any litellm model string
    repeat: int = Field(default=1, ge=1, le=20)
    sections: tuple[str, ...] = SECTIONS
    judge: str | None = None
    record: bool = True  # a real model goes through the recording proxy
    cases_dir: Path = CASES_DIR
    tickets_dir: Path = DEMO_TICKETS
    thresholds: Path = THRESHOLDS_FILE
    compare: Path | None = None
    # Edit rates of the approvals in the configured store (`edits.stats_metrics`): the
    # eval drafts fresh cases and approves none, so real agents' edits come from there.
    live_edits: dict[str, float] = Field(default_factory=dict)


@dataclass(frozen=True)
class ModelWire:
    """The model string the drafter uses, where it sends requests, and what was recorded."""

    model: str
    api_base: str | None
    bodies: Callable[[], list[str]] | None


@contextmanager
def model_wire(model: str, *, record: bool, upstream: str | None) -> Iterator[ModelWire]:
    if model == "template":
        yield ModelWire(model, None, None)
    elif model == "stub":
        from draftdesk.testing.model_stub import ModelStub

        with ModelStub() as stub:
            yield ModelWire(STUB_MODEL, stub.base_url, stub.recorded_bodies)
    elif record:
        if not upstream:
            raise ConfigurationError(
                "--record needs the provider's API base to forward to: set DRAFTDESK_MODEL_API_BASE "
                "(e.g. https://api.openai.com/v1), or pass --no-record"
            )
        with RecordingProxy(upstream) as proxy:
            yield ModelWire(model, proxy.base_url, lambda: list(proxy.bodies))
    else:
        yield ModelWire(model, upstream, None)


def run_eval(services: Services, *, options: EvalOptions, progress: Progress | None = None) -> EvalReport:
    unknown = sorted(set(options.sections) - set(SECTIONS))
    if unknown:
        raise InvalidInput(f"unknown eval sections {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    thresholds = load_thresholds(options.thresholds)
    require_known_sections(thresholds, frozenset({*SECTIONS, "wire", "timings", "model"}), where=options.thresholds)
    baseline = load_report(options.compare) if options.compare else None
    report_progress = progress or (lambda step, done, total: None)
    started = datetime.now(timezone.utc)
    if {"cases", "retrieval"} & set(options.sections):
        services.sync_knowledge()  # incremental: a no-op when the index is current
    measured = set(options.sections)
    drafted = CaseRuns(runs=[{} for _ in range(options.repeat)])
    if "cases" in options.sections:
        measured |= {"timings", "model"} | ({"wire"} if options.model != "template" else set())
        drafted = run_cases(services, load_cases(options.cases_dir, tickets_dir=options.tickets_dir), options=options, limits=thresholds.length, progress=report_progress)
    for section, section_metrics in LABELLED_SECTIONS.items():
        if section in options.sections:
            report_progress(section, 0, 1)
            drafted.runs[0].update(section_metrics(services))
            if section == "edits":
                drafted.runs[0].update(options.live_edits)
            report_progress(section, 1, 1)
    metrics = aggregate(drafted.runs)
    verdicts = judge_thresholds(thresholds, metrics, sections=frozenset(measured))
    report = EvalReport(
        run=RunInfo(
            started_at=started, finished_at=datetime.now(timezone.utc), model=options.model,
            repeat=options.repeat, sections=sorted(measured), judge=options.judge,
            recorded_requests=drafted.recorded, cases=drafted.cases,
        ),
        passed=all(v.passed for v in verdicts),
        metrics=metrics,
        verdicts=verdicts,
        cases=drafted.outcomes,
        leaks=drafted.leaks,
        judge={name: stat(values) for name, values in drafted.judge_scores.items()},
    )  # fmt: skip
    if baseline is not None and options.compare is not None:
        report = report.model_copy(update={"comparison": compare(report, baseline, baseline_name=str(options.compare))})
    return report


@dataclass
class CaseRuns:
    """The drafted cases of every run: metrics per run, outcomes, and the wire check."""

    runs: list[dict[str, float]]
    cases: int = 0
    outcomes: list[CaseOutcome] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    recorded: int | None = None  # request bodies recorded; None when no model was called
    judge_scores: dict[str, list[float]] = field(default_factory=dict)


def run_cases(
    services: Services, cases: list[EvalCase], *, options: EvalOptions, limits: LengthLimits, progress: Progress
) -> CaseRuns:
    """Each case drafted by the desk as the service drafts (nothing is stored), at the
    clock the cases are written for."""
    services.load_demo_shop()
    desk = replace(services.desk, clock=lambda: EVAL_CLOCK)
    result = CaseRuns(runs=[{} for _ in range(options.repeat)], cases=len(cases))
    checks = deterministic_checks(limits=limits)
    judge = Judge(model=options.judge) if options.judge else None  # its key from the provider's env var
    with model_wire(options.model, record=options.record, upstream=services.settings.model_api_base) as wire:
        drafter = _drafter(services, wire)
        for run in range(options.repeat):
            drafts = asyncio.run(
                _draft_all(desk, drafter, cases, progress=progress, run=run, repeat=options.repeat)
            )
            outcomes = [_outcome(case, draft, run, checks) for case, draft in zip(cases, drafts)]
            if judge:
                outcomes = asyncio.run(_judged(judge, cases, outcomes, services, result.judge_scores))
            result.outcomes += outcomes
            result.runs[run].update(case_metrics(outcomes) | draft_metrics(drafts))
        if wire.bodies is not None:
            bodies = wire.bodies()
            result.recorded = len(bodies)
            result.leaks = count_leaks(_all_personal_values(cases, services), bodies)
            result.runs[0] |= {"wire.leaks": float(len(result.leaks)), "wire.requests": float(len(bodies))}
    return result


def _drafter(services: Services, wire: ModelWire) -> Drafter:
    """The template drafter, or the service's model drafter sending to the wire's end
    (the stub, the recording proxy or the provider), without the fallback models."""
    if wire.model == "template":
        return services.template_drafter
    api_key = services.settings.model_api_key or ("sk-stub" if wire.model == STUB_MODEL else None)
    return services.model_drafter(wire.model, api_base=wire.api_base, api_key=api_key)


async def _draft_all(
    desk: DraftDesk, drafter: Drafter, cases: list[EvalCase], *, progress: Progress, run: int, repeat: int
) -> list[Draft]:
    limit = asyncio.Semaphore(_CONCURRENT_DRAFTS)
    done = 0
    step = f"drafting (run {run + 1}/{repeat})" if repeat > 1 else "drafting"

    async def one(case: EvalCase) -> Draft:
        nonlocal done
        async with limit:  # the shop's default agent signs every eval draft
            draft = await desk.draft(case.ticket, agent=default_agent(desk.shop, case.expect.language), drafter=drafter)
        done += 1
        progress(step, done, len(cases))
        return draft

    return list(await asyncio.gather(*(one(case) for case in cases)))


def _outcome(case: EvalCase, draft: Draft, run: int, checks: list[CaseCheck]) -> CaseOutcome:
    results = evaluate_case(case, draft, checks)
    return CaseOutcome(
        case_id=case.id, run=run, language=draft.language, passed=all(r.passed for r in results), checks=results,
        subject=draft.subject, body=draft.body, findings=draft.findings, expect=case.expect,
        model=draft.model.name, fallback_used=draft.model.fallback_used,
    )  # fmt: skip


async def _judged(
    judge: Judge, cases: list[EvalCase], outcomes: list[CaseOutcome], services: Services, scores: dict[str, list[float]]
) -> list[CaseOutcome]:
    judged = []
    for case, outcome in zip(cases, outcomes):
        score = await judge.score(
            language=case.expect.language,
            ticket_text=f"{case.ticket.subject}\n{case.ticket.body}",
            draft_text=f"{outcome.subject}\n{outcome.body}",
            personal=_case_personal_values(case, services),
        )
        if score is None:
            scores.setdefault("judge.failures", []).append(1.0)
        else:
            scores.setdefault("judge.tone", []).append(score.tone)
            scores.setdefault("judge.helpfulness", []).append(score.helpfulness)
        judged.append(outcome.model_copy(update={"judge": score}))
    return judged


def case_metrics(outcomes: list[CaseOutcome]) -> dict[str, float]:
    """Per check: the share of cases it applies to that pass; plus counts that must be zero."""
    metrics: dict[str, float] = {"cases.passed": sum(o.passed for o in outcomes) / len(outcomes)}
    by_check: dict[str, list[bool]] = {}
    for outcome in outcomes:
        for result in outcome.checks:
            by_check.setdefault(result.check, []).append(result.passed)
    metrics |= {f"cases.{check}": sum(passes) / len(passes) for check, passes in sorted(by_check.items())}
    counted = {"grounded": "cases.ungrounded_facts", "estimates_marked": "cases.unmarked_estimates"}
    for check, name in counted.items():
        metrics[name] = float(sum(r.count for o in outcomes for r in o.checks if r.check == check))
    metrics["cases.error_findings"] = float(
        sum(f.severity == Severity.ERROR for o in outcomes for f in o.findings)
    )
    return metrics


def draft_metrics(drafts: list[Draft]) -> dict[str, float]:
    """Stage timings (p50/p95 over the cases) and what the model cost."""
    metrics: dict[str, float] = {}
    stages = sorted({stage for d in drafts for stage in d.timings_ms})
    for stage in stages:
        samples = sorted(d.timings_ms[stage] for d in drafts if stage in d.timings_ms)
        metrics[f"timings.{stage}.p50_ms"] = statistics.median(samples)
        metrics[f"timings.{stage}.p95_ms"] = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    metrics["model.prompt_tokens"] = float(sum(d.model.prompt_tokens or 0 for d in drafts))
    metrics["model.completion_tokens"] = float(sum(d.model.completion_tokens or 0 for d in drafts))
    metrics["model.cost_usd"] = sum(d.model.cost_usd or 0.0 for d in drafts)
    metrics["model.fallbacks"] = float(sum(d.model.fallback_used for d in drafts))
    return metrics


def aggregate(runs: list[dict[str, float]]) -> dict[str, MetricStat]:
    names = sorted({name for run in runs for name in run})
    return {name: stat([run[name] for run in runs if name in run]) for name in names}


def stat(values: list[float]) -> MetricStat:
    return MetricStat(
        mean=statistics.fmean(values),
        stdev=statistics.stdev(values) if len(values) > 1 else 0.0,
        min=min(values),
        max=max(values),
        runs=len(values),
    )


def _case_personal_values(case: EvalCase, services: Services) -> list[PersonalValue]:
    order = services.orders.by_number(case.expect.order) if case.expect.order else None
    return personal_values(case.id, case.ticket, order)


def _all_personal_values(cases: list[EvalCase], services: Services) -> list[PersonalValue]:
    return [value for case in cases for value in _case_personal_values(case, services)]
