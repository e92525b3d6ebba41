import pytest

from draftdesk.adapters.recognizers.ja_person import JapanesePersonRecognizer
from tests.adapters.recognizers.spans import found_with_tokens

RECOGNIZER = JapanesePersonRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田 太郎です。", ["山田 太郎"]),
        ("高橋　翔太と申します", ["高橋　翔太"]),
        ("鈴木一郎", ["鈴木一郎"]),
        ("森 春香です", ["森 春香"]),  # surname that is also a common word
        ("小林 まこと\n", ["小林 まこと"]),  # given name that is also a common word
        ("渋谷 健一", ["渋谷 健一"]),  # surname that is also a place
        ("東 健です。", ["東 健"]),
        ("林さんから聞きました", ["林"]),
        ("ひかり様", ["ひかり"]),
        ("スミスさん、こんにちは", ["スミス"]),
        ("松本と申します。", ["松本"]),
        ("翼\n", ["翼"]),  # a given name alone on its line: a signature
        ("光より\n（いつも楽しみにしています）", ["光"]),  # a one-kanji name signing off
        ("太郎より\n", ["太郎"]),
        # not names
        ("お客様各位", []),
        ("担当者様へ", []),
        ("三菱UFJ銀行 梅田支店", []),
        ("配送業者はヤマト運輸でしょうか", []),
        ("北海道産のじゃがいも", []),
        ("まことにありがとうございます", []),
        ("母より\n", []),
        ("本日より\n", []),
    ],
)
def test_japanese_names(text: str, expected: list[str]) -> None:
    assert found_with_tokens(RECOGNIZER, text) == expected
