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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a kanji given name after a surname and a space, whatever its part of speech
        ("先日、三船 颯様からお菓子をいただきました。", ["三船 颯"]),
        ("受取人：Li Na（李 娜）\n電話：03-1234-5678", ["Li Na", "李 娜"]),
        ("送り先は 長宗我部 瑠璃 090-1111-2222 です", ["長宗我部 瑠璃"]),
        # what the text calls a name: 名前は / 苗字は / 名義 / 表札は / 読みは / 表記は
        ("名前は OLEG PETROV で登録しています。", ["OLEG PETROV"]),
        ("名前はLukas、苗字はBrandstetterです。", ["Lukas", "Brandstetter"]),
        ("表札は「NGUYEN」になっています。", ["NGUYEN"]),
        ("口座名義は「ヤマナカ サトシ」です。", ["ヤマナカ サトシ"]),
        ("読みは「たかなし こはる」です。", ["たかなし こはる"]),
        ("苗字は辻（つじ）です。", ["辻（つじ）"]),  # name and reading, one span
        # and what it says is read or called so
        ("（さいぐさ と読みます）", ["さいぐさ"]),
        ("みんなは「リーザ」と呼んでいます。", ["リーザ"]),
        # a Latin name introducing itself or after a kinship word
        ("Marie-Louise Fontaineと申します。", ["Marie-Louise Fontaine"]),
        ("父はHendrikですが、日本語は読めません。", ["Hendrik"]),
        # the same name in brackets, in another script
        ("名前：Kofi Mensah（コフィ）", ["Kofi Mensah", "コフィ"]),
        ("受取人はMina（美菜）、電話は後で送ります。", ["Mina", "美菜"]),
        # a name joined by と to one found; a card or letter opening with its addressee
        ("ソムチャイとプラーニーの二人で店をやっています。", ["ソムチャイ", "プラーニー"]),
        ("「葵へ　合格おめでとう！」と書いてください", ["葵"]),
        # who asked the writer to write; a name called at the start of a line; the wrong spelling before the right
        ("マリアンから頼まれて代わりに連絡しています。", ["マリアン"]),
        ("母の代わりに連絡します。", []),
        ("健太、荷物届いたよ！", ["健太"]),
        ("宛名は小野寺ではなく小野田です。", ["小野寺", "小野田"]),
        ("本日ではなく明日です。", []),
        # the cue without a name
        ("名前は必須ですか？", []),
        ("お名前はフルネームでお願いします。", []),
        ("苗字は同じです。", []),
        ("皆様へ\nいつもありがとうございます", []),
        ("受取人：佐藤（同じです）", ["佐藤"]),
        ("汐見 政宗（父）まで", ["汐見 政宗"]),
    ],
)
def test_names_the_text_points_at(text: str, expected: list[str]) -> None:
    assert sorted(found_with_tokens(RECOGNIZER, text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a chat's speaker labels: the agent's name before the colon, and wherever it stands again
        ("オペレーターあおい：ご用件をどうぞ\nお客様：箱がへこんでました\nオペレーターあおい：失礼しました", ["あおい", "あおい"]),
        ("[10:02] オペレーター（千夏）：確認します\n[10:03] お客様：はい", ["千夏"]),
        ("お客様: 住所まちがえました\n担当広瀬: 承知しました", ["広瀬"]),
        ("担当者：承知しました\nお客様：はい", []),
        # a speaker label that opens several lines is no form field: what the customer says is no name ...
        ("お客様：きのう頼んだお茶がまだです\nお客様：急ぎです\n担当：確認します", []),
        # ... unless it is one
        ("お客様：もりた けい\nお客様：よろしくです", ["もりた けい"]),
        # a form's name field with its script named: お名前（カナ）
        ("お名前（漢字）：北条 晴\nお名前（カナ）：ホウジョウ ハル\n", ["北条 晴", "ホウジョウ ハル"]),
        # what the text calls a surname, a given name, a maiden name or the name on a gift
        ("姓は沢、名は潤です。", ["沢", "潤"]),
        ("旧姓は岡です。", ["岡"]),
        ("のしの名入れは「峰」でお願いします。", ["峰"]),
        ("カード名義 TAKERU OIKAWA）でお支払い", ["TAKERU OIKAWA"]),
        # a role or department before a person: 受付の林が, 経理の桜から
        ("受付の梢がCCに入っています。", ["梢"]),
        ("経理の楓から届いた見積もりです。", ["楓"]),
        # a company quoted as an addressee is no person; a person after it is
        ("宛名を「株式会社ソラ商事 営業部」にしてください。", []),
        ("宛名は「有限会社あおば　御中」です。", []),
    ],
)
def test_names_by_the_shape_of_the_mail(text: str, expected: list[str]) -> None:
    assert found_with_tokens(RECOGNIZER, text) == expected
