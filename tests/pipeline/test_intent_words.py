"""Intent phrases matched on words: inflections, politeness, negation, the sentence that asks."""

from __future__ import annotations

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Intent, Ticket
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules
from draftdesk.pipeline.intent_words import WordPhrase, read_words


@pytest.fixture(scope="session")
def rules() -> IntentRules:
    return load_intent_rules(PROJECT_ROOT / "knowledge" / "intents.yaml")


def _found(phrase: str, text: str, language: str = "ja") -> bool:
    parsed = WordPhrase.parse(phrase, language)
    assert parsed is not None
    return parsed.found_in(read_words(text, language))


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("届かない", "荷物がまだ届いておりません。", True),
        ("届かない", "まだ届いてないんですけど", True),
        ("届かない", "明日届きますか", False),  # the negative is a word
        ("経つ", "注文から10日経ちました", True),
        ("予定日を過ぎ", "予定日を過ぎております", True),
        ("予定日を過ぎ", "予定日が過ぎております", False),  # a particle the phrase writes must be there
        ("宛先を変更", "お宛先の変更をお願いします", False),
        ("宛先を変更", "宛先をご変更いただけますか", True),
    ],
)
def test_japanese_phrases_match_any_inflection(phrase: str, text: str, found: bool) -> None:
    assert _found(phrase, text) is found


def test_a_word_with_something_after_it_keeps_it() -> None:
    # 返品した (already returned) is not every mention of 返品; nor is "shipped" "shipping".
    assert WordPhrase.parse("返品した", "ja") is None
    assert WordPhrase.parse("shipped", "en") is None
    assert WordPhrase.parse("send it back", "en") is not None


def test_english_phrases_match_other_inflections() -> None:
    assert _found("send it back", "can I sent it back?", "en")
    assert not _found("send it back", "can I send the bowl back?", "en")


def _intent(rules: IntentRules, body: str, subject: str = "") -> Intent:
    return intake(Ticket(id="T-1", subject=subject, body=body), rules=rules).intent


def test_english_negations_are_written_out(rules: IntentRules) -> None:
    assert _intent(rules, "Opened the box and found a teapot. This isn't what I ordered.") is Intent.WRONG_ITEM
    assert _intent(rules, "The lid doesnt fit the jar at all, I would like to send it back.") is Intent.RETURN


def test_the_sentence_that_asks_decides(rules: IntentRules) -> None:
    body = "My son placed this order by mistake yesterday. Would it be possible to cancel it before it ships?"
    assert _intent(rules, body, subject="Order by mistake") is Intent.CANCEL


def test_a_sign_written_several_ways_counts_once(rules: IntentRules) -> None:
    # 届きません, 届かない, 届いていない … are one sign of a missing parcel, not four: the
    # delay named once in the subject is not outweighed by repeating it.
    received = intake(
        Ticket(id="T-1", subject="予定日を過ぎています", body="まだ届いていません。届かないのはなぜですか。"), rules=rules
    )
    assert received.intent is Intent.DELAY
