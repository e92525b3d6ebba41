"""HS016 and the names a reply mentions: another person's name (with 様 / さん, or
after Ms. / Mr.) is personal data unless the ticket or the order holds it."""

from __future__ import annotations

import pytest

from draftdesk.domain import Sender, Ticket
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules
from tests.support.inserted import CONTEXTS, GOOD, excerpts_found


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


def _greeted(context: str, greeting: str, *, ticket_body: str | None = None) -> dict[str, list[str]]:
    """The HS006 and HS016 excerpts of the correct reply greeted with `greeting` instead."""
    ctx = CONTEXTS[context]
    if ticket_body is not None:
        ctx = ctx.model_copy(update={"ticket": Ticket(id="T-G", body=ticket_body, **{"from": Sender(email="x@example.jp")})})
    text = greeting + GOOD[context][GOOD[context].index("\n") :]
    findings = check(text, context=ctx, rules=house_rules())
    return {rule: [f.excerpt for f in findings if f.rule == rule] for rule in ("HS006", "HS016")}


@pytest.mark.parametrize(
    ("context", "greeting", "name"),
    [
        ("shipped_ja", "小林 優子 様", "小林 優子"),  # 様 alone at the line's end: Sudachi's noun
        ("shipped_ja", "中川恵美子様", "中川恵美子"),
        ("shipped_ja", "すずき はなこ さま", None),  # kana, no reading on record to hold it against
        ("shipped_en", "Dear Harriet Dunn,", "Harriet Dunn"),
        ("shipped_en", "Hello Mr. Oscar Lindqvist,", "Oscar Lindqvist"),
    ],
)
def test_another_customers_full_name_in_the_greeting_is_personal_data(context, greeting, name):
    found = _greeted(context, greeting)
    assert found["HS006"]  # not the customer's name either way
    assert found["HS016"] == ([name] if name else [])


@pytest.mark.parametrize(
    ("context", "greeting"),
    [
        ("shipped_ja", "山田 次郎 様"),  # the family name kept: the customer's name mistyped
        ("shipped_ja", "山田太郞様"),  # a variant kanji in one part
        ("shipped_ja", "Taro Yamada様"),  # romanised: the name in another script
        ("shipped_ja", "ご担当者 様"),  # no one's name
        ("shipped_en", "Dear Emily Carver,"),
        ("shipped_en", "Dear Em,"),  # one part: a nickname, not a full name
        ("shipped_en", "Dear Valued Customer,"),
        ("shipped_en", "Dear エミリー・カーター様,"),
        ("shipped_en", "Dear [Customer Name],"),
    ],
)
def test_the_customers_name_misspelt_or_no_name_in_the_greeting_is_hs006s_alone(context, greeting):
    found = _greeted(context, greeting)
    assert found["HS006"]
    assert found["HS016"] == []


def test_a_greeted_name_the_ticket_holds_is_no_finding():
    found = _greeted("shipped_en", "Dear Harriet Dunn,", ticket_body="Writing for my mother Harriet Dunn: where is her tea?")
    assert found["HS016"] == []
