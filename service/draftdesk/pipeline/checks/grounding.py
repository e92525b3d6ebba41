"""grounding: what the reply states must come from somewhere.

`mentions` (HS003): every date, order or tracking number, amount and quantity in the
body (and a P.S. after the signature) is among the facts, the ticket or the cited passages: it has a source
(`draftdesk.pipeline.claims`); a quantity said of an ordered item is that item's
(`item_quantities`). `offers` (HS013): whatever the reply gives the
customer — in the body, a P.S. or the subject, in any wording (`offers.OfferFinder`) — is
allowed by a cited passage whose `allows` names it and whose `when:` condition
(`draftdesk.conditions`) holds for this case. An offer stated as done that the order's
facts show (the refund completed on 11/12) is a fact, not a promise; one the facts do
not show is treated as a promise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict

from draftdesk.conditions import Case, case_from_facts, parse_condition
from draftdesk.domain import Certainty, Fact, Finding, Intent, Order, Passage
from draftdesk.knowledge import OFFERS, grants_of, permits
from draftdesk.pipeline.check import CheckContext, CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.item_quantities import order_words_pattern, ordered_items, wrong_item_quantity
from draftdesk.pipeline.checks.offers import RANGE_OPENING, LemmaPhrases, Offer, OfferFinder, OfferWords
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.words import clauses
from draftdesk.text.keys import number_key
from draftdesk.text.mentions import Mention, find_durations
from draftdesk.text.written_language import foreign_sentence

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An aside in brackets says something of its own: "by 24 Nov (how long ago it arrived)"
# dates no arrival.
_ASIDE = re.compile(r"[(（][^()（）]*[)）]")
# How many parcels a shipment went in (delivered in 2 boxes, 2個口, 2箱に分けて): no order record
# counts them, so an item's quantity that happens to be the same number does not ground it.
_PARCEL_COUNT = re.compile(
    r"\b(?:in|into|across)\s+(?P<a>\d+)\s+(?:separate\s+)?(?:box(?:es)?|parcels?|packages?|cartons?)\b"
    r"|(?<!\d)(?P<b>\d+)\s?(?:個口|箱に分けて|つの箱に分けて|梱包に分けて)",
    re.I,
)
# A paragraph ends at a blank line (spaces, ideographic ones too, on it).
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["mentions"]
    # The words that name the order: an item's quantity said right after them is the
    # ordered quantity exactly (`item_quantities`).
    order_words: PerLanguage = PerLanguage()
    # A sentence with these (as lemmas) states a delivery: a date only the shop's own plan
    # holds (when we write again) does not ground it — the carrier's date is no date of ours.
    delivery_words: PerLanguage = PerLanguage()
    # … nor when money reaches the customer (a refund, a transfer): the bank's and the payment
    # provider's days, as a delivery is the carrier's
    money_words: PerLanguage = PerLanguage()
    # Words of our writing to the customer (ご連絡, write, get back to you): a delivery word that
    # begins inside one ("get back to you" holds "get … to you") states no delivery.
    contact_words: PerLanguage = PerLanguage()
    # A bare day (30日) right after these (as lemmas) is a length, not a day of the month:
    # お届け間隔（30日）. So is the end of a range of days: 到着まで5〜14日.
    intervals: PerLanguage = PerLanguage()
    # The worth of the shop's standard goodwill offers (a 500-yen coupon): shop data, grounded
    # beside one of `standard_offer_words` as the signature's phone number is; whether the
    # offer may be given here is HS013's question. Another worth (1,000円のクーポン) is not.
    standard_offer_amounts: list[float] = []
    standard_offer_words: PerLanguage = PerLanguage()


class Circumstance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: PerLanguage  # words of a passage title that make its allowance hinge on it
    said: PerLanguage  # words by which a reply states it


class OfferParams(OfferWords):
    kind: Literal["offers"]
    # A narrower offer that a grant of the broader one also allows (partial_refund: [refund]).
    covered_by: dict[str, list[str]] = {}
    # Facts that show an offer was already made, so stating it promises nothing new:
    # a fact key (its value, if a number, caps the amount) or key=value.
    backed_by: dict[str, list[str]] = {}
    # An offer that states no amount is the one of these the reply states elsewhere: "the
    # refund is under way" beside "we refund the price less the 1,320円 shipping" is that
    # partial refund (alone, it is a refund of all).
    unstated_amount: dict[str, list[str]] = {}
    # A subject's reply or forward marks (Re:, Fwd:, 返信:) are no words of it: "Re: Is shipping" offers no re-shipment.
    reply_marks: list[str] = []
    # A passage that allows an offer only in a circumstance no fact records (its title: 交換品の
    # 在庫がない場合, When no replacement is in stock) permits it only where the reply states it.
    unrecorded: list[Circumstance] = []
    # Offers never given together for one order (goodwill: お詫びの品とクーポンは重ねてお送りしません):
    # kind → the kinds that, offered in the same reply, take its allowance away.
    never_with: dict[str, list[str]] = {}


def build(rule: Rule) -> RuleCheck:
    if rule.params.get("kind") != "offers":
        params = Params.model_validate(rule.params)
        order_words = {language: order_words_pattern(getattr(params.order_words, language)) for language in ("ja", "en")}
        reaching = PerLanguage(
            ja=params.delivery_words.ja + params.money_words.ja, en=params.delivery_words.en + params.money_words.en
        )
        delivery_words = {language: LemmaPhrases.of(reaching, language) for language in ("ja", "en")}
        contact_words = {language: LemmaPhrases.of(params.contact_words, language) for language in ("ja", "en")}
        intervals = {language: LemmaPhrases.of(params.intervals, language) for language in ("ja", "en")}
        standard = _StandardOffers(
            frozenset(params.standard_offer_amounts),
            {language: LemmaPhrases.of(params.standard_offer_words, language) for language in ("ja", "en")},
        )
        return partial(_ungrounded_mentions, rule, order_words, delivery_words, contact_words, intervals, standard)
    params = OfferParams.model_validate(rule.params)
    named = set(params.offers) | set(params.covered_by) | {k for v in params.covered_by.values() for k in v}
    named |= set(params.never_with) | {k for v in params.never_with.values() for k in v}
    unknown = sorted(named - OFFERS)
    if unknown:
        raise ValueError(f"unknown offers {unknown}; a policy can allow only {sorted(OFFERS)}")
    strange = sorted(set(params.supposing) - {intent.value for intent in Intent})
    if strange:
        raise ValueError(f"supposing: unknown intents {strange}")
    finder = OfferFinder(params)

    def run(reply: CheckedText) -> list[Finding]:
        context = reply.context
        facts = {f.key: f.value for f in context.facts if f.value}
        estimated = {
            f"{kind}:{value}"
            for f in context.facts if f.certainty == Certainty.ESTIMATED and _ISO_DATE.fullmatch(f.value)
            for kind, value in (("date", f.value), ("day", str(int(f.value[-2:]))))
        }
        happened = {  # confirmed dates up to today: a next-contact date on 11/24 is no delivery that happened
            f"date:{f.value}" for f in context.facts
            if f.certainty == Certainty.CONFIRMED and _ISO_DATE.fullmatch(f.value) and f.value <= reply.today.isoformat()
        }
        unsourced = {  # the delivery's date HS003 finds (our own plans date no delivery)
            f"{m.kind}:{m.value}" for m in reply.mentions if m.kind in ("date", "day") and not reply.sources.backs(m, plans=False)
        }
        case = _case(context, facts, reply.today)
        recorded = finder.recorded([f.value for f in context.facts if f.key.startswith("order.note.")])
        paid = _paid_amounts(context.facts)
        # The body's sentences in the words the reply was read in once; the subject apart.
        units = [(s.text, s.start, False, reply.tokens_between(s.start, s.end)) for s in reply.sentences]
        units += [(s.text, s.start, False, None) for s in reply.postscript_sentences]
        # a whole sentence in the other language (an English script line in a Japanese reply) is read in it
        foreign = {s.start: language for s in reply.sentences if (language := foreign_sentence(s.text, reply.language))}
        units = [(text, start, headline, None if start in foreign else tokens) for text, start, headline, tokens in units]
        if context.subject.strip() and not _repeats_ticket_subject(context, params.reply_marks):
            units.append((_without_reply_marks(context.subject, params.reply_marks), 0, True, None))
        about = _OrdersAbout(reply)
        items = tuple(f.value for f in context.facts if f.key.startswith("order.item."))  # as written, spaces kept
        found = []
        deducting = False  # a sentence keeps a fee back: a refund stated without an amount is partial
        earlier: list = []  # the sentence before, where a condition may be stated
        paragraph: list = []  # the sentences before it in its paragraph
        for text, start, headline, tokens in units:
            if earlier and "\n" in reply.text[earlier[-1].end : start]:
                paragraph = []
            for offer in finder.find(
                text, foreign.get(start, reply.language), offset=start, headline=headline, today=reply.today, tokens=tokens, paid=paid,
                earlier=earlier, paragraph=paragraph, items=items,
            ):
                found.append((text, headline, offer, _refined(offer, case.total)))
            if not headline:
                deducting = deducting or finder.deducts(text, reply.language, offset=start, tokens=tokens)
            earlier = tokens or []
            paragraph = [*paragraph, *earlier]
        said = {kind for *_, kind in found} | ({"partial_refund"} if deducting else set())
        findings = []
        for text, headline, offer, kind in found:
            if not _amount(offer, kind, case.total)[1]:
                kind = next((k for k in params.unstated_amount.get(kind, []) if k in said), kind)
            if offer.payout and {"refund", "partial_refund"} & said:
                continue  # 振込手数料は当店負担 beside a refund: the refund's cost, judged with the refund
            if kind == "delivery_date" and set(offer.dates) & estimated and not headline:
                continue  # an estimated date stated as certain in the body: HS002's finding (it reads no subject)
            if kind == "delivery_date" and offer.dates and set(offer.dates) <= happened:
                continue  # delivered on 11/19, as the order shows: a fact, not a promise
            if kind == "delivery_date" and set(offer.dates) & unsourced and not (headline or offer.guaranteed):
                continue  # a date no fact, ticket or cited passage holds: HS003's finding; a guarantee is a promise too
            other = None if headline else about.order_at(offer.start)
            shown = facts if other is None else about.facts(other)
            if kind in params.theirs and not headline and _told_of(offer, reply):
                continue  # "we hope your mother enjoys the gift": the gift the ticket told us of, theirs
            if offer.past and _backed(offer, kind, params.backed_by.get(kind, []), shown, _float(shown.get("order.total"))):
                continue  # a statement of what the facts show was done (of the order it is said of)
            passages = [p for p in context.passages if _circumstance_met(p, params.unrecorded, reply)]
            together = sorted(set(params.never_with.get(kind, [])) & said)
            here = case if other is None else about.case(other, context, reply.today)
            refusal = (
                f"{kind}: never given together with {', '.join(together)}" if together
                else _refusal(offer, kind, passages, params.covered_by, here, recorded=recorded if other is None else frozenset())
            )
            if refusal is not None and other is not None:
                refusal += f" (said of order {other.number})"
            if refusal is None:
                continue
            if headline:
                findings.append(reply.finding(rule, 0, 0, detail=f"subject: {text[offer.start:offer.end]}: {refusal}"))
            else:
                findings.append(reply.finding(rule, offer.start, offer.end, detail=refusal))
        return findings

    return run


class _OrdersAbout:
    """Which of the customer's other orders a place in the reply speaks of: a reply about two
    orders (【AB-24-00032】…, "Order AB-24-00010 — …") makes each offer of a paragraph for the
    order that paragraph names last before it, and that order's record says whether a cited
    passage allows it (its status, its return, its total), not the ticket's order's."""

    def __init__(self, reply: CheckedText) -> None:
        self.reply = reply
        self.others = {number_key(order.number): order for order in reply.context.other_orders}

    def order_at(self, at: int) -> Order | None:
        if not self.others:
            return None
        text = self.reply.text
        blanks = [m.end() for m in _BLANK_LINE.finditer(text, 0, at)]
        start = blanks[-1] if blanks else 0
        named = self.reply.order_numbers.find(text[start:at])
        return self.others.get(named[-1].key) if named else None

    def facts(self, order: Order) -> dict[str, str]:
        """Its record, as the check's sources read it once for every rule."""
        return {f.key: f.value for f in self.reply.sources.other_order_facts(number_key(order.number)) if f.value}

    def case(self, order: Order, context: CheckContext, today: date) -> Case:
        return _case(context, self.facts(order), today)


