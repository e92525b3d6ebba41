"""intake: HTML, quoted history, language, intent, order numbers, phones, abuse, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Intent, Ticket
from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.pipeline.intake import (
    Intake,
    IntentRules,
    detect_language,
    html_to_text,
    intake,
    load_intent_rules,
)
from tests.support.desks import intent_rules

FIXTURES = Path(__file__).parent / "fixtures" / "intake"


@pytest.fixture(scope="session")
def rules() -> IntentRules:
    return intent_rules()


def received(rules: IntentRules, body: str, *, subject: str = "", language: str | None = None) -> Intake:
    return intake(Ticket(id="T-1", subject=subject, body=body, language=language), rules=rules)


# --- HTML -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello</p><p>World</p>", "Hello\n\nWorld"),
        ("<div>Hello</div><div><br></div><div>World</div>", "Hello\n\nWorld"),
        ("<div>一行目<br>二行目<br/>三行目</div>", "一行目\n二行目\n三行目"),
        ("<p>Tom &amp; Jerry &lt;3 &#12354;&nbsp;x</p>", "Tom & Jerry <3 あ x"),
        ("<style>p{color:red}</style><script>var a = 1;</script><p>本文</p>", "本文"),
        ("<p>Reply</p><blockquote><p>old</p><p>older</p></blockquote>", "Reply\n\n> old\n\n> older"),
        ("<p>a</p>\n\n<p></p><div><br></div><p>b</p>", "a\n\nb"),
        ("<p>spread\n   over   lines</p>", "spread over lines"),
        ("<pre>line 1\nline 2</pre>", "line 1\nline 2"),
        ("<ul><li>煎茶</li><li>玉露</li></ul>", "煎茶\n玉露"),
    ],
)
def test_html_becomes_plain_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_html_mail_with_quoted_history(rules: IntentRules) -> None:
    result = received(rules, (FIXTURES / "gmail_reply_ja.html").read_text(encoding="utf-8"))
    assert result.text == (
        "お世話になっております。\n\nご注文番号 ＨＭ－２４－０００１２ の件です。\n"
        "まだ届いていません…いつ頃届きますか？\n\n山田 太郎"
    )
    assert result.order_numbers == ("HM-24-00012",)
    assert result.phones == ()  # the shop's number in the quoted reply is not the customer's
    assert (result.language, result.intent) == ("ja", Intent.WHERE_IS_MY_ORDER)


def test_outlook_html_reply(rules: IntentRules) -> None:
    result = received(rules, (FIXTURES / "outlook_reply_en.html").read_text(encoding="utf-8"))
    assert result.text == (
        "Hi there,\n\nMy order HM2400077 still hasn't arrived & the tracking page shows nothing.\n\n"
        "Call me on +81 90-1234-5678 if needed."
    )
    assert result.order_numbers == ("HM2400077",)
    assert result.phones == ("09012345678",)


def test_japanese_mail_with_bordered_signature(rules: IntentRules) -> None:
    result = received(rules, (FIXTURES / "plain_ja_with_signature.txt").read_text(encoding="utf-8"))
    assert result.text.endswith("状況をご確認いただけますでしょうか。\n\nよろしくお願いいたします。")
    assert "taro@example.jp" not in result.text
    assert (result.order_numbers, result.phones) == (("HM-24-00123",), ("09012345678",))
    assert (result.language, result.intent) == ("ja", Intent.DELAY)


def test_plain_text_with_angle_brackets_is_not_html(rules: IntentRules) -> None:
    body = "Total <PERSON_1> said 3 > 2 and <taro@example.jp> wrote back"
    assert received(rules, body).text == body


# --- quoted history and signatures ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "text"),
    [
        pytest.param(
            "Still not here.\n\nOn Tue, Nov 18, 2026 at 10:00 AM Shop <s@shop.example> wrote:\nThanks for your order.",
            "Still not here.",
            id="en-on-wrote",
        ),
        pytest.param(
            "Still not here.\n\nOn Tue, Nov 18, 2026 at 10:00 AM Ocha no Yamamoto\n<s@shop.example> wrote:\n\n> Thanks",
            "Still not here.",
            id="en-on-wrote-wrapped",
        ),
        pytest.param(
            "Please check.\n\n-----Original Message-----\nFrom: Shop\nSent: Tuesday\nOur reply",
            "Please check.",
            id="en-original-message",
        ),
        pytest.param(
            "Please check.\n\nFrom: Shop <s@shop.example>\nSent: Tuesday, November 18, 2026 10:00\nTo: me\nOld text",
            "Please check.",
            id="en-outlook-from-sent",
        ),
        pytest.param(
            "まだ届きません。\n\n2026年11月18日(火) 10:00 山田 <s@shop.example>:\n> ご注文ありがとうございます。",
            "まだ届きません。",
            id="ja-date-header",
        ),
        pytest.param(
            "確認お願いします。\n\n--- 元のメッセージ ---\n差出人: ショップ\n送信日時: 2026/11/18\n本文",
            "確認お願いします。",
            id="ja-original-message",
        ),
        pytest.param(
            "Any news?\n\n________________________________\nFrom: Shop\nSent: Tuesday\nTo: me\nOld text",
            "Any news?",
            id="en-outlook-underscore-rule",
        ),
        pytest.param(
            "FYI\n\n-------- Forwarded Message --------\nSubject: Your order\nShipped today",
            "FYI",
            id="en-forwarded",
        ),
        pytest.param(
            "まだですか。\n\n2026/11/18 10:00、お茶の山本 <s@shop.example>のメール:\n\nご注文ありがとうございます。",
            "まだですか。",
            id="ja-apple-mail-header",
        ),
        pytest.param(
            "確認お願いします。\n\n差出人: お茶の山本\n送信日時: 2026年11月18日 10:00\n宛先: 山田\n以前の本文",
            "確認お願いします。",
            id="ja-outlook-headers",
        ),
        pytest.param(
            "> When did you order?\nOn the 15th.\n> Which item?\nThe sencha.",
            "On the 15th.\nThe sencha.",
            id="inline-answers-kept",
        ),
        pytest.param(
            "＞ いつご注文されましたか\n15日です。", "15日です。", id="ja-fullwidth-quote-marker"
        ),
        pytest.param(
            "The box was > 2 kg and the price > ¥3,000.", "The box was > 2 kg and the price > ¥3,000.",
            id="gt-inside-sentence-kept",
        ),
        pytest.param("Where is it?\n\n-- \nEmma Brown\n+44 20 7946 0958", "Where is it?", id="en-dash-dash"),
        pytest.param("Where is it?\n\nSent from my iPhone", "Where is it?", id="en-sent-from-iphone"),
        pytest.param(
            "Sent from your warehouse on the 16th, it has still not arrived.",
            "Sent from your warehouse on the 16th, it has still not arrived.",
            id="en-sent-from-in-a-sentence-kept",
        ),
        pytest.param("まだですか？\n\niPhoneから送信", "まだですか？", id="ja-iphone"),
        pytest.param(
            "よろしくお願いします。\n\n━━━━━━━━━━\n山田 太郎\ntaro@example.jp\n090-1234-5678\n━━━━━━━━━━",
            "よろしくお願いします。",
            id="ja-bordered-signature",
        ),
        pytest.param(
            "よろしくお願いします。\n＝＝＝＝＝＝＝＝\n山田 太郎\n東京都渋谷区",
            "よろしくお願いします。",
            id="ja-fullwidth-equals-signature",
        ),
        pytest.param(
            "Thanks!\n*****\nEmma Brown\nBrown Design Ltd.", "Thanks!", id="en-asterisk-signature"
        ),
        pytest.param(
            "一段落目。\n\n\n\n\n二段落目。\r\n\r\n三段落目。  ", "一段落目。\n\n二段落目。\n\n三段落目。",
            id="blank-runs-and-crlf",
        ),
    ],
)
def test_history_and_signature_are_stripped(rules: IntentRules, body: str, text: str) -> None:
    assert received(rules, body).text == text


@pytest.mark.parametrize(
    "body",
    [
        "Summary:\n-----\n" + "\n".join(f"Point {n}: the lid is cracked" for n in range(1, 10)),
        "注文内容\n-----\n煎茶 2個\n玉露 1個\n-----\nよろしくお願いします。",
        "Here is what happened:\n*****\nThe lid was cracked when I opened it!",
    ],
)
def test_text_after_a_separator_that_is_no_signature_is_kept(rules: IntentRules, body: str) -> None:
    assert received(rules, body).text == body


def test_wrapped_header_before_bottom_posted_answer(rules: IntentRules) -> None:
    body = "On Tue, Nov 18, 2026 at 10:00 AM Ocha no Yamamoto\n<s@shop.example> wrote:\n> Which item?\n\nThe sencha."
    assert received(rules, body).text == "The sencha."


def test_phone_in_the_signature_still_reaches_the_order_lookup(rules: IntentRules) -> None:
    body = "まだ届きません。\n\n━━━━━━━━━━\n山田 太郎\n０９０－１２３４－５６７８\n━━━━━━━━━━"
    result = received(rules, body)
    assert (result.text, result.phones) == ("まだ届きません。", ("09012345678",))


# --- language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("まだ届きません。", "ja"),
        ("Where is my order?", "en"),
        ("ショップ", "ja"),
        ("Hi, I ordered the 煎茶 100g two weeks ago and it still hasn't arrived. Can you check?", "en"),
        ("Hello, I bought the ほうじ茶ラテ set on Monday, but nothing has been shipped yet. Any update?", "en"),
        ("My 特選宇治抹茶スイーツセット order has not arrived yet, please check.", "en"),
        ("Apple Watch Series 9 のバンドがまだ届きません。", "ja"),
        ("先日注文したOrganic Matcha Latte Premium Setがまだ届きません。確認をお願いします。", "ja"),
        ("Tracking number が not found と表示されます", "ja"),
        ("ＨＥＬＬＯ　ＷＯＲＬＤ", "en"),
        ("ｺﾝﾆﾁﾊ", "ja"),
        ("HM-24-00012", "en"),
        ("12345 !!!", "ja"),  # no letters at all: the default
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_no_letters_falls_back_to_the_given_default() -> None:
    assert detect_language("090-1234-5678", default="en") == "en"


def test_ticket_language_wins_over_detection(rules: IntentRules) -> None:
    assert received(rules, "Where is my order?", language="ja").language == "ja"


# --- intent ---------------------------------------------------------------------

INTENT_CASES = yaml.safe_load((FIXTURES / "intent_cases.yaml").read_text(encoding="utf-8"))


def test_intent_table_covers_every_intent_in_both_languages() -> None:
    for intent in Intent:
        for language in ("ja", "en"):
            count = sum(
                1
                for case in INTENT_CASES
                if case["intent"] == intent.value and detect_language(case["subject"] + case["body"]) == language
            )
            assert count >= 3, f"{intent.value}/{language}: {count} cases"


def test_intent_accuracy_is_total_on_the_table(rules: IntentRules) -> None:
    misses = [
        (case["intent"], result.intent.value, result.intent_evidence, case["body"][:40])
        for case in INTENT_CASES
        if (result := received(rules, case["body"], subject=case["subject"])).intent != case["intent"]
    ]
    accuracy = 1 - len(misses) / len(INTENT_CASES)
    assert accuracy == 1.0, misses


@pytest.mark.parametrize(
    ("subject", "body", "intent", "evidence"),
    [
        ("", "Please cancel my subscription.", Intent.SUBSCRIPTION_CHANGE, "cancel my subscription"),
        ("", "定期便をキャンセルしたいです。", Intent.SUBSCRIPTION_CHANGE, "定期便"),
        ("", "Where is my order? It's late.", Intent.DELAY, "late"),
        ("", "Where is my order? I ordered on Monday.", Intent.WHERE_IS_MY_ORDER, "where is my order"),
        ("", "The mug arrived damaged, I want a refund.", Intent.DAMAGED, "damaged"),
        ("", "I want a refund for the mug.", Intent.REFUND, "refund*"),
        ("", "違う商品が届いたので返金してください。", Intent.WRONG_ITEM, "違う商品"),
        ("", "抹茶じゃなくて玄米茶が届きました", Intent.WRONG_ITEM, "じゃなくて"),
        ("", "I ordered 2 packs of gyokuro but got hojicha instead.", Intent.WRONG_ITEM, "but got"),
        ("", "入荷が遅れているそうですが、いつ届きますか。", Intent.RESTOCK, "入荷"),
        ("返品", "よろしくお願いします。", Intent.RETURN, "返品"),
        ("", "届いた羊羹から変な匂いがします。賞味期限はまだ先です。", Intent.DAMAGED, "変な匂い"),
        ("", "The biscuits taste stale and have a strange smell, though the date is fine.", Intent.DAMAGED, "strange smell"),
    ],
)
def test_conflicts_resolve_with_visible_evidence(
    rules: IntentRules, subject: str, body: str, intent: Intent, evidence: str
) -> None:
    result = received(rules, body, subject=subject)
    assert result.intent == intent
    assert evidence in result.intent_evidence


def test_subject_counts_more_than_body(rules: IntentRules) -> None:
    body = "Also, should I return the spare lid? Could you check the delay?"
    assert received(rules, body).intent == Intent.DELAY
    assert received(rules, body, subject="Return").intent == Intent.RETURN


def test_other_has_no_evidence(rules: IntentRules) -> None:
    result = received(rules, "Do you sell gift cards?")
    assert (result.intent, result.intent_evidence) == (Intent.OTHER, ())


def test_english_keywords_match_whole_words(rules: IntentRules) -> None:
    # "late" in "chocolate", "return" inside "nonreturnable" must not count.
    result = received(rules, "Is the chocolate nonreturnable? Just asking about the plates.")
    assert result.intent == Intent.OTHER


# --- order numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "numbers"),
    [
        ("注文番号：ＨＭ－２４－０００１２です", ("HM-24-00012",)),
        ("注文番号はHMー24ー00012です", ("HM-24-00012",)),
        ("ご注文番号 HM2400012 の件", ("HM2400012",)),
        ("Order #HM-24-00123 has not arrived", ("HM-24-00123",)),
        ("order no. hm-24-00123", ("HM-24-00123",)),
        ("Order number: 12345678", ("12345678",)),
        ("受注番号【１２３４５６７】について", ("1234567",)),
        ("オーダー番号 AB123456", ("AB123456",)),
        ("I think it was HM-24-00123 or maybe HM-24-00124.", ("HM-24-00123", "HM-24-00124")),
        ("HM-24-00123 と hm-24-00123 は同じ", ("HM-24-00123",)),
        ("see https://shop.example/orders/HM2400099 please", ("HM2400099",)),
        # negatives
        ("電話番号は090-1234-5678です", ()),
        ("〒150-0001 東京都渋谷区神宮前1-2-3", ()),
        ("注文番号 150-0001", ()),
        ("11月18日（2026-11-18）に注文", ()),
        ("注文日 2026/11/18", ()),
        ("Order 2026-11-18 placed", ()),
        ("商品コード TEA-01 を2個", ()),
        ("SKU TEA-0001 and MUG-02", ()),
        ("合計 ¥24,000（JPY24000）でした", ()),
        ("伝票番号 4512-3456-7890", ()),
        ("TEL09012345678", ()),
        ("order 3 boxes", ()),
        ("Order 240000 yen in total", ()),
        ("ご注文 24000円でした", ()),
        ("Order number: 090-1234-5678", ()),
    ],
)
def test_order_numbers(rules: IntentRules, body: str, numbers: tuple[str, ...]) -> None:
    assert received(rules, body).order_numbers == numbers


def test_order_numbers_come_from_subject_first(rules: IntentRules) -> None:
    result = received(rules, "Also about HM-24-00200.", subject="Re: HM-24-00100 still missing")
    assert result.order_numbers == ("HM-24-00100", "HM-24-00200")


def test_order_number_in_the_quoted_shop_reply_is_a_later_candidate(rules: IntentRules) -> None:
    body = "Still not here.\n\nOn Tue, Nov 18, 2026 at 10:00 AM Shop <s@shop.example> wrote:\n> Order HM-24-00300 shipped"
    result = received(rules, body)
    assert result.text == "Still not here."
    assert result.order_numbers == ("HM-24-00300",)


# --- phones ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "phones"),
    [
        ("携帯：090-1234-5678", ("09012345678",)),
        ("携帯090-1234-5678です", ("09012345678",)),
        ("call +81 (0)90-1234-5678", ("09012345678",)),
        ("携帯 09012345678 までお願いします", ("09012345678",)),
        ("自宅 03-1234-5678", ("0312345678",)),
        ("電話：０９０－１２３４－５６７８", ("09012345678",)),
        ("電話 (03) 1234-5678", ("0312345678",)),
        ("call +81 90 1234 5678", ("09012345678",)),
        ("call +81-3-1234-5678", ("0312345678",)),
        ("0120-123-456 フリーダイヤル", ("0120123456",)),
        ("UK: +44 20 7946 0958", ("+442079460958",)),
        ("US: (415) 555-0123 or 415.555.0124", ("4155550123", "4155550124")),
        ("US: +1 415-555-0123", ("+14155550123",)),
        ("090-1234-5678 と 090-1234-5678", ("09012345678",)),
        # negatives
        ("〒060-0001 札幌市", ()),
        ("注文番号 HM-24-00012", ()),
        ("伝票番号 4512-3456-7890", ()),
        ("2026-11-18 に注文", ()),
        ("合計 24,000円", ()),
        ("電話 090-1234", ()),
    ],
)
def test_phones(rules: IntentRules, body: str, phones: tuple[str, ...]) -> None:
    assert received(rules, body).phones == phones


# --- abusive claimers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "abusive"),
    [
        ("ふざけるな！早く金返せ！", True),
        ("これ以上対応しないなら訴えます。", True),
        ("こんなの詐欺じゃないか。", True),
        ("This is a scam. I will sue you.", True),
        ("You idiots sent me a broken mug.", True),
        ("Disgusting service, give me my money back.", True),
        ("まだ届きませんが、確認をお願いします。", False),
        ("I would like a refund, please.", False),
        ("There is an issue with my order.", False),  # "sue" inside "issue"
        ("Hi, this is Sue. Where is my parcel?", False),
    ],
)
def test_abusive_signals(rules: IntentRules, body: str, abusive: bool) -> None:
    result = received(rules, body)
    assert result.abusive is abusive
    assert bool(result.abusive_evidence) is abusive


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \n\t ", "ticket body is empty"),
        ("\x00\x00\r\n", "ticket body is empty"),
        ("<html><body><style>p{}</style></body></html>", "ticket body has no text once the HTML markup is removed"),
        ("> only a quote\n> and more", "ticket body is empty after removing quoted history and signature"),
        ("Sent from my iPhone", "ticket body is empty after removing quoted history and signature"),
        (
            "On Tue, Nov 18, 2026 at 10:00 AM Shop <s@shop.example> wrote:\nold text",
            "ticket body is empty after removing quoted history and signature",
        ),
    ],
)
def test_bad_input_is_refused_precisely(rules: IntentRules, body: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        received(rules, body)
    assert caught.value.detail == message


@pytest.mark.parametrize(
    ("subject", "body", "intent"),
    [
        ("HM-24-00058 いつ届きますか", "", Intent.WHERE_IS_MY_ORDER),
        ("Refund for my cancelled order please", "  \n\u200b", Intent.REFUND),
        # a body that is only a signature: the subject is what was said
        ("Where is my parcel?", "\n\nSent from my iPhone", Intent.WHERE_IS_MY_ORDER),
    ],
)
def test_a_mail_with_an_empty_body_is_read_from_its_subject(
    rules: IntentRules, subject: str, body: str, intent: Intent
) -> None:
    result = received(rules, body, subject=subject)
    assert (result.intent, result.text) == (intent, subject)
    assert result.intent_evidence


def test_a_body_of_quoted_history_only_is_refused_whatever_the_subject(rules: IntentRules) -> None:
    # The customer wrote nothing new; a subject carried over from the thread would be answered again.
    with pytest.raises(InvalidInput, match="empty after removing quoted history"):
        received(rules, "> ご注文ありがとうございます。", subject="発送はいつですか")


def test_a_subject_only_mail_still_gives_its_order_number(rules: IntentRules) -> None:
    assert received(rules, "", subject="HM-24-00058 いつ届きますか").order_numbers == ("HM-24-00058",)


@pytest.mark.parametrize("subject", ["", "   ", "\u200b"])
def test_an_empty_subject_and_body_is_still_refused(rules: IntentRules, subject: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        received(rules, " ", subject=subject)
    assert caught.value.detail == "ticket body is empty"


# --- the rules file -------------------------------------------------------------


DELETE = object()


def _rules_with(tmp_path: Path, keys: tuple[str, ...], value: object) -> Path:
    """The shipped rules file with one entry replaced (or deleted), written to tmp_path."""
    raw = yaml.safe_load((PROJECT_ROOT / "knowledge" / "intents.yaml").read_text(encoding="utf-8"))
    parent = raw
    for key in keys[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[keys[-1]]
    else:
        parent[keys[-1]] = value
    path = tmp_path / "intents.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("keys", "value", "named"),
    [
        (("intents", "delay", "ja", "遅延"), "high", "intents.delay.ja.遅延"),
        (("intents", "delay", "en", "late"), -1, "intents.delay.en.late"),
        (("intents", "refund", "outranks"), ["refund"], "intents.refund.outranks"),
        (("intents", "cancel", "outranks"), ["nonsense"], "intents.cancel.outranks.0"),
        (("intents", "wheres_my_order"), {"en": {"where": 1}}, "intents.wheres_my_order"),
        (("intents", "restock"), DELETE, "restock"),
        (("intents", "return", "en"), {}, "intents.return.en"),
        (("intents", "return", "en"), {"ret*urn": 3}, "intents.return.en"),
        (("intents", "other"), {"ja": {"その他": 1}}, "intents.other"),
        (("intents", "damaged", "fr"), {"cassé": 5}, "intents.damaged.fr"),
        (("subject_weight",), 0.5, "subject_weight"),
        (("intents", "return", "en"), {"does not fit": 3, "doesn't fit": 3}, "intents.return.en"),
        (("requests", "weight"), 0.5, "requests.weight"),
        (("abusive",), DELETE, "abusive"),
    ],
)
def test_bad_rules_name_the_intent_and_field(tmp_path: Path, keys: tuple[str, ...], value: object, named: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_intent_rules(_rules_with(tmp_path, keys, value))
    assert named in caught.value.detail


def test_missing_or_unparsable_rules_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        load_intent_rules(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("intents: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid YAML"):
        load_intent_rules(broken)
