"""What a ticket asks when its text says little: the order's state decides.

`まだ？` from a customer whose only open order is backordered asks about the restock;
`where is it??` about a parcel past its carrier's estimate is a delay. The rules are
data (`order_state:` in `knowledge/intents.yaml`):

- `refine`: an intent the text decided, read again in the light of the order's state
  (a chase about a backordered order is a restock question);
- `when_says_little`: the intent of a ticket whose text matched nothing and is short
  (at most `says_little.ja_chars` characters or `says_little.en_words` words).

States are the order statuses plus `shipped_late`: shipped, not delivered, and past
the carrier's estimated delivery. Pure functions of the intake, the order and the day.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from pydantic import Field

from draftdesk.domain import Frozen, Intent, Language, Order, OrderStatus

SHIPPED_LATE = "shipped_late"
STATES = frozenset({*(status.value for status in OrderStatus), SHIPPED_LATE})

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_NOT_COUNTED = re.compile(r"[\s\W_]+")


class SaysLittle(Frozen):
    ja_chars: int = Field(default=30, ge=0)
    en_words: int = Field(default=8, ge=0)

    def of(self, text: str, language: Language) -> bool:
        if language == "en":
            return len(_WORD.findall(text)) <= self.en_words
        return len(_NOT_COUNTED.sub("", unicodedata.normalize("NFKC", text))) <= self.ja_chars


class OrderStateRules(Frozen):
    says_little: SaysLittle = Field(default_factory=SaysLittle)
    refine: dict[Intent, dict[str, Intent]] = Field(default_factory=dict)
    when_says_little: dict[str, Intent] = Field(default_factory=dict)

    def states_named(self) -> set[str]:
        return {state for table in (*self.refine.values(), self.when_says_little) for state in table}


def order_state(order: Order | None, *, today: date) -> str | None:
    """The order's status, or `shipped_late` for a parcel past its estimate; None without an order."""
    if order is None:
        return None
    shipment = order.shipment
    if (
        order.status == OrderStatus.SHIPPED
        and shipment is not None
        and shipment.delivered_at is None
        and shipment.estimated_delivery is not None
        and shipment.estimated_delivery < today
    ):
        return SHIPPED_LATE
    return order.status.value


def intent_for_state(
    intent: Intent, *, state: str | None, text: str, language: Language, rules: OrderStateRules
) -> tuple[Intent, str | None]:
    """The intent once the order's state is known, and the evidence when the state decided it."""
    if state is None:
        return intent, None
    refined = rules.refine.get(intent, {}).get(state)
    if refined is not None and refined is not intent:
        return refined, f"order state {state}"
    if intent is Intent.OTHER and rules.says_little.of(text, language):
        decided = rules.when_says_little.get(state)
        if decided is not None:
            return decided, f"short ticket, order state {state}"
    return intent, None
