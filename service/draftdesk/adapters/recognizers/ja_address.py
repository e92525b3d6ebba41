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
_CITY = rf"(?:{_NAME}{{1,8}}?郡)?{_NAME}{{1,8}}?[市区町村](?:{_KANJI}{{1,4}}?区)?"
_CITY_WITHOUT_PREFECTURE = rf"{_KANJI}{{1,5}}?[市区](?:{_KANJI}{{1,4}}?区)?"
_DISTRICT_AND_TOWN = rf"(?:{_KANJI}{{1,5}}?郡{_KANJI}{{1,4}}?[町村]|{_KANJI}{{1,5}}?市(?:{_KANJI}{{1,4}}?区)?)"
_TOWN = rf"[ \t]*\n?[ \t]*{_NAME}{{0,10}}?(?:[0-9]{{1,2}}条{_NAME}{{0,4}}?)?"  # 北1条西…
_STREET = (
    # A kanji number is a street number only before 丁目: 二番町 is a town.
    rf"(?:[0-9]{{1,4}}(?:丁目|-|ー|番地?の?)|{_KANJI_NUMBER}丁目)"
    r"(?:[0-9]{1,4}(?:番地?|号|-|ー|の)?){0,3}"
    r"|[0-9]{1,5}番地"
)
_BUILDING_WORD = r"(?:ハイツ|マンション|コーポ|レジデンス|タワー|ビル|ヒルズ|ハウス|荘|メゾン|フロント|パレス|コート|プラザ|ガーデン|テラス|アパート|団地)"
_NOT_A_BUILDING = r"(?!電話|TEL|Tel|携帯|FAX|メール|連絡|自宅)"
_ROOM_END = r"(?![0-9\-])"
_BUILDING = (
    rf"(?:[ \t]*\n?[ \t]*{_NOT_A_BUILDING}[一-龠々ぁ-んァ-ヶーA-Za-z・Ⅰ-Ⅻ]{{1,20}}[ \t]?-?"
    rf"(?:[0-9]{{1,4}}(?:号室|号|F|階)?|[A-Z]-?[0-9]{{1,4}}){_ROOM_END}"
    rf"|[ \t]*[\nの、]?[ \t]*[一-龠々ァ-ヶーA-Za-z・]{{0,10}}{_BUILDING_WORD}[一-龠々ァ-ヶーA-Za-z・Ⅰ-Ⅻ]{{0,10}}"
    rf"(?:[ \t]?[0-9]{{1,4}}(?:号室|号)?{_ROOM_END})?)?"
    r"(?:[ \t]*[0-9]{1,4}号室)?"
)


class JapaneseAddressRecognizer(RegexRecognizer):
    ENTITY = "ADDRESS"
    RULES = (
        rule(rf"{PREFECTURE}[ \t]*\n?[ \t]*{_CITY}{_TOWN}(?:{_STREET}|[0-9]{{1,5}}(?![0-9])){_BUILDING}", score=0.9),
        rule(rf"{_CITY_WITHOUT_PREFECTURE}{_TOWN}(?:{_STREET}){_BUILDING}", score=0.7),
        # Korean (충청남도 음성군 월내해안로 73 114동 302호) and Chinese (山东省晋城市徐家棚38号)
        # addresses turn up when a customer sends a gift abroad.
        rule(
            r"(?:[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도)\s?)?(?:[가-힣]+(?:시|군|구)\s?){1,2}"
            r"[가-힣0-9]+(?:로|길)\s?[0-9]+(?:-[0-9]+)?(?:\s?[0-9]+동)?(?:\s?[0-9]+호)?",
            score=0.8,
        ),
        rule(r"[一-龥]{2,8}?(?:省|自治区)[一-龥]{1,8}?[市县区][一-龥0-9]{1,16}?[0-9]{1,5}号(?:[0-9]{1,4}室)?", score=0.7),
        # 豊川市御津町大草1540, 猿島郡境町若林2463-901: a plain lot number after a town of
        # kanji or katakana only (hiragana would let "渋谷区で1000円" in).
        rule(rf"{_DISTRICT_AND_TOWN}[一-龠々〆ヶケァ-ヶー]{{1,10}}?[0-9]{{1,5}}(?:番地?)?(?:[-の][0-9]{{1,4}}){{0,2}}{_ROOM_END}{_BUILDING}", score=0.6),
    )
