"""Japanese street addresses: prefecture → city → town → chōme/banchi/gō → building, room.

An address is only an address once it reaches a street number (1-2-3, 1丁目2番3号,
123番地): a prefecture or city alone ("東京都に住んでいます") identifies nobody and
stays. The building and room may follow on the same line or the next one.
"""

from __future__ import annotations

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule
from draftdesk.adapters.recognizers.places import PREFECTURE

_KANJI = r"[一-龠々〆ヶケ]"
_NAME = r"[一-龠々〆ヶケぁ-んァ-ヶー]"
_KANJI_NUMBER = r"[一二三四五六七八九十]{1,3}"
# Street numbers in kanji: 四百二十七番地, 三千六百番地の百二十, 一二三番地, 七〇五.
_KANJI_NUMERAL = r"[一二三四五六七八九十百千〇]{1,7}"
_NUMBER = rf"(?:[0-9]{{1,4}}|{_KANJI_NUMERAL})"
_CITY = rf"(?:{_NAME}{{1,8}}?郡)?{_NAME}{{1,8}}?[市区町村](?:{_KANJI}{{1,4}}?区)?"
_CITY_WITHOUT_PREFECTURE = rf"{_KANJI}{{1,5}}?[市区](?:{_KANJI}{{1,4}}?区)?"
_DISTRICT_AND_TOWN = rf"(?:{_KANJI}{{1,5}}?郡{_KANJI}{{1,4}}?[町村]|{_KANJI}{{1,5}}?市(?:{_KANJI}{{1,4}}?区)?)"
# Kyoto names a street and which way to go from a crossing before the town:
# 河原町通三条上ル恵比須町, 烏丸通仏光寺下ル大政所町, 寺町通今出川下ル真如堂前町.
_KYOTO_WAY = rf"(?:{_NAME}{{1,6}}?通{_NAME}{{0,6}}?(?:上ル|下ル|上る|下る|[東西]入ル?|[東西]入る))?"
_TOWN = rf"[ \t]*\n?[ \t]*{_KYOTO_WAY}{_NAME}{{0,10}}?(?:[0-9]{{1,2}}条{_NAME}{{0,4}}?)?"  # 北1条西…
_STREET = (
    # A kanji number is a street number only before 丁目, 番地, 番 + number or 号: 二番町 is a town.
    rf"(?:[0-9]{{1,4}}(?:丁目|-|ー|番地?の?)|{_KANJI_NUMBER}丁目|{_KANJI_NUMERAL}(?:番地|番(?={_NUMBER})|号))"
    rf"(?:[のノ]?{_NUMBER}(?:番地?|号|-|ー|ノ)?){{0,3}}"
    r"|[0-9]{1,5}番地"
)
_BUILDING_WORD = r"(?:ハイツ|マンション|コーポ|レジデンス|タワー|ビル|ヒルズ|ハウス|荘|メゾン|フロント|パレス|コート|プラザ|ガーデン|テラス|アパート|団地|ペンション)"
_NOT_A_BUILDING = r"(?!電話|TEL|Tel|携帯|FAX|メール|連絡|自宅)"
_ROOM_END = r"(?![0-9\-])"
# A building's name in up to three words (筑波大学 平砂宿舎 5号棟, MMタワーズ W棟), then its room
# or floor: 1102, 304号室, 5F, 七階, 十四階, 七〇五, B-2, 3-B, #12-03.
_BUILDING_NAME = r"(?:[一-龠々ぁ-んァ-ヶーA-Za-z・Ⅰ-Ⅻ][一-龠々ぁ-んァ-ヶーA-Za-z・Ⅰ-Ⅻ0-9]{0,19}|[0-9A-Z]{1,3}号?[棟栋])"
_ROOM = (
    # 楼 and 室: a floor and a room in Chinese (复興南路一段219巷8号5楼, 漕溪北路88号1502室)
    rf"(?:[0-9]{{1,4}}(?:号室|号|F|階|楼|室)?|[A-Z]-?[0-9]{{1,4}}|[0-9]{{1,4}}-[A-Z]|{_KANJI_NUMERAL}(?:号室|階)"
    r"|[〇一二三四五六七八九]{3,4})"
)
_BUILDING = (
    rf"(?:[ \t]*\n?[ \t]*{_NOT_A_BUILDING}{_BUILDING_NAME}(?:[ \t\u3000]{_NOT_A_BUILDING}{_BUILDING_NAME}){{0,2}}[ \t]?-?"
    rf"{_ROOM}{_ROOM_END}"
    rf"|[ \t]*[\nの、]?[ \t]*[一-龠々ァ-ヶーA-Za-z・]{{0,10}}{_BUILDING_WORD}[一-龠々ァ-ヶーA-Za-z・Ⅰ-Ⅻ]{{0,10}}"
    rf"(?:[ \t]?[0-9]{{1,4}}(?:号室|号)?{_ROOM_END})?)?"
    r"(?:[ \t]*[0-9]{1,4}号室)?"
)

