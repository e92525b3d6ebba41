"""Claims: every date, amount, order or tracking number, quantity and length of time a
reply states, and where it comes from.

A claim's source is the key of the fact that states it (`shipment.estimated_delivery`),
else `passage:<id>` of the first cited passage that states it (a return window, a fee),
else `ticket` when the customer wrote it, else `<key>@<order number>` when the paragraph
names another of the customer's orders whose record states it (two orders in one letter),
else None: nothing backs it. HS003 flags the mentions with no source (`Sources.backs`);
the console shows every claim's source.

Values compare normalised (`draftdesk.text.mentions`): "11月18日(水)" is the fact
`2026-11-18`, "¥2,400" the total `2400`. When several facts state the same value (the
delivery forecast and our next update are both 11/24), the fact whose label shares the
most words with the claim's clause, then its sentence, is the source; else the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from draftdesk.domain import Claim, ClaimKind, Fact, Passage, Ticket
from draftdesk.text.keys import number_key
from draftdesk.text.mentions import (
    Mention, find_durations, find_mentions, normalise_identifier, normalise_number, within, without_identifiers,
)
from draftdesk.text.order_numbers import OrderNumberFormat
from draftdesk.text.sentences import Span, paragraphs

Statements = dict[str, set[str]]  # pool ("date", "day", "period", "time", "id", "number") → normalised values

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_POOLS = {
    "date": "date", "day": "day", "period": "period", "order_number": "id", "tracking_number": "id", "time": "time",
}  # else "number"
_CLAIM_KINDS: dict[str, ClaimKind] = {
    "date": "date", "day": "date", "period": "date", "order_number": "order_number", "tracking_number": "tracking_number",
    "amount": "amount", "quantity": "quantity", "duration": "quantity", "time": "date", "measure": "quantity",
}  # fmt: skip
PLAN_SOURCE = "shop"  # a fact the shop sets itself (reply.next_contact), not one of the order's record
_CLAUSE_END = re.compile(r"[、,;；:：]")
_WORD = re.compile(r"[a-z]{3,}")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]+")


def pool_of(mention: Mention) -> str:
    return _POOLS.get(mention.kind, "number")


def _states(stated: Mapping[str, Collection[str]], mention: Mention) -> bool:
    """The source states the mention's value; a part of a month (12月上旬, early December) is
    stated by the same part or by a date within it."""
    pool = pool_of(mention)
    if mention.value in stated.get(pool, ()):
        return True
    return pool == "period" and any(within(mention.value, day) for day in stated.get("date", ()))


def plain_numbers(text: str, *, order_numbers: OrderNumberFormat | None = None) -> set[str]:
    """Numbers written in a text, leaving out the digits inside order and tracking numbers."""
    return {normalise_number(n) for n in _NUMBER.findall(without_identifiers(text, order_numbers=order_numbers))}


def _fact_statements(fact: Fact, today: date, order_numbers: OrderNumberFormat | None) -> Statements:
    if _ISO_DATE.fullmatch(fact.value):
        return {"date": {fact.value}, "day": {str(int(fact.value[-2:]))}, "period": set()}
    # A value in words (a note of the shop's) states the dates and numbers written in it.
    stated = _text_statements(fact.value, today, order_numbers)
    stated["id"].add(normalise_identifier(fact.value))
    return stated


def _text_statements(text: str, today: date, order_numbers: OrderNumberFormat | None) -> Statements:
    stated: Statements = {
        "date": set(), "day": set(), "period": set(), "time": set(), "id": set(),
        "number": plain_numbers(text, order_numbers=order_numbers),
    }
    for mention in find_mentions(text, today=today, order_numbers=order_numbers):
        if mention.kind == "date":
            stated["date"].add(mention.value)
            stated["day"].add(str(int(mention.value[-2:])))
        elif mention.kind in ("order_number", "tracking_number"):
            stated["id"].add(mention.value)
        elif mention.kind in ("period", "time"):
            stated[mention.kind].add(mention.value)
        elif mention.kind == "day":  # the same day in the reply, or a number ("30日・45日" are intervals)
            stated["day"].add(mention.value)
            stated["number"].add(mention.value)
        else:
            stated["number"].add(mention.value)
    return stated


@lru_cache(maxsize=1024)
def _passage_statements(text: str, today: date, order_numbers: OrderNumberFormat | None) -> Mapping[str, frozenset[str]]:
    """A policy passage's statements: the same few passages are cited by draft after draft."""
    return MappingProxyType({pool: frozenset(values) for pool, values in _text_statements(text, today, order_numbers).items()})