_DEFINITE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)


def _told_of(offer: Offer, reply: CheckedText) -> bool:
    """English: the offer's word with a definite article (the gift, this gift) where the ticket
    names it too (a gift for my mother): the reply points back at what the customer told us of,
    which is theirs, not something we give."""
    ticket = reply.context.ticket
    if reply.language != "en" or ticket is None or not _DEFINITE.search(reply.text[max(0, offer.start - 6) : offer.start]):
        return False
    word = reply.text[offer.start : offer.end].casefold()
    return bool(re.search(rf"\b{re.escape(word)}", f"{ticket.subject}\n{ticket.body}".casefold()))


def _case(context: CheckContext, facts: dict[str, str], today: date) -> Case:
    ticket = context.ticket
    written = ticket.received_at.date() if ticket is not None and ticket.received_at is not None else today
    return case_from_facts(facts, intent=context.intent.value if context.intent else None, written=written)


def _paid_amounts(facts: Sequence[Fact]) -> frozenset[float]:
    """What the customer paid: the order total, each item's price and its line (price × quantity)."""
    values = {f.key: _float(f.value) for f in facts}
    paid = {value for key, value in values.items() if value is not None and (key == "order.total" or key.startswith("order.unit_price."))}
    for item in ordered_items(facts):
        price = values.get(f"order.unit_price.{item.line}")
        if price is not None:
            paid.add(price * item.quantity)
    return frozenset(paid)


