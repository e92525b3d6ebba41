"""HS016 on people the customer knows and on accounts told by their last digits: a full
name introduced as a relation, a colleague or another customer (after a comma, a bracket
or "for example" too) is personal data unless the ticket or the order holds it; an account
"ending 4471", however masked, must be one the ticket or the order holds."""

from __future__ import annotations

import pytest

from draftdesk.pipeline.check import check
from tests.support.desks import house_rules
from tests.support.inserted import AT, CONTEXTS, GOOD, excerpts_found


def _pii(context: str, sentence: str, *, ticket_body: str | None = None) -> list[str]:
    return excerpts_found("HS016", context, sentence, ticket_body=ticket_body)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("As your neighbour Oliver Grant suggested, we left a note.", "Oliver Grant"),
        ("Your daughter Ruth Ellis called us about it yesterday.", "Ruth Ellis"),
        ("We spoke to the driver, Marco Silva, this morning.", "Marco Silva"),
        ("Several customers, such as Henry Cole in Leeds, saw the same delay.", "Henry Cole"),
        ("It turned out another customer (Irene Walsh) had the same parcel.", "Irene Walsh"),
    ],
)
def test_someone_the_customer_knows_or_another_customer_is_personal_data(sentence, name):
    assert _pii("shipped_en", sentence) == [name]


@pytest.mark.parametrize(
    ("sentence", "ticket_body"),
    [
        ("Your neighbour Oliver Grant may accept it for you.", "If I'm out, my neighbour Oliver Grant can take it."),
        ("Our delivery partner Japan Post confirmed the route.", None),  # no lead-in word: a business
        ("Many customers, for example in Osaka, order the same tea.", None),  # a place, no full name
        ("Thank you, customer Support noted it.", None),
    ],
)
def test_a_name_the_ticket_holds_or_no_name_is_no_finding(sentence, ticket_body):
    assert _pii("shipped_en", sentence, ticket_body=ticket_body) == []


@pytest.mark.parametrize(
    ("sentence", "digits"),
    [
        ("The refund went to your Barclays account ending 9921.", "9921"),
        ("We returned the money to the account ending in ****5580.", "5580"),
        ("返金はみずほ銀行の口座（末尾＊＊3318）へお振込みしました。", "3318"),
    ],
)
def test_an_account_told_by_its_last_digits_must_be_on_record(sentence, digits):
    context = "shipped_ja" if "口座" in sentence else "shipped_en"
    assert _pii(context, sentence) == [digits]


def test_a_tracking_number_after_the_word_account_is_no_account_number():
    assert _pii("shipped_en", "In your account, tracking number 7654321 shows the parcel.") == []
    assert _pii("shipped_en", "In your account, bank account 7654321 is stored.") == ["7654321"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("ご主人のトーマス・ベイカー様からもお問い合わせをいただきました。", "トーマス・ベイカー"),
        ("同僚のアンナ シュミットさんが代理で受け取られるとのことです。", "アンナ シュミット"),
    ],
)
def test_a_foreign_name_in_katakana_is_a_persons(sentence, name):
    assert _pii("shipped_ja", sentence) == [name]


@pytest.mark.parametrize(
    ("sentence", "ticket_body"),
    [
        ("カスタマーサポート様宛のご連絡は不要です。", None),  # one run of katakana, no name's parts
        ("アスクル様の倉庫から発送されます。", None),  # one katakana word with 様: a business
        ("トーマス・ベイカー様への贈り物として承っております。", "トーマス・ベイカーさんへのプレゼントです。"),
    ],
)
def test_katakana_that_is_no_name_or_a_known_name_is_no_finding(sentence, ticket_body):
    assert _pii("shipped_ja", sentence, ticket_body=ticket_body) == []


@pytest.mark.parametrize(
    ("context", "sentence", "workplace"),
    [
        ("shipped_ja", "以前伺ったお勤め先（ひまわり総合病院）へのお届けも承ります。", "ひまわり総合病院"),
        ("shipped_ja", "勤務先の横浜市役所宛てに再送いたします。", "横浜市役所"),
        ("shipped_en", "We can also send it to your employer, Northwind Traders, if you prefer.", "Northwind Traders"),
    ],
)
def test_a_workplace_on_no_record_is_personal_data(context, sentence, workplace):
    assert _pii(context, sentence) == [workplace]


@pytest.mark.parametrize(
    ("context", "sentence", "ticket_body"),
    [
        ("shipped_ja", "勤務先の住所へのお届けも可能です。", None),  # a workplace, but none named
        ("shipped_ja", "勤務先の横浜市役所宛てに再送いたします。", "届け先を勤務先の横浜市役所に変えてください。"),
        ("shipped_en", "Deliveries to a workplace are possible too.", None),
    ],
)
def test_an_unnamed_or_known_workplace_is_no_finding(context, sentence, ticket_body):
    assert _pii(context, sentence, ticket_body=ticket_body) == []


