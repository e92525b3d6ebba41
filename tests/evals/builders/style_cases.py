"""Write evals/style/cases.yaml (or into SET_DIR): good replies and the ways people really break the house style.

Each case is a base reply (a good one, per context) with edits applied, labelled
with exactly the rule ids it breaks at error/warning level. Edits are checked to
apply before anything is written, so cases.yaml never needs hand edits.

    python -m tests.evals.builders.style_cases [SET_DIR]
"""

from __future__ import annotations

import yaml

from tests.evals.builders import EVALS, set_dir

JA_SIG = "\n\n――――――――――――――――\n茶舗みどり屋 カスタマーサポート\n担当：佐藤\nsupport@midoriya.example.jp / 0120-000-123\n"
EN_SIG = "\n\nKind regards,\n\nSato\nCustomer Support, Midoriya Tea\nsupport@midoriya.example.jp | 0120-000-123\n"
BASES = {
    "shipped_ja": (
        "山田 太郎 様\n\nいつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\nカスタマーサポートの佐藤でございます。\n\n"
        "ご注文番号 HM-24-00012（煎茶 100g × 2）は、2026年11月16日(月)に発送いたしました。\n"
        "お問い合わせ伝票番号は 4512-3456-7890 です。\n配送業者の予測では、お届けは11月18日(水)頃の見込みです。\n\n"
        "本日、配送業者に配達状況の確認を依頼いたしました。2026年11月24日(火)までに改めてご連絡いたします。\n\n"
        "お待たせしてしまい、申し訳ございません。\n\n何卒よろしくお願い申し上げます。" + JA_SIG
    ),
    "shipped_en": (
        "Dear Emily Carter,\n\nThank you for contacting Midoriya Tea.\n\n"
        "Your order HM-24-00012 (Sencha 100g × 2) was shipped on November 16 (Mon). The tracking number is 4512-3456-7890. "
        "The carrier's estimated delivery date is November 18 (Wed).\n\n"
        "I have asked the carrier today to check the delivery, and I will update you by November 24 (Tue).\n\n"
        "I am sorry for the wait." + EN_SIG
    ),
    "backorder_ja": (
        "鈴木 花子 様\n\nいつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\n\n"
        "ご注文番号 HM-24-00045 の玉露 50g × 1 は、現在入荷待ちとなっております。\n"
        "仕入先からの連絡では、入荷は2026年12月5日(土)頃の見込みです。\n\n"
        "入荷次第、発送いたします。2026年11月24日(火)までに改めて状況をご連絡いたします。\n\n"
        "お待たせしてしまい、申し訳ございません。\n\n何卒よろしくお願い申し上げます。" + JA_SIG
    ),
    "backorder_en": (
        "Dear Hanako Suzuki,\n\nThank you for contacting Midoriya Tea.\n\n"
        "Your order HM-24-00045 (Gyokuro 50g × 1) is waiting for stock. The supplier expects the restock around December 5 (Sat).\n\n"
        "We will ship it as soon as it arrives, and I will update you by November 24 (Tue).\n\n"
        "I am sorry for the wait." + EN_SIG
    ),
    "damaged_ja": (
        "渡辺 直樹 様\n\nいつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\nカスタマーサポートの佐藤でございます。\n\n"
        "ご注文番号 HM-24-00024（湯呑み 2客セット × 1）は、2026年11月17日(火)に配達完了となっております。\n\n"
        "本日、お送りいただいた写真を確認いたしました。2026年11月24日(火)までに対応方法をご連絡いたします。\n\n"
        "商品が破損した状態で届き、申し訳ございません。\n\n何卒よろしくお願い申し上げます。" + JA_SIG
    ),
    "damaged_en": (
        "Dear Olivia Taylor,\n\nThank you for contacting Midoriya Tea.\n\n"
        "Your order HM-24-00024 (Teacup set × 1) was delivered on November 17 (Tue).\n\n"
        "I have checked the photos you sent today, and I will update you by November 24 (Tue).\n\n"
        "I am sorry that your item arrived damaged." + EN_SIG
    ),
    "refunded_ja": (
        "井上 真理 様\n\nいつも茶舗みどり屋をご利用いただき、誠にありがとうございます。\nカスタマーサポートの佐藤でございます。\n\n"
        "ご注文番号 HM-24-00029（抹茶 30g × 1）は、返金のお手続きが完了しております。\n\n"
        "本日、カード会社への反映状況を確認いたしました。2026年11月24日(火)までに改めてご連絡いたします。\n\n"
        "何卒よろしくお願い申し上げます。" + JA_SIG
    ),
    "refunded_en": (
        "Dear Grace Kim,\n\nThank you for contacting Midoriya Tea.\n\n"
        "Your order HM-24-00029 (Matcha 30g × 1) has been refunded.\n\n"
        "I have asked the card company today to check the refund, and I will update you by November 24 (Tue).\n\n"
        "Thank you for your patience." + EN_SIG
    ),
}
BASES["late_damage_ja"] = BASES["damaged_ja"].replace("2026年11月17日(火)", "2026年11月5日(木)")
BASES["late_damage_en"] = BASES["damaged_en"].replace("November 17 (Tue)", "November 5 (Thu)")
BASE_OF = {"goodwill_ja": "shipped_ja", "abusive_ja": "shipped_ja", "goodwill_en": "shipped_en", "abusive_en": "shipped_en"}

