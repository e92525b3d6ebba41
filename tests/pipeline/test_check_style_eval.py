"""The checker on the labelled replies of evals/style: per-rule and overall P/R."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.errors import ConfigurationError
from draftdesk.evals.style import ALL_RULES, DEFAULT_CASES_DIR, HOLDOUT_FILE, evaluate_style, format_report, load_cases


@pytest.fixture(scope="module")
def report():
    return evaluate_style(DEFAULT_CASES_DIR)


def test_the_labelled_set_is_big_enough_in_both_languages():
    _, cases = load_cases(DEFAULT_CASES_DIR)
    languages = [case.id.split("-")[0] for case in cases]
    assert languages.count("ja") >= 60 and languages.count("en") >= 60
    assert sum(not case.breaks for case in cases) >= 30
    assert {f"HS{n:03d}" for n in range(1, 19)} <= {rule for case in cases for rule in case.breaks}


def test_every_rule_has_precision_and_recall_of_at_least_0_95(report):
    print("\n" + format_report(report))
    low = {rule: (s.precision, s.recall) for rule, s in report.by_rule.items() if min(s.precision, s.recall) < 0.95}
    assert low == {}


def test_overall_micro_precision_and_recall_are_at_least_0_97(report):
    assert report.overall.rule == ALL_RULES
    assert report.overall.precision >= 0.97 and report.overall.recall >= 0.97


def test_the_holdout_written_after_tuning_scores_apart():
    holdout = evaluate_style(DEFAULT_CASES_DIR, cases_file=HOLDOUT_FILE)
    print("\nholdout: " + format_report(holdout))
    assert holdout.cases >= 20 and holdout.overall.labelled >= 15
    assert holdout.overall.precision >= 0.9 and holdout.overall.recall >= 0.9


def test_the_report_says_how_long_checking_one_reply_takes(report):
    assert 0 < report.check_p50_ms <= report.check_p95_ms
    assert f"p50 {report.check_p50_ms:.2f} ms, p95 {report.check_p95_ms:.2f} ms" in format_report(report)


def test_a_case_naming_an_unknown_context_is_a_configuration_error(tmp_path: Path):
    (tmp_path / "contexts.yaml").write_text((DEFAULT_CASES_DIR / "contexts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "cases.yaml").write_text("- {id: x, context: nowhere, breaks: [], text: hi}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        load_cases(tmp_path)
    assert "case x: context" in error.value.detail
