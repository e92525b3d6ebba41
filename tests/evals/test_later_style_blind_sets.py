"""The third, fourth and fifth blind reply sets (`evals/style_blind3/`, `style_blind4/`,
`style_blind5/`): each the measure of issue 17's checker bar in turn, scored once before
any change is made because of it. Their numbers are in the README and the closing note,
not here: this test keeps each set readable (both ticket shapes), labelled for every
error-level rule, and scorable, so `python -m draftdesk.evals.style --blindN` keeps
working. Scoring a whole set takes half a minute; every tenth reply shows the path works."""

from __future__ import annotations

import pytest

from draftdesk.evals.style_blind import (
    FIFTH_REPLIES_DIR,
    FOURTH_REPLIES_DIR,
    THIRD_REPLIES_FILE,
    evaluate_blind,
    load_replies,
)
from tests.support.desks import house_rules

RULES = {"HS001", "HS002", "HS003", "HS004", "HS006", "HS007", "HS009", "HS013", "HS016", "HS018"}


@pytest.mark.parametrize(
    "where", [THIRD_REPLIES_FILE, FOURTH_REPLIES_DIR, FIFTH_REPLIES_DIR], ids=["third", "fourth", "fifth"]
)
def test_each_later_set_is_read_whole_labelled_for_every_rule_and_scorable(where):
    replies = load_replies(where)
    assert len(replies) >= 100
    assert len({reply.id for reply in replies}) == len(replies)
    assert all(set(reply.labels) == RULES for reply in replies)
    assert all(sum(reply.labels[rule] for reply in replies) >= 10 for rule in RULES)
    assert all(set(reply.spans) == {rule for rule, broken in reply.labels.items() if broken} for reply in replies)

    sample = replies[::10]
    report = evaluate_blind(house_rules(), replies=sample)
    assert [outcome.reply for outcome in report.outcomes] == [reply.id for reply in sample]
    assert set(report.scores("all")) == RULES
