"""The demo tickets of evals/cases through the whole pipeline, with real SQLite,
Chroma and Presidio and the template drafter, against their expectations."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Agent, Certainty, Severity, Ticket
from draftdesk.formatting import format_date
from draftdesk.wiring import Services

CASES = PROJECT_ROOT / "evals" / "cases"
EXPECTATIONS = yaml.safe_load((CASES / "expectations.yaml").read_text(encoding="utf-8"))
APOLOGY = re.compile(r"申し訳|お詫び|sorry|apolog", re.IGNORECASE)
MARKER = re.compile(r"頃|見込み|予定|目安|estimated|expected|approximately", re.IGNORECASE)
# Our own next update may fall on the same day as an estimate; that sentence is about the update.
OUR_UPDATE = re.compile(r"ご連絡いたします|ご案内いたします|お知らせいたします|update you|write to you|let you know", re.IGNORECASE)
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


@pytest.fixture(scope="module")
def drafts(demo_services: Services) -> dict:
    pipeline = demo_services.desk.pipeline

    async def all_drafts() -> dict:
        results = {}
        for ticket_id in EXPECTATIONS:
            raw = json.loads((PROJECT_ROOT / "knowledge" / "demo" / "tickets" / f"{ticket_id}.json").read_text(encoding="utf-8"))
            ticket = Ticket.model_validate(raw)
            results[ticket_id] = (ticket, await pipeline.draft_reply(ticket, agent=Agent(name="佐藤"), now=demo_services.now()))
        return results

    return asyncio.run(all_drafts())


def test_there_are_enough_demo_tickets_in_both_languages():
    languages = [e["language"] for e in EXPECTATIONS.values()]
    assert languages.count("ja") >= 6 and languages.count("en") >= 6


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_the_right_order_intent_and_language(drafts, ticket_id):
    expected = EXPECTATIONS[ticket_id]
    _, draft = drafts[ticket_id]
    assert draft.language == expected["language"]
    assert draft.intent.value == expected["intent"]
    assert draft.order_resolution.order_number == expected["order"]
    assert draft.order_resolution.method == expected["resolution"]


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_facts_carry_the_expected_certainty(drafts, ticket_id):
    _, draft = drafts[ticket_id]
    facts = {f.key: f.certainty.value for f in draft.facts}
    for key, certainty in (EXPECTATIONS[ticket_id].get("facts") or {}).items():
        assert facts.get(key) == certainty, f"{key}: {facts.get(key)} != {certainty}"


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_every_estimated_date_is_marked_in_its_sentence(drafts, ticket_id):
    _, draft = drafts[ticket_id]
    estimated = {f.value for f in draft.facts if f.certainty == Certainty.ESTIMATED and re.match(r"\d{4}-", f.value)}
    expected = set(map(str, EXPECTATIONS[ticket_id].get("estimated_dates") or []))
    assert expected <= estimated
    sentences = SENTENCE.findall(draft.body)
    for value in estimated:
        written = format_date(date.fromisoformat(value), draft.language)
        also_our_update = value in {f.value for f in draft.facts if f.key == "reply.next_contact"}
        mentions = [s for s in sentences if written in s and not (also_our_update and OUR_UPDATE.search(s))]
        assert mentions or value not in expected, f"{written} is not in the reply"
        for sentence in mentions:
            assert MARKER.search(sentence), f"unmarked estimate: {sentence}"


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_no_apology_before_the_first_fact(drafts, ticket_id):
    _, draft = drafts[ticket_id]
    after_greeting = draft.body.split("\n", 1)[1]
    apology = APOLOGY.search(after_greeting)
    if apology:
        first_fact = re.search(r"\d", after_greeting)  # a date, an order or tracking number
        assert first_fact and first_fact.start() < apology.start()


@pytest.mark.parametrize("ticket_id", sorted(EXPECTATIONS))
def test_signed_cited_and_free_of_error_findings(drafts, demo_services, ticket_id):
    expected = EXPECTATIONS[ticket_id]
    _, draft = drafts[ticket_id]
    shop = demo_services.shop
    assert shop.name(draft.language) in draft.body and "佐藤" in draft.body
    assert shop.department(draft.language) in draft.body
    for text in expected.get("must_not_contain") or []:
        assert text not in draft.body
    if expected.get("cite_topic"):
        assert any(c.passage_id.startswith(expected["cite_topic"] + "#") for c in draft.citations), draft.citations
    errors = [f for f in draft.findings if f.severity == Severity.ERROR]
    assert not errors, errors
