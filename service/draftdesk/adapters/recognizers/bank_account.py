"""Bank account numbers, only where the text says they are one (口座番号, 普通, account number),
and the account holder's name written with them (名義 ヤマダ タロウ)."""

from __future__ import annotations

import re

from draftdesk.adapters.recognizers.base import NUMBER_END, RegexRecognizer, rule


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


_KATAKANA_NAME = r"[ァ-ヶｦ-ﾟー]{2,}(?:[ \t][ァ-ヶｦ-ﾟー]{1,})?"  # ヤマダ タロウ, ﾔﾏﾀﾞ ﾀﾛｳ


class JapaneseAccountHolderRecognizer(RegexRecognizer):
    """The holder's name in katakana after 名義 or right after an account number, as
    bank details are written: the name tagger knows few katakana names as names
    (kanji names after 名義 it finds itself)."""

    ENTITY = "PERSON"
    RULES = (
        rule(rf"名義人?[ \t]*(?:[:は][ \t]*)?(?P<value>{_KATAKANA_NAME})", score=0.85),
        rule(
            rf"(?:口座番号|普通|当座)[^0-9\n]{{0,8}}[0-9]{{6,8}}[ \t,、]+(?P<value>{_KATAKANA_NAME})",
            score=0.85,
        ),
    )