@pytest.mark.parametrize(
    ("context", "sentence", "number"),
    [
        ("shipped_en", "Identity was checked with passport number XK3390211 last time.", "XK3390211"),
        ("shipped_en", "Your driver's licence, 448 213 907 55, is on file with us.", "448 213 907 55"),
        ("shipped_ja", "ご本人確認は旅券番号 MZ5548120 で済んでおります。", "MZ5548120"),
        ("shipped_ja", "マイナンバー 3141 5926 5358 をお控えしております。", "3141 5926 5358"),
    ],
)
def test_an_identity_documents_number_on_no_record_is_personal_data(context, sentence, number):
    assert _pii(context, sentence) == [number]


def test_a_document_number_the_customer_wrote_or_none_is_no_finding():
    assert _pii("shipped_en", "We checked passport number XK3390211 as you asked.", ticket_body="My passport number is XK3390211.") == []
    assert _pii("shipped_en", "A passport is not needed for this delivery.") == []
    assert _pii("shipped_ja", "免許証の有効期限 2027-03-15 までにお受け取りください。") == []  # a date, no document's number


@pytest.mark.parametrize(
    "sentence",
    [
        "The order HM-24-00077 for Wendy Marsh went out the same day.",
        "The parcel HM-24-00077 for Wendy Marsh was swapped with yours.",
    ],
)
def test_another_persons_order_is_their_personal_data_not_also_an_ungrounded_number(sentence):
    found = check(
        GOOD["shipped_en"].replace(AT["shipped_en"], sentence + " " + AT["shipped_en"], 1),
        context=CONTEXTS["shipped_en"], rules=house_rules(),
    )
    assert sorted(f.excerpt for f in found if f.rule == "HS016") == ["HM-24-00077", "Wendy Marsh"]
    assert [f.excerpt for f in found if f.rule == "HS003"] == []  # one fault, one rule


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Nadia Flores's order was packed with yours by mistake.", "Nadia Flores"),
        ("Nadia Flores, who ordered the same sencha, has your box.", "Nadia Flores"),
        ("The box for Nadia Flores went to your door instead.", "Nadia Flores"),
        ("We e-mailed to Nadia Flores by mistake.", "Nadia Flores"),
    ],
)
def test_a_full_name_that_only_a_person_can_be_is_personal_data(sentence, name):
    assert _pii("shipped_en", sentence) == [name]


@pytest.mark.parametrize(
    "sentence",
    [
        "Yamato Transport's parcel centre holds it for 7 days.",  # a company's possessive
        "The parcel is going to New York first.",  # a place
        "Midoriya Tea, who packed it, has checked the box.",  # the shop itself
        "Customer Support's phone line is open on weekdays.",  # its department
    ],
)
def test_a_company_or_a_place_is_no_persons_name(sentence):
    assert _pii("shipped_en", sentence) == []


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("お隣の方の番号 ０８０－７７７７－１２１２ にお電話しました。", "０８０－７７７７－１２１２"),
        ("配達員の方へは（０３）５５５５－１２３４でご連絡いただけます。", "（０３）５５５５－１２３４"),
    ],
)
def test_a_phone_number_in_full_width_digits_is_still_a_phone_number(sentence, number):
    assert _pii("shipped_ja", sentence) == [number]


@pytest.mark.parametrize(
    ("context", "sentence", "number"),
    [
        ("shipped_en", "Another customer's parcel, HM-24-00088, was delayed the same way.", "HM-24-00088"),
        ("shipped_ja", "別のお客様のご注文（HM-24-00088）と取り違えておりました。", "HM-24-00088"),
    ],
)
def test_an_order_number_said_of_someone_else_is_their_personal_data(context, sentence, number):
    found = check(
        GOOD[context].replace(AT[context], sentence + " " + AT[context], 1), context=CONTEXTS[context], rules=house_rules()
    )
    assert [f.excerpt for f in found if f.rule == "HS016"] == [number]
    assert [f.excerpt for f in found if f.rule == "HS003"] == []


def test_the_customers_own_order_beside_someone_elses_is_no_finding():
    assert _pii("shipped_en", "Your order HM-24-00012 and another customer's order were both delayed.") == []


@pytest.mark.parametrize(
    ("sentence", "ticket_body"),
    [
        # a title is no first name: "Mrs Harriet Vance" is Harriet Vance, whom the ticket names
        ("We hope the parcel for Mrs Harriet Vance arrives in time.", "It is a present for my aunt Harriet Vance."),
        ("Our thanks to Dr Omar Haddad, who signed for it.", "My colleague Omar Haddad will sign for it."),
    ],
)
def test_a_title_before_a_name_the_ticket_holds_is_no_finding(sentence, ticket_body):
    assert _pii("shipped_en", sentence, ticket_body=ticket_body) == []


def test_a_titled_name_the_ticket_does_not_hold_is_still_found():
    assert _pii("shipped_en", "We hope the parcel for Mrs Harriet Vance arrives in time.") == ["Harriet Vance"]