# Addresses abroad written in katakana: the street (a name ending in a street word, or
# Italian/French/Spanish words that open it), its number, then unit or floor; the city,
# state or district before it (ロンドン、ケンジントン、 / カリフォルニア州サンノゼ市 / パリ15区).
_KATAKANA = r"[ァ-ヺー]"
_ABROAD_STREET = (
    rf"(?:(?:{_KATAKANA}+[・=＝])+{_KATAKANA}*|{_KATAKANA}[ァ-ヺー一-龠々]+)(?:ロード|ストリート|アベニュー|ウェイ|ウエイ|ドライブ|レーン|ブールバード|プレイス|通り|通|路|ソイ|カトゥ|シュトラーセ)"
    rf"|(?:ヴィア|ビア|リュ|リュー|カジェ|カイエ|ルア|アベニーダ|コルソ|ピアッツァ|ラ)[・=＝]{_KATAKANA}+(?:[・=＝]{_KATAKANA}+)*"
)
# An area is a name with its unit (州, 市, 区 …), or a katakana name (a district, a city) before a comma
# or a space: ムンバイ バンドラ西 ヒル・ロード24, ラゴス州 イケジャ アウォロウォ通り31.
_ABROAD_AREA = (
    rf"(?:{_KATAKANA}{{2,10}}、[ \u3000]?|[ァ-ヺー一-龠0-9]{{1,12}}?(?:州|市|区|特別市|都|県|省)[ \u3000、]?"
    rf"|{_KATAKANA}{{2,10}}[東西南北]?[ \u3000])"
)
_ABROAD_UNIT = (
    r"(?:[、, \u3000]+(?:(?:フラット|アパート|レベル|ユニット|スイート|ルーム|ビル)[ \u3000]?[0-9A-Z]{1,4}"
    r"|[0-9]{1,3}(?:階|F)(?:[ \u3000]?[左右]|[A-Z])?|\#[0-9]{1,3}-[0-9]{1,4}|[0-9]{1,4}号室?"
    # a named building and its room (ウォンビル1103号), a Nordic stair and flat (9 A 7)
    rf"|{_KATAKANA}{{1,10}}ビル[ \u3000]?[0-9]{{1,4}}号?室?|[A-Z][ \u3000]?[0-9]{{1,3}}"
    rf"|[0-9]{{4,6}}[ \u3000]{_KATAKANA}{{2,10}}))*"
    # the district, city and postcode after the street (ロンデボッシュ ケープタウン 7700, ディリマン ケソン市)
    rf"(?:[ \u3000]{_KATAKANA}{{2,10}}市?){{0,2}}(?:[ \u3000][0-9]{{4,6}})?"
)
# A flat or unit written before its street: フラット2 ポンソンビー・ロード210, ユニット3B カティプナン通り45
_ABROAD_UNIT_FIRST = r"(?:(?:フラット|アパート|ユニット|スイート|ルーム)[ \u3000]?[0-9A-Z]{1,4}[ \u3000、]?)?"
_ABROAD = (
    rf"{_ABROAD_AREA}{{0,3}}{_ABROAD_UNIT_FIRST}(?<![ァ-ヺー・])(?:{_ABROAD_STREET})[ \u3000]?[0-9]{{1,5}}(?:/[0-9]{{1,4}})?(?:番地?|号)?"
    # a Thai house number after its soi: スクンビット・ソイ49 88/12
    rf"(?:[ \u3000][0-9]{{1,4}}/[0-9]{{1,4}})?"
    rf"(?:[ \u3000]?(?:キル|ギル|ゲ)[ \u3000]?[0-9]{{1,4}})?{_ABROAD_UNIT}(?![0-9])"
)


