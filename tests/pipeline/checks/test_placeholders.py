"""HS009: every shape a template's unfilled slot takes is a leftover placeholder; the
shapes real text takes (【重要】, #1001, a signature rule of underscores) are not."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}
AT = {"shipped_ja": "本日、配送業者に", "shipped_en": "I have asked"}


def _placeholders(context: str, sentence: str) -> list[str]:
    text = GOOD[context].replace(AT[context], sentence + " " + AT[context], 1)
    return [f.excerpt for f in check(text, context=CONTEXTS[context], rules=RULES) if f.rule == "HS009"]


@pytest.mark.parametrize(
    ("context", "sentence", "slot"),
    [
        ("shipped_ja", "ご注文番号【ご注文番号】について確認いたしました。", "【ご注文番号】"),
        ("shipped_ja", "返金額は【金額】です。", "【金額】"),
        ("shipped_ja", "お届け予定日は＿＿月＿＿日です。", "＿＿"),
        ("shipped_ja", "××様のご注文について確認いたしました。", "××"),
        ("shipped_en", "Your tracking number is <tracking number>.", "<tracking number>"),
        ("shipped_en", "Your order ___ has been packed.", "___"),
        ("shipped_en", "Your order #### has been packed.", "####"),
        ("shipped_en", "Your tracking number is [Tracking No.].", "[Tracking No.]"),
    ],
)
def test_an_unfilled_slot_in_any_shape_is_a_placeholder(context, sentence, slot):
    assert slot in _placeholders(context, sentence)


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("shipped_ja", "【重要】お届けについてのご案内です。"),
        ("shipped_en", "Your earlier order #1001 was delivered."),
        ("shipped_en", "Item: Sencha 100g × 2."),
    ],
)
def test_real_text_in_those_shapes_is_no_placeholder(context, sentence):
    assert _placeholders(context, sentence) == []


def test_a_signature_rule_of_underscores_is_no_placeholder():
    text = GOOD["shipped_en"].replace("Kind regards,", "________________________\nKind regards,")
    assert [f for f in check(text, context=CONTEXTS["shipped_en"], rules=RULES) if f.rule == "HS009"] == []


@pytest.mark.parametrize(
    ("context", "sentence", "slot"),
    [
        # whatever the slot names: the shape is the template's, not the word inside
        ("shipped_en", "The courier is <COURIER>.", "<COURIER>"),
        ("shipped_en", "Your parcel left our warehouse in {city}.", "{city}"),
        ("shipped_en", "It was packed by [staff member].", "[staff member]"),
        ("shipped_ja", "お荷物は【倉庫】から出荷いたしました。", "【倉庫】"),
    ],
)
def test_a_template_shape_is_a_placeholder_whatever_it_names(context, sentence, slot):
    assert slot in _placeholders(context, sentence)


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("shipped_en", "See the returns page [1] for details."),  # a footnote
        ("shipped_ja", "【ご案内】\n返品の手順は次のとおりです。"),  # a heading at the line's start
        ("shipped_ja", "追跡画面には「持戻り」と表示されております。"),  # quoting real text
    ],
)
def test_real_text_in_brackets_is_not(context, sentence):
    assert _placeholders(context, sentence) == []


def test_a_square_bracketed_heading_at_a_lines_start_is_not():
    assert _placeholders("shipped_ja", "[お知らせ]\n返品の手順は次のとおりです。") == []
    assert _placeholders("shipped_ja", "返品先は [倉庫] です。") == ["[倉庫]"]


@pytest.mark.parametrize(
    ("context", "sentence", "slot"),
    [
        ("shipped_en", "The new delivery date is TBD, as agreed.", "TBD"),
        ("shipped_en", "Replacement ships on: TBC.", "TBC"),
        ("shipped_ja", "再発送の伝票番号はTBAです。", "TBA"),
        ("shipped_ja", "返金予定額は※※円です。", "※※"),
        ("shipped_ja", "お届け先：■■県■■市", "■■"),
        ("shipped_ja", "担当の◆◆よりご連絡いたします。", "◆◆"),
    ],
)
def test_a_value_left_to_decide_or_a_doubled_filler_mark_is_a_placeholder(context, sentence, slot):
    assert slot in _placeholders(context, sentence)


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("shipped_ja", "※お届け日はあくまで目安です。"),  # one ※: a note mark
        ("shipped_en", "Tbdx and TBDS are not words we use."),  # the letters inside a longer word
        ("shipped_ja", "★人気の煎茶です。"),
    ],
)
def test_a_single_note_mark_or_letters_inside_a_word_are_no_placeholder(context, sentence):
    assert _placeholders(context, sentence) == []


@pytest.mark.parametrize(
    ("context", "sentence", "slot"),
    [
        ("shipped_en", "Your new tracking number is %TRACKING_NO%.", "%TRACKING_NO%"),
        ("shipped_en", "We will refund $refund_amount to your card.", "$refund_amount"),
        ("shipped_en", "The replacement leaves us on DD/MM.", "DD/MM"),
        ("shipped_en", "We expect it on __/__.", "__/__"),
        ("shipped_en", "Your refund of ??? yen is on its way.", "???"),
        ("shipped_en", "Thanks, NAME, for your patience.", "NAME"),
        ("shipped_en", "We refund (amount) within 3 business days.", "(amount)"),
        ("shipped_ja", "返金額は（金額）円です。", "（金額）"),
        ("shipped_ja", "再発送は■月■日を予定しております。", "■"),
        ("shipped_ja", "再発送はx月x日を予定しております。", "x"),
        ("shipped_ja", "お届けは△/△の予定です。", "△/△"),
    ],
)
def test_other_template_syntaxes_and_slot_shapes_are_placeholders(context, sentence, slot):
    assert slot in _placeholders(context, sentence)


@pytest.mark.parametrize(
    ("context", "sentence"),
    [
        ("shipped_en", "Your refund of $28.00 was sent on 11/18."),
        ("shipped_en", "Please reply with your name (as on the order) and the date."),
        ("shipped_en", "The set holds 2 x Sencha and NAMES of the farms."),
        ("shipped_en", "ITEM NAME: Sencha 100g"),  # a heading in capitals, not a slot
        ("shipped_en", "> Where is it???"),  # the customer's words, quoted
        ("shipped_ja", "お届けは11月18日（水）です。2×3個入りです。"),
    ],
)
def test_money_brackets_and_quoted_questions_are_no_placeholders(context, sentence):
    assert _placeholders(context, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "slot"),
    [
        ("【回答日】までに改めてご連絡いたします。", "【回答日】"),
        ("［お届け日］に再送いたします。", "［お届け日］"),
        ("【担当部署】より折り返しご連絡いたします。", "【担当部署】"),
    ],
)
def test_a_bracketed_slot_at_a_lines_start_the_sentence_goes_on_from_is_a_placeholder(sentence, slot):
    assert slot in _placeholders("shipped_ja", f"\n{sentence}")


@pytest.mark.parametrize(
    "sentence",
    [
        "【ご注文内容】\n煎茶 100g 1点",  # a heading ends its line
        "【お知らせ】お届けについてのご案内です。",  # a heading before what it heads
        "【KT-77-00310】につきまして、発送を完了いたしました。",  # a value in brackets, not a slot
    ],
)
def test_a_heading_or_a_value_in_brackets_at_a_lines_start_is_not(sentence):
    assert _placeholders("shipped_ja", f"\n{sentence}") == []

