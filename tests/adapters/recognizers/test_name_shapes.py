import pytest

from draftdesk.adapters.recognizers.name_shapes import NameShapeRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = NameShapeRecognizer(language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # capitals as on a passport or a card
        ("the passport says TAKAHASHI YUUTO, the ticket too", ["TAKAHASHI YUUTO"]),
        ("Cardholder: DE LOS SANTOS, ANA LUCIA", ["DE LOS SANTOS, ANA LUCIA"]),
        ("SHIP TO MACLEOD, FIONA\n", ["MACLEOD, FIONA"]),
        ("name on the card R J OKORO-BELLO", ["R J OKORO-BELLO"]),
        ("printed as LI Wenjun on the label", ["LI Wenjun"]),
        # a mail header, a hyphenated honorific, initials before a particle
        ("From: Balogun, Adaeze <a.balogun@example.ng>", ["Balogun, Adaeze"]),
        ("a gift from Haruki-san's office", ["Haruki"]),
        ("please print P. K. van Dijk on it", ["P. K. van Dijk"]),
        # Japanese mail: romanisation in brackets, form labels, quotes, katakana particles, half-width kana, hangul
        ("アナ・デ・ソウザ様（Ana de Souza）宛て", ["アナ・デ・ソウザ", "Ana de Souza"]),
        ("受取人：Pieter de Vries\n電話", ["Pieter de Vries"]),
        ("お名前 takeshi yamada 住所 不明", ["takeshi yamada"]),
        ("登録名が「Yuuki Sato」ですが正しくは「Yūki Satō」です", ["Yuuki Sato", "Yūki Satō"]),
        ("振込名義：ｽｽﾞｷ ﾊﾅｺ", ["ｽｽﾞｷ ﾊﾅｺ"]),
        ("韓国の祖母 최영희 へ", ["최영희"]),
        # not names: shouting, products, firms, a city, a company's transfer name, Korean sentences
        ("PLEASE SEND IT ASAP, ORDER HM-24-00123", []),
        ("GYOKURO SHIZUKU 100G", []),
        ("Order 55120 (SKU TEA-01), shipped", []),
        ("KENTA ROOM 12", []),
        ("VAN DER BERG LOGISTICS B.V.", []),
        ("ダージリン・キャッスルトン（Darjeeling Castleton）と比べて", []),
        ("商品名「Sencha Wakaba」を2袋", []),
        ("リオ・デ・ジャネイロに発送できますか", []),
        ("振込名義は「ｶ)ﾐﾄﾞﾘｼｮｳｼﾞ」です", []),
        ("이번 주문은 취소", []),
        ("FREE SHIPPING ON ORDERS OVER 5000 YEN", []),
    ],
)
def test_names_by_their_written_shape(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
