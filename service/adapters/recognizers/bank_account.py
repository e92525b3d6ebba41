"""Bank account numbers, only where the text says they are one (口座番号, 普通, account number)."""

from __future__ import annotations

import re

from service.adapters.recognizers.base import NUMBER_END, RegexRecognizer, rule


class JapaneseBankAccountRecognizer(RegexRecognizer):
    """Seven digits after 口座番号 / 普通 / 当座 (the branch number is not personal)."""

    ENTITY = "BANK_ACCOUNT"
    RULES = (
        rule(r"(?:口座番号|口座|普通預金|当座預金|普通|当座|総合)[^0-9\n]{0,8}(?P<value>[0-9]{6,8})" + NUMBER_END, score=0.9),
    )


class EnglishBankAccountRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    RULES = (
        rule(
            r"(?:account\s(?:number|no\.?|\#)|acct\.?\s?(?:no\.?|\#)?)[^0-9\n]{0,6}(?P<value>[0-9]{6,12})" + NUMBER_END,
            score=0.9,
            flags=re.IGNORECASE,
        ),
    )