JA_FACT = "本日、配送業者に"  # the next-step sentence: insertions go before it
EN_FACT = "I have asked"
BK_JA = "入荷次第"
BK_EN = "We will ship it"
DM_JA = "2026年11月24日(火)までに対応方法"  # damaged_ja: insertions go before the next step
DM_EN = "I have checked the photos"
RF_JA = "本日、カード会社"
RF_EN = "I have asked the card company"

# (name, context, breaks, [(old, new), …], extra case fields). A reply in the wrong
# language also lacks that language's greeting, signature, markers and closing.
CASES: list[tuple] = [
    # --- good, ja -----------------------------------------------------------------
    ("ja-good-shipped", "shipped_ja", [], []),
    ("ja-good-backorder", "backorder_ja", [], []),
    ("ja-good-no-apology", "shipped_ja", [], [("お待たせしてしまい、申し訳ございません。\n\n", "")]),
    ("ja-good-closing-kongo", "shipped_ja", [], [("何卒よろしくお願い申し上げます。", "今後ともよろしくお願いいたします。")]),
    ("ja-good-closing-hikitsuzuki", "backorder_ja", [], [("何卒よろしくお願い申し上げます。", "引き続きよろしくお願いいたします。")]),
    ("ja-good-coupon-allowed", "goodwill_ja", [], [(JA_FACT, "お詫びのしるしとして、次回ご利用いただける500円のクーポンをお送りいたします。" + JA_FACT)]),
    ("ja-good-abusive-one-apology", "abusive_ja", [], []),
    ("ja-good-thanks-inquiry", "shipped_ja", [], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "お問い合わせいただきありがとうございます。")]),
    ("ja-good-ticket-date", "shipped_ja", [], [("ご注文番号 HM-24-00012", "11月14日にご注文いただいたご注文番号 HM-24-00012")]),
    ("ja-good-total", "shipped_ja", [], [("お問い合わせ伝票番号", "ご請求金額は2,400円です。\nお問い合わせ伝票番号")]),
    ("ja-good-restock-yotei", "backorder_ja", [], [("12月5日(土)頃の見込みです", "12月5日(土)の予定です")]),
    ("ja-good-within-days", "shipped_ja", [], [("2026年11月24日(火)までに改めてご連絡いたします。", "2営業日以内に改めてご連絡いたします。")]),
    ("ja-good-slash-date", "shipped_ja", [], [("11月18日(水)頃の見込みです", "11/18頃の見込みです")]),
    ("ja-good-iso-next-contact", "backorder_ja", [], [("2026年11月24日(火)までに", "11月24日までに")]),
    ("ja-good-apology-after-facts-two", "shipped_ja", [], [("お待たせしてしまい、申し訳ございません。", "ご不便をおかけし申し訳ございません。お待たせしてしまい、申し訳ございません。")]),
    ("ja-good-shop-contact", "shipped_ja", [], [(JA_FACT, "ご不明な点は 0120-000-123 までお電話ください。" + JA_FACT)]),
    # --- broken, ja -----------------------------------------------------------------
    ("ja-apology-first-line", "shipped_ja", ["HS001"], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "大変申し訳ございません。")]),
    ("ja-apology-meiwaku-first", "shipped_ja", ["HS001"], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "この度はご迷惑をおかけし、誠に申し訳ございません。")]),
    ("ja-apology-owabi-first", "backorder_ja", ["HS001"], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "商品の発送が遅れておりますこと、心よりお詫び申し上げます。")]),
    ("ja-apology-abusive-first", "abusive_ja", ["HS001", "HS010"], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "ご不快な思いをおかけし、申し訳ございません。")]),
    ("ja-estimate-stated-certain", "shipped_ja", ["HS002"], [("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "お届けは11月18日(水)になります。")]),
    ("ja-estimate-kakutei", "shipped_ja", ["HS002"], [("お届けは11月18日(水)頃の見込みです", "お届けは11月18日(水)に確定しています")]),
    ("ja-estimate-kanarazu", "shipped_ja", ["HS002"], [("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "11/18には必ずお届けできます。")]),
    ("ja-restock-no-marker", "backorder_ja", ["HS002"], [("仕入先からの連絡では、入荷は2026年12月5日(土)頃の見込みです。", "入荷は2026年12月5日(土)です。")]),
    ("ja-restock-certain", "backorder_ja", ["HS002"], [("入荷は2026年12月5日(土)頃の見込みです", "入荷は12月5日に確実に入荷いたします")]),
    ("ja-made-up-tracking", "shipped_ja", ["HS003"], [("4512-3456-7890", "4512-3456-9999")]),
    ("ja-wrong-ship-date", "shipped_ja", ["HS003"], [("2026年11月16日(月)", "2026年11月15日(日)")]),
    ("ja-wrong-order-number", "shipped_ja", ["HS003"], [("HM-24-00012", "HM-24-00021")]),
    ("ja-made-up-amount", "shipped_ja", ["HS003"], [("お問い合わせ伝票番号", "お支払い金額は3,000円です。\nお問い合わせ伝票番号")]),
    ("ja-wrong-quantity", "shipped_ja", ["HS003"], [("煎茶 100g × 2", "煎茶 100g × 3")]),
    ("ja-made-up-restock", "backorder_ja", ["HS003"], [("2026年12月5日(土)", "2026年12月10日(木)")]),
    ("ja-tabun-shuuake", "shipped_ja", ["HS004", "HS005"], [(JA_FACT, "たぶん週明けには届くと思います。" + JA_FACT)]),
    ("ja-osoraku", "shipped_ja", ["HS004"], [(JA_FACT, "おそらく明日には届くかと存じます。" + JA_FACT)]),
    ("ja-todoku-to-omoimasu", "backorder_ja", ["HS004"], [(BK_JA, "来月には入荷すると思います。" + BK_JA)]),
    ("ja-kinjitsuchuu", "shipped_ja", ["HS005"], [(JA_FACT, "近日中にお届けします。" + JA_FACT)]),
    ("ja-mamonaku", "backorder_ja", ["HS005"], [(BK_JA, "まもなく入荷の見込みです。" + BK_JA)]),
    ("ja-wrong-name", "shipped_ja", ["HS006"], [("山田 太郎 様", "山田 次郎 様")]),
    ("ja-misspelt-name", "backorder_ja", ["HS006"], [("鈴木 花子 様", "鈴本 花子 様")]),
    ("ja-no-sama", "shipped_ja", ["HS006"], [("山田 太郎 様", "山田 太郎")]),
    ("ja-no-greeting", "shipped_ja", ["HS006"], [("山田 太郎 様\n\n", "")]),
    ("ja-missing-signature", "shipped_ja", ["HS007"], [(JA_SIG, "\n")]),
    ("ja-signature-no-agent", "backorder_ja", ["HS007"], [("担当：佐藤\n", "")]),
    ("ja-signature-no-contact", "shipped_ja", ["HS007"], [("support@midoriya.example.jp / 0120-000-123\n", "")]),
    ("ja-vague-subject", "shipped_ja", ["HS008"], [], {"subject": "ご連絡"}),
    ("ja-empty-subject", "backorder_ja", ["HS008"], [], {"subject": ""}),
    ("ja-placeholder-person", "shipped_ja", ["HS009"], [("山田 太郎 様\n\n", "山田 太郎 様\n\n<PERSON_2>様のご注文についてご連絡いたします。\n")]),
    ("ja-placeholder-marks", "backorder_ja", ["HS009"], [(BK_JA, "担当の〇〇より、")]),
    ("ja-placeholder-bracket", "shipped_ja", ["HS009"], [("カスタマーサポートの佐藤でございます。", "【お名前】様、カスタマーサポートの佐藤でございます。")]),
    ("ja-placeholder-braces", "shipped_ja", ["HS009"], [("4512-3456-7890", "{{tracking_number}}")]),
    ("ja-too-many-apologies", "shipped_ja", ["HS010"], [("お待たせしてしまい、申し訳ございません。", "申し訳ございません。大変申し訳ございません。ご迷惑をおかけし申し訳ございません。")]),
    ("ja-abusive-two-apologies", "abusive_ja", ["HS010"], [("お待たせしてしまい、申し訳ございません。", "ご迷惑をおかけしております。重ねて申し訳ございません。")]),
    ("ja-no-closing", "shipped_ja", ["HS011"], [("\n\n何卒よろしくお願い申し上げます。", "")]),
    ("ja-no-closing-backorder", "backorder_ja", ["HS011"], [("\n\n何卒よろしくお願い申し上げます。", "\n\n以上です。")]),
    ("ja-no-next-step", "shipped_ja", ["HS012"], [("本日、配送業者に配達状況の確認を依頼いたしました。2026年11月24日(火)までに改めてご連絡いたします。\n\n", "")]),
    ("ja-next-step-no-when", "backorder_ja", ["HS012"], [("2026年11月24日(火)までに改めて状況をご連絡いたします。", "状況が分かりましたら改めてご連絡いたします。")]),
    ("ja-coupon-not-allowed", "shipped_ja", ["HS013"], [(JA_FACT, "次回使えるクーポンをお送りいたします。" + JA_FACT)]),
    ("ja-free-shipping-not-allowed", "backorder_ja", ["HS013"], [(BK_JA, "次回のご注文は送料無料といたします。" + BK_JA)]),
    ("ja-refund-not-allowed", "shipped_ja", ["HS013"], [(JA_FACT, "ご希望であれば全額返金いたします。" + JA_FACT)]),
    ("ja-blame", "shipped_ja", ["HS014"], [(JA_FACT, "住所の入力はお客様のミスです。" + JA_FACT)]),
    ("ja-blame-kakunin-busoku", "backorder_ja", ["HS014"], [(BK_JA, "商品ページのご確認不足かと存じます。" + BK_JA)]),
    ("ja-double-keigo-ossharareru", "shipped_ja", ["HS015"], [(JA_FACT, "お客様のおっしゃられる通り、配送が遅れております。" + JA_FACT)]),
    ("ja-double-keigo-goran", "shipped_ja", ["HS015"], [("お問い合わせ伝票番号は 4512-3456-7890 です。", "ご覧になられる伝票番号は 4512-3456-7890 です。")]),
    ("ja-ranuki-mireru", "shipped_ja", ["HS015"], [(JA_FACT, "伝票番号で配送状況が見れるようになります。" + JA_FACT)]),
    ("ja-haiken-sasete", "backorder_ja", ["HS015"], [(BK_JA, "ご注文内容を拝見させていただきました。" + BK_JA)]),
    ("ja-card-number", "shipped_ja", ["HS016"], [(JA_FACT, "カード 4111 1111 1111 1111 で決済済みです。" + JA_FACT)]),
    ("ja-foreign-email", "shipped_ja", ["HS016"], [(JA_FACT, "jiro.yamada@example.net 宛にもご連絡いたしました。" + JA_FACT)]),
    ("ja-foreign-phone", "backorder_ja", ["HS016"], [(BK_JA, "お急ぎの場合は 090-9999-8888 までお電話ください。" + BK_JA)]),
    ("ja-too-long", "shipped_ja", ["HS017"], [("お待たせしてしまい", "今後とも当店の商品をお楽しみいただけますよう、品質と配送の改善に努めてまいります。" * 30 + "\n\nお待たせしてしまい")]),
    ("ja-english-reply", "shipped_ja", ["HS006", "HS007", "HS018"], [], {"base": "shipped_en"}),
    ("ja-too-long-backorder", "backorder_ja", ["HS017"], [(BK_JA, "玉露は一番茶の新芽を摘む前に二十日ほど覆いをかけて育てるため、旨みが強く、毎年の生産量が限られております。" * 20 + "\n\n" + BK_JA)]),
    ("ja-english-reply-backorder", "backorder_ja", ["HS006", "HS007", "HS018"], [], {"base": "backorder_en"}),
    ("ja-apology-first-and-guess", "shipped_ja", ["HS001", "HS004", "HS005"], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "申し訳ございません。たぶん週明けには届くと思います。")]),
    # --- good, en -----------------------------------------------------------------
    ("en-good-shipped", "shipped_en", [], []),
    ("en-good-backorder", "backorder_en", [], []),
    ("en-good-no-apology", "shipped_en", [], [("\n\nI am sorry for the wait.", "")]),
    ("en-good-title-and-full-name", "shipped_en", [], [("Dear Emily Carter,", "Dear Ms. Emily Carter,")]),
    # The name exactly as on record (product decision, issue 17): a title does not stand in for the given name.
    ("en-title-and-surname", "shipped_en", ["HS006"], [("Dear Emily Carter,", "Dear Ms. Carter,")]),
    ("en-good-coupon-allowed", "goodwill_en", [], [(EN_FACT, "As an apology for the delay, we will send you a 500 yen coupon for your next order. " + EN_FACT)]),
    ("en-good-refund-refused", "shipped_en", [], [(EN_FACT, "We cannot offer a refund for carrier delays. " + EN_FACT)]),
    ("en-good-abusive-one-apology", "abusive_en", [], []),
    ("en-good-within-days", "shipped_en", [], [("and I will update you by November 24 (Tue).", "and I will update you within 2 business days.")]),
    ("en-good-iso-date", "shipped_en", [], [("was shipped on November 16 (Mon)", "was shipped on 2026-11-16")]),
    ("en-good-day-month", "backorder_en", [], [("around December 5 (Sat)", "around 5 December")]),
    ("en-good-expected", "shipped_en", [], [("The carrier's estimated delivery date is November 18 (Wed).", "Delivery is expected on November 18.")]),
    ("en-good-total", "shipped_en", [], [(EN_FACT, "Your order total was ¥2,400. " + EN_FACT)]),
    ("en-good-ticket-date", "shipped_en", [], [("Your order HM-24-00012", "Your order HM-24-00012 placed on November 14")]),
    ("en-good-shop-contact", "shipped_en", [], [(EN_FACT, "You can also reach us at 0120-000-123. " + EN_FACT)]),
    ("en-good-two-apologies", "shipped_en", [], [("I am sorry for the wait.", "I am sorry for the wait and sorry for the trouble.")]),
    ("en-good-tomorrow", "backorder_en", [], [("and I will update you by November 24 (Tue).", "and I will update you tomorrow.")]),
    # --- broken, en -----------------------------------------------------------------
    ("en-apology-first-line", "shipped_en", ["HS001"], [("Thank you for contacting Midoriya Tea.", "We apologize for the trouble.")]),
    ("en-sorry-first", "shipped_en", ["HS001"], [("Thank you for contacting Midoriya Tea.", "I'm so sorry your tea hasn't arrived yet.")]),
    ("en-regret-first", "backorder_en", ["HS001"], [("Thank you for contacting Midoriya Tea.", "We regret the inconvenience caused.")]),
    ("en-apologies-abusive-first", "abusive_en", ["HS001", "HS010"], [("Thank you for contacting Midoriya Tea.", "Our apologies for the frustration.")]),
    ("en-estimate-stated-certain", "shipped_en", ["HS002"], [("The carrier's estimated delivery date is November 18 (Wed).", "It will arrive on November 18 (Wed).")]),
    ("en-estimate-guaranteed", "shipped_en", ["HS002"], [("The carrier's estimated delivery date is November 18 (Wed).", "Delivery on November 18 is guaranteed.")]),
    ("en-restock-no-marker", "backorder_en", ["HS002"], [("The supplier expects the restock around December 5 (Sat).", "The item will be back in stock on December 5.")]),
    ("en-restock-definitely", "backorder_en", ["HS002"], [("The supplier expects the restock around December 5 (Sat).", "It will definitely be restocked on 5 December.")]),
    ("en-made-up-tracking", "shipped_en", ["HS003"], [("4512-3456-7890", "4512-3456-1111")]),
    ("en-wrong-order-number", "shipped_en", ["HS003"], [("order HM-24-00012 (", "order HM-24-00013 (")]),
    # A refund stated as done that the facts do not show is an unbacked promise too (HS013, issue 13).
    ("en-made-up-refund-amount", "shipped_en", ["HS003", "HS013"], [(EN_FACT, "We refunded $12.00 to your card. " + EN_FACT)]),
    ("en-wrong-ship-date", "shipped_en", ["HS003"], [("November 16 (Mon)", "November 15 (Sun)")]),
    ("en-wrong-quantity", "shipped_en", ["HS003"], [("Sencha 100g × 2", "Sencha 100g × 3")]),
    ("en-made-up-restock-date", "backorder_en", ["HS003"], [("December 5 (Sat)", "December 12 (Sat)")]),
    ("en-probably", "shipped_en", ["HS004"], [(EN_FACT, "It will probably be there early next week. " + EN_FACT)]),
    ("en-hopefully", "backorder_en", ["HS004"], [(BK_EN, "Hopefully it comes in earlier. " + BK_EN)]),
    ("en-i-think", "shipped_en", ["HS004"], [(EN_FACT, "I think the parcel is just delayed. " + EN_FACT)]),
    ("en-shortly", "shipped_en", ["HS005"], [(EN_FACT, "It should be with you shortly. " + EN_FACT)]),
    ("en-asap", "backorder_en", ["HS005"], [("as soon as it arrives", "ASAP")]),
    ("en-soon", "shipped_en", ["HS005"], [(EN_FACT, "Your parcel is coming soon. " + EN_FACT)]),
    ("en-wrong-name", "shipped_en", ["HS006"], [("Dear Emily Carter,", "Dear Emily Parker,")]),
    ("en-first-name-only", "backorder_en", ["HS006"], [("Dear Hanako Suzuki,", "Dear Hanako,")]),
    ("en-hi-there", "shipped_en", ["HS006"], [("Dear Emily Carter,", "Hi there,")]),
    ("en-missing-signature", "shipped_en", ["HS007"], [(EN_SIG, "\n")]),
    ("en-signature-no-department", "backorder_en", ["HS007"], [("Customer Support, Midoriya Tea", "Midoriya Tea")]),
    ("en-signature-no-contact", "shipped_en", ["HS007"], [("support@midoriya.example.jp | 0120-000-123\n", "")]),
    ("en-vague-subject", "shipped_en", ["HS008"], [], {"subject": "Hello"}),
    ("en-empty-subject", "backorder_en", ["HS008"], [], {"subject": ""}),
    ("en-placeholder-name", "shipped_en", ["HS009"], [("Thank you for contacting", "Thank you [name] for contacting")]),
    ("en-placeholder-person", "backorder_en", ["HS009"], [("Dear Hanako Suzuki,", "Dear Hanako Suzuki,\n\n<PERSON_1> asked us about this order.")]),
    ("en-placeholder-xx", "shipped_en", ["HS009"], [("and I will update you by November 24 (Tue).", "and I will update you by November 24 (Tue) at XX:00.")]),
    ("en-too-many-apologies", "shipped_en", ["HS010"], [("I am sorry for the wait.", "I am sorry for the wait. We apologize again. Our apologies for any trouble.")]),
    ("en-abusive-two-apologies", "abusive_en", ["HS010"], [("I am sorry for the wait.", "I am sorry for the wait. Sorry again.")]),
    ("en-no-next-step", "shipped_en", ["HS012"], [("I have asked the carrier today to check the delivery, and I will update you by November 24 (Tue).\n\n", "")]),
    ("en-next-step-no-when", "backorder_en", ["HS012"], [("and I will update you by November 24 (Tue).", "and I will update you when I hear more.")]),
    ("en-coupon-not-allowed", "shipped_en", ["HS013"], [(EN_FACT, "We will send you a coupon for your next order. " + EN_FACT)]),
    ("en-refund-not-allowed", "shipped_en", ["HS013"], [(EN_FACT, "We will refund the shipping fee. " + EN_FACT)]),
    ("en-free-shipping-not-allowed", "backorder_en", ["HS013"], [(BK_EN, "Your next order will have free shipping. " + BK_EN)]),
    ("en-reship-not-allowed", "shipped_en", ["HS013"], [(EN_FACT, "We will send a replacement if you like. " + EN_FACT)]),
    ("en-blame", "shipped_en", ["HS014"], [(EN_FACT, "You should have checked the address. " + EN_FACT)]),
    ("en-blame-fault", "backorder_en", ["HS014"], [(BK_EN, "Ordering an out-of-stock item was your mistake. " + BK_EN)]),
    ("en-card-number", "shipped_en", ["HS016"], [(EN_FACT, "We charged the card 4111 1111 1111 1111. " + EN_FACT)]),
    ("en-foreign-phone", "shipped_en", ["HS016"], [(EN_FACT, "Please call 090-9999-8888. " + EN_FACT)]),
    ("en-foreign-email", "backorder_en", ["HS016"], [(BK_EN, "I have copied jiro@example.net on this message. " + BK_EN)]),
    ("en-too-long", "shipped_en", ["HS017"], [("I am sorry for the wait.", "I am sorry for the wait. " + "We value every customer and every cup. " * 35)]),
    ("en-japanese-reply", "shipped_en", ["HS006", "HS007", "HS018"], [], {"base": "shipped_ja"}),
    ("en-too-long-backorder", "backorder_en", ["HS017"], [(BK_EN, "Gyokuro is shaded for about twenty days before the first picking, which is why its sweetness is so rich and why each year's harvest is small. " * 12 + BK_EN)]),
    ("en-japanese-reply-backorder", "backorder_en", ["HS006", "HS007", "HS018"], [], {"base": "backorder_ja"}),
    ("en-apology-first-and-probably", "shipped_en", ["HS001", "HS004"], [("Thank you for contacting Midoriya Tea.", "Sorry, it will probably arrive late.")]),
    # --- promises (issue 13): allowed only where a cited passage allows them for this case
    ("ja-promise-good-base", "damaged_ja", [], []),
    ("ja-promise-good-replacement", "damaged_ja", [], [(DM_JA, "交換品を無償でお送りいたします。" + DM_JA)]),
    ("ja-promise-good-replacement-shipping", "damaged_ja", [], [(DM_JA, "交換品の送料は当店が負担いたします。" + DM_JA)]),
    ("ja-promise-good-refusal", "damaged_ja", [], [(DM_JA, "誠に恐れ入りますが、全額の返金はいたしかねます。" + DM_JA)]),
    ("ja-promise-good-topic", "damaged_ja", [], [(DM_JA, "返金の条件につきましては、あわせてご案内いたします。" + DM_JA)]),
    ("ja-promise-good-past-refund", "refunded_ja", [], []),
    ("ja-promise-good-late-no-offer", "late_damage_ja", [], []),
    ("ja-promise-full-refund-cites-partial", "damaged_ja", ["HS013"], [(DM_JA, "商品代金を全額返金いたします。" + DM_JA)]),
    ("ja-promise-refund-paraphrase", "damaged_ja", ["HS013"], [(DM_JA, "ご注文金額のすべてをお返しいたします。" + DM_JA)]),
    ("ja-promise-refund-sasete", "damaged_ja", ["HS013"], [(DM_JA, "ご返金させていただきます。" + DM_JA)]),
    ("ja-promise-discount-5000", "damaged_ja", ["HS003", "HS013"], [(DM_JA, "お詫びとして、次回のお買い物を5000円引きとさせていただきます。" + DM_JA)]),
    ("ja-promise-half-price", "damaged_ja", ["HS013"], [(DM_JA, "次回のご注文は半額にいたします。" + DM_JA)]),
    ("ja-promise-kanji-amount", "damaged_ja", ["HS013"], [(DM_JA, "お詫びとして五千円をお振り込みいたします。" + DM_JA)]),
    ("ja-promise-coupon-not-covered", "damaged_ja", ["HS013"], [(DM_JA, "次回使える500円のクーポンをお送りいたします。" + DM_JA)]),
    ("ja-promise-points", "damaged_ja", ["HS013"], [(DM_JA, "お詫びとして500ポイントを付与いたします。" + DM_JA)]),
    ("ja-promise-subject-only", "damaged_ja", ["HS013"], [], {"subject": "【茶舗みどり屋】全額返金のお知らせ（ご注文番号 HM-24-00024）"}),
    ("ja-promise-conditional", "damaged_ja", ["HS013"], [(DM_JA, "商品をご返送いただければ、全額を返金いたします。" + DM_JA)]),
    ("ja-promise-want-conditional", "damaged_ja", ["HS013"], [(DM_JA, "返金をご希望の場合は、本日中に手続きいたします。" + DM_JA)]),
    ("ja-promise-certain-delivery", "damaged_ja", ["HS013"], [(DM_JA, "交換品は明日必ずお届けします。" + DM_JA)]),
    ("ja-promise-late-replacement", "late_damage_ja", ["HS013"], [(DM_JA, "交換品をお送りいたします。" + DM_JA)]),
    ("ja-promise-new-refund-on-refunded", "refunded_ja", ["HS013"], [(RF_JA, "さらに送料分も返金いたします。" + RF_JA)]),
    ("en-promise-good-base", "damaged_en", [], []),
    ("en-promise-good-replacement", "damaged_en", [], [(DM_EN, "We will send you a replacement free of charge. " + DM_EN)]),
    ("en-promise-good-replacement-shipping", "damaged_en", [], [(DM_EN, "We will also cover the shipping for the replacement. " + DM_EN)]),
    ("en-promise-good-refusal", "damaged_en", [], [(DM_EN, "We are unable to refund the full amount for this order. " + DM_EN)]),
    ("en-promise-good-past-refund", "refunded_en", [], [(RF_EN, "A refund of ¥2,400 has been issued for this order. " + RF_EN)]),
    ("en-promise-good-late-no-offer", "late_damage_en", [], []),
    ("en-promise-full-refund-cites-partial", "damaged_en", ["HS013"], [(DM_EN, "We will refund the full amount of your order. " + DM_EN)]),
    ("en-promise-entire-amount", "damaged_en", ["HS013"], [(DM_EN, "As an apology, we are refunding the entire amount today. " + DM_EN)]),
    ("en-promise-reimburse", "damaged_en", ["HS013"], [(DM_EN, "We have decided to reimburse you for the whole order. " + DM_EN)]),
    ("en-promise-half-off", "damaged_en", ["HS013"], [(DM_EN, "We'll take 50% off your next order. " + DM_EN)]),
    ("en-promise-cash", "damaged_en", ["HS003", "HS013"], [(DM_EN, "We will pay you ¥5,000 for the trouble. " + DM_EN)]),
    ("en-promise-coupon-not-covered", "damaged_en", ["HS013"], [(DM_EN, "We will send you a 500 yen coupon for your next order. " + DM_EN)]),
    ("en-promise-subject-only", "damaged_en", ["HS013"], [], {"subject": "Full refund approved (order HM-24-00024)"}),
    ("en-promise-conditional", "damaged_en", ["HS013"], [(DM_EN, "If you send the cups back, we will refund you in full. " + DM_EN)]),
    ("en-promise-want-conditional", "damaged_en", ["HS013"], [(DM_EN, "If you would like a refund instead, we will issue one right away. " + DM_EN)]),
    ("en-promise-certain-delivery", "damaged_en", ["HS013"], [(DM_EN, "The replacement will definitely arrive tomorrow. " + DM_EN)]),
    ("en-promise-late-replacement", "late_damage_en", ["HS013"], [(DM_EN, "We will send you a replacement. " + DM_EN)]),
    ("en-promise-new-refund-on-refunded", "refunded_en", ["HS013"], [(RF_EN, "We will also refund the shipping fee. " + RF_EN)]),
    ("en-promise-past-refund-beyond-facts", "refunded_en", ["HS003", "HS013"], [(RF_EN, "We have refunded ¥3,000 to your card. " + RF_EN)]),
]

# Written after the checker was tuned on CASES and scored separately, never tuned on.
HOLDOUT: list[tuple] = [
    ("ja-ho-good-delivered-check", "shipped_ja", [], [("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "お届けの目安は11月18日(水)でございました。")]),
    ("ja-ho-good-two-business-days", "backorder_ja", [], [("2026年11月24日(火)までに", "3営業日以内に")]),
    ("ja-ho-good-arigatou-only", "backorder_ja", [], [("いつも茶舗みどり屋をご利用いただき、誠にありがとうございます。", "ご連絡いただきありがとうございます。")]),
    ("ja-ho-good-coupon-apology", "goodwill_ja", [], [("お待たせしてしまい、申し訳ございません。", "ご迷惑をおかけし申し訳ございません。お詫びとして次回使えるクーポンをお送りいたします。")]),
    ("ja-ho-apology-second-line", "shipped_ja", ["HS001"], [("カスタマーサポートの佐藤でございます。", "この度は大変失礼いたしました。")]),
    ("ja-ho-estimate-bare-day", "shipped_ja", ["HS002"], [("配送業者の予測では、お届けは11月18日(水)頃の見込みです。", "お届けは18日になります。")]),
    ("ja-ho-ossharu-mashita", "shipped_ja", ["HS015"], [(JA_FACT, "先日おっしゃられました件、承知いたしました。" + JA_FACT)]),
    ("ja-ho-kyuu-ni", "backorder_ja", ["HS005"], [(BK_JA, "早急に対応いたします。" + BK_JA)]),
    ("ja-ho-invented-coupon-amount", "shipped_ja", ["HS003", "HS013"], [(JA_FACT, "1,000円分のクーポンをお送りいたします。" + JA_FACT)]),
    ("ja-ho-reship", "shipped_ja", ["HS013"], [(JA_FACT, "代わりの商品を再送いたします。" + JA_FACT)]),
    ("ja-ho-postal-address", "shipped_ja", ["HS016"], [(JA_FACT, "〒150-0001 東京都渋谷区神宮前1-2-3 宛にお送りしました。" + JA_FACT)]),
    # A difference only in spacing is the same name (product decision, issue 17): no finding.
    ("ja-ho-good-name-without-space", "shipped_ja", [], [("山田 太郎 様", "山田太郎様")]),
    ("ja-ho-xx-date", "backorder_ja", ["HS009"], [("2026年11月24日(火)までに", "11月XX日までに")]),
    ("en-ho-good-expected-to", "backorder_en", [], [("The supplier expects the restock around December 5 (Sat).", "The restock is scheduled for December 5.")]),
    ("en-ho-title-and-surname", "backorder_en", ["HS006"], [("Dear Hanako Suzuki,", "Dear Ms. Suzuki,")]),
    ("en-ho-good-best-regards", "shipped_en", [], [("Kind regards,", "Best regards,")]),
    ("en-ho-good-unable-coupon", "shipped_en", [], [(EN_FACT, "We are not able to offer a coupon for this. " + EN_FACT)]),
    ("en-ho-apology-unfortunately-first", "shipped_en", ["HS001"], [("Thank you for contacting Midoriya Tea.", "Please accept our apologies for this.")]),
    ("en-ho-will-arrive-wed", "shipped_en", ["HS002"], [("The carrier's estimated delivery date is November 18 (Wed).", "Your parcel arrives on 18 November.")]),
    ("en-ho-most-likely", "backorder_en", ["HS004"], [(BK_EN, "It will most likely be delayed. " + BK_EN)]),
    ("en-ho-in-a-few-days", "shipped_en", ["HS005"], [(EN_FACT, "It should be there in a few days. " + EN_FACT)]),
    ("en-ho-made-up-total", "shipped_en", ["HS003"], [(EN_FACT, "Your order total was $30.00. " + EN_FACT)]),
    ("en-ho-gift", "backorder_en", ["HS013"], [(BK_EN, "We will include a free gift in the parcel. " + BK_EN)]),
    ("en-ho-dear-customer", "shipped_en", ["HS006"], [("Dear Emily Carter,", "Dear Customer,")]),
    ("en-ho-you-failed", "shipped_en", ["HS014"], [(EN_FACT, "You failed to enter your apartment number. " + EN_FACT)]),
    ("en-ho-curly-placeholder", "backorder_en", ["HS009"], [("November 24 (Tue)", "{{next_contact_date}}")]),
    # --- promises (issue 13), written after the promise detector was tuned on CASES
    ("ja-ho-promise-moushiage", "damaged_ja", ["HS013"], [(DM_JA, "ご注文代金は全額ご返金申し上げます。" + DM_JA)]),
    ("ja-ho-promise-good-tehai", "damaged_ja", [], [(DM_JA, "交換品の手配を進めております。" + DM_JA)]),
    ("ja-ho-promise-late-again", "late_damage_ja", ["HS013"], [(DM_JA, "新しい湯呑みを改めてお送りいたします。" + DM_JA)]),
    ("ja-ho-promise-good-refusal-cash", "damaged_ja", [], [(DM_JA, "現金でのお詫びはいたしかねます。" + DM_JA)]),
    # (labelled HS013 only at first; the subject has no order number or topic word, so HS008 is right too)
    ("ja-ho-promise-subject-coupon", "damaged_ja", ["HS008", "HS013"], [], {"subject": "【茶舗みどり屋】お詫びクーポン進呈のお知らせ"}),
    ("ja-ho-promise-next-order-free-shipping", "damaged_ja", ["HS013"], [(DM_JA, "次回のご注文の送料を無料にいたします。" + DM_JA)]),
    ("ja-ho-promise-good-refund-done", "refunded_ja", [], [(RF_JA, "ご返金はすでに完了しております。" + RF_JA)]),
    ("ja-ho-promise-sen-en", "damaged_ja", ["HS013"], [(DM_JA, "お詫びの気持ちとして、千円をお渡しいたします。" + DM_JA)]),
    ("en-ho-promise-money-back", "damaged_en", ["HS013"], [(DM_EN, "You will get your money back in full. " + DM_EN)]),
    ("en-ho-promise-good-on-its-way", "damaged_en", [], [(DM_EN, "A replacement set is on its way to you. " + DM_EN)]),
    ("en-ho-promise-store-credit", "damaged_en", ["HS003", "HS013"], [(DM_EN, "We have added ¥1,000 of store credit to your account. " + DM_EN)]),
    ("en-ho-promise-good-no-refunds", "damaged_en", [], [(DM_EN, "We are not able to give refunds for this item. " + DM_EN)]),
    ("en-ho-promise-late-replace", "late_damage_en", ["HS013"], [(DM_EN, "We'll happily replace the cups for you. " + DM_EN)]),
    ("en-ho-promise-subject-voucher", "damaged_en", ["HS013"], [], {"subject": "Your ¥500 voucher (order HM-24-00024)"}),
    ("en-ho-promise-delivery-guarantee", "damaged_en", ["HS013"], [(DM_EN, "Your replacement is guaranteed to reach you by Friday. " + DM_EN)]),
    ("en-ho-promise-good-full-refund-done", "refunded_en", [], [(RF_EN, "The full refund has already been processed. " + RF_EN)]),
]


def build(cases: list[tuple]) -> list[dict]:
    out = []
    for name, context, breaks, edits, *extra in cases:
        fields = dict(extra[0]) if extra else {}
        text = BASES[fields.pop("base", BASE_OF.get(context, context))]
        for old, new in edits:
            if old not in text:
                raise SystemExit(f"{name}: {old!r} is not in its base reply")
            text = text.replace(old, new, 1)
        out.append({"id": name, "context": context, "breaks": breaks, **fields, "text": text})
    return out


if __name__ == "__main__":
    folder = set_dir(EVALS / "style")
    header = "# Generated by tests/evals/builders/style_cases.py — edit that file, not this one.\n"
    for file_name, source in (("cases.yaml", CASES), ("cases_holdout.yaml", HOLDOUT)):
        cases = build(source)
        ids = [case["id"] for case in cases]
        assert len(ids) == len(set(ids)), "case ids must be unique"
        body = yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=1000)
        (folder / file_name).write_text(header + body, encoding="utf-8")
        print(f"{file_name}: {len(cases)} cases written")
