"""HS013's offer detector on classes of phrasing the fourth blind set showed it misread:
a habitual sentence that turns to this case, a refund of the shipping fee, an offer
word that names a moment, a refund reported from the record and a subject that asks."""

from __future__ import annotations

from datetime import date

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.files import read_yaml
from draftdesk.pipeline.checks.grounding import OfferParams
from draftdesk.pipeline.checks.offers import OfferFinder
from draftdesk.pipeline.checks.words import tokenize

RAW = read_yaml(PROJECT_ROOT / "knowledge" / "house_style.yaml")
FINDER = OfferFinder(OfferParams.model_validate(next(r for r in RAW["rules"] if r["id"] == "HS013")["params"]))
TODAY = date(2026, 11, 20)


def kinds(text: str, language: str, *, headline: bool = False) -> list[str]:
    return [o.kind for o in FINDER.find(text, language, headline=headline, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        # usually …, but this time …: the part after the turn is this case's offer
        ("普段は送料を頂戴しておりますけれども、このたびは当店負担でお送りいたします。", "ja", "free_shipping"),
        ("原則として返金はお受けしておりませんが、今回に限り全額をご返金いたします。", "ja", "refund"),
        ("Shipping is normally charged, but for this order we will ship it free of charge.", "en", "free_shipping"),
    ],
)
def test_a_habitual_sentence_that_turns_to_this_case_offers(text, language, kind):
    assert kind in kinds(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("返金は通常、手続きから5営業日ほどで反映されます。", "ja"),
        ("Refunds are usually processed within five business days.", "en"),
    ],
)
def test_a_habitual_sentence_without_a_turn_still_offers_nothing(text, language):
    assert kinds(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("商品代金とあわせて、お支払いの送料もご返金いたします。", "ja"),
        ("We will refund the teacups and the postage you paid.", "en"),
    ],
)
def test_a_refunded_shipping_fee_is_free_shipping_too(text, language):
    assert {"refund", "free_shipping"} <= set(kinds(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("送料660円を差し引いてご返金いたします。", "ja"),
        ("We will refund the price less the return postage.", "en"),
    ],
)
def test_a_fee_kept_back_from_a_refund_is_no_free_shipping(text, language):
    assert "free_shipping" not in kinds(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Changes requested before shipping are free of charge.",
        "Any cancellation made prior to dispatch is free.",
    ],
)
def test_an_offer_word_naming_a_moment_is_no_offer(text):
    assert "free_shipping" not in kinds(text, "en")


def test_a_refund_reported_from_the_record_is_stated_as_done():
    [offer] = FINDER.find("According to our records, a refund of $12.00 was issued to your card.", "en", today=TODAY)
    assert offer.past
    [offer] = FINDER.find("Our system records show a refund of $12.00 on this order.", "en", today=TODAY)
    assert offer.past


@pytest.mark.parametrize("subject", ["Re: 返金していただけますか", "送料無料になりますか", "明日届きますか"])
def test_a_japanese_subject_that_asks_without_a_question_mark_offers_nothing(subject):
    assert kinds(subject, "ja", headline=True) == []


def _subject_findings(subject: str, ticket_subject: str) -> list[str]:
    from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
    from draftdesk.pipeline.check import check, load_rules

    rules = load_rules(PROJECT_ROOT / "knowledge" / "house_style.yaml")
    contexts, cases = load_cases(DEFAULT_CASES_DIR)
    context = contexts["shipped_ja"]
    context = context.model_copy(
        update={"subject": subject, "ticket": context.ticket.model_copy(update={"subject": ticket_subject})}
    )
    text = next(case.text for case in cases if case.id == "ja-good-shipped")
    return [f.rule for f in check(text, context=context, rules=rules) if f.rule == "HS013"]


def test_the_customers_subject_sent_back_is_their_words_not_our_offer():
    assert _subject_findings("Re: 送料無料で再送してください", "送料無料で再送してください") == []
    assert _subject_findings("RE:  送料無料で 再送してください", "送料無料で再送してください") == []
    # the same words as a subject of our own are an offer
    assert _subject_findings("送料無料で再送してください", "まだ届きません") == ["HS013", "HS013"]


@pytest.mark.parametrize(
    ("sentences", "language"),
    [
        (["ご請求書をお送りしておりますが、届いていないとのことですので、", "請求書を再度お送りいたします。"], "ja"),
        (["お支払い方法の詳細は、ご注文時のメールに記載しております。", "お手元にない場合は、もう一度お送りします。"], "ja"),
        (["The tracking link is in the shipping e-mail.", "If you can't find it, we will send it again."], "en"),
    ],
)
def test_a_message_sent_again_is_no_reshipment(sentences, language):
    assert "reshipment" not in _paragraph_kinds(sentences, language)


@pytest.mark.parametrize(
    ("sentences", "language"),
    [
        (["割れていた急須の写真をメールでお送りください。", "確認後、再度お送りします。"], "ja"),
        (["Please e-mail us a photo of the broken teapot.", "Once we have it, we will send it again."], "en"),
        (["代替品と返品のご案内を、再度お送りいたします。"], "ja"),
    ],
)
def test_goods_sent_again_stay_a_reshipment(sentences, language):
    assert "reshipment" in _paragraph_kinds(sentences, language)


def _paragraph_kinds(sentences: list[str], language: str) -> list[str]:
    """The offers of a paragraph's sentences, each read with the ones before it."""
    found: list[str] = []
    paragraph: list = []
    for sentence in sentences:
        found += [o.kind for o in FINDER.find(sentence, language, today=TODAY, paragraph=paragraph)]
        paragraph = [*paragraph, *tokenize(sentence, language)]
    return found
