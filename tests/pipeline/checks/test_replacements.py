"""One-click fixes: a finding's `replacement` put at [start, end) and the text checked
again, that finding is gone and nothing new is found."""

from __future__ import annotations

from collections import Counter

import pytest

from draftdesk.domain import Finding
from draftdesk.evals.style import DEFAULT_CASES_DIR, HOLDOUT_FILE, load_cases
from draftdesk.pipeline.check import CheckContext, check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
_, HOLDOUT = load_cases(DEFAULT_CASES_DIR, cases_file=HOLDOUT_FILE)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}


def applied(text: str, finding: Finding) -> str:
    assert finding.replacement is not None
    return text[: finding.start] + finding.replacement + text[finding.end :]


def findings_of(text: str, context: CheckContext) -> list[Finding]:
    return check(text, context=context, rules=RULES)


@pytest.mark.parametrize(
    ("context", "old", "new", "rule", "replacement", "insertion"),
    [
        ("shipped_ja", "本日、配送業者に", "おっしゃられる通りです。本日、配送業者に", "HS015", "おっしゃる", False),
        ("shipped_ja", "本日、配送業者に", "明日は来れる予定です。本日、配送業者に", "HS015", "来られる", False),
        ("shipped_ja", "山田 太郎 様", "山田 次郎 様", "HS006", "山田 太郎 様", False),
        ("shipped_ja", "山田 太郎 様\n\n", "", "HS006", "山田 太郎 様\n\n", True),
        ("shipped_en", "Dear Emily Carter,", "Dear Emma Carter,", "HS006", "Dear Emily Carter,", False),
        ("shipped_en", "I have asked", "We charged 4111 1111 1111 1111. I have asked", "HS016", "**** **** **** 1111", False),
        ("shipped_ja", "配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "お届けは11月18日(水)です。", "HS002", "11月18日(水)頃", False),
        ("shipped_en", "The carrier's estimated delivery date is November 18 (Wed).", "It will arrive on November 18 (Wed).",
         "HS002", "estimated November 18 (Wed)", False),
        ("shipped_ja", "\n\n何卒よろしくお願い申し上げます。", "", "HS011", "\n\n何卒よろしくお願い申し上げます。", True),
    ],
    ids=["keigo", "ranuki", "name-ja", "no-greeting", "name-en", "card", "estimate-ja", "estimate-en", "closing"],
)
def test_a_replacement_fixes_its_finding(context, old, new, rule, replacement, insertion):
    ctx = CONTEXTS[context]
    text = GOOD[context].replace(old, new, 1)
    before = findings_of(text, ctx)
    [finding] = [f for f in before if f.rule == rule]
    assert finding.replacement == replacement
    assert (finding.start == finding.end) is insertion
    after = findings_of(applied(text, finding), ctx)
    assert rule not in {f.rule for f in after}
    assert {f.rule for f in after} <= {f.rule for f in before}


@pytest.mark.parametrize(
    ("context", "old", "new", "rule"),
    [
        ("shipped_ja", "いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "大変申し訳ございません。", "HS001"),
        ("shipped_ja", "お届けは11月18日(水)頃の見込みです", "お届けは11月18日(水)に確定しています", "HS002"),  # a marker would not undo 確定
        ("shipped_ja", "4512-3456-7890", "4512-3456-9999", "HS003"),
        ("shipped_en", "I have asked", "It will probably come. I have asked", "HS004"),
        ("shipped_en", "I have asked", "Please call 090-9999-8888. I have asked", "HS016"),
    ],
)
def test_where_only_advice_exists_there_is_no_replacement(context, old, new, rule):
    text = GOOD[context].replace(old, new, 1)
    assert [f.replacement for f in findings_of(text, CONTEXTS[context]) if f.rule == rule] == [None]


@pytest.mark.parametrize("case", CASES + HOLDOUT, ids=lambda case: case.id)
def test_every_replacement_in_the_labelled_replies_fixes_one_finding_and_breaks_nothing(case):
    context = CONTEXTS[case.context]
    if case.subject is not None:
        context = context.model_copy(update={"subject": case.subject})
    before = findings_of(case.text, context)
    for finding in (f for f in before if f.replacement is not None):
        after = findings_of(applied(case.text, finding), context)
        remaining = Counter(f.rule for f in after)
        assert remaining[finding.rule] == Counter(f.rule for f in before)[finding.rule] - 1, finding
        assert set(remaining) <= {f.rule for f in before}, finding