def _refined(offer: Offer, total: float | None) -> str:
    """A refund of part of the price is a partial refund; of all of it (or unsaid), a refund."""
    if offer.kind != "refund" or offer.full:
        return offer.kind
    if offer.partial:
        return "partial_refund"
    if offer.percent is not None:
        return "partial_refund" if offer.percent < 100 else "refund"
    if offer.amount is not None and total is not None and offer.amount < total - 0.005:
        return "partial_refund"
    return "refund"


def _amount(offer: Offer, kind: str, total: float | None) -> tuple[float | None, bool]:
    if offer.full and kind == "refund":
        return total, True
    if offer.amount is not None:
        return offer.amount, True
    if offer.percent is not None:
        return (offer.percent * total / 100 if total is not None else None), True
    return None, False


def _backed(offer: Offer, kind: str, evidence: list[str], facts: dict[str, str], total: float | None) -> bool:
    """The facts show this offer made already (a refund of at least the amount stated)."""
    amount, stated = _amount(offer, kind, total)
    shown = False
    for entry in evidence:
        key, _, wanted = entry.partition("=")
        value = facts.get(key.strip())
        if value is None or (wanted and value != wanted.strip()):
            continue
        cap = _float(value) if not wanted else None
        if cap is not None and stated and (amount is None or amount > cap + 0.005):
            return False
        shown = True
    return shown


