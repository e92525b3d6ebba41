"""Does a customer's text carry a full payment card number or a My Number?

Such a ticket gets a reply asking, politely, not to send them by e-mail (house rule
HS019, a template line) and the `pii_in_ticket` flag. A card number is 13–19 digits,
in one run or grouped as cards print them, that pass the Luhn check, or that follow a card word (a mistyped
number is still the customer's); a My Number is 12 digits introduced as one. Four
digits alone ("the card ending 1234") are neither.
"""

from __future__ import annotations

import re
import unicodedata

from draftdesk.text.mentions import is_card_number

# Card-shaped: one run of digits, or groups of four (4-4-4-4, 4-4-4-1…7) or 4-6-5
# (American Express); order numbers grouped otherwise (250-1234567-1234567) are not.
_DIGIT_RUN = re.compile(
    r"(?<![0-9\-])(?:[0-9]{12,19}|[0-9]{4}(?:[ \-][0-9]{4}){2}[ \-][0-9]{1,7}|[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{5}"
    r"|[0-9]{4}[ \-][0-9]{4}[ \-][0-9]{4})(?![0-9\-])"
)
_CARD_WORD = re.compile(r"(?:カード|card|visa|master|jcb|amex|american express)\D{0,20}$", re.IGNORECASE)
_MY_NUMBER_WORD = re.compile(r"(?:マイナンバー|個人番号|my\s*number)\D{0,20}$", re.IGNORECASE)


def has_sensitive_number(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text)
    for run in _DIGIT_RUN.finditer(folded):
        digits = re.sub(r"\D", "", run.group())
        before = folded[max(0, run.start() - 40):run.start()]
        if len(digits) == 12 and _MY_NUMBER_WORD.search(before):
            return True
        if 13 <= len(digits) <= 19 and (is_card_number(digits) or _CARD_WORD.search(before)):
            return True
    return False
