"""The food-quality passage grants what its text says: spoiled sweets or tea before
their best-before date are defective, re-sent or refunded — it states no days since
delivery, so its grant sets none (the 7 days belong to the report passage)."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_promises import promises


@pytest.mark.parametrize(
    ("text", "language", "cited"),
    [
        ("確認のうえ、同じ商品を再発送いたします。", "ja", "damaged-ja#food-quality"),
        ("After checking the photos, we will refund the item.", "en", "damaged-en#food-quality"),
    ],
)
def test_spoiled_food_is_replaced_or_refunded_weeks_after_delivery(text, language, cited):
    assert promises(text, language, cited, **{"shipment.delivered_at": "2026-10-21"}) == []


def test_the_grant_still_needs_a_defect():
    assert promises("We will refund the item.", "en", "damaged-en#food-quality", intent="return") != []