# Shapes that do not start at a prefecture or city (redact11):
_MORE_RULES = (
    # A post-office box, with its post office or town: 那覇中央郵便局 私書箱第115号, 私書箱 52110-00200 ナイロビ
    rule(rf"(?:{_NAME}{{1,10}}郵便局[ \u3000]?)?私書箱[ \u3000]?第?[0-9][0-9\-]{{0,11}}号?(?:[ \u3000、]?{_KATAKANA}{{2,10}}市?)?", score=0.8),
    # The building and room written first, then the address: グランドメゾン北浜1204号室 大阪市中央区…
    rule(rf"[一-龠々ァ-ヶーA-Za-z・]{{2,15}}?[0-9]{{1,4}}号室?(?=[ \u3000]+(?:{PREFECTURE}|{_CITY_WITHOUT_PREFECTURE}))", score=0.7),
    # A form's building field: 建物名：サニーハイツ803
    rule(r"(?:建物名?|マンション名|住所[2２]|番地以降)[ \t]*[:：][ \t]*(?P<value>[^\n:：]{1,30}?[0-9]{1,4}(?:号室|号)?)[ \t]*(?=\n|$)", score=0.7),
    # The street number and a building, the town said before: 続きは5-17-2 プレジデント松井ビル1101
    rule(
        rf"(?<![0-9\-])[0-9]{{1,2}}-[0-9]{{1,3}}-[0-9]{{1,4}}[ \t\u3000]+[一-龠々ァ-ヶーA-Za-z・]{{0,10}}{_BUILDING_WORD}"
        rf"[一-龠々ァ-ヶーA-Za-z・]{{0,10}}[0-9]{{1,4}}(?:号室)?{_ROOM_END}",
        score=0.7,
    ),
)


class JapaneseAddressRecognizer(RegexRecognizer):
    ENTITY = "ADDRESS"
    RULES = (
        rule(rf"{PREFECTURE}[ \t]*\n?[ \t]*{_CITY}{_TOWN}[ \t]*\n?[ \t]*(?:{_STREET}|[0-9]{{1,5}}(?![0-9])){_BUILDING}", score=0.9),
        rule(rf"{_CITY_WITHOUT_PREFECTURE}{_TOWN}(?:{_STREET}){_BUILDING}", score=0.7),
        # Korean (충청남도 음성군 월내해안로 73 114동 302호) and Chinese (山东省晋城市徐家棚38号)
        # addresses turn up when a customer sends a gift abroad.
        rule(
            r"(?:[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도)\s?)?(?:[가-힣]+(?:시|군|구)\s?){1,2}"
            r"[가-힣0-9]+(?:로|길)\s?[0-9]+(?:-[0-9]+)?(?:,?\s?[0-9]+동)?(?:,?\s?[0-9]+호)?",
            score=0.8,
        ),
        rule(_ABROAD, score=0.7),
        rule(r"[一-龥]{2,8}?(?:省|自治区)[一-龥]{1,8}?[市县区][一-龥0-9]{1,16}?[0-9]{1,5}号(?:[0-9]{1,3}[栋棟座])?(?:[0-9]{1,4}[室楼])?", score=0.7),
        # 豊川市御津町大草1540, 猿島郡境町若林2463-901: a plain lot number after a town of
        # kanji or katakana only (hiragana would let "渋谷区で1000円" in).
        rule(rf"{_DISTRICT_AND_TOWN}[一-龠々〆ヶケァ-ヶー]{{1,10}}?[0-9]{{1,5}}(?:番地?)?(?:[-の][0-9]{{1,4}}){{0,2}}{_ROOM_END}{_BUILDING}", score=0.6),
        *_MORE_RULES,
    )
