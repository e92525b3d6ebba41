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
