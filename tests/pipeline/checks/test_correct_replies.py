"""Correct replies written by hand for these tests (`data/correct_replies.yaml`: ja keigo
variants, English registers from formal to casual, grounded in the demo orders and the
policies), checked the way the blind sets are: none may get an error finding. They
reach into the spots where the checker has raised false alarms: a Latin-script shop
name with 様, a carrier named with its legal form, a policy's threshold or deadline
restated, a payment the customer makes, an interval of days, an unpaid order cancelled."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from draftdesk.config import PROJECT_ROOT
from draftdesk.evals.style_blind import BlindReply, evaluate_blind
from draftdesk.files import read_yaml

RAW = read_yaml(PROJECT_ROOT / "knowledge" / "house_style.yaml")
ERROR_RULES = [rule["id"] for rule in RAW["rules"] if rule["severity"] == "error"]
ENTRIES = read_yaml(PROJECT_ROOT / "tests" / "pipeline" / "checks" / "data" / "correct_replies.yaml")
REPLIES = TypeAdapter(list[BlindReply]).validate_python(
    [{**entry, "labels": dict.fromkeys(ERROR_RULES, False)} for entry in ENTRIES]
)


@pytest.fixture(scope="module")
def outcomes():
    return {o.reply: o for o in evaluate_blind(replies=REPLIES).outcomes}


def test_the_set_is_varied_enough():
    assert len(REPLIES) >= 20
    assert {r.language for r in REPLIES} == {"ja", "en"}


@pytest.mark.parametrize("reply", [r.id for r in REPLIES])
def test_a_correct_reply_gets_no_error_finding(outcomes, reply):
    assert outcomes[reply].fired == frozenset()


def test_the_same_replies_broken_do_get_one():
    """A negative control: the harness sees findings when there are some."""
    broken = [r.model_copy(update={"body": r.body.replace("Dear ", "Dear Valued ", 1)}) for r in REPLIES if r.language == "en"]
    assert all(o.fired == {"HS006"} for o in evaluate_blind(replies=broken).outcomes)
