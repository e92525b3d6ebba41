"""E-mail addresses, also when glued to Japanese text (taro@example.jpまで).

No public-suffix check: an address at a private or reserved domain
(accounts@shop.internal) is still someone's address, and redacting a look-alike is
harmless while missing a real one is not.
"""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule


class EmailAddressRecognizer(RegexRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    RULES = (
        rule(
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9\-])",
            score=0.95,
        ),
    )