def _circumstance_met(passage: Passage, circumstances: list[Circumstance], reply: CheckedText) -> bool:
    """Whether the reply states the circumstance the passage's allowance hinges on, if any."""
    language, title, body = reply.language, passage.title.lower(), reply.text.lower()
    for circumstance in circumstances:
        if any(word.lower() in title for word in getattr(circumstance.title, language)):
            return any(word.lower() in body for word in getattr(circumstance.said, language))
    return True


def _refusal(
    offer: Offer, kind: str, passages: Sequence[Passage], covered_by: dict[str, list[str]], case: Case, *,
    recorded: frozenset[str] = frozenset(),
) -> str | None:
    """None when a cited passage allows the offer here; else why not. `recorded`: intents the
    order's notes record (a wrong item reported before): the case is of each of them as well."""
    if offer.open_ended:  # free shipping on all your future orders: no grant is for ever
        return f"{kind}: given without end; no policy allows an open-ended benefit"
    amount, stated = _amount(offer, kind, case.total)
    here = replace(case, amount=amount, amount_stated=stated)
    names = {kind, *covered_by.get(kind, [])}
    # An offer a condition defers ("if we have not heard from you within 30 days") is made
    # on the day the wait ends: the policy is judged then too.
    days = [here] + [replace(here, today=here.today + timedelta(days=wait)) for wait in offer.waits if here.today and wait]
    days += [replace(day, values={**day.values, "intent": intent}) for day in days for intent in sorted(recorded)]
    if any(permits(passage, names, day) for passage in passages for day in days):
        return None
    if offer.supposed and any(_allowed_supposing(passage, names, here, offer.supposing) for passage in passages):
        return None
    narrower = {k for k, broader in covered_by.items() if kind in broader}
    unmet = []
    for passage in passages:
        for grant in grants_of(passage):
            when = f" when {grant.when}" if grant.when else ""
            if names & set(grant.offers) and grant.when:
                unmet.append(f"{passage.id} allows it only{when}")
            elif narrower & set(grant.offers):  # a full refund where the passage allows a partial one
                unmet.append(f"{passage.id} allows only {', '.join(sorted(narrower & set(grant.offers)))}{when}")
    return f"{kind}: " + ("; ".join(unmet) if unmet else "no cited policy allows it")


