"""Rule by rule on the demo rules: a sentence put into a good reply → the finding's
rule, excerpt (the span) and suggestion; and each rule type's own edge cases."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}
JA, EN = GOOD["shipped_ja"], GOOD["shipped_en"]
JA_AT, EN_AT = "本日、配送業者に", "I have asked"


def _findings(text: str, context: str, **changes):
    ctx = CONTEXTS[context].model_copy(update=changes)
    return check(text, context=ctx, rules=RULES)


@pytest.mark.parametrize(
    ("context", "insert", "rule", "excerpt", "suggestion"),
    [
        ("shipped_ja", "おっしゃられる通りです。", "HS015", "おっしゃられる", "おっしゃる"),
        ("shipped_ja", "ご覧になられる方もいます。", "HS015", "ご覧になられる", "ご覧になる"),
        ("shipped_ja", "拝見させていただきます。", "HS015", "拝見させていただきます", "拝見いたします"),
        ("shipped_ja", "明日は来れる予定です。", "HS015", "来れる", "来られる"),
        ("shipped_ja", "たぶん届きます。", "HS004", "たぶん届き", None),
        ("shipped_ja", "近日中にお送りします。", "HS005", "近日中", None),
        ("shipped_ja", "入力ミスがありました。", "HS014", "入力ミス", None),
        ("shipped_ja", "〇〇様へ。", "HS009", "〇〇", None),
        ("shipped_ja", "{{name}}様へ。", "HS009", "{{name}}", None),
        ("shipped_en", "It will probably come. ", "HS004", "probably come", None),
        ("shipped_en", "It ships shortly. ", "HS005", "shortly", None),
        ("shipped_en", "That was your fault. ", "HS014", "your fault", None),
        ("shipped_en", "Hi <PERSON_1>. ", "HS009", "<PERSON_1>", None),
        ("shipped_en", "We charged 4111 1111 1111 1111. ", "HS016", "4111 1111 1111 1111", "**** **** **** 1111"),
        ("shipped_en", "We will send you a coupon. ", "HS013", "coupon", None),
        ("shipped_en", "Tracking 9999-8888-7777. ", "HS003", "9999-8888-7777", None),
    ],
)
def test_an_inserted_sentence_gives_its_rule_span_and_suggestion(context, insert, rule, excerpt, suggestion):
    base, at = (JA, JA_AT) if context.endswith("ja") else (EN, EN_AT)
    text = base.replace(at, insert + at, 1)
    [finding] = [f for f in _findings(text, context) if f.rule == rule]
    assert finding.excerpt == text[finding.start : finding.end] == excerpt
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    ("context", "old", "new", "suggestion"),
    [
        ("shipped_ja", "山田 太郎 様", "山田 次郎 様", "山田 太郎 様"),
        ("shipped_en", "Dear Emily Carter,", "Dear Emma Carter,", "Dear Emily Carter,"),
    ],
)
def test_a_wrong_greeting_suggests_the_name_on_record(context, old, new, suggestion):
    base = JA if context.endswith("ja") else EN
    [finding] = [f for f in _findings(base.replace(old, new), context) if f.rule == "HS006"]
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("we cannot offer a refund for carrier delays. ", False),
        ("We are unable to reship the order. ", False),
        ("We will refund you in full. ", True),
    ],
)
def test_a_negated_offer_is_no_offer(text, fires):
    rules = {f.rule for f in _findings(EN.replace(EN_AT, text + EN_AT), "shipped_en")}
    assert ("HS013" in rules) is fires


def test_an_estimated_date_without_a_marker_suggests_one_and_spans_the_date():
    text = EN.replace("The carrier's estimated delivery date is November 18 (Wed).", "It arrives on Nov. 18.")
    [finding] = [f for f in _findings(text, "shipped_en") if f.rule == "HS002"]
    assert finding.excerpt.startswith("Nov. 18") and "estimated" in finding.suggestion


def test_in_abusive_mode_a_second_apology_is_too_many():
    text = EN.replace("I am sorry for the wait.", "I am sorry for the wait. We apologize again.")
    assert "HS010" not in {f.rule for f in _findings(text, "shipped_en")}
    assert "HS010" in {f.rule for f in _findings(text, "abusive_en")}
