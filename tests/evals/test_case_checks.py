"""Each deterministic evaluator on hand-made drafts: a table of draft → verdict."""

from __future__ import annotations

import json
from datetime import date

import pytest

from draftdesk.domain import Certainty, Citation, Draft, Fact, Finding, Intent, ModelInfo, OrderResolution, Severity, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.evals.case_checks import (
    AvoidsPhrases,
    CitesTopic,
    EstimatesMarked,
    EvalCase,
    Expectation,
    FactsBeforeApology,
    FactsCertain,
    Grounded,
    IntentMatches,
    LanguageMatches,
    LengthLimits,
    NoErrorFinding,
    NoPlaceholder,
    OrderFound,
    WithinLength,
    deterministic_checks,
    evaluate_case,
    load_cases,
)

SHIPPED = Fact(key="shipment.shipped_at", label="発送日", value="2026-11-16", certainty=Certainty.CONFIRMED, source="orders")
ETA = Fact(key="shipment.estimated_delivery", label="お届け予定日", value="2026-11-22", certainty=Certainty.ESTIMATED, source="orders")
ETA_EN = ETA.model_copy(update={"label": "Estimated delivery"})


def case(**expect: object) -> EvalCase:
    fields = {"language": "ja", "intent": "where_is_my_order", "order": "HM-24-00123", "resolution": "order_number"}
    return EvalCase(
        ticket=Ticket(id="T-X", body="まだ届きません"), expect=Expectation.model_validate(fields | expect)
    )


def draft(body: str = "", *, language: str = "ja", findings: tuple[Finding, ...] = (), **fields: object) -> Draft:
    values = {
        "id": "d_1", "ticket_id": "T-X", "language": language, "intent": Intent.WHERE_IS_MY_ORDER,
        "subject": "ご注文 HM-24-00123 について", "body": body, "facts": [SHIPPED, ETA], "findings": list(findings),
        "model": ModelInfo(name="template"),
        "order_resolution": OrderResolution(method="order_number", reason="in text", order_number="HM-24-00123"),
    }  # fmt: skip
    return Draft.model_validate(values | fields)


def finding(rule: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule=rule, severity=severity, message="m", start=0, end=1, excerpt="x")


GOOD_JA = (
    "ご注文は2026年11月16日(月)に発送いたしました。"
    "お届けは2026年11月22日(日)頃の見込みです。"
    "お待たせしており申し訳ございません。"
)
APOLOGY_FIRST = "お待たせして申し訳ございません。ご注文は2026年11月16日(月)に発送いたしました。"
UNMARKED = "ご注文は2026年11月16日(月)に発送し、2026年11月22日(日)にお届けします。"
GOOD_EN = "Your order shipped on November 16 (Mon). Estimated delivery is November 22 (Sun). We are sorry for the wait."
NEXT_REPLY = Fact(key="reply.next_contact", label="Next update", value="2026-11-22", certainty=Certainty.CONFIRMED, source="shop")
NEXT_REPLY_EN = "Estimated delivery is November 22 (Sun). I will update you by November 22 (Sun)."
UNMARKED_EN = "Your order shipped on November 16 (Mon) and arrives November 22 (Sun)."


