"""Write evals/edits/pairs.yaml (or into SET_DIR): a drafted reply and what an agent
approved instead, labelled with the kinds of edit made (evals/edits/README.md).

The drafted replies are the good replies of the checker's set (style_cases.BASES); an
agent's edits are applied to them and checked to apply before anything is written.
A pair may put a subject line before each reply (what edit capture compares: the
subject, a blank line, the body).

    python -m tests.evals.builders.edit_pairs [SET_DIR]
"""

from __future__ import annotations

import yaml

from tests.evals.builders import EVALS, set_dir
from tests.evals.builders.style_cases import BASES

TODAY = "2026-11-20"  # the demo clock: dates written without a year are in 2026
FACTS, WORDING, ADDED, REMOVED = "facts_changed", "wording_changed", "sections_added", "sections_removed"

# (id, base reply, classes, [(old, new), …], extra fields: subject=(before, after))
PAIRS: list[tuple] = [
    # --- no edit: white space, line breaks, full- and half-width forms, a value written another way
    ("ja-format-blank-line", "shipped_ja", [], [("お待たせしてしまい、", "\nお待たせしてしまい、"), ("申し上げます。", "申し上げます。  ")]),
    ("ja-format-fullwidth-digits", "shipped_ja", [], [("4512-3456-7890", "４５１２-３４５６-７８９０")]),
    ("ja-format-rewrapped-line", "shipped_ja", [], [("（煎茶 100g × 2）は、", "（煎茶 100g × 2）は、\n")]),
    ("ja-format-space-around-number", "shipped_ja", [], [("お問い合わせ伝票番号は 4512-3456-7890 です。", "お問い合わせ伝票番号は4512-3456-7890です。")]),
    ("ja-format-slash-date", "shipped_ja", [], [("11月18日(水)頃", "11/18頃")]),
    ("ja-format-fullwidth-brackets", "backorder_ja", [], [("2026年12月5日(土)", "2026年12月5日（土）")]),
    ("ja-format-year-dropped", "damaged_ja", [], [("2026年11月24日(火)までに", "11月24日(火)までに")]),
    ("ja-format-joined-paragraphs", "shipped_ja", [], [("申し訳ございません。\n\n何卒", "申し訳ございません。\n何卒")]),
    ("en-format-extra-blank-lines", "shipped_en", [], [("\n\nI am sorry", "\n\n\n\nI am sorry")]),
    ("en-format-double-space", "backorder_en", [], [("The supplier expects", "The  supplier  expects")]),
    ("en-format-crlf", "damaged_en", [], [("Tea.\n\nYour order", "Tea.\r\n\r\nYour order")]),
    ("en-format-month-abbreviated", "shipped_en", [], [("November 16 (Mon)", "Nov. 16 (Mon)")]),
    ("en-format-split-paragraph", "shipped_en", [], [("(Mon). The tracking", "(Mon).\n\nThe tracking")]),
    ("en-format-iso-date", "refunded_en", [], [("November 24 (Tue)", "2026-11-24")]),
    # --- a fact changed, nothing else
    ("ja-facts-restock-date", "backorder_ja", [FACTS], [("2026年12月5日(土)", "2026年12月8日(火)")]),
    ("ja-facts-tracking-number", "shipped_ja", [FACTS], [("4512-3456-7890", "4512-3456-7891")]),
    ("ja-facts-next-contact", "shipped_ja", [FACTS], [("2026年11月24日(火)までに", "2026年11月25日(水)までに")]),
    ("ja-facts-quantity", "shipped_ja", [FACTS], [("煎茶 100g × 2", "煎茶 100g × 3")]),
    ("en-facts-delivery-date", "shipped_en", [FACTS], [("November 18 (Wed)", "November 19 (Thu)")]),
    ("en-facts-order-number", "shipped_en", [FACTS], [("HM-24-00012", "HM-24-00021")]),
    ("en-facts-quantity", "backorder_en", [FACTS], [("Gyokuro 50g × 1", "Gyokuro 50g × 2")]),
    ("en-facts-update-by", "damaged_en", [FACTS], [("November 24 (Tue)", "November 25 (Wed)")]),
    ("en-facts-subject-order-number", "shipped_en", [FACTS], [], {"subject": ("Delivery status (order HM-24-00012)", "Delivery status (order HM-24-00021)")}),
    # --- wording: other words of a paragraph the draft has
    ("ja-wording-thanks", "shipped_ja", [WORDING], [("いつも茶舗みどり屋をご利用いただき、", "お問い合わせいただき、")]),
    ("ja-wording-keigo", "shipped_ja", [WORDING], [("に発送いたしました。", "に発送しております。")]),
    ("ja-wording-apology", "shipped_ja", [WORDING], [("お待たせしてしまい、", "ご心配をおかけしてしまい、")]),
    ("ja-wording-closing", "backorder_ja", [WORDING], [("何卒よろしくお願い申し上げます。", "今後ともよろしくお願いいたします。")]),
    ("ja-wording-greeting-name", "shipped_ja", [WORDING], [("山田 太郎 様", "山田 様")]),
    ("ja-wording-split-and-shortened", "shipped_ja", [WORDING], [("いたしました。\nお問い合わせ伝票番号は", "いたしました。\n\n伝票番号は")]),
    ("ja-wording-subject", "shipped_ja", [WORDING], [], {"subject": ("【茶舗みどり屋】ご注文番号 HM-24-00012 の配送状況について", "【茶舗みどり屋】配送状況のご連絡（ご注文番号 HM-24-00012）")}),
    ("en-wording-thanks", "shipped_en", [WORDING], [("Thank you for contacting Midoriya Tea.", "Thank you for getting in touch with us.")]),
    ("en-wording-apology", "backorder_en", [WORDING], [("I am sorry for the wait.", "I am sorry for the delay.")]),
    ("en-wording-next-step", "damaged_en", [WORDING], [("I have checked the photos", "I have looked at the photos"), ("I will update you by", "I will write to you by")]),
    ("en-wording-greeting-title", "shipped_en", [WORDING], [("Dear Emily Carter,", "Dear Ms. Carter,")]),
    ("en-wording-greeting-first-name", "backorder_en", [WORDING], [("Dear Hanako Suzuki,", "Dear Hanako,")]),
    ("en-wording-sentence-appended", "refunded_en", [WORDING], [("by November 24 (Tue).", "by November 24 (Tue). If anything is unclear, just reply to this e-mail.")]),
    # --- a paragraph added or taken out
    ("ja-added-paragraph", "shipped_ja", [ADDED], [("何卒よろしく", "ご不明な点がございましたら、お気軽にお問い合わせください。\n\n何卒よろしく")]),
    ("ja-added-paragraph-backorder", "backorder_ja", [ADDED], [("お待たせしてしまい", "入荷の状況は、商品ページでもご確認いただけます。\n\nお待たせしてしまい")]),
    ("en-added-paragraph", "shipped_en", [ADDED], [("I am sorry for the wait.", "You can follow the parcel on the carrier's website with the tracking number.\n\nI am sorry for the wait.")]),
    ("en-added-paragraph-damaged", "damaged_en", [ADDED], [("I am sorry that", "Please keep the broken cups until we have decided what to do.\n\nI am sorry that")]),
    ("ja-removed-apology", "shipped_ja", [REMOVED], [("お待たせしてしまい、申し訳ございません。\n\n", "")]),
    ("ja-removed-introduction", "damaged_ja", [REMOVED], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\nカスタマーサポートの佐藤でございます。\n\n", "")]),
    ("en-removed-apology", "shipped_en", [REMOVED], [("\n\nI am sorry for the wait.", "")]),
    ("en-removed-thanks", "backorder_en", [REMOVED], [("Thank you for contacting Midoriya Tea.\n\n", "")]),
    # --- mixes
    ("ja-mix-coupon-paragraph", "shipped_ja", [ADDED, FACTS], [("お待たせしてしまい", "お詫びのしるしとして、次回ご利用いただける500円のクーポンをお送りいたします。\n\nお待たせしてしまい")]),
    ("ja-mix-estimate-reworded", "shipped_ja", [FACTS, WORDING], [("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "配送業者によると、お届けは11月19日(木)頃の予定です。")]),
    ("ja-mix-reworded-and-added", "shipped_ja", [WORDING, ADDED], [("お待たせしてしまい、", "ご心配をおかけし、"), ("何卒よろしく", "なお、配達状況は伝票番号で配送業者のサイトからもご確認いただけます。\n\n何卒よろしく")]),
    ("ja-mix-apology-replaced-by-other", "shipped_ja", [REMOVED, ADDED], [("お待たせしてしまい、申し訳ございません。", "伝票番号で配送業者のサイトからも配達状況をご確認いただけます。")]),
    ("ja-mix-sentence-with-number-removed", "shipped_ja", [FACTS, WORDING], [("お問い合わせ伝票番号は 4512-3456-7890 です。\n", "")]),
    ("ja-mix-total-added", "damaged_ja", [FACTS, ADDED], [("本日、お送りいただいた", "ご請求金額は3,300円です。\n\n本日、お送りいただいた")]),
    ("en-mix-estimate-reworded", "shipped_en", [FACTS, WORDING], [("The carrier's estimated delivery date is November 18 (Wed).", "The carrier now expects to deliver it on November 20 (Fri).")]),
    ("en-mix-delivered-paragraph-removed", "damaged_en", [FACTS, REMOVED], [("Your order HM-24-00024 (Teacup set × 1) was delivered on November 17 (Tue).\n\n", "")]),
    ("en-mix-reworded-and-removed", "shipped_en", [WORDING, REMOVED], [("Thank you for contacting Midoriya Tea.", "Thank you for getting in touch."), ("\n\nI am sorry for the wait.", "")]),
    ("en-mix-everything", "backorder_en", [FACTS, WORDING, ADDED, REMOVED], [
        ("around December 5 (Sat)", "around December 9 (Wed)"),
        ("We will ship it as soon as it arrives,", "We will send it to you the day it arrives,"),
        ("I am sorry for the wait.", "If you would rather cancel, reply to this e-mail and we will cancel the order."),
    ]),
    ("en-mix-subject-and-body", "refunded_en", [FACTS, WORDING], [("I have asked the card company today", "I asked the card company this morning")], {"subject": ("Refund (order HM-24-00029)", "Refund (order HM-24-00092)")}),
]

# Written after the classifier agreed on PAIRS, labelled before it was run on them, and
# never tuned on: scored apart (python -m draftdesk.evals.edits --holdout).
HOLDOUT: list[tuple] = [
    ("ja-ho-refund-check-reworded", "refunded_ja", [WORDING], [("本日、カード会社への反映状況を確認いたしました。", "本日、カード会社に返金の反映状況を問い合わせました。")]),
    ("ja-ho-closing-removed", "refunded_ja", [REMOVED], [("\n\n何卒よろしくお願い申し上げます。", "")]),
    ("ja-ho-set-quantity", "damaged_ja", [FACTS], [("湯呑み 2客セット × 1", "湯呑み 2客セット × 2")]),
    ("ja-ho-exchange-paragraph", "damaged_ja", [FACTS, ADDED], [("商品が破損", "交換品は在庫を確認のうえ、2営業日以内に発送いたします。\n\n商品が破損")]),
    ("ja-ho-halfwidth-katakana", "shipped_ja", [], [("カスタマーサポートの佐藤", "ｶｽﾀﾏｰｻﾎﾟｰﾄの佐藤")]),
    ("ja-ho-next-step-rewritten", "backorder_ja", [FACTS, WORDING], [("入荷次第、発送いたします。2026年11月24日(火)までに改めて状況をご連絡いたします。", "入荷しましたら、すぐに発送いたします。2026年11月26日(木)までに改めてご連絡いたします。")]),
    ("ja-ho-sentence-with-date-added", "shipped_ja", [FACTS, WORDING], [("改めてご連絡いたします。", "改めてご連絡いたします。調査の結果は11月22日(日)頃に届く見込みです。")]),
    ("en-ho-trailing-newlines", "refunded_en", [], [("0120-000-123\n", "0120-000-123\n\n\n")]),
    ("en-ho-refund-amount-added", "refunded_en", [FACTS, WORDING], [("has been refunded.", "has been refunded in full (¥2,400).")]),
    ("en-ho-paragraph-replaced", "damaged_en", [REMOVED, ADDED], [("I am sorry that your item arrived damaged.", "Please send us one more photo of the box it came in.")]),
    ("en-ho-two-paragraphs-added", "backorder_en", [ADDED], [("I am sorry for the wait.", "Gyokuro from this farm sells out every spring.\n\nIf you prefer, we can suggest a similar tea that is in stock.\n\nI am sorry for the wait.")]),
    ("en-ho-greeting-misspelt", "damaged_en", [WORDING], [("Dear Olivia Taylor,", "Dear Olivia Tailor,")]),
    ("en-ho-date-form-and-word", "shipped_en", [WORDING], [("estimated delivery date is November 18 (Wed).", "expected delivery date is 18 November.")]),
]


class _Dumper(yaml.SafeDumper):
    """Replies as literal blocks, so that a pair reads as the two replies (YAML falls
    back to a quoted string where a block cannot hold the text: trailing spaces, CR)."""


_Dumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)
)


def build(pairs: list[tuple]) -> list[dict]:
    out = []
    for name, base, classes, edits, *extra in pairs:
        fields = dict(extra[0]) if extra else {}
        before = after = BASES[base]
        for old, new in edits:
            if old not in after:
                raise SystemExit(f"{name}: {old!r} is not in its reply")
            after = after.replace(old, new, 1)
        if "subject" in fields:
            subject_before, subject_after = fields.pop("subject")
            before, after = f"{subject_before}\n\n{before}", f"{subject_after}\n\n{after}"
        if before == after:
            raise SystemExit(f"{name}: nothing was edited")
        out.append({"id": name, "language": base.rsplit("_", 1)[1], "classes": classes, "before": before, "after": after})
    return out


if __name__ == "__main__":
    folder = set_dir(EVALS / "edits")
    folder.mkdir(parents=True, exist_ok=True)
    header = "# Generated by tests/evals/builders/edit_pairs.py — edit that file, not this one.\n"
    for file_name, source in (("pairs.yaml", PAIRS), ("pairs_holdout.yaml", HOLDOUT)):
        pairs = build(source)
        ids = [pair["id"] for pair in pairs]
        assert len(ids) == len(set(ids)), "pair ids must be unique"
        body = yaml.dump({"today": TODAY, "pairs": pairs}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        (folder / file_name).write_text(header + body, encoding="utf-8")
        print(f"{file_name}: {len(pairs)} pairs written")
