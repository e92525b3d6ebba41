"""The third blind reply set (`evals/style_blind3/`): the measure of issue 17's checker bar,
scored, never tuned on. Its numbers are in the README and the closing note, not here:
this test only keeps the set readable and scored (a reply with no order and no name on
record included), so `python -m draftdesk.evals.style --blind3` keeps working."""

from __future__ import annotations

from draftdesk.evals.style_blind import THIRD_REPLIES_FILE, evaluate_blind, load_replies

RULES = {"HS001", "HS002", "HS003", "HS004", "HS006", "HS007", "HS009", "HS013", "HS016", "HS018"}


def test_the_third_set_is_read_whole_and_every_rule_is_scored():
    replies = load_replies(THIRD_REPLIES_FILE)
    assert len(replies) >= 100
    assert any(reply.order is None and reply.customer_name is None for reply in replies)
    report = evaluate_blind(replies=replies)
    assert len(report.outcomes) == len(replies)
    scores = report.scores("all")
    assert set(scores) == RULES
    assert all(score.labelled >= 10 for score in scores.values())