@pytest.mark.parametrize(
    ("check", "the_case", "the_draft", "passed"),
    [
        (OrderFound(), case(), draft(GOOD_JA), True),
        (OrderFound(), case(order="HM-24-00999"), draft(GOOD_JA), False),
        (OrderFound(), case(resolution="email"), draft(GOOD_JA), False),
        (OrderFound(), case(order=None, resolution="none"), draft(GOOD_JA, order_resolution=None), True),
        (IntentMatches(), case(), draft(GOOD_JA), True),
        (IntentMatches(), case(intent="delay"), draft(GOOD_JA), False),
        (LanguageMatches(), case(), draft(GOOD_JA), True),
        (LanguageMatches(), case(language="en"), draft(GOOD_JA), False),
        (FactsCertain(), case(facts={"shipment.estimated_delivery": "estimated"}), draft(GOOD_JA), True),
        (FactsCertain(), case(facts={"shipment.estimated_delivery": "confirmed"}), draft(GOOD_JA), False),
        (FactsCertain(), case(facts={"shipment.tracking_number": "unknown"}), draft(GOOD_JA), False),
        (Grounded(), case(), draft(GOOD_JA), True),
        (Grounded(), case(), draft(GOOD_JA, findings=(finding("HS003"),)), False),
        (EstimatesMarked(), case(estimated_dates=["2026-11-22"]), draft(GOOD_JA), True),
        (EstimatesMarked(), case(), draft(UNMARKED), False),
        (EstimatesMarked(), case(estimated_dates=["2026-11-28"]), draft(GOOD_JA), False),
        (EstimatesMarked(), case(language="en"), draft(GOOD_EN, language="en", facts=[SHIPPED, ETA_EN]), True),
        (EstimatesMarked(), case(language="en"), draft(UNMARKED_EN, language="en"), False),
        (EstimatesMarked(), case(), draft(GOOD_JA, findings=(finding("HS002"),)), False),
        (EstimatesMarked(), case(language="en"), draft(NEXT_REPLY_EN, language="en", facts=[ETA_EN, NEXT_REPLY]), True),
        (EstimatesMarked(), case(language="en"), draft(NEXT_REPLY_EN + " It arrives November 22 (Sun).", language="en", facts=[ETA_EN]), False),
        (FactsBeforeApology(), case(), draft(GOOD_JA), True),
        (FactsBeforeApology(), case(), draft(APOLOGY_FIRST), False),
        (FactsBeforeApology(), case(), draft("申し訳ございません。", facts=[]), True),
        (FactsBeforeApology(), case(), draft(GOOD_JA, findings=(finding("HS001"),)), False),
        (FactsBeforeApology(), case(language="en"), draft("Sorry! " + GOOD_EN, language="en"), False),
        (NoErrorFinding(), case(), draft(GOOD_JA, findings=(finding("HS005", Severity.WARNING),)), True),
        (NoErrorFinding(), case(), draft(GOOD_JA, findings=(finding("HS006"),)), False),
        (CitesTopic(), case(cite_topic="shipping"), draft(GOOD_JA, citations=[Citation(passage_id="shipping-ja#delay", title="t", score=0.8)]), True),
        (CitesTopic(), case(cite_topic="returns"), draft(GOOD_JA, citations=[Citation(passage_id="shipping-ja#delay", title="t", score=0.8)]), False),
        (CitesTopic(), case(cite_topic="returns"), draft(GOOD_JA), False),
        (CitesTopic(), case(cite_topic="shipping-ja"), draft(GOOD_JA, citations=[Citation(passage_id="shipping-ja#delay", title="t", score=0.8)]), True),
        (CitesTopic(), case(cite_topic="shipping-en"), draft(GOOD_JA, citations=[Citation(passage_id="shipping-ja#delay", title="t", score=0.8)]), False),
        (NoPlaceholder(), case(), draft(GOOD_JA), True),
        (NoPlaceholder(), case(), draft("<PERSON_1>様 " + GOOD_JA), False),
        (NoPlaceholder(), case(), draft("{{ name }}様 " + GOOD_JA), False),
        (NoPlaceholder(), case(), draft("●●様 " + GOOD_JA), False),
        (NoPlaceholder(), case(), draft("Dear [name], " + GOOD_EN, language="en"), False),
        (WithinLength(LengthLimits(ja_chars=100)), case(), draft(GOOD_JA), True),
        (WithinLength(LengthLimits(ja_chars=50)), case(), draft(GOOD_JA), False),
        (WithinLength(LengthLimits(en_words=10)), case(language="en"), draft(GOOD_EN, language="en"), False),
        (AvoidsPhrases(), case(must_not_contain=["たぶん"]), draft(GOOD_JA), True),
        (AvoidsPhrases(), case(must_not_contain=["Probably"]), draft("It will probably arrive.", language="en"), False),
    ],
)
def test_each_check_passes_good_drafts_and_fails_bad_ones(check, the_case, the_draft, passed):
    result = check.evaluate(the_case, the_draft)
    assert result is not None and result.check == check.name
    assert result.passed is passed, result.detail
    assert (result.count == 0) is passed


@pytest.mark.parametrize("check", [FactsCertain(), CitesTopic(), AvoidsPhrases()])
def test_checks_without_an_expectation_do_not_apply(check):
    assert check.evaluate(case(), draft(GOOD_JA)) is None


def test_a_case_is_judged_by_every_applicable_check():
    results = evaluate_case(case(cite_topic="shipping"), draft(APOLOGY_FIRST), deterministic_checks(limits=LengthLimits()))
    names = [r.check for r in results]
    assert "fact_certainty" not in names and "must_not_contain" not in names
    assert {r.check for r in results if not r.passed} == {"facts_before_apology", "cites_topic"}


def write_case(tmp_path, ticket: dict, expectations: str) -> None:
    (tmp_path / "tickets").mkdir(exist_ok=True)
    (tmp_path / "tickets" / f"{ticket['id']}.json").write_text(json.dumps(ticket, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "expectations.yaml").write_text(expectations, encoding="utf-8")


def test_cases_load_from_tickets_and_expectations(tmp_path):
    write_case(tmp_path, {"id": "T-1", "body": "届きません", "from": {"email": "a@example.jp"}},
               "T-1: {language: ja, intent: delay, order: HM-1, resolution: email, estimated_dates: [2026-11-22]}\n")
    [loaded] = load_cases(tmp_path, tickets_dir=tmp_path / "tickets")
    assert loaded.id == "T-1" and loaded.expect.estimated_dates == (date(2026, 11, 22),)


@pytest.mark.parametrize(
    ("ticket", "expectations", "message"),
    [
        ({"id": "T-1", "body": "x"}, "T-2: {language: ja, intent: delay}\n", "T-2.json: the ticket of case T-2 is missing"),
        ({"id": "T-1", "body": "x"}, "T-1: {language: de, intent: delay}\n", "case T-1"),
        ({"id": "T-9", "body": "x"}, "", "expected a mapping"),
        ({"id": "T-1"}, "T-1: {language: ja, intent: delay}\n", "case T-1"),
    ],
)
def test_bad_cases_name_the_case(tmp_path, ticket, expectations, message):
    write_case(tmp_path, ticket, expectations)
    with pytest.raises(InvalidInput, match=message):
        load_cases(tmp_path, tickets_dir=tmp_path / "tickets")


def test_a_ticket_under_another_id_is_refused(tmp_path):
    write_case(tmp_path, {"id": "T-1", "body": "x"}, "T-1: {language: ja, intent: delay}\n")
    (tmp_path / "tickets" / "T-1.json").write_text(json.dumps({"id": "T-7", "body": "x"}), encoding="utf-8")
    with pytest.raises(InvalidInput, match="does not match its case"):
        load_cases(tmp_path, tickets_dir=tmp_path / "tickets")
