"""A delivery date is judged once: a date no source holds is HS003's (ungrounded), not
also HS013's (a promise no policy allows), and the shop's own plan (when we write
again) grounds what we say we will do, not when a parcel arrives."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check, load_rules
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}
# The line of each good reply that the examples below stand in for: our next update, dated
# by the context's `reply.next_contact` (2026-11-24).
UPDATE_LINE = {
    "shipped_en": "I have asked the carrier today to check the delivery, and I will update you by November 24 (Tue).",
    "shipped_ja": "2026年11月24日(火)までに改めてご連絡いたします。",
}


def _rules_fired(context: str, line: str) -> set[str]:
    text = GOOD[context]
    assert UPDATE_LINE[context] in text
    findings = check(text.replace(UPDATE_LINE[context], line, 1), context=CONTEXTS[context], rules=RULES)
    return {f.rule for f in findings if f.severity.value == "error"}


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "The parcel will reach you on December 2."),
        ("shipped_en", "Our courier will deliver it on 3 December."),
        ("shipped_ja", "12月2日にお届けいたします。"),
    ],
)
def test_an_invented_delivery_date_is_ungrounded_and_only_that(context, line):
    fired = _rules_fired(context, line)
    assert "HS003" in fired
    assert "HS013" not in fired


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "Your parcel will arrive on November 24."),
        ("shipped_ja", "11月24日にお手元に届きます。"),
    ],
)
def test_our_next_contact_date_does_not_ground_a_delivery_on_that_day(context, line):
    assert "HS003" in _rules_fired(context, line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "We will write to you again by November 24."),
        ("shipped_en", "Once the carrier confirms the delivery, we will e-mail you by November 24."),
        ("shipped_ja", "配達状況が分かり次第、11月24日までにご連絡いたします。"),
        # an aside about an arrival does not make our reply's date a delivery's
        ("shipped_en", "I will check the conditions (how long ago the item arrived) and write to you by November 24."),
        ("shipped_ja", "条件（商品の到着からの日数）を確認し、11月24日までにご連絡いたします。"),
    ],
)
def test_our_next_contact_date_grounds_what_we_will_do(context, line):
    assert "HS003" not in _rules_fired(context, line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        # the shop's own wrong-item template ships the right item by this date (prompts/replies/*/wrong_item.j2):
        # what we will do by then is grounded in our plan, whoever writes it
        ("shipped_en", "We will send the replacement out by November 24."),
        ("shipped_ja", "交換品は11月24日までに発送いたします。"),
    ],
)
def test_our_next_contact_date_grounds_a_replacement_we_send_by_then(context, line):
    assert "HS003" not in _rules_fired(context, line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "We will get back to you with the carrier's answer by November 24."),
        ("shipped_en", "You will hear from us again on November 24."),
        ("shipped_ja", "調査の結果は11月24日までにメールでお知らせいたします。"),
        ("shipped_ja", "11月24日に改めてご報告いたします。"),
    ],
)
def test_our_next_contact_date_grounds_writing_in_other_words_a_contact_idiom_being_no_delivery(context, line):
    assert "HS003" not in _rules_fired(context, line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "We guarantee the parcel will reach you on December 2."),
        ("shipped_ja", "12月2日に確実にお届けいたします。"),
    ],
)
def test_a_guaranteed_delivery_is_a_promise_whatever_its_date(context, line):
    assert {"HS003", "HS013"} <= _rules_fired(context, line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_en", "For our files we have your date of birth as 4 July 1985."),
        ("shipped_ja", "生年月日（1979年2月3日）も確認いたしました。"),
    ],
)
def test_a_date_of_birth_is_personal_data_not_also_an_ungrounded_date(context, line):
    text = GOOD[context].replace(UPDATE_LINE[context], line, 1)
    findings = check(text, context=CONTEXTS[context], rules=RULES)
    assert {f.rule for f in findings if "1985" in f.excerpt or "1979" in f.excerpt} == {"HS016"}


def test_a_rule_can_yield_only_to_a_rule_that_exists(tmp_path):
    from draftdesk.errors import ConfigurationError

    path = tmp_path / "house_style.yaml"
    path.write_text(
        "rules:\n"
        "  - {id: HS900, type: placeholder, severity: error, message: x, yields_to: [HS999], params: {patterns: ['XX']}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError, match="HS999"):
        load_rules(path)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_ja", "お待たせしたお詫びに、500円分のクーポンをお送りいたします。"),
        ("shipped_en", "For the wait, we are e-mailing you a 500 yen voucher."),
    ],
)
def test_the_worth_of_the_shops_standard_offer_is_shop_data_the_offer_hs013s(context, line):
    fired = _rules_fired(context, line)
    assert "HS003" not in fired
    assert "HS013" in fired  # no cited policy allows it here


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_ja", "お待たせしたお詫びに、1,000円分のクーポンをお送りいたします。"),  # another worth
        ("shipped_en", "For the wait, we are e-mailing you a 2,000 yen voucher."),
        ("shipped_en", "We have refunded 500 yen of the shipping fee to your card."),  # 500, but no standard offer
    ],
)
def test_an_offer_of_another_worth_or_the_same_number_elsewhere_is_ungrounded(context, line):
    assert "HS003" in _rules_fired(context, line)


def test_an_invented_bare_day_in_english_is_ungrounded():
    assert "HS003" in _rules_fired("shipped_en", "Your parcel left our warehouse on the 17th.")
    assert "HS003" not in _rules_fired("shipped_en", "Your parcel left our warehouse on the 16th.")  # the ship date


def test_a_date_on_a_line_quoted_from_the_customer_is_theirs():
    line = "> It was meant to come on the 12th, and I paid 9,999 yen.\nThank you for telling us."
    assert not {"HS002", "HS003"} & _rules_fired("shipped_en", line)


@pytest.mark.parametrize(
    ("context", "line"),
    [
        ("shipped_ja", "ご返金は11月24日にご指定の口座へお振込みいたします。"),
        ("shipped_en", "The refund will be transferred to your account on November 24."),
    ],
)
def test_our_next_contact_date_does_not_ground_the_day_money_reaches_the_customer(context, line):
    assert "HS003" in _rules_fired(context, line)


def test_our_next_contact_date_still_grounds_writing_about_the_refund():
    assert "HS003" not in _rules_fired("shipped_ja", "返金の条件を確認し、11月24日までに結果をご連絡いたします。")
