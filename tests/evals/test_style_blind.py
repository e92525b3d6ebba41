"""The checker on the replies written and labelled blind (issue 17's bar: precision and
recall ≥ 0.95 per error-level rule on the whole set).

Rules below the bar today are marked xfail(strict=True) with their numbers: the gap
stays visible in every run, and a rule that reaches the bar turns the run red until
its mark is removed.
"""

from __future__ import annotations

import pytest

from draftdesk.evals.style_blind import BlindReport, evaluate_blind, load_replies

BAR = 0.95
# Measured on all 84 replies (python -m draftdesk.evals.style --blind), P / R.
GAPS: dict[str, str] = {}  # every rule meets the bar (B-EN-011's open-ended free shipping: issue 17)


@pytest.fixture(scope="module")
def report() -> BlindReport:
    return evaluate_blind()


def test_the_set_is_big_enough_and_split_by_a_fixed_rule(report):
    replies = load_replies()
    assert len(replies) >= 60
    assert [o.reply for o in report.part("holdout")] == [r.id for i, r in enumerate(replies) if i % 3 == 2]
    assert len(report.part("dev")) + len(report.part("holdout")) == len(report.outcomes) == len(replies)


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(rule, marks=pytest.mark.xfail(strict=True, reason=GAPS[rule])) if rule in GAPS else rule
        for rule in ("HS001", "HS002", "HS003", "HS004", "HS006", "HS007", "HS009", "HS013", "HS016", "HS018")
    ],
)
def test_each_error_level_rule_meets_the_bar_on_the_blind_replies(report, rule):
    score = report.scores("all")[rule]
    assert score.labelled >= 7
    assert min(score.precision, score.recall) >= BAR


def test_a_correct_finding_points_at_the_labelled_words(report):
    for rule, score in report.scores("all").items():
        assert score.spans_found == score.correct > 0, rule
