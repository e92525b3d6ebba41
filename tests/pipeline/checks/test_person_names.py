"""HS016 and the names a reply mentions: another person's name (with 様 / さん, or
after Ms. / Mr.) is personal data unless the ticket or the order holds it."""

from __future__ import annotations

import pytest

from tests.support.inserted import excerpts_found


def _pii(context: str, sentence: str, *, ticket_body: str | None = None) -> list[str]:
    return excerpts_found("HS016", context, sentence, ticket_body=ticket_body)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("同じ日に発送した伊藤 さくら様のご注文と箱を取り違えておりました。", "伊藤 さくら"),
        ("高橋様宛のお荷物と入れ替わっておりました。", "高橋"),
        ("前のお客様の田中さんから同じお問い合わせがありました。", "田中"),
        ("小林 健一さまのご注文と同梱されていたようです。", "小林 健一"),
    ],
)
def test_another_persons_name_in_japanese_is_personal_data(sentence, name):
    assert _pii("shipped_ja", sentence) == [name]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Your box was swapped with Ms. Tanaka's order.", "Tanaka"),
        ("It went to Mr. John Brown by mistake.", "John Brown"),
        ("Mrs. O'Neill received your parcel instead.", "O'Neill"),
    ],
)
def test_another_persons_name_in_english_is_personal_data(sentence, name):
    assert _pii("shipped_en", sentence) == [name]


@pytest.mark.parametrize(
    ("context", "sentence", "ticket_body"),
    [
        ("shipped_ja", "山田様のご注文を確認いたしました。", None),  # the customer, by family name
        ("shipped_ja", "山田太郎様のご注文です。", None),
        ("shipped_ja", "ヤマト運輸様に確認を依頼いたしました。", None),  # a carrier, not a person
        ("shipped_ja", "お客様とご担当者様へのご案内です。", None),
        ("shipped_ja", "佐川急便様へ問い合わせました。", None),
        ("shipped_ja", "お母様の佐藤 恵子様宛にお送りしております。", "母の佐藤恵子に贈った煎茶が届きません。"),  # from the ticket
        ("shipped_ja", "口座名義 ヤマダ タロウ様の口座へお振込みいたします。", "返金先：ゆうちょ銀行 ヤマダ タロウ"),
        ("shipped_en", "Thank you, Ms. Carter, for the photos.", None),  # the customer
        ("shipped_en", "Your gift to Mr. Lee Walker is on its way.", "Please send it to my friend Lee Walker."),
    ],
)
def test_names_the_ticket_or_the_order_hold_are_no_finding(context, sentence, ticket_body):
    assert _pii(context, sentence, ticket_body=ticket_body) == []