def _allowed_supposing(passage: Passage, offers: set[str], case: Case, intent: str | None) -> bool:
    """An offer under a supposed circumstance (if anything arrives damaged) is the passage
    explained for that circumstance: the ticket's reason is not known to be it, so a test on
    the intent is unknown — or, when the circumstance names one (万一遅れた場合: a delay), that
    intent — and only a test the order's facts fail (the days since delivery, the status, the
    amount) refuses it."""
    values = {name: value for name, value in case.values.items() if name != "intent"}
    supposing = replace(case, values={**values, "intent": intent} if intent else values)
    return any(
        offers & set(grant.offers) and (not grant.when or parse_condition(grant.when).evaluate(supposing) is not False)
        for grant in grants_of(passage)
    )


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _StandardOffers:
    amounts: frozenset[float]
    words: dict[str, LemmaPhrases]

    def worth(self, mention: Mention, reply: CheckedText) -> bool:
        """The amount is a standard offer's worth, said beside the offer (500円クーポン)."""
        if mention.kind != "amount" or _float(mention.value) not in self.amounts:
            return False
        sentence = reply.sentence_at(mention.start)
        return sentence is not None and self.words[reply.language].among(reply.tokens_between(sentence.start, sentence.end))


def _ungrounded_mentions(
    rule: Rule, order_words: dict[str, re.Pattern[str] | None], delivery_words: dict[str, LemmaPhrases],
    contact_words: dict[str, LemmaPhrases], intervals: dict[str, LemmaPhrases], standard: _StandardOffers,
    reply: CheckedText,
) -> list[Finding]:
    body = reply.parts.body
    items = ordered_items(reply.context.facts)
    findings = []
    postscript = reply.parts.postscript
    parcels = _parcel_counts(reply)
    for start, end, count in parcels:
        if not _parcel_count_stated(count, reply):
            findings.append(reply.finding(rule, start, end, detail="a count of parcels no record holds"))
    # a length of time that says when the parcel or the money reaches the customer is stated as surely
    # as a date ("refunded within 3 days", 3日以内にご返金); one of our own steps or of the customer's
    # (2営業日以内に発送, 14日以内にご返送ください, a coupon valid for 90 days) is the policy's wording
    lengths = [
        m for m in find_durations(reply.text, besides=reply.mentions)
        if not reply.quoted(m.start)
        and _dates_arrival(m, reply, delivery_words[reply.language], contact_words[reply.language], predicate=True)
    ]
    for mention in sorted([*reply.mentions, *lengths], key=lambda m: m.start):
        in_postscript = postscript is not None and postscript.start <= mention.start < postscript.end
        if not (body.start <= mention.start < body.end or in_postscript):
            continue
        if any(start < mention.end and mention.start < end for start, end, _ in parcels):
            continue  # judged above as a count of parcels
        others = reply.orders_named_around(mention.start)  # two orders in one letter: this paragraph's
        sentence = reply.sentence_at(mention.start) if mention.kind == "quantity" and items and not in_postscript else None
        wrong = (
            wrong_item_quantity(mention, sentence.text, sentence.start, items, order_words[reply.language])
            if sentence is not None else None
        )
        if sentence is not None and others:  # the quantity may be that order's item's
            theirs = [
                wrong_item_quantity(
                    mention, sentence.text, sentence.start, ordered_items(reply.sources.other_order_facts(key)),
                    order_words[reply.language],
                )
                for key in sorted(others)
            ]
            wrong = False if False in theirs or wrong is False else (True if True in theirs else wrong)
        if mention.kind == "day" and _a_length(mention, reply, intervals[reply.language]):
            mention = replace(mention, kind="duration")  # grounded as a number, as a length of days is
        if wrong:
            findings.append(reply.finding(rule, mention.start, mention.end, detail="not the quantity ordered"))
        elif (
            wrong is None
            and not _grounded(mention, reply, delivery_words[reply.language], contact_words[reply.language], others)
            and not standard.worth(mention, reply)
        ):
            findings.append(reply.finding(rule, mention.start, mention.end, detail=f"{mention.kind} not in the facts or the ticket"))
    return findings


