"""The checker on the first two sets of replies written and labelled blind
(`evals/style_blind/`, 84 replies; `evals/style_blind2/`, 118 replies by another writer):
issue 17's bar, precision and recall ≥ 0.95 per error-level rule on the whole set.

Both sets are development data now: every miss was read and its family of wording fixed
(tests/pipeline/checks/), and later sets, each scored once, are the measure. Here they
guard against a change that breaks what was fixed: every rule is at the bar on both
(python -m draftdesk.evals.style --blind / --blind2 print the numbers).
"""

from __future__ import annotations

import pytest

from draftdesk.evals.style_blind import REPLIES_FILE, SECOND_REPLIES_FILE, BlindReport, evaluate_blind, load_replies
from tests.support.desks import house_rules

BAR = 0.95
RULES = ("HS001", "HS002", "HS003", "HS004", "HS006", "HS007", "HS009", "HS013", "HS016", "HS018")
SETS = {"first": REPLIES_FILE, "second": SECOND_REPLIES_FILE}


@pytest.fixture(scope="module", params=list(SETS))
def blind_set(request: pytest.FixtureRequest) -> tuple[str, list, BlindReport]:
    replies = load_replies(SETS[request.param])
    return request.param, replies, evaluate_blind(house_rules(), replies=replies)


def test_the_set_is_big_enough_and_split_by_a_fixed_rule(blind_set):
    _, replies, report = blind_set
    assert len(replies) >= 60
    assert [o.reply for o in report.part("holdout")] == [r.id for i, r in enumerate(replies) if i % 3 == 2]
    assert len(report.part("dev")) + len(report.part("holdout")) == len(report.outcomes) == len(replies)


@pytest.mark.parametrize("rule", RULES)
def test_each_error_level_rule_meets_the_bar(blind_set, rule):
    _, _, report = blind_set
    score = report.scores("all")[rule]
    assert score.labelled >= 7
    assert min(score.precision, score.recall) >= BAR


def test_a_correct_finding_points_at_the_labelled_words(blind_set):
    _, _, report = blind_set
    for rule, score in report.scores("all").items():
        assert score.spans_found == score.correct > 0, rule
