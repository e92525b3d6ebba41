"""Why intent missed on the sixth writer's set, one table per cause, with sentences written
for these tests (in no eval set): a shop's notice pasted between separator lines, a wrong
item told loosely, a delivery day asked for, money asked back in other words or on an
order whose goods came back, and a subscription's name over the problem with its box.
Each table holds near-misses that must keep their label. (The earlier causes:
test_intent_causes.py.)"""

from __future__ import annotations

import pytest

from draftdesk.domain import Intent
from draftdesk.pipeline.intake import IntentRules
from tests.support.desks import intent_of, intent_rules


@pytest.fixture(scope="module")
def rules() -> IntentRules:
    return intent_rules()


# --- a notice of the shop pasted between separator lines, then the customer's line ---


@pytest.mark.parametrize(
    ("subject", "body", "intent"),
    [
        (
            "Re: 発送のお知らせ",
            "=====\n【商品発送のご案内】\n鈴木 様\nご注文の品を本日発送しました。\nお届け予定：12月3日\n=====\n\n"
            "ふたが欠けていました。",
            Intent.DAMAGED,
        ),
        (
            "Re: Delivered",
            "-----\nYour parcel was delivered today.\nOrder number: 5521\n-----\n"
            "Why is there plum jam in it, not honey?",
            Intent.WRONG_ITEM,
        ),
        (
            "",
            "━━━━━━\n【出荷完了メール】\n出荷日：11月30日\nお届け予定日：12月2日\n━━━━━━\n番地が違っていました。正しくは3-5-12です。住所の変更をお願いします。",
            Intent.ADDRESS_CHANGE,
        ),
        # near-misses: the request itself is fenced (nothing of the customer's outside), or
        # the fenced block holds the request and only a form's fields stand outside it
        ("", "-----\nマグが割れて届きました。\n-----", Intent.DAMAGED),
        ("", "お問い合わせ種別：注文について\n-----\n湯のみが割れて届きました。\n-----", Intent.DAMAGED),
    ],
)
def test_a_pasted_notice_is_not_the_customers_words(
    rules: IntentRules, subject: str, body: str, intent: Intent
) -> None:
    assert intent_of(rules, body, subject=subject) is intent


# --- what came told loosely: "I asked for X, (one) was Y", a mix-up, the label vs the contents ---


@pytest.mark.parametrize(
    ("body", "intent"),
    [
        ("紅茶を2箱頼んだのですが、1箱だけ緑茶でした。", Intent.WRONG_ITEM),
        ("ジャムの瓶、ラベルは苺なのに中身はあんずでした。", Intent.WRONG_ITEM),
        ("The tin labelled hojicha has green powder inside. I think it is matcha.", Intent.WRONG_ITEM),
        ("Looks like a mix-up at the warehouse: two cups and no saucers in my box.", Intent.WRONG_ITEM),
        # near-misses: "I ordered, but …" about the shipping or the payment
        ("先週注文したのですが、まだ発送されていないようでした。いつ届きますか？", Intent.WHERE_IS_MY_ORDER),
        ("I mixed up the dates, sorry. Could you cancel my order before it ships?", Intent.CANCEL),
    ],
)
def test_a_wrong_item_told_loosely(rules: IntentRules, body: str, intent: Intent) -> None:
    assert intent_of(rules, body) is intent


# --- which day it comes: asked by a day of the customer's, not a complaint --------


@pytest.mark.parametrize(
    ("body", "intent"),
    [
        ("来週の火曜日までに届きますか？贈り物なので。", Intent.WHERE_IS_MY_ORDER),
        ("お届け予定は何日になりますか。", Intent.WHERE_IS_MY_ORDER),
        ("Will the cups arrive in time for Christmas? They are a present.", Intent.WHERE_IS_MY_ORDER),
        ("Can you tell me if the parcel will be here by Friday?", Intent.WHERE_IS_MY_ORDER),
        # near-misses: the day has gone by
        ("It was supposed to arrive by Friday and it still has not come.", Intent.DELAY),
        ("予定日を過ぎても届きません。週末前に着くと聞いていました。", Intent.DELAY),
    ],
)
def test_a_delivery_day_asked_for(rules: IntentRules, body: str, intent: Intent) -> None:
    assert intent_of(rules, body) is intent


# --- money asked back in other words; a parcel back undelivered ---------------------


@pytest.mark.parametrize(
    ("body", "intent"),
    [
        ("支払った代金は戻ってきますか？", Intent.REFUND),
        ("届かずに戻ってきた荷物の件です。もう要らないので代金を返してください。", Intent.REFUND),
        ("Could you pay me back for the two mugs? I don't need them any more.", Intent.REFUND),
        # near-misses: 代金引換 holds 代金 and asks to send the goods back; a chase of the parcel
        ("代金引換で頼んだ急須を返品したいです。", Intent.RETURN),
        ("注文した荷物がまだ届きません。", Intent.WHERE_IS_MY_ORDER),
    ],
)
def test_money_asked_back_in_other_words(rules: IntentRules, body: str, intent: Intent) -> None:
    assert intent_of(rules, body) is intent


# --- an order whose goods came back: what is left to ask about is the money ---------


@pytest.mark.parametrize(
    ("subject", "body", "state", "intent"),
    [
        ("返品の件", "返品した湯のみの件、その後どうなっていますか？", "returned", Intent.REFUND),
        ("box sent back", "You've had the box back for ten days. When does the money come?", "returned", Intent.REFUND),
        ("", "I returned the kettle last week. Where is my money?", None, Intent.REFUND),
        # near-misses: a return asked for on an order still with the customer
        ("", "I'd like to return the spare mug, it is unused.", "delivered", Intent.RETURN),
        ("", "未使用の小皿を返品したいです。", "delivered", Intent.RETURN),
    ],
)
def test_goods_already_back_ask_for_the_money(
    rules: IntentRules, subject: str, body: str, state: str | None, intent: Intent
) -> None:
    assert intent_of(rules, body, subject=subject, state=state) is intent


# --- a subscription's name says what is concerned; what is done to it decides --------


@pytest.mark.parametrize(
    ("subject", "body", "intent"),
    [
        ("今月の定期便", "今月の定期便、急須のふたが欠けていました。", Intent.DAMAGED),
        ("subscription box", "The jam from my subscription box arrived with a cracked lid.", Intent.DAMAGED),
        ("定期購入の箱", "定期購入の箱に、頼んでいない羊羹が入っていました。", Intent.WRONG_ITEM),
        # near-misses: the subscription and what is done to it
        ("定期便", "定期便を来月から再開したいです。", Intent.SUBSCRIPTION_CHANGE),
        ("定期便の数", "定期便の紅茶を3袋から2袋に減らしたいです。", Intent.SUBSCRIPTION_CHANGE),
        ("", "Could you switch my monthly to every six weeks?", Intent.SUBSCRIPTION_CHANGE),
        ("", "Please put my subscription on hold until March.", Intent.SUBSCRIPTION_CHANGE),
        ("", "定期便の12月分と1月分、まとめて一度に送ってもらえますか。", Intent.SUBSCRIPTION_CHANGE),
    ],
)
def test_a_subscriptions_name_is_not_a_change(rules: IntentRules, subject: str, body: str, intent: Intent) -> None:
    assert intent_of(rules, body, subject=subject) is intent
