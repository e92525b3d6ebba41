import pytest

from draftdesk.adapters.recognizers.ja_address import JapaneseAddressRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = JapaneseAddressRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("〒150-0001 東京都渋谷区神宮前1-2-3 メゾン神宮前 502号室です。", ["東京都渋谷区神宮前1-2-3 メゾン神宮前 502号室"]),
        ("大阪府大阪市北区梅田２丁目４番９号\nブリーゼタワー12F", ["大阪府大阪市北区梅田２丁目４番９号\nブリーゼタワー12F"]),
        ("神奈川県横浜市中区山下町123番地に住んでいます", ["神奈川県横浜市中区山下町123番地"]),
        ("北海道札幌市中央区北1条西2丁目1-1", ["北海道札幌市中央区北1条西2丁目1-1"]),
        ("東京都港区六本木六丁目10番1号", ["東京都港区六本木六丁目10番1号"]),
        ("京都府京都市左京区下鴨東本町8に送ってください", ["京都府京都市左京区下鴨東本町8"]),
        ("東京都\n渋谷区神宮前1-2-3", ["東京都\n渋谷区神宮前1-2-3"]),
        ("渋谷区神宮前1-2-3のメゾン神宮前です", ["渋谷区神宮前1-2-3のメゾン神宮前"]),
        ("横浜市西区みなとみらい2-2-1", ["横浜市西区みなとみらい2-2-1"]),
        # a prefecture or city alone identifies nobody
        ("東京都に住んでいます", []),
        ("大阪市の店舗で買いました", []),
        ("北海道産のじゃがいも 5kg", []),
        ("注文番号HM-24-00123", []),
    ],
)
def test_japanese_addresses(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # street numbers in kanji numerals, after 丁目 and without it
        ("住所は東京都文京区本郷三丁目八番二十一号です", ["東京都文京区本郷三丁目八番二十一号"]),
        ("静岡県静岡市葵区追手町九番地六に", ["静岡県静岡市葵区追手町九番地六"]),
        ("山梨県甲府市丸の内一丁目二ノ十四", ["山梨県甲府市丸の内一丁目二ノ十四"]),
        ("群馬県前橋市大手町五百四十一番地の二まで", ["群馬県前橋市大手町五百四十一番地の二"]),
        ("福井県福井市大手二一〇番地", ["福井県福井市大手二一〇番地"]),
        ("神戸市中央区港島中町六番一号 ポートハイツ 八〇二", ["神戸市中央区港島中町六番一号 ポートハイツ 八〇二"]),
        # the building in several words, its room or floor in any common form
        ("東京都中野区中野四丁目十番二号 中野ガーデン 南棟 1203", ["東京都中野区中野四丁目十番二号 中野ガーデン 南棟 1203"]),
        ("大阪府堺市堺区南瓦町三番一号 堺センタービル 十二階", ["大阪府堺市堺区南瓦町三番一号 堺センタービル 十二階"]),
        ("宮城県仙台市青葉区本町二丁目一番八号 本町コーポ5-C", ["宮城県仙台市青葉区本町二丁目一番八号 本町コーポ5-C"]),
        # the name after the address is not its building
        ("京都府宇治市宇治二丁目十番 宇治 太郎 0774-20-1234", ["京都府宇治市宇治二丁目十番"]),
        # Kyoto: the street and the way from the crossing before the town
        ("京都府京都市中京区烏丸通御池上ル二条殿町五百五十二番地", ["京都府京都市中京区烏丸通御池上ル二条殿町五百五十二番地"]),
        ("京都市上京区今出川通寺町西入ル大原口町二百十番地", ["京都市上京区今出川通寺町西入ル大原口町二百十番地"]),
        # a kanji number before 番町 is a town, not a street number
        ("東京都千代田区四番町に事務所があります", []),
    ],
)
def test_kanji_numbers_buildings_and_kyoto_streets(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # addresses abroad in katakana: area, street with its street word, number, unit
        ("宛先：ニューヨーク州ブルックリン区 フラットブッシュ・アベニュー 350番 アパート4\n", ["ニューヨーク州ブルックリン区 フラットブッシュ・アベニュー 350番 アパート4"]),
        ("エディンバラ、リース・ウォーク・ロード 17番 フラット2に", ["エディンバラ、リース・ウォーク・ロード 17番 フラット2"]),
        ("ベルリン市 フリードリヒ通り 43番地 2階です", ["ベルリン市 フリードリヒ通り 43番地 2階"]),
        ("住所は ヴィア・デル・コルソ 12、00186 ローマ です", ["ヴィア・デル・コルソ 12、00186 ローマ"]),
        ("釜山広域市 海雲台区 センタム中央路 48、1203号", ["釜山広域市 海雲台区 センタム中央路 48、1203号"]),
        # street words without a number are no address
        ("ロードバイクを2台注文しました", []),
        ("表参道通りの店で3個買いました", []),
    ],
)
def test_addresses_abroad_in_katakana(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # districts before the street, units and floors after it, city and postcode after the number
        ("宛先：カルナータカ州 ベンガルール インディラナガル ドゥーパナハリ・ロード12 フラット3C、", ["カルナータカ州 ベンガルール インディラナガル ドゥーパナハリ・ロード12 フラット3C"]),
        ("サンパウロ市 ピニェイロス地区 テオドロ・サンパイオ通り1020 3階A、", ["サンパウロ市 ピニェイロス地区 テオドロ・サンパイオ通り1020 3階A"]),
        ("宛先：ユニット5 ロングストリート・ロード88 ダーバン 4001。", ["ユニット5 ロングストリート・ロード88 ダーバン 4001"]),
        ("住所：マンネルヘイミンティエ・カトゥ12 B 9、", ["マンネルヘイミンティエ・カトゥ12 B 9"]),
        ("シーロム・ソイ7 12/3。宛名", ["シーロム・ソイ7 12/3"]),
        ("釜山広域市 海雲台区 センタム中央路 48 ハナビル702号 まで", ["釜山広域市 海雲台区 センタム中央路 48 ハナビル702号"]),
        # Chinese floors, blocks and rooms
        ("地址：浙江省杭州市西湖区文三路90号2栋803室", ["浙江省杭州市西湖区文三路90号2栋803室"]),
        ("高雄市前鎮区中山二路5号12楼へ", ["高雄市前鎮区中山二路5号12楼"]),
        # post-office boxes, a building written first, a building field, a street number and building alone
        ("宛先：札幌中央郵便局 私書箱第27号", ["札幌中央郵便局 私書箱第27号"]),
        ("私書箱 4410-00100 モンバサ", ["私書箱 4410-00100 モンバサ"]),
        ("パークコート赤坂905号室 東京都港区赤坂6-1-20 まで", ["パークコート赤坂905号室", "東京都港区赤坂6-1-20"]),
        ("住所：大阪府堺市北区中百舌鳥町2-104\n建物名：コーポ山田202\n", ["大阪府堺市北区中百舌鳥町2-104", "コーポ山田202"]),
        ("続きは3-4-5 ハイツ緑202です", ["3-4-5 ハイツ緑202"]),
        ("長野県北安曇郡白馬村北城\n3020-1 ペンションアルプ", ["長野県北安曇郡白馬村北城\n3020-1 ペンションアルプ"]),
        # not addresses: a poste restante, a building named alone, a date and a product, a katakana city alone
        ("新宿郵便局留めでお願いします", []),
        ("建物名：なし", []),
        ("2026-12-02 ハイツ茶 200g", []),
        ("ケープタウンとヘルシンキに発送できますか？", []),
    ],
)
def test_addresses_abroad_units_boxes_and_buildings_first(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
