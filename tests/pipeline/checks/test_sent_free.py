"""HS013: a parcel we send, said free of charge, offers its shipping too — a cited passage
may allow the re-shipment and not its being free."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_promises import promises


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will resend your parcel at no cost to you.", "en"),
        ("お荷物は無償で再発送いたします。", "ja"),
    ],
)
def test_a_parcel_resent_free_offers_its_shipping_too(text, language):
    returned = {"order.status": "returned", "shipment.return_reason": "storage_expired"}
    cited = "address-en#returned-to-sender" if language == "en" else "address-ja#returned-to-sender"
    [message] = promises(text, language, cited, intent="where_is_my_order", **returned)
    assert "free_shipping" in message  # the re-shipment itself is allowed; its being free is not
    plain = "We will resend your parcel." if language == "en" else "お荷物は再発送いたします。"
    assert promises(plain, language, cited, intent="where_is_my_order", **returned) == []