class Sources:
    """What each source a reply may rely on states: the facts one by one, the cited
    passages in citation order, the ticket (its subject and body), and the customer's other
    orders (number, facts), which back only what is said where the reply names them.
    `order_numbers`: the shop's format, as the reply's mentions were found."""

    def __init__(
        self, *, facts: Sequence[Fact], ticket: Ticket | None, passages: Sequence[Passage], today: date,
        order_numbers: OrderNumberFormat | None = None, other_orders: Sequence[tuple[str, Sequence[Fact]]] = (),
        shop: Mapping[str, str] = MappingProxyType({}),
    ) -> None:
        """`shop`: the shop profile's own texts (its business hours), by name: the times of day they
        state are shop data, as the signature's phone number is; not their other numbers (the 3 of
        "closed 29 Dec - 3 Jan" backs no quantity)."""
        self._others = {
            number_key(number): [(fact, _fact_statements(fact, today, order_numbers)) for fact in facts if fact.value]
            for number, facts in other_orders
        }
        self._other_facts = {number_key(number): list(facts) for number, facts in other_orders}
        self._facts = [(fact, _fact_statements(fact, today, order_numbers)) for fact in facts if fact.value]
        self._passages = [(f"passage:{p.id}", _passage_statements(p.text, today, order_numbers)) for p in passages]
        self._passages += [
            (f"shop:{name}", {"time": _passage_statements(text, today, order_numbers)["time"]}) for name, text in shop.items()
        ]
        self._ticket = (
            _text_statements(f"{ticket.subject}\n{ticket.body}", today, order_numbers) if ticket is not None else None
        )

    def facts_stating(self, mention: Mention, *, plans: bool = True) -> list[Fact]:
        """The facts stating the mention's value; `plans=False` leaves out the shop's own
        plans (when we write again), which back what we say we will do, not a delivery."""
        return [fact for fact, stated in self._facts if _states(stated, mention) and (plans or fact.source != PLAN_SOURCE)]

    @property
    def other_order_keys(self) -> frozenset[str]:
        return frozenset(self._others)

    def other_order_facts(self, key: str) -> list[Fact]:
        """The record of another of the customer's orders (by `number_key`)."""
        return self._other_facts.get(key, [])

    def backs(self, mention: Mention, *, plans: bool = True, orders: Collection[str] = ()) -> bool:
        return self.source_of(mention, plans=plans, orders=orders) is not None

    def source_of(
        self, mention: Mention, *, clause: str = "", sentence: str = "", plans: bool = True, orders: Collection[str] = (),
        records: bool = True,
    ) -> str | None:
        """`orders`: the customer's other orders (`number_key`s) named where the mention stands;
        `records=False`: the cited passages and the ticket only, not the facts."""
        facts = self.facts_stating(mention, plans=plans) if records else []
        if facts:
            return _closest(facts, clause, sentence).key
        for source, stated in self._passages:
            if _states(stated, mention):
                return source
        if self._ticket is not None and _states(self._ticket, mention):
            return "ticket"
        for key in orders:
            stating = [fact for fact, stated in self._others.get(key, []) if _states(stated, mention)]
            if stating:
                return f"{_closest(stating, clause, sentence).key}@{key}"
        return None


def orders_named_in(paragraph: Span | None, mentions: Sequence[Mention], keys: frozenset[str]) -> frozenset[str]:
    """The customer's other orders (their `number_key`s, among `keys`) that `paragraph` names."""
    if paragraph is None:
        return frozenset()
    return frozenset(
        m.value for m in mentions if m.kind == "order_number" and paragraph.start <= m.start < paragraph.end
    ) & keys


def find_claims(
    text: str, *, mentions: Sequence[Mention], body: Span, sentences: Sequence[Span], sources: Sources
) -> list[Claim]:
    """The claims in the body of `text` (greeting and signature left out), in text order."""
    stated = [*mentions, *find_durations(text, besides=mentions)]
    parts = paragraphs(body) if sources.other_order_keys else []
    claims = []
    for mention in sorted(stated, key=lambda m: m.start):
        if not body.start <= mention.start < body.end:
            continue
        sentence = next((s for s in sentences if s.start <= mention.start < s.end), None)
        clause = _clause(sentence, mention) if sentence else ""
        paragraph = next((p for p in parts if p.start <= mention.start < p.end), None)
        orders = orders_named_in(paragraph, mentions, sources.other_order_keys)
        claims.append(
            Claim(
                start=mention.start, end=mention.end, text=mention.text, kind=_CLAIM_KINDS[mention.kind],
                source=sources.source_of(
                    mention, clause=clause, sentence=sentence.text if sentence else "", orders=orders
                ),
            )
        )  # fmt: skip
    return claims


def _clause(sentence: Span, mention: Mention) -> str:
    """The part of the sentence between the commas around the mention."""
    at = mention.start - sentence.start
    starts = [m.end() for m in _CLAUSE_END.finditer(sentence.text, 0, max(at, 0))]
    end = _CLAUSE_END.search(sentence.text, at + len(mention.text))
    return sentence.text[starts[-1] if starts else 0 : end.start() if end else len(sentence.text)]


def _closest(facts: list[Fact], clause: str, sentence: str) -> Fact:
    """The fact whose label is most like the clause (then the sentence); the first on a tie."""
    if len(facts) == 1:
        return facts[0]
    near, around = _words(clause), _words(sentence)
    return max(facts, key=lambda fact: (len(_words(fact.label) & near), len(_words(fact.label) & around)))


def _words(text: str) -> set[str]:
    """Latin words by their first five letters; Japanese as pairs of characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    words = {word[:5] for word in _WORD.findall(text)}
    for run in _CJK_RUN.findall(text):
        words.update(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return words
