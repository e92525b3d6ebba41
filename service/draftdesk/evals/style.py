"""House-style checker eval: per-rule and overall (micro) precision/recall on the
labelled replies in `evals/style/cases.yaml`, checked in the named contexts of
`evals/style/contexts.yaml`.

    python -m draftdesk.evals.style [CASES_DIR] [--holdout]
    python -m draftdesk.evals.style --blind    # the replies written blind (`style_blind`)
    python -m draftdesk.evals.style --blind2   # the second blind set (`style_blind2`), now development data too
    python -m draftdesk.evals.style --blind3   # the third blind set (`style_blind3`): scored, never tuned on
    python -m draftdesk.evals.style --blind3 --dev   # only its development part: no hold-out miss is shown
    python -m draftdesk.evals.style --blind4   # the fourth blind set (`style_blind4`, two writers): development data
    python -m draftdesk.evals.style --blind5   # the fifth blind set (`style_blind5`, two more writers): development data
    python -m draftdesk.evals.style --blind6   # the sixth blind set (`style_blind6`, two more writers): scored once, now development data
    python -m draftdesk.evals.style --blind7   # the seventh blind set (`style_blind7`, two more writers): scored, then development data
    python -m draftdesk.evals.style --blind8   # the eighth blind set (`style_blind8`, two more writers): scored, then development data
    python -m draftdesk.evals.style --blind9   # the ninth blind set (`style_blind9`, two more writers): never tuned on

A rule fires on a case when it yields at least one error or warning finding; a case
is labelled with exactly the rules it breaks. The shop is `knowledge/shop.yaml` when
it exists, else the `shop:` of the contexts file. The report also says how long one
reply takes to check (p50/p95 over the cases, warm, on one thread): the checker's
speed is measured here, not asserted in a test.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen, Severity, ShopProfile
from draftdesk.errors import ConfigurationError, describe_validation_error
from draftdesk.files import load_yaml_model, parse_yaml
from draftdesk.pipeline.check import CheckContext, RuleSet, check, load_rules

DEFAULT_CASES_DIR = PROJECT_ROOT / "evals" / "style"
SHOP_FILE = PROJECT_ROOT / "knowledge" / "shop.yaml"
ALL_RULES = "ALL"
CASES_FILE = "cases.yaml"
HOLDOUT_FILE = "cases_holdout.yaml"  # written after tuning, scored apart
COUNTED = (Severity.ERROR, Severity.WARNING)


class StyleCase(Frozen):
    id: str = Field(min_length=1)
    context: str
    breaks: frozenset[str]
    subject: str | None = None  # overrides the context's subject
    text: str


class ContextsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    now: datetime
    shop: ShopProfile
    contexts: dict[str, dict[str, object]]


class RuleScore(Frozen):
    rule: str
    labelled: int
    fired: int
    correct: int

    @computed_field
    @property
    def precision(self) -> float:
        return self.correct / self.fired if self.fired else 1.0

    @computed_field
    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


class CaseMiss(Frozen):
    case: str
    expected: frozenset[str]
    fired: frozenset[str]


class StyleReport(Frozen):
    cases: int
    by_rule: dict[str, RuleScore]  # includes ALL_RULES, the micro average
    misses: list[CaseMiss]
    check_p50_ms: float
    check_p95_ms: float

    @property
    def overall(self) -> RuleScore:
        return self.by_rule[ALL_RULES]


def load_cases(cases_dir: Path, *, cases_file: str = CASES_FILE) -> tuple[dict[str, CheckContext], list[StyleCase]]:
    contexts = _load_contexts(cases_dir / "contexts.yaml")
    path = cases_dir / cases_file
    raw = parse_yaml(path.read_text(encoding="utf-8")) or []
    cases = []
    for index, entry in enumerate(raw):
        try:
            case = StyleCase.model_validate(entry)
        except ValidationError as exc:
            raise ConfigurationError(describe_validation_error(exc, where=f"{path.name}: case #{index + 1}")) from None
        if case.context not in contexts:
            raise ConfigurationError(f"{path.name}: case {case.id}: context: no context named {case.context!r}")
        cases.append(case)
    return contexts, cases


def _load_contexts(path: Path) -> dict[str, CheckContext]:
    try:
        data = ContextsFile.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc, where=path.name)) from None
    shop = load_yaml_model(SHOP_FILE, ShopProfile) if SHOP_FILE.is_file() else data.shop
    contexts = {}
    for name, fields in data.contexts.items():
        try:
            contexts[name] = CheckContext.model_validate({**fields, "shop": shop, "now": data.now})
        except ValidationError as exc:
            raise ConfigurationError(describe_validation_error(exc, where=f"{path.name}: context {name}")) from None
    return contexts


def evaluate_style(
    cases_dir: Path = DEFAULT_CASES_DIR, rules: RuleSet | None = None, *, cases_file: str = CASES_FILE
) -> StyleReport:
    rules = rules or load_rules(PROJECT_ROOT / "knowledge" / "house_style.yaml")
    contexts, cases = load_cases(cases_dir, cases_file=cases_file)
    outcomes: list[tuple[StyleCase, frozenset[str]]] = []
    # Warm-up, untimed: the first check in a language loads its tokenizer and word lists.
    for case in {contexts[c.context].language: c for c in cases}.values():
        check(case.text, context=contexts[case.context], rules=rules)
    samples: list[float] = []
    for case in cases:
        context = contexts[case.context]
        if case.subject is not None:
            context = context.model_copy(update={"subject": case.subject})
        started = time.perf_counter()
        findings = check(case.text, context=context, rules=rules)
        samples.append((time.perf_counter() - started) * 1000)
        outcomes.append((case, frozenset(f.rule for f in findings if f.severity in COUNTED)))
    rule_ids = sorted({rule.id for rule in rules.rules} | {r for case in cases for r in case.breaks})
    by_rule = {rule: _score(rule, outcomes, lambda ids, rule=rule: rule in ids) for rule in rule_ids}
    by_rule[ALL_RULES] = RuleScore(
        rule=ALL_RULES,
        labelled=sum(s.labelled for s in by_rule.values()),
        fired=sum(s.fired for s in by_rule.values()),
        correct=sum(s.correct for s in by_rule.values()),
    )
    misses = [CaseMiss(case=case.id, expected=case.breaks, fired=fired) for case, fired in outcomes if fired != case.breaks]
    return StyleReport(
        cases=len(cases), by_rule=by_rule, misses=misses,
        check_p50_ms=_percentile(samples, 0.5), check_p95_ms=_percentile(samples, 0.95),
    )


def _percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile (0.0 for no samples), rounded to what a report shows."""
    ranked = sorted(samples)
    return round(ranked[round(share * (len(ranked) - 1))], 2) if ranked else 0.0


