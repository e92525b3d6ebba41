"""HS007 with no agent on record: the signature itself must name whoever wrote it. The
greeting names the customer, never the writer; a name joined to the shop's details by a
dot or an at sign is still a name; a slot names no one, and one left beside a complete
signature is HS009's alone."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, _ = load_cases(DEFAULT_CASES_DIR)


def _findings(context: str, text: str) -> list:
    return check(text, context=CONTEXTS[context].model_copy(update={"agent": None}), rules=RULES)


def _hs007(context: str, text: str) -> list[str]:
    return [f.message for f in _findings(context, text) if f.rule == "HS007"]


SHORT_EN = "Hello Emily Carter,\n\nYour order HM-24-00012 was shipped on November 16.\n\n{signature}\n"


@pytest.mark.parametrize(
    "signature",
    [
        "Midoriya Tea Customer Support • support@midoriya.example.jp",
        "Customer Support, Midoriya Tea · 0120-000-123",
    ],
)
def test_a_short_replys_greeting_does_not_sign_it(signature):
    [detail] = _hs007("shipped_en", SHORT_EN.format(signature=signature))
    assert "agent name" in detail


@pytest.mark.parametrize(
    "signature",
    [
        "Midoriya Tea Customer Support · Tanaka · support@midoriya.example.jp",
        "Tanaka @ Midoriya Tea Customer Support • 0120-000-123",
        "Jun Tanaka · Customer Support · Midoriya Tea\nsupport@midoriya.example.jp",
    ],
)
def test_a_name_between_dots_or_before_an_at_sign_signs_the_reply(signature):
    assert _hs007("shipped_en", SHORT_EN.format(signature=signature)) == []


SHORT_JA = "山田 太郎 様\n\nご注文の煎茶は11月16日に発送いたしました。\n今後ともよろしくお願いいたします。\n\n{signature}\n"


def test_a_slot_beside_a_complete_signature_is_a_placeholder_only():
    text = SHORT_JA.format(signature="茶舗みどり屋 カスタマーサポート\n担当：中村\nsupport@midoriya.example.jp\n直通：[内線番号]")
    rules = {f.rule for f in _findings("shipped_ja", text)}
    assert "HS009" in rules and "HS007" not in rules


def test_a_slot_in_place_of_the_agent_is_a_missing_agent():
    text = SHORT_JA.format(signature="茶舗みどり屋 カスタマーサポート\n担当：[担当者名]\nsupport@midoriya.example.jp")
    [detail] = _hs007("shipped_ja", text)
    assert "agent name" in detail and "unfilled" in detail


@pytest.mark.parametrize(
    "signature",
    [
        "Midoriya Tea Customer Support Team\nsupport@midoriya.example.jp",
        "Warmly,\nThe Midoriya Tea Customer Support Team\n0120-000-123",
        "Best,\nTeam Midoriya Tea, Customer Support\nsupport@midoriya.example.jp",
    ],
)
def test_a_team_signs_as_no_one(signature):
    [message] = _hs007("shipped_en", SHORT_EN.format(signature=signature))
    assert "agent name" in message


def test_a_person_beside_a_role_still_signs():
    assert _hs007("shipped_en", SHORT_EN.format(signature="Warmly,\nNina Park, Customer Support Lead\nMidoriya Tea\n0120-000-123")) == []
