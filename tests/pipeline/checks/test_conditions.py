"""The condition language of policy markup (`<!-- allows: … when: … -->`): parsing,
three-valued evaluation, and malformed conditions as configuration errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from draftdesk.conditions import Case, ConditionError, parse_condition
from draftdesk.errors import ConfigurationError
from draftdesk.knowledge import Grant, PolicyPassage, grants_of, parse_policy
from draftdesk.pipeline.check import CheckContext

DELIVERED = Case(
    values={"status": "delivered", "intent": "damaged"},
    dates={"delivery": date(2026, 11, 17), "order": date(2026, 11, 12)},
    today=date(2026, 11, 20),
    total=2400.0,
)


@pytest.mark.parametrize(
    ("condition", "case", "expected"),
    [
        ("status in [delivered]", DELIVERED, True),
        ("status in [shipped, preparing]", DELIVERED, False),
        ("intent in [damaged, wrong_item] and days_since(delivery) <= 7", DELIVERED, True),
        ("days_since(delivery) <= 2", DELIVERED, False),
        ("days_since(order) = 8", DELIVERED, True),
        ("not status in [cancelled]", DELIVERED, True),
        ("status in [cancelled] or total >= 2000", DELIVERED, True),
        ("(status in [cancelled] or total >= 5000) and intent in [damaged]", DELIVERED, False),
        ("total >= 5000", DELIVERED, False),
        # unknown never grants: no delivery date, no return reason
        ("days_since(return) > 30", DELIVERED, None),
        ("return_reason in [refused]", DELIVERED, None),
        ("not return_reason in [refused]", DELIVERED, None),
        ("return_reason in [refused] or status in [delivered]", DELIVERED, True),
        ("return_reason in [refused] and status in [cancelled]", DELIVERED, False),
        ("intent in [damaged]", Case(values={"status": "delivered"}), None),
        # amount: what the reply offers; an offer that names none is the policy's own
        ("amount <= 500", DELIVERED, True),
        ("amount <= 500", Case(amount=1000.0, amount_stated=True), False),
        ("amount <= total", Case(amount=1000.0, amount_stated=True, total=2400.0), True),
        ("amount <= 500", Case(amount=None, amount_stated=True), None),
    ],
)
def test_a_condition_is_true_false_or_unknown(condition, case, expected):
    assert parse_condition(condition).evaluate(case) is expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("", "empty"),
        ("stauts in [delivered]", "unknown name 'stauts'"),
        ("status in [delivred]", "status: unknown ['delivred']"),
        ("intent in [broken]", "intent: unknown ['broken']"),
        ("status in []", "the list is empty"),
        ("status in [delivered", "ends too early"),
        ("days_since(arrival) <= 7", "days_since: unknown event 'arrival'"),
        ("days_since(delivery) 7", "expected a comparison"),
        ("status = delivered", "expected 'in', found '='"),
        ("status in [delivered] and", "ends too early"),
        ("status in [delivered] delivered", "unexpected 'delivered'"),
        ("__import__('os')", "cannot read"),
        ("total >= 5000; drop", "cannot read"),
    ],
)
def test_a_malformed_condition_says_what_and_where(condition, message):
    with pytest.raises(ConditionError) as error:
        parse_condition(condition)
    assert message in str(error.value)


POLICY = """---
id: t-ja
topic: t
---
# 破損
## 交換 {#replacement}
<!-- allows: reshipment, exchange when: intent in [damaged] and days_since(delivery) <= 7 -->
<!-- allows: refund -->
写真を確認後、交換品を発送します。
"""


def test_allows_lines_add_up_each_with_its_condition():
    [passage] = parse_policy(POLICY, source=Path("policies/ja/t.md"), language="ja")
    assert isinstance(passage, PolicyPassage)
    assert passage.allows == ("reshipment", "exchange", "refund")
    assert passage.grants == (
        Grant(offers=("reshipment", "exchange"), when="intent in [damaged] and days_since(delivery) <= 7"),
        Grant(offers=("refund",)),
    )
    assert "allows" not in passage.text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("<!-- allows: reshipment when: intent in [damagd] -->", "p.md:7: allows: when: intent: unknown ['damagd']"),
        ("<!-- allows: reshipment when: -->", "p.md:7: allows: when: the condition after 'when:' is empty"),
        ("<!-- allows: reshipment when: days_since(delivery) < -->", "p.md:7: allows: when: the condition ends too early"),
        ("<!-- allows: when: status in [delivered] -->", "p.md:7: allows: name at least one offer"),
        ("<!-- allows: cash when: status in [delivered] -->", "p.md:7: allows: unknown ['cash']"),
    ],
)
def test_a_malformed_allows_line_is_a_configuration_error_naming_file_and_line(line, message):
    text = POLICY.replace("<!-- allows: reshipment, exchange when: intent in [damaged] and days_since(delivery) <= 7 -->", line)
    with pytest.raises(ConfigurationError) as error:
        parse_policy(text, source=Path("p.md"), language="ja")
    assert message in error.value.detail


def test_the_real_policies_carry_conditions_that_parse():
    from draftdesk.config import PROJECT_ROOT
    from draftdesk.knowledge import load_passages

    passages = {p.id: p for p in load_passages(PROJECT_ROOT / "knowledge" / "policies")}
    [grant] = grants_of(passages["damaged-en#replacement"])
    assert grant.when == "intent in [damaged] and days_since(delivery) <= 7"
    for passage in passages.values():
        for grant in grants_of(passage):
            if grant.when:
                parse_condition(grant.when)


def test_a_plain_passage_allows_always_and_a_context_reads_grants_from_data():
    context = CheckContext.model_validate({
        "language": "en",
        "passages": [
            {"id": "a#b", "title": "t", "text": "x", "language": "en", "topic": "t", "allows": ["coupon"]},
            {"id": "c#d", "title": "t", "text": "x", "language": "en", "topic": "t",
             "grants": [{"offers": ["refund"], "when": "status in [delivered]"}]},
        ],
    })
    plain, conditional = context.passages
    assert grants_of(plain) == (Grant(offers=("coupon",)),)
    assert conditional.allows == ("refund",) and grants_of(conditional)[0].when == "status in [delivered]"
    with pytest.raises(ValueError, match="intent: unknown"):
        CheckContext.model_validate({"language": "en", "passages": [
            {"id": "c#d", "title": "t", "text": "x", "language": "en", "topic": "t",
             "grants": [{"offers": ["refund"], "when": "intent in [nope]"}]},
        ]})
