import pytest

from draftdesk.adapters.recognizers.bank_account import (
    EnglishBankAccountRecognizer,
    JapaneseAccountHolderRecognizer,
    JapaneseBankAccountRecognizer,
)
from tests.adapters.recognizers.spans import found

JAPANESE = JapaneseBankAccountRecognizer(language="ja")
ENGLISH = EnglishBankAccountRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("みずほ銀行 渋谷支店 普通 1234567 ヤマダ タロウ", ["1234567"]),
        ("口座番号７６５４３２１でお願いします", ["７６５４３２１"]),
        ("梅田支店（店番号 123）当座 2345678", ["2345678"]),
        ("口座番号 0123456（普通）", ["0123456"]),
        ("渋谷支店 店番号 123", []),
        ("注文番号 1234567", []),
        ("普通郵便で 2 個", []),
    ],
)
def test_japanese_bank_accounts(text: str, expected: list[str]) -> None:
    assert found(JAPANESE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Account number 12345678, sort code 20-00-00", ["12345678"]),
        ("refund to account no. 987654321 please", ["987654321"]),
        ("order number 12345678", []),
    ],
)
def test_english_bank_accounts(text: str, expected: list[str]) -> None:
    assert found(ENGLISH, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("楽天銀行 ジャズ支店 普通預金 1122334 名義エンドウ サトミ", ["エンドウ サトミ"]),
        ("みずほ銀行 渋谷支店 普通 1234567 ヤマダ タロウ", ["ヤマダ タロウ"]),
        ("口座名義：ﾔﾏﾀﾞ ﾀﾛｳ", ["ﾔﾏﾀﾞ ﾀﾛｳ"]),
        ("名義人は スズキ ハナコ です", ["スズキ ハナコ"]),
        ("名義変更をしたいです", []),
        ("注文番号 1234567 ギフト", []),
    ],
)
def test_japanese_account_holders(text: str, expected: list[str]) -> None:
    assert found(JapaneseAccountHolderRecognizer(language="ja"), text) == expected