def _parcel_counts(reply: CheckedText) -> list[tuple[int, int, str]]:
    """The counts of parcels the body (and a P.S.) states, as (start, end, number)."""
    spans = [reply.parts.body] + ([reply.parts.postscript] if reply.parts.postscript else [])
    return [
        (span.start + m.start(), span.start + m.end(), str(int(m["a"] or m["b"])))
        for span in spans for m in _PARCEL_COUNT.finditer(span.text)
        if not reply.quoted(span.start + m.start())
    ]


def _parcel_count_stated(count: str, reply: CheckedText) -> bool:
    """A count of parcels is stated by the ticket, a cited passage or the shop's note on the order,
    not by an item's quantity or price that happens to be the same number."""
    mention = Mention("quantity", 0, 0, count, count)
    if any(f.key.startswith("order.note.") for f in reply.sources.facts_stating(mention)):
        return True
    return reply.sources.source_of(mention, records=False) is not None


def _a_length(day: Mention, reply: CheckedText, intervals: LemmaPhrases) -> bool:
    """A bare day that counts days: after an interval word (お届け間隔（30日）) or closing a
    range that starts with a bare number (5〜14日; 11月5〜14日 stays a range of dates)."""
    sentence = reply.sentence_at(day.start)
    if sentence is None:
        return False
    if RANGE_OPENING.search(reply.text, sentence.start, day.start):
        return True
    before = [t for t in reply.tokens_between(sentence.start, day.start) if t.content][-3:]
    return intervals.among(before)


def _grounded(
    mention: Mention, reply: CheckedText, delivery_words: LemmaPhrases, contact_words: LemmaPhrases,
    others: frozenset[str] = frozenset(),
) -> bool:
    """Some source states it (another of the customer's orders where its paragraph names that
    order); a date only our own plan holds, not where it dates a delivery or money reaching the customer."""
    if not reply.sources.backs(mention, orders=others):
        return False
    if mention.kind not in ("date", "day", "period") or reply.sources.backs(mention, plans=False, orders=others):
        return True
    return not _dates_arrival(mention, reply, delivery_words, contact_words)  # backed by our own plan alone


def _dates_arrival(
    mention: Mention, reply: CheckedText, delivery_words: LemmaPhrases, contact_words: LemmaPhrases, *, predicate: bool = False
) -> bool:
    """The mention's clause says when the parcel or the money reaches the customer (outside an aside).
    `predicate`: in Japanese only the words after the mention, the predicate it dates (届いた玄米茶は、
    14日以内にご返送ください: the arrival names the tea, the length dates the return)."""
    sentence = reply.sentence_at(mention.start)
    if sentence is None:
        return False
    clause = next(
        (part for part in clauses(reply.tokens_between(sentence.start, sentence.end), reply.language)
         if part and part[0].start <= mention.start < part[-1].end),
        [],
    )
    asides = [a for a in _ASIDE.finditer(reply.text, sentence.start, sentence.end) if not a.start() <= mention.start < a.end()]
    said = [token for token in clause if not any(a.start() <= token.start < a.end() for a in asides)]
    if predicate and reply.language == "ja":
        said = [token for token in said if token.start >= mention.end]
    contact = contact_words.spans(said)
    # a delivery word that begins inside a contact phrase is part of it ("get back to you" is no "get to you")
    return any(not any(a <= span[0] <= b for a, b in contact) for span in delivery_words.spans(said))


def _repeats_ticket_subject(context: CheckContext, marks: list[str]) -> bool:
    """Re: 21日に届きますか — the customer's own subject sent back: their words, no offer of ours."""
    ticket = context.ticket
    if ticket is None or not ticket.subject.strip():
        return False
    said = "".join(_without_reply_marks(context.subject, marks).split())
    return said == "".join(_without_reply_marks(ticket.subject, marks).split())


def _without_reply_marks(subject: str, marks: list[str]) -> str:
    """The subject with its leading reply marks (Re:, RE: Fwd:) blanked, offsets kept."""
    if not marks:
        return subject
    alternation = "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True))
    leading = re.match(rf"(?:\s*(?i:{alternation})\s*[:：]\s*)+", subject)
    return " " * leading.end() + subject[leading.end() :] if leading else subject
