"""Words a customer reads for the codes in the order data.

An order record holds codes (`credit_card`, `backordered`, a plan `monthly`); a reply
shows words in the shop's language. `label` looks a code up in the shop profile's
`labels` first, then in the built-in table below (the closed vocabularies of the
order contract and the common plan codes), and returns a value that is no code
(a carrier's name, a plan called 季節の煎茶便) as it is.
"""

from __future__ import annotations

from draftdesk.domain import Language, Localized, ShopProfile


def _l(ja: str, en: str) -> Localized:
    return Localized(ja=ja, en=en)


BUILT_IN: dict[str, dict[str, Localized]] = {
    "order.status": {
        "pending_payment": _l("お支払い確認待ち", "awaiting payment"),
        "preparing": _l("発送準備中", "being prepared for shipping"),
        "backordered": _l("入荷待ち", "awaiting restock"),
        "shipped": _l("発送済み", "shipped"),
        "delivered": _l("配達済み", "delivered"),
        "delivery_failed": _l("配達できず配送業者で保管中", "not delivered, held by the carrier"),
        "returned": _l("当店へ返送済み", "returned to us"),
        "cancelled": _l("キャンセル済み", "cancelled"),
        "refunded": _l("返金済み", "refunded"),
    },
    "order.payment_method": {
        "credit_card": _l("クレジットカード", "card payment"),
        "bank_transfer": _l("銀行振込", "bank transfer"),
        "cash_on_delivery": _l("代金引換", "cash on delivery"),
        "convenience_store": _l("コンビニ払い", "convenience store payment"),
        "paypal": _l("PayPal", "PayPal"),
        "deferred": _l("後払い", "pay later"),
    },
    "subscription.status": {
        "active": _l("ご継続中", "active"),
        "paused": _l("一時休止中", "paused"),
        "cancelled": _l("解約済み", "cancelled"),
    },
    "subscription.plan": {
        "weekly": _l("毎週お届けのコース", "weekly plan"),
        "biweekly": _l("2週間ごとお届けのコース", "fortnightly plan"),
        "monthly": _l("毎月お届けのコース", "monthly plan"),
        "bimonthly": _l("2か月ごとお届けのコース", "every-two-months plan"),
        "quarterly": _l("3か月ごとお届けのコース", "quarterly plan"),
    },
}


def label(key: str, value: str, *, language: Language, shop: ShopProfile | None = None) -> str:
    """The words for `value` of the fact `key` (`order.item.2` looks up `order.item`)."""
    family = key.rsplit(".", 1)[0] if key.rsplit(".", 1)[-1].isdigit() else key
    for table in ((shop.labels if shop else {}), BUILT_IN):
        words = table.get(family, {}).get(value)
        if words is not None:
            return words(language)
    return value
