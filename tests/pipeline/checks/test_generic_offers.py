"""HS013 reads what a sentence does with an offer, not that it names one: the policy told
in general (a habit, the offer in the plural or as a topic in the ております form, a
threshold for any order), the customer's wish or question, or a negation give nothing; the
same offer made to this customer does."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_promises import promises

NOT_PROMISED = [
    ("en", "As a rule, refunds reach your card within 5 business days.", "refunds-en#methods"),
    ("en", "Refunds are issued only for items sent back within 8 days.", "returns-en#window"),
    ("en", "You asked for a full refund and a coupon for the delay.", "goodwill-en#limits"),
    ("ja", "返金は通常、返品到着後5営業日以内に行われます。", "refunds-ja#methods"),
    ("ja", "返金は商品到着後8日以内のご返品に限り承っております。", "returns-ja#window"),
    ("ja", "クーポンは当店の不手際による遅延の場合にのみお送りしております。", "goodwill-ja#limits"),
    ("ja", "5,000円以上のご注文は送料無料です。", "shipping-ja#free-shipping"),
    ("ja", "返金と交換のどちらをご希望でしょうか。", "damaged-ja#replacement"),
    ("ja", "送料無料にしてほしいとのご要望をいただきました。", "shipping-ja#free-shipping"),
]
PROMISED = [
    ("en", "We will refund your order in full.", "returns-en#window"),
    ("en", "We are sending you a coupon for the delay.", "goodwill-en#limits"),
    ("ja", "ご注文代金を返金いたします。", "returns-ja#window"),
    ("ja", "遅延のお詫びとしてクーポンをお送りいたします。", "goodwill-ja#limits"),
    ("ja", "今回のご注文は送料無料といたします。", "shipping-ja#free-shipping"),
    ("ja", "返金は11月25日に手続きしております。", "refunds-ja#methods"),  # this case's refund, on its day
]


@pytest.mark.parametrize(("language", "text", "cited"), NOT_PROMISED)
def test_an_offer_told_asked_for_or_wished_is_no_promise(language, text, cited):
    assert promises(text, language, cited, intent="where_is_my_order") == []


@pytest.mark.parametrize(("language", "text", "cited"), PROMISED)
def test_the_same_offer_made_here_is_one(language, text, cited):
    assert promises(text, language, cited, intent="where_is_my_order")