def _score(rule: str, outcomes: list[tuple[StyleCase, frozenset[str]]], has) -> RuleScore:
    return RuleScore(
        rule=rule,
        labelled=sum(has(case.breaks) for case, _ in outcomes),
        fired=sum(has(fired) for _, fired in outcomes),
        correct=sum(has(case.breaks) and has(fired) for case, fired in outcomes),
    )


def format_report(report: StyleReport) -> str:
    lines = [
        f"{report.cases} cases; checking one reply: p50 {report.check_p50_ms:.2f} ms, p95 {report.check_p95_ms:.2f} ms",
        f"{'rule':<6} {'labelled':>8} {'fired':>6} {'P':>6} {'R':>6}",
    ]
    for score in report.by_rule.values():
        lines.append(f"{score.rule:<6} {score.labelled:>8} {score.fired:>6} {score.precision:>6.3f} {score.recall:>6.3f}")
    for miss in report.misses:
        lines.append(f"miss {miss.case}: expected {sorted(miss.expected)}, fired {sorted(miss.fired)}")
    return "\n".join(lines)


if __name__ == "__main__":
    from draftdesk.evals.style_blind import BLIND_SETS, evaluate_blind, format_blind, load_replies

    blind_flags = [flag for flag in sys.argv[1:] if flag.removeprefix("--") in BLIND_SETS]
    unknown = [a for a in sys.argv[1:] if a.startswith("--") and a not in ("--dev", "--holdout", *blind_flags)]
    if unknown:
        sys.exit(f"unknown option {unknown[0]}: the options are --holdout, --dev and --{', --'.join(BLIND_SETS)}")
    if blind_flags:
        replies_file = BLIND_SETS[blind_flags[-1].removeprefix("--")]
        shown = ("dev",) if "--dev" in sys.argv else ("dev", "holdout", "all")
        print(format_blind(evaluate_blind(replies=load_replies(replies_file)), show=shown))
        sys.exit(0)
    arguments = [a for a in sys.argv[1:] if a != "--holdout"]
    chosen = HOLDOUT_FILE if "--holdout" in sys.argv else CASES_FILE
    print(format_report(evaluate_style(Path(arguments[0]) if arguments else DEFAULT_CASES_DIR, cases_file=chosen)))
