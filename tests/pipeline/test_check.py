"""The house-style rules of knowledge/house_style.yaml, rule by rule, ja and en."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Agent, Certainty, Customer, Fact, Passage, Sender, Ticket
from draftdesk.errors import ConfigurationError
from draftdesk.files import load_yaml_model
from draftdesk.domain import ShopProfile
from draftdesk.pipeline.check import CheckContext, check, load_rules
from tests.support.desks import house_rules

JST = timezone(timedelta(hours=9))
SHOP = load_yaml_model(PROJECT_ROOT / "knowledge" / "shop.yaml", ShopProfile)
FACTS = [
    Fact(key="order.number", label="", value="HM-24-00012", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="order.item.1", label="", value="煎茶 100g × 2", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="order.total", label="", value="2400", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="shipment.shipped_at", label="", value="2026-11-16", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="shipment.tracking_number", label="", value="4512-3456-7890", certainty=Certainty.CONFIRMED, source="orders"),
    Fact(key="shipment.estimated_delivery", label="", value="2026-11-18", certainty=Certainty.ESTIMATED, source="orders"),
    Fact(key="reply.next_contact", label="", value="2026-11-24", certainty=Certainty.CONFIRMED, source="shop"),
]
TICKET = Ticket(id="T-1", subject="まだ届きません", body="注文した煎茶がまだ届きません。taro@example.jp", **{"from": Sender(email="taro@example.jp")})
COUPON = Passage(id="goodwill-ja#coupon", title="t", text="500円のクーポン", language="ja", topic="goodwill", allows=("coupon",))

JA_SIGNATURE = "\n\n――――――――――――――――\n茶舗みどり屋 カスタマーサポート\n担当：佐藤\nsupport@midoriya.example.jp / 0120-000-123\n"
JA_GOOD = (
    "山田 太郎 様\n\nいつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\n\n"
    "ご注文番号 HM-24-00012（煎茶 100g × 2）は、2026年11月16日(月)に発送いたしました。\n"
    "お問い合わせ伝票番号は 4512-3456-7890 です。配送業者の予測では、お届けは11月18日(水)頃の見込みです。\n\n"
    "本日、配送業者に確認を依頼いたしました。2026年11月24日(火)までにご連絡いたします。\n\n"
    "お待たせしてしまい、申し訳ございません。\n\n何卒よろしくお願い申し上げます。" + JA_SIGNATURE
)
EN_SIGNATURE = "\n\nKind regards,\n\nSato\nCustomer Support, Midoriya Tea\nsupport@midoriya.example.jp | 0120-000-123\n"
EN_GOOD = (
    "Dear Emily Carter,\n\nThank you for contacting Midoriya Tea.\n\n"
    "Your order HM-24-00012 was shipped on November 16 (Mon). The tracking number is 4512-3456-7890. "
    "The carrier's estimated delivery date is November 18 (Wed).\n\n"
    "I have asked the carrier today to check the delivery, and I will update you by November 24 (Tue).\n\n"
    "I am sorry for the wait." + EN_SIGNATURE
)


def _context(language: str, **changes) -> CheckContext:
    base = dict(
        language=language, facts=FACTS, ticket=TICKET, passages=[], shop=SHOP, agent=Agent(name="Sato" if language == "en" else "佐藤"),
        customer_name="Emily Carter" if language == "en" else "山田 太郎",
        subject="ご注文番号 HM-24-00012 の配送状況について" if language == "ja" else "Delivery status (order HM-24-00012)",
        now=datetime(2026, 11, 20, 12, tzinfo=JST),
    )
    return CheckContext(**{**base, **changes})


def _rules(text: str, language: str, **changes) -> set[str]:
    return {f.rule for f in check(text, context=_context(language, **changes), rules=house_rules())}


@pytest.mark.parametrize(("text", "language"), [(JA_GOOD, "ja"), (EN_GOOD, "en")])
def test_a_good_reply_has_no_finding(text, language):
    assert _rules(text, language) == set()


def _ja(old: str, new: str) -> str:
    assert old in JA_GOOD
    return JA_GOOD.replace(old, new)


def _en(old: str, new: str) -> str:
    assert old in EN_GOOD
    return EN_GOOD.replace(old, new)


BROKEN = [
    ("HS001", "ja", _ja("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "大変申し訳ございません。")),
    ("HS001", "en", _en("Thank you for contacting Midoriya Tea.", "We apologize for the trouble.")),
    ("HS002", "ja", _ja("配送業者の予測では、お届けは11月18日(水)頃の見込みです", "お届けは11月18日(水)です")),
    ("HS002", "ja", _ja("お届けは11月18日(水)頃の見込みです", "お届けは11月18日(水)に確定しています")),
    ("HS002", "en", _en("The carrier's estimated delivery date is November 18 (Wed).", "It will arrive on November 18 (Wed).")),
    ("HS003", "ja", _ja("4512-3456-7890", "4512-3456-9999")),
    ("HS003", "ja", _ja("2026年11月16日(月)", "2026年11月15日(日)")),
    ("HS003", "en", _en("HM-24-00012 was shipped", "HM-24-00013 was shipped")),
    ("HS003", "en", _en("The tracking number", "We refunded $12.00. The tracking number")),
    ("HS004", "ja", _ja("本日、配送業者", "たぶん週明けには届くと思います。本日、配送業者")),
    ("HS004", "en", _en("I have asked", "It will probably be there. I have asked")),
    ("HS005", "ja", _ja("本日、配送業者", "近日中にお届けします。本日、配送業者")),
    ("HS005", "en", _en("I have asked", "It should be with you shortly. I have asked")),
    ("HS006", "ja", _ja("山田 太郎 様", "山田 次郎 様")),
    ("HS006", "ja", _ja("山田 太郎 様", "山田 太郎")),
    ("HS006", "en", _en("Dear Emily Carter,", "Dear Emily Parker,")),
    ("HS007", "ja", _ja("担当：佐藤\n", "")),
    ("HS007", "en", EN_GOOD.replace(EN_SIGNATURE, "\n")),
    ("HS009", "ja", _ja("山田 太郎 様\n\n", "山田 太郎 様\n\n<PERSON_2>様のご注文について。\n")),
    ("HS009", "en", _en("Thank you", "Thank you [name], thank you")),
    ("HS010", "ja", _ja("お待たせしてしまい、申し訳ございません。", "申し訳ございません。大変申し訳ございません。ご迷惑をおかけし申し訳ございません。")),
    ("HS011", "ja", _ja("\n\n何卒よろしくお願い申し上げます。", "")),
    ("HS012", "en", _en("I have asked the carrier today to check the delivery, and I will update you by November 24 (Tue).", "")),
    ("HS013", "ja", _ja("本日、配送業者", "次回使える500円のクーポンをお送りします。本日、配送業者")),
    ("HS013", "en", _en("I have asked", "We will refund the shipping fee. I have asked")),
    ("HS014", "ja", _ja("本日、配送業者", "住所の入力はお客様のミスです。本日、配送業者")),
    ("HS014", "en", _en("I have asked", "You should have checked the address. I have asked")),
    ("HS015", "ja", _ja("本日、配送業者", "おっしゃられる通りです。本日、配送業者")),
    ("HS015", "ja", _ja("本日、配送業者", "伝票番号で状況が見れるようになります。本日、配送業者")),
    ("HS016", "ja", _ja("本日、配送業者", "カード 4111 1111 1111 1111 で決済済みです。本日、配送業者")),
    ("HS016", "en", _en("I have asked", "Please call 090-9999-8888. I have asked")),
    ("HS017", "en", _en("I am sorry for the wait.", "I am sorry for the wait. " + "We value you. " * 90)),
    ("HS018", "ja", EN_GOOD),
]


@pytest.mark.parametrize(("rule", "language", "text"), BROKEN)
def test_each_broken_reply_is_caught_by_its_rule(rule, language, text):
    assert rule in _rules(text, language)


def test_subject_without_order_number_or_topic_is_a_warning():
    assert "HS008" in _rules(JA_GOOD, "ja", subject="ご連絡")
    assert "HS008" not in _rules(JA_GOOD, "ja", subject="返品について")


def test_an_offer_a_cited_passage_allows_is_fine_and_a_refused_one_is_no_offer():
    coupon = _ja("本日、配送業者", "次回使える500円のクーポンをお送りします。本日、配送業者")
    assert "HS013" not in _rules(coupon, "ja", passages=[COUPON])
    refusal = _en("I have asked", "We cannot offer a full refund for carrier delays. I have asked")
    assert "HS013" not in _rules(refusal, "en")


def test_abusive_mode_allows_one_apology_only():
    two = _en("I am sorry for the wait.", "I am sorry for the wait. Sorry again.")
    assert "HS010" not in _rules(two, "en")
    assert "HS010" in _rules(two, "en", abusive=True)


def test_findings_carry_spans_excerpts_and_suggestions():
    text = _ja("本日、配送業者", "おっしゃられる通りです。本日、配送業者")
    [finding] = [f for f in check(text, context=_context("ja"), rules=house_rules()) if f.rule == "HS015"]
    assert text[finding.start : finding.end] == finding.excerpt == "おっしゃられる"
    assert finding.suggestion == "おっしゃる" and finding.severity == "warning"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("rules: [{id: HS001, type: existence, severity: fatal, message: x, params: {patterns: {ja: [a]}}}]", "rule HS001: severity"),
        ("rules: [{id: HS001, type: spelling, severity: error, message: x}]", "rule HS001: type: must be one of"),
        ("rules: [{id: HS001, type: existence, severity: error, message: x, params: {words: [a]}}]", "rule HS001: params"),
        ("rules: [{id: HS1, type: existence, severity: error, message: x}]", "rule HS1: id"),
        ("rules: [{id: HS010, type: occurrence, severity: warning, message: x, params: {max: 2}}]",
         "rule HS010: params: give either patterns with max, or max_length"),
        ("rules: [{id: HS010, type: occurrence, severity: warning, message: x, params: {patterns: {ja: [a]}, max_length: {ja: 9}}}]",
         "rule HS010: params: give either patterns with max, or max_length"),
        ("rules: [{id: HS015, type: substitution, severity: warning, message: x, params: {swap: {jp: {a: b}}}}]", "rule HS015: params"),
        ("nothing: here", "'rules:' list"),
        ("rules: [", "invalid YAML"),
    ],
)
def test_a_bad_rule_file_names_the_rule_and_the_field(tmp_path, yaml_text, message):
    path = tmp_path / "house_style.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        load_rules(path)
    assert message in error.value.detail


def test_a_shop_adds_a_rule_in_yaml_only(tmp_path):
    path = tmp_path / "house_style.yaml"
    path.write_text(
        "rules:\n  - id: HS101\n    type: existence\n    severity: warning\n    message: 「激安」は使いません\n"
        "    languages: [ja]\n    params:\n      patterns:\n        ja: [激安]\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    findings = check("山田 太郎 様\n\n激安セールのお知らせです。", context=_context("ja"), rules=rules)
    assert [(f.rule, f.excerpt) for f in findings] == [("HS101", "激安")]


@pytest.mark.parametrize(
    ("ticket_language", "reply"),
    [("ja", EN_GOOD.replace("Emily Carter", "山田 太郎")), ("en", JA_GOOD.replace("山田 太郎", "Emily Carter"))],
)
def test_a_reply_in_the_wrong_language_is_read_in_its_own_and_gets_hs018_alone(ticket_language, reply):
    # The greeting, the estimate marker, the signature and the next step are all there,
    # in the language the reply is written in: only the language itself is wrong.
    agent = Agent(name="Sato" if ticket_language == "ja" else "佐藤")
    errors = {
        f.rule for f in check(reply, context=_context(ticket_language, agent=agent), rules=house_rules()) if f.severity == "error"
    }
    assert errors == {"HS018"}


@pytest.mark.parametrize(
    ("language", "text", "slot"),
    [
        ("ja", JA_GOOD.replace("担当：佐藤", "担当：[担当者名]"), "[担当者名]"),
        ("ja", JA_GOOD.replace("担当：佐藤", "担当：［担当者名］"), "［担当者名］"),
        ("en", EN_GOOD.replace("\nSato\n", "\n[Agent name]\n"), "[Agent name]"),
    ],
)
def test_a_slot_left_in_the_signature_is_a_placeholder_and_an_incomplete_signature(language, text, slot):
    # No agent known (a check without one): the unfilled slot alone shows the name is missing.
    findings = check(text, context=_context(language, agent=None), rules=house_rules())
    assert {(f.rule, f.excerpt) for f in findings if f.rule == "HS009"} == {("HS009", slot)}
    assert any(f.rule == "HS007" and "unfilled" in f.message for f in findings)


def test_a_bracketed_heading_is_no_placeholder_and_a_placeholder_in_the_body_leaves_the_signature_alone():
    headed = JA_GOOD.replace("本日、配送業者", "[ご案内] 本日、配送業者")
    assert "HS009" not in _rules(headed, "ja")
    in_body = JA_GOOD.replace("本日、配送業者", "○○様、本日、配送業者")
    assert _rules(in_body, "ja", agent=None) & {"HS007", "HS009"} == {"HS009"}


def test_a_bank_fee_the_shop_pays_in_a_reply_that_refunds_nothing_and_shipping_at_the_shop_s_cost_are_offers():
    fee = _ja("本日、配送業者", "振込手数料は当店が負担いたします。本日、配送業者")
    assert "HS013" in _rules(fee, "ja")
    for offer in ("送料は当店が負担いたします。", "最も早い配送方法にて当店負担で発送いたします。"):
        assert "HS013" in _rules(_ja("本日、配送業者", offer + "本日、配送業者"), "ja")


def test_a_delivery_on_the_date_the_order_shows_is_a_fact_and_a_new_date_a_promise():
    delivered = Fact(key="shipment.delivered_at", label="", value="2026-11-19", certainty=Certainty.CONFIRMED, source="orders")
    said = _ja("本日、配送業者", "ご注文の商品は11月19日にお届けしております。本日、配送業者")
    assert "HS013" not in _rules(said, "ja", facts=[*FACTS, delivered])
    promised = _ja("本日、配送業者", "ご注文の商品は必ず11月27日にお届けいたします。本日、配送業者")
    assert "HS013" in _rules(promised, "ja", facts=[*FACTS, delivered])


def test_a_tracking_number_not_on_the_order_is_ungrounded_not_personal_data():
    invented = JA_GOOD.replace("4512-3456-7890", "3601-2222-7018")
    found = {f.rule for f in check(invented, context=_context("ja"), rules=house_rules()) if f.excerpt == "3601-2222-7018"}
    assert found == {"HS003"}
    assert "HS016" in _rules(JA_GOOD.replace("本日、配送業者", "090-9999-8888 までお電話ください。本日、配送業者"), "ja")


def test_the_customer_s_own_address_on_record_is_no_data_beyond_the_order():
    customer = Customer(name="山田 太郎", email="taro@example.jp", phone="090-1234-5678", address="〒150-0001 東京都渋谷区神宮前1-2-3")
    repeated = _ja("本日、配送業者", "ご登録のご住所（〒150-0001 東京都渋谷区神宮前1-2-3）へお送りしました。本日、配送業者")
    assert "HS016" not in _rules(repeated, "ja", customer=customer)
    assert "HS016" in _rules(repeated.replace("150-0001", "150-0002"), "ja", customer=customer)


REFUNDS_PARTIAL = Passage(
    id="refunds-ja#returned-parcel", title="t", text="送料1,320円を差し引いた額を返金します。", language="ja", topic="refunds",
    allows=("partial_refund",),
)


def test_a_refund_without_an_amount_is_the_partial_one_the_reply_states_elsewhere_else_a_full_one():
    alone = _ja("本日、配送業者", "ご返金の手続きを進めております。本日、配送業者")
    assert "HS013" in _rules(alone, "ja", passages=[REFUNDS_PARTIAL])
    beside = _ja("本日、配送業者", "ご返金の手続きを進めております。送料1,320円を差し引いた額を返金いたします。本日、配送業者")
    assert "HS013" not in _rules(beside, "ja", passages=[REFUNDS_PARTIAL])


@pytest.mark.parametrize(
    ("postscript", "language", "rule"),
    [
        ("P.S. As a thank-you, we've added 50 dollars of store credit to your account.", "en", "HS013"),
        ("PS: We will also refund the shipping fee.", "en", "HS013"),
        ("P.S. Your order total was $31.00.", "en", "HS003"),
        ("追伸：次回使える500円のクーポンをお送りいたします。", "ja", "HS013"),
        ("追伸　ご注文の合計は3,000円でした。", "ja", "HS003"),
    ],
)
def test_a_postscript_after_the_signature_is_part_of_the_message(postscript, language, rule):
    text = (EN_GOOD if language == "en" else JA_GOOD) + "\n" + postscript + "\n"
    found = _rules(text, language)
    assert rule in found
    assert "HS007" not in found  # the signature before it is still complete


def test_a_postscript_that_gives_nothing_adds_no_finding():
    assert _rules(EN_GOOD + "\nP.S. Our new autumn teas are on the website.\n", "en") == set()
    long_postscript = "\n追伸\n" + "".join(f"秋の新茶{n}種をご用意しております。\n" for n in "一二三四五六七八")
    assert _rules(JA_GOOD + long_postscript, "ja") == set()  # the signature is read above it


@pytest.mark.parametrize(
    ("sentence", "language", "marked"),
    [
        ("お届けは11月18日(水)になる見通しです。", "ja", True),
        ("お届けは11月18日(水)と見込まれております。", "ja", True),
        ("The carrier estimates delivery on November 18 (Wed).", "en", True),
        ("The carrier forecasts delivery on November 18 (Wed).", "en", True),
        ("Delivery is projected for November 18 (Wed).", "en", True),
        ("お届けは11月18日(水)です。", "ja", False),
        ("It will be delivered on November 18 (Wed).", "en", False),
    ],
)
def test_an_estimated_date_is_marked_in_any_form_of_the_marker(sentence, language, marked):
    if language == "ja":
        text = _ja("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", sentence)
    else:
        text = _en("The carrier's estimated delivery date is November 18 (Wed).", sentence)
    assert ("HS002" not in _rules(text, language)) is marked


@pytest.mark.parametrize(
    ("subject", "language", "promised"),
    [
        ("Your order HM-24-00012 arrives on November 18 - guaranteed", "en", True),
        ("ご注文 HM-24-00012 は11月18日に必ずお届けします", "ja", True),
        ("Delivery forecast for order HM-24-00012: November 18", "en", False),
    ],
)
def test_a_subject_that_guarantees_an_estimated_date_is_a_promise(subject, language, promised):
    # HS002 reads the body only, so the subject's certain estimate is HS013's to report
    base = EN_GOOD if language == "en" else JA_GOOD
    assert ("HS013" in _rules(base, language, subject=subject)) is promised


def test_a_ticket_of_only_quoted_lines_leaves_the_intent_unknown_and_the_reply_is_checked():
    from draftdesk.domain import Sender, Ticket
    from tests.support.desks import house_rules

    quoted_only = Ticket(id="T-Q", body="> コンビニ払いに変えられますか\n> 手数料は？", **{"from": Sender(email="q@example.jp")})
    context = CheckContext(language="ja", ticket=quoted_only)
    assert house_rules().with_intent(context).intent is None
    findings = check("ご注文番号{{order_id}}について確認いたします。", context=context, rules=house_rules())
    assert "HS009" in {f.rule for f in findings}  # checked all the same: the slot left in is found
