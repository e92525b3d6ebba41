"""The demo tickets' non-personal tokens: what a reply needs and redaction must leave.

Products and SKUs of the shop's orders, carriers, the shop's own name, e-mail and
phone, and every date, amount, quantity, order and tracking number written in a
ticket (`find_mentions`). The PII eval counts how many of them a detector covers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

from draftdesk.adapters.order_files import load_orders_file
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Language, ShopProfile
from draftdesk.files import load_yaml_model
from draftdesk.text.mentions import find_mentions

TICKETS_DIR = PROJECT_ROOT / "knowledge" / "demo" / "tickets"
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
_DEMO_TODAY = date(2026, 11, 20)  # the demo clock (knowledge/README.md)

Token = tuple[str, int, int]  # kind, start, end


def demo_tickets_with_non_personal_tokens() -> Iterator[tuple[str, Language, list[Token]]]:
    vocabulary = _shop_vocabulary(_shop())
    for path in sorted(TICKETS_DIR.glob("*.json")):
        ticket = json.loads(path.read_text(encoding="utf-8"))
        language: Language = "en" if path.stem.startswith("T-EN") else "ja"
        for field in ("subject", "body"):
            text = ticket.get(field) or ""
            tokens = [(m.kind, m.start, m.end) for m in find_mentions(text, today=_DEMO_TODAY)]
            for kind, words in vocabulary.items():
                for word in words:
                    tokens += [(kind, m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
            if tokens:
                yield text, language, _without_overlaps(tokens)


def shop_contact() -> tuple[str, ...]:
    """What every request keeps readable: the shop's names, e-mail and phone."""
    return tuple(sorted(_shop_vocabulary(_shop())["shop"]))


def _shop() -> ShopProfile:
    return load_yaml_model(KNOWLEDGE_DIR / "shop.yaml", ShopProfile)


def _shop_vocabulary(shop: ShopProfile) -> dict[str, set[str]]:
    orders = load_orders_file(KNOWLEDGE_DIR / "demo" / "orders.json")
    vocabulary: dict[str, set[str]] = {
        "product": {item.name for order in orders for item in order.items},
        "sku": {item.sku for order in orders for item in order.items},
        "carrier": {order.shipment.carrier for order in orders if order.shipment and order.shipment.carrier},
        "shop": {shop.name.ja, shop.name.en, shop.email, *([shop.phone] if shop.phone else [])},
    }
    return {kind: {word for word in words if word and len(word) >= 2} for kind, words in vocabulary.items()}


def _without_overlaps(tokens: list[Token]) -> list[Token]:
    kept: list[Token] = []
    for token in sorted(tokens, key=lambda t: (t[1], -(t[2] - t[1]))):
        if not kept or token[1] >= kept[-1][2]:
            kept.append(token)
    return kept
