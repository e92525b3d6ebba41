"""read_mail keeps the quoted history apart from the customer's own words: what the ticket
page shows folded. (What intake reads from the rest: tests/pipeline/test_intake.py.)"""

from __future__ import annotations

import pytest

from draftdesk.text.mail_text import read_mail, unfenced


@pytest.mark.parametrize(
    ("body", "own", "quoted"),
    [
        ("まだ届きません。", "まだ届きません。", ""),
        (
            "まだ届きません。\n\nOn Wed, Nov 18, 2026 at 10:00 AM Shop <s@example.jp> wrote:\n> 発送しました。\n> 佐藤",
            "まだ届きません。\n",
            "On Wed, Nov 18, 2026 at 10:00 AM Shop <s@example.jp> wrote:\n> 発送しました。\n> 佐藤",
        ),
        (  # inline answers: the quotes go to the history, the answers stay
            "> いつ届きますか。\nまだです。\n> 住所は合っていますか。\nはい。",
            "まだです。\nはい。",
            "> いつ届きますか。\n> 住所は合っていますか。",
        ),
        (
            "<p>届きません</p><blockquote><p>ご注文ありがとうございます</p></blockquote>",
            "届きません\n",
            "> ご注文ありがとうございます",
        ),
    ],
    ids=["no history", "a reply header and everything below", "inline quotes", "an HTML blockquote"],
)
def test_the_quoted_history_is_kept_apart(body: str, own: str, quoted: str) -> None:
    mail = read_mail(body)
    assert (mail.own, mail.quoted) == (own, quoted)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (  # a shop's notice pasted between separator lines, the customer's line below it
            "-----\n【発送のお知らせ】\n鈴木 様\n本日発送しました。\n-----\n\nふたが欠けていました。",
            "\nふたが欠けていました。",
        ),
        ("Is this right?\n=====\nOrder 5521\nShipped today\n=====", "Is this right?"),
        # kept: nothing fenced, one separator only, or no sentence of the customer's outside
        ("まだ届きません。", "まだ届きません。"),
        ("まだ届きません。\n-----\n注文番号 5521", "まだ届きません。\n-----\n注文番号 5521"),
        ("お問い合わせ種別：注文\n-----\n割れていました。\n-----", "お問い合わせ種別：注文\n-----\n割れていました。\n-----"),
    ],
    ids=["a notice above", "details below", "no separator", "one separator", "a form's field outside"],
)
def test_a_fenced_block_is_set_aside_when_the_customer_wrote_outside_it(text: str, words: str) -> None:
    assert unfenced(text) == words
