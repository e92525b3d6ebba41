"""A quantity said of an ordered item (HS003): 常滑焼 急須 2点, Sencha 100g × 3.

A number written right after an item's name is that item's quantity, whatever other
source happens to state the same number. It may be a part of what was ordered (不足分の
玉露 50g 1点, returning 湯呑み 2客セット 1点 of 3, 3点のうち1点), never more; said as the order itself
(ご注文の常滑焼 急須 2点, order AB-1001 (Sencha 100g × 2)) it is exactly the ordered
quantity. Item names compare without spaces (茶筒1点 is 茶筒 1点).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from draftdesk.domain import Fact
from draftdesk.text.mentions import Mention

_ITEM_FACT = re.compile(r"^(?P<name>.+?)\s*×\s*(?P<quantity>\d+)$")
_SPACE = re.compile(r"\s+")
# "of which": after it, a part of the item named (and counted) before it.
_PART_OF = re.compile(r"(?:\s*\d+\s?(?:点|個|客|本|箱|袋))?\s*(?:のうち|うち|の中から)、?\s*$")
# Between the words that name the order and the item: an order number, a bracket, の / of.
_ORDER_TAIL = r"(?:\s*[A-Z0-9#][A-Z0-9#-]*)?\s*(?:[のは（(:：]|\bof\b|\bfor\b)?\s*$"


@dataclass(frozen=True)
class OrderedItem:
    line: str  # N of the fact order.item.N (its price is order.unit_price.N)
    name: str  # without spaces
    quantity: int


def ordered_items(facts: Sequence[Fact]) -> list[OrderedItem]:
    items = []
    for fact in facts:
        match = _ITEM_FACT.match(fact.value) if fact.key.startswith("order.item.") else None
        if match:
            line = fact.key.removeprefix("order.item.")
            items.append(OrderedItem(line, _SPACE.sub("", match["name"]), int(match["quantity"])))
    return sorted(items, key=lambda item: len(item.name), reverse=True)  # 湯呑み 2客セット before 湯呑み


def order_words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """The words that name the order (ご注文, your order), right before an item."""
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternation}){_ORDER_TAIL}", re.IGNORECASE)


def wrong_item_quantity(
    mention: Mention, sentence: str, sentence_start: int, items: Sequence[OrderedItem], order_words: re.Pattern[str] | None
) -> bool | None:
    """None when the quantity names no ordered item; else whether it is not that item's:
    more than ordered, or other than ordered where the reply states the order."""
    # Gyokuro 50g (3 packs), 煎茶（2袋）: a quantity in brackets right after the name is said of it
    before = sentence[: mention.start - sentence_start].rstrip().rstrip("(（[［").rstrip()
    whole = _PART_OF.sub("", before)  # 煎茶 100g 3点のうち 1点: a part of the item
    part, before = whole != before, whole
    compact = _SPACE.sub("", before)
    item = next((i for i in items if compact.endswith(i.name)), None)
    if item is None:
        return None
    value = int(mention.value)
    if value > item.quantity:
        return True
    if part:
        return False
    item_start = _start_of_name(before, item.name)
    states_the_order = order_words is not None and order_words.search(before[:item_start]) is not None
    return states_the_order and value != item.quantity


def _start_of_name(text: str, compact_name: str) -> int:
    """Where the item's name begins in `text` (which ends with it, spaces aside)."""
    remaining = len(compact_name)
    at = len(text)
    while remaining and at:
        at -= 1
        if not text[at].isspace():
            remaining -= 1
    return at
