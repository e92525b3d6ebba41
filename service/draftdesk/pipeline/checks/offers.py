"""Offers a reply makes, in any wording: what it gives the customer (house rule HS013).

One sentence (or the subject line) at a time, clause by clause (`words.clauses`):

(a) money offered — ¥5,000, 5000円, 五千円, $50, 10% off, 半額, half price (`amounts`) —
    belongs to the offer it is said of; an amount followed by 引き / off is a discount,
    and an amount our paying verb hands over (お振り込みいたします, we will pay you) is
    an offer with no offer word at all: money of our own (a gift), unless it is the
    customer's money going back — an amount they paid (the total, an item's price) or
    one the clause calls theirs (代金, ご注文金額, the price you paid) — which is a refund;
(b) the words for each kind of offer are matched on lemmas (`words`), so every
    inflection and politeness level of 返金する or refund meets one entry; whether
    the word is ours to give is read from the verb that governs it: the Japanese
    clause's predicate, the English modal or giving verb before it;
(c) an offer word is no offer when the clause refuses it (返金いたしかねます, we are
    unable to refund), when it is only a topic (返金の条件, your refund request), or when
    the clause only talks about it (確認いたします, I will check); an offer stated as
    done is marked `past`, for the caller to hold against the order's facts;
(d) a conditional promises its offer: ご返送いただければ返金いたします, "if you would
    like a refund, we will issue one". A condition that waits a stated time ("if we have
    not heard from you within 30 days, we will refund", 30日以内にご連絡がない場合は返金)
    gives the offer for the day the wait ends: the offer carries the wait (`waits`) for
    the caller to judge the policy on that day as well. A condition on a circumstance
    (足りない場合は, if anything arrives damaged) — in the sentence or the one before it, and
    not the customer's own act or wish — marks the offer `supposed`.

(e) offers worded softly: a fee the customer pays us, waived (代引き手数料は当店で負担いたします,
    we'll waive the COD fee), is a discount; what we put in to make amends (お詫びにティーバッグを
    同封いたします, as a token of our apology we've enclosed …) is a gift; a credit to spend with us
    (a USD 10 credit, 300円分のポイント) is a coupon; money paid less a fee is a partial refund.
    A supposed circumstance that names a case (万一遅れた場合, if it arrives broken) carries the
    intent it names (`supposing`), for the caller to judge the policy for that case.

A delivery date stated as certain is an offer too (`delivery_date`): a future delivery
with a date or a word of certainty and no estimate marker in its clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Language
from draftdesk.pipeline.checks.amounts import Amount, find_amounts, near, nearest
from draftdesk.pipeline.checks.patterns import PerLanguage, compile_phrases
from draftdesk.pipeline.checks.words import Token, clauses, phrase_lemmas, tokenize
from draftdesk.text.mentions import find_durations, find_mentions
from draftdesk.text.written_language import written_language

_GAP = {"ja": 1, "en": 2}  # words allowed between the lemmas of one phrase
_EN_PARTICIPLES = frozenset({"sent", "given", "gave", "paid", "made", "done", "taken"})
_EN_ADVERBS = frozenset({"also", "now", "then", "still", "just", "already", "gladly", "today", "immediately", "instead"})
_EN_FUTURE = frozenset({"will", "'ll", "we'll", "i'll", "shall", "going", "can", "could", "would"})
_SENTENCE_MARKS = frozenset("。．.!?！？")
# The opening of a range of days just before a day: "5〜" in 5〜14日 (not "11月5〜", a range of dates).
RANGE_OPENING = re.compile(r"(?<![\d月/])\d{1,3}\s*[〜~～\-–—]\s*$")
_JA_OBJECT_PARTICLES = frozenset({"を", "も", "は", "が"})
_JA_ONGOING = frozenset({"居る", "いる", "おる"})  # 〜ております, 〜ています: a state or a habit
_JA_ASKING = frozenset({"下さる", "願う"})  # ご返信ください, お知らせくださいますようお願いいたします
_JA_LIGHT_VERBS = frozenset(
    {"為る", "致す", "頂く", "居る", "御座る", "有る", "成る", "出来る", "申し上げる", "下さる", "参る", "させる", "せる", "貰う", "兼ねる"}
)


class DeliveryWords(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: PerLanguage  # arrive, deliver, 届く, 到着
    nouns: PerLanguage = PerLanguage()  # delivery: certain only with a word of certainty
    certain: PerLanguage = PerLanguage()  # 必ず, guaranteed
    when: PerLanguage = PerLanguage()  # 明日, tomorrow, within …
    estimates: PerLanguage = PerLanguage()  # 目安, 見込み, expected, probably
    intervals: PerLanguage = PerLanguage()  # 間隔, interval: a day they name is a length (お届け間隔（30日）)
    # as written, right after the delivery word in Japanese (到着後, お届けから) or right before it in
    # English (of delivery, since arrival): the delivery starts a count of days, no date is promised
    counted_from: PerLanguage = PerLanguage()
    # as written, right after a bare day (3日で, 3日ほど) or closing a range of them (1〜3日): it
    # counts days, a lead time, no date
    counts: PerLanguage = PerLanguage()


class OfferWords(BaseModel):
    """The words HS013 reads, per language: Japanese phrases as Sudachi lemmas, English
    ones stemmed; in a phrase, `…` stands for any words between."""

    model_config = ConfigDict(extra="forbid")

    offers: dict[str, PerLanguage]  # kind → the words that name it
    full: PerLanguage = PerLanguage()  # 全額, entire: all of the price
    partial: PerLanguage = PerLanguage()  # 一部, shipping fee: a part of it
    # rather than, ではなく: the whole named right after it (en) or right before it (ja) is the
    # alternative turned down (those items rather than the whole order): a part is given
    declined: PerLanguage = PerLanguage()
    gratis: PerLanguage = PerLanguage()  # 無料, free of charge: said of an offer, it is one
    money_verbs: dict[str, PerLanguage] = {}  # kind → verbs that hand over a stated amount
    paid_back: PerLanguage = PerLanguage()  # 代金, ご注文金額, the price: money handed over is the customer's own
    discount_marks: PerLanguage = PerLanguage()  # regexes after an amount: 引き, off
    coupon_marks: PerLanguage = PerLanguage()  # regexes after an amount: 分のポイント, store credit (a $10 credit)
    # a charge the customer pays us (代引き手数料, COD fee) with one of `waivers` in its clause (当店で負担,
    # waive, on us): money off what they pay, a discount — the shipping fee is free_shipping's own
    fees: PerLanguage = PerLanguage()
    waivers: PerLanguage = PerLanguage()
    # the fee for sending the customer money (振込手数料, transfer fee): in a reply that refunds,
    # the refund's own cost, no money off what they pay
    payout_fees: PerLanguage = PerLanguage()
    # said to make amends (お詫びに, as a token of our apology) with one of `enclosing` (同封, enclose, send):
    # what is put in or sent is a gift, unless the clause names another offer or a message
    amends: PerLanguage = PerLanguage()
    enclosing: PerLanguage = PerLanguage()
    # … or with one of `sending` (お送りします, send you) when the clause names nothing of the order's
    # own (`ordered`: ご注文の商品を本日お送りします sends what they bought)
    sending: PerLanguage = PerLanguage()
    ordered: PerLanguage = PerLanguage()
    # intent → the words by which a supposed circumstance names it (万一遅れた場合, if anything arrives
    # broken): the policy explained for that circumstance is judged with that intent
    supposing: dict[str, PerLanguage] = {}
    giving: PerLanguage = PerLanguage()  # send, issue, offer … (the verb hands the offer over); ja: 進呈, 発行 in a subject
    states: PerLanguage = PerLanguage()  # en: issued, approved, on its way (said after the offer)
    modals: PerLanguage = PerLanguage()  # en: will, can, to, we … before our verb
    auxiliaries: PerLanguage = PerLanguage()  # en: be, have before a participle
    talking: PerLanguage = PerLanguage()  # confirm, 確認, 連絡: the clause only talks about it
    frames: PerLanguage = PerLanguage()  # 条件, request: after the offer word, it is a topic
    wants: PerLanguage = PerLanguage()  # 希望, would like: the customer's wish
    theirs: list[str] = []  # kinds that "your …" names as the customer's own (your gift)
    later_order: PerLanguage = PerLanguage()  # 次回のご注文, your next order: a benefit on it is a coupon
    as_coupon: list[str] = []  # kinds that, said of a later order, are a coupon (free_shipping, discount)
    # kind → what a benefit of it on a later order is worth when the reply names no amount (free
    # shipping: the lowest shipping fee), so a grant capped by amount is judged on it
    later_order_worth: dict[str, float] = {}
    sent: list[str] = []  # kinds that are a parcel we send (reshipment): said free, they are free shipping as well
    held: PerLanguage = PerLanguage()  # お手元の, you already have: an offer the customer holds already
    conditionals: PerLanguage = PerLanguage()  # 場合, if
    # 場合, もし, if, in case: a condition that supposes a possibility, not one that orders events (once, 際)
    suppositions: PerLanguage = PerLanguage()
    coordinators: PerLanguage = PerLanguage()  # や, または, or: offers joined share one predicate or refusal
    payers: PerLanguage = PerLanguage()  # en: you: the one who pays, not us
    passive: PerLanguage = PerLanguage()  # en: be, is: before a paying verb, no one says who pays
    thresholds: PerLanguage = PerLanguage()  # 以上, or more: beside an amount, the policy's own condition restated
    open_ended: PerLanguage = PerLanguage()  # 今後ずっと, on all future orders: a benefit no one-time grant covers
    habitual: PerLanguage = PerLanguage()  # 通常, usually: the clause tells how things are done, no offer made here
    contrasts: PerLanguage = PerLanguage()  # が, but: a habitual word's sentence turns to this case after one
    shipping_fees: PerLanguage = PerLanguage()  # 送料, original shipping: refunded, the shipping is at our cost
    deductions: PerLanguage = PerLanguage()  # 差し引く, less: the fee kept back from a refund, not refunded
    messages: PerLanguage = PerLanguage()  # メール, the details: sent again, no parcel is re-sent
    goods: PerLanguage = PerLanguage()  # 商品, parcel: what a re-sending sends when it is a parcel
    moments: PerLanguage = PerLanguage()  # en: before, after: right before an offer word, it names an event (before shipping)
    interjections: PerLanguage = PerLanguage()  # en: no worries, no problem: a "no" that negates no offer
    negations: PerLanguage = PerLanguage()
    doubts: PerLanguage = PerLanguage()  # en: whether, how: an open question, no promise
    past: PerLanguage = PerLanguage()  # ja: 完了, 済み (beside the auxiliary た)
    delivery: DeliveryWords | None = None


@dataclass(frozen=True)
class Offer:
    kind: str
    start: int
    end: int
    amount: float | None = None  # money, in the reply's currency
    percent: float | None = None  # a share of the price
    full: bool = False  # the whole amount
    partial: bool = False  # a part of it (the shipping fee, the difference)
    past: bool = False  # stated as done ("we refunded", 返金が完了しております)
    dates: tuple[str, ...] = ()  # delivery_date: "date:2026-11-25", "day:25"
    waits: tuple[int, ...] = ()  # days its condition waits (if … within 30 days, …): judged then too
    open_ended: bool = False  # given without end (on all future orders): no policy's grant covers it
    guaranteed: bool = False  # delivery_date said with a word of certainty (必ず, guaranteed): a promise whatever its date
    # Made under a circumstance the reply supposes (if anything arrives damaged, 足りない場合は), not one
    # the customer brings about (ご返送いただければ, if you would like): the policy explained for that
    # circumstance, so the reason the customer wrote for is not what it is judged on.
    supposed: bool = False
    supposing: str | None = None  # the intent the supposed circumstance names (遅れた場合: delay), if any
    # a waived fee for sending the customer money (振込手数料は当店負担): in a reply that refunds,
    # the refund's own cost, which the policy that allows the refund bears
    payout: bool = False


@dataclass(frozen=True)
class LemmaPhrases:
    """One list of words in one language, as lemmas."""

    phrases: tuple[tuple[str, ...], ...]
    language: Language
    singles: frozenset[str] = field(init=False)
    firsts: frozenset[str] = field(init=False)  # the lemma each phrase starts with
    heads: frozenset[str] = field(default=frozenset(), compare=False)  # katakana first words a compound may end in

    def __post_init__(self) -> None:
        object.__setattr__(self, "singles", frozenset(p[0] for p in self.phrases if len(p) == 1))
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases if p))

    @classmethod
    def of(cls, per: PerLanguage, language: Language, *, compounds: bool = False, heads: int = 0) -> LemmaPhrases:
        """`compounds` (Japanese): a noun Sudachi keeps whole that ends in a phrase's first word
        written in katakana (楽天ポイント, 期間限定クーポン) is that word, said of one kind.
        `heads`: … or in any first word of at least that many characters, the compound's head
        (追加料金 is a 料金, 新茶 a 茶)."""
        phrases = cls(tuple(phrase_lemmas(p, language) for p in getattr(per, language)), language)
        if (compounds or heads) and language == "ja":
            katakana = lambda w: len(w) >= 3 and all("\u30a0" <= c <= "\u30ff" for c in w)  # noqa: E731
            object.__setattr__(phrases, "heads", frozenset(w for w in phrases.firsts if (len(w) >= heads if heads else katakana(w))))
        return phrases

    def _lemma(self, token: Token) -> str:
        if self.heads and token.pos == "名詞" and token.lemma not in self.firsts:
            return next((h for h in self.heads if token.lemma.endswith(h)), token.lemma)
        return token.lemma

    def spans(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Where the words occur among the tokens, as token indexes (first, last)."""
        # Some twenty lists are asked about each clause, and most start with no word of it.
        if self.firsts.isdisjoint([self._lemma(t) for t in tokens if t.content]):
            return []
        content = [i for i, t in enumerate(tokens) if t.content]
        lemmas = [self._lemma(tokens[i]) for i in content]
        present = set(lemmas)
        return [
            (content[a], content[b])
            for phrase in self.phrases
            if phrase and phrase[0] in present
            for a, b in _match(phrase, lemmas, _GAP[self.language])
            if "…" in phrase or not _coordinated(tokens[content[a] + 1 : content[b]])
        ]

    def among(self, tokens: list[Token]) -> bool:
        return bool(self.spans(tokens))

    def at(self, tokens: list[Token]) -> set[int]:
        return {i for a, b in self.spans(tokens) for i in range(a, b + 1)}


class _Lexicon:
    """All of OfferWords in one language, ready to match."""

    def __init__(self, words: OfferWords, language: Language) -> None:
        lists = {
            name: LemmaPhrases.of(value, language)
            for name, value in words
            if isinstance(value, PerLanguage) and name not in ("discount_marks", "coupon_marks")  # regexes, not words
        }
        self.__dict__.update(lists)
        self.offers = {kind: LemmaPhrases.of(per, language, compounds=True) for kind, per in words.offers.items()}
        self.fees = LemmaPhrases.of(words.fees, language, heads=2)
        self.goods = LemmaPhrases.of(words.goods, language, heads=1)
        self.money_verbs = {kind: LemmaPhrases.of(per, language) for kind, per in words.money_verbs.items()}
        self.discount_marks = compile_phrases(getattr(words.discount_marks, language), language)
        self.coupon_marks = compile_phrases(getattr(words.coupon_marks, language), language)
        self.supposing = {intent: LemmaPhrases.of(per, language) for intent, per in words.supposing.items()}
        delivery = words.delivery
        self.delivery = (
            {name: LemmaPhrases.of(getattr(delivery, name), language) for name in DeliveryWords.model_fields} if delivery else None
        )
        self.frames_after = _ja_follows(words.frames.ja) if language == "ja" else None
        self.wants_after = _ja_follows(words.wants.ja) if language == "ja" else None


@dataclass
class _Hit:
    kind: str
    first: int  # indexes of the first and last token in the clause
    last: int
    synthetic: bool = False  # made from an amount, not an offer word
    framed: bool = True  # the words after it may make it a topic (返金の条件); not a verb of giving (同封, tuck)
    payout: bool = False  # a waived fee for sending the customer money (振込手数料)


@dataclass(frozen=True)
class _Clause:
    tokens: list[Token]
    following: list[Token]  # the next clause of the sentence, for (d)
    text: str  # the sentence
    offset: int  # where the sentence starts in the reply
    language: Language
    headline: bool
    paid: frozenset[float]  # amounts the customer paid: the total, each item's price
    sentence: list[Token]  # all the sentence's words, for a condition in an earlier clause
    paragraph: list[Token]  # the words of the paragraph's sentences before this one
    items: tuple[str, ...] = ()  # the order's items by name: goods named otherwise are none of them


class OfferFinder:
    def __init__(self, words: OfferWords) -> None:
        self.words = words
        self._lexicons: dict[Language, _Lexicon] = {}

    def find(
        self, text: str, language: Language, *, offset: int = 0, headline: bool = False, today: date,
        tokens: list[Token] | None = None, paid: frozenset[float] = frozenset(), earlier: list[Token] = (),
        paragraph: list[Token] = (), items: tuple[str, ...] = (),
    ) -> list[Offer]:
        """Offers in one sentence or subject line (`headline`: there a noun phrase with
        an amount, 全額返金のお知らせ / Full refund approved, announces what it names).
        `tokens`: the text's words when the caller has read them already; `paid`: the
        amounts the customer paid (money of theirs paid back is a refund); `earlier`: the
        words of the sentence before, where a condition may be stated; `paragraph`: the words
        of its paragraph before it, where what a bare 再度お送りします sends is named."""
        if headline and text.rstrip().endswith(("?", "？")):
            return []  # a subject that asks (Re: Is shipping free?) names the customer's question, no offer
        if tokens is None:
            tokens = tokenize(text, language, offset=offset)
        if headline and _ends_asking(tokens):
            return []  # 21日に届きますか: a Japanese question needs no question mark
        sentence = tokens
        parts = [window for part in clauses(tokens, language) for window in _windows(part)]
        found: list[Offer] = []
        for index, tokens in enumerate(parts):
            following = parts[index + 1] if index + 1 < len(parts) else []
            clause = _Clause(tokens, following, text, offset, language, headline, paid, sentence, list(paragraph), items)
            found += self._offers(clause)
            found += self._delivery(clause, today)
        if found and not headline:
            found = [replace(o, **self._supposition(o.start, sentence, list(earlier), language)) for o in found]
        return list(dict.fromkeys(found))

    def recorded(self, notes: list[str]) -> frozenset[str]:
        """The intents the order's notes record (お客様より別商品が届いたと連絡, Teapot lid chipped on
        arrival), each note read in its own language with the words of `supposing`: what the
        customer reported before makes the case of that intent whatever the ticket asks now."""
        found = set()
        for note in notes:
            language = written_language(note) or "ja"
            tokens = tokenize(note, language)
            found |= {intent for intent, words in self._lex(language).supposing.items() if words.among(tokens)}
        return frozenset(found)

    def deducts(self, text: str, language: Language, *, offset: int = 0, tokens: list[Token] | None = None) -> bool:
        """The sentence keeps a fee back (the shipping both ways is deducted, 送料を差し引いて): a
        refund the reply states elsewhere without an amount is a partial one."""
        lex = self._lex(language)
        tokens = tokens if tokens is not None else tokenize(text, language, offset=offset)
        return bool(lex.partial.at(tokens) & lex.deductions.at(tokens)) and not lex.negations.among(tokens)

    def _supposition(self, start: int, sentence: list[Token], earlier: list[Token], language: Language) -> dict:
        """A condition before the offer (in its sentence or the one before) that supposes a
        circumstance: not the customer's act or wish (ご返送いただければ, ご希望の場合, if you
        would like), which makes the offer theirs for the asking. `supposing`: the intent the
        circumstance names (万一遅れた場合: a delay), judged in place of the ticket's."""
        lex = self._lex(language)
        before = [*earlier, *(t for t in sentence if t.end <= start)]
        marks = _written_at(before, getattr(self.words.suppositions, language))  # as written: "in this case" supposes nothing
        if language == "ja":  # もし is 若し to Sudachi
            marks = sorted(set(marks) | {last for _, last in lex.suppositions.spans(before)})
        if not marks:
            return {"supposed": False}
        if language == "ja":  # the condition is the clause the mark closes
            part = clauses(before[: marks[-1] + 1], language)[-1]
            if any(t.lemma in _JA_ASKING or t.lemma == "頂く" or t.lemma in lex.wants.singles for t in part):
                return {"supposed": False}
            mark = before[marks[-1]]  # もし, 万一 open the clause they suppose: the words after them say what
            part = next((c for c in clauses(before, language) if mark in c), part)
        else:
            after_mark = next((t for t in before[marks[-1] + 1 :] if t.content), None)
            if after_mark is not None and after_mark.lemma in lex.payers.singles:
                return {"supposed": False}
            part = before[marks[-1] :]  # from "if" up to the offer: the circumstance supposed
        named = next((intent for intent, words in lex.supposing.items() if words.among(part)), None)
        return {"supposed": True, "supposing": named}

    def _lex(self, language: Language) -> _Lexicon:
        if language not in self._lexicons:
            self._lexicons[language] = _Lexicon(self.words, language)
        return self._lexicons[language]

    # --- (a) and (b): the offer words of a clause --------------------------------------

    def _offers(self, clause: _Clause) -> list[Offer]:
        lex, tokens = self._lex(clause.language), clause.tokens
        hits = [
            _Hit(kind, a, b) for kind, words in lex.offers.items() for a, b in words.spans(tokens)
            if not _names_a_moment(tokens, a, lex.moments)
        ]
        hits += self._free_goods(clause, hits)
        hits += self._waived_fees(clause)
        amounts = find_amounts(tokens, clause.text, clause.offset)
        hits = _longest(hits + self._amount_hits(clause, _longest(hits), amounts))
        hits = [h for h in hits if not self._purpose(h, clause)]
        hits += self._amends(clause, hits)
        hits += self._goods_beyond_order(clause, hits)
        if any(h.kind in ("coupon", "refund") for h in hits):  # 10%オフのクーポン, 半額をご返金: its amount
            hits = [h for h in hits if h.kind != "discount"]
        # the whole turned down anywhere in the sentence (ご注文全体ではなく、…の分のみご返金): a part is given
        declined = any(self._turned_down(span, clause.sentence, clause.language) for span in lex.full.spans(clause.sentence))
        whole = [span for span in lex.full.spans(tokens) if not self._turned_down(span, tokens, clause.language)]
        # a deduction anywhere in the sentence (we'll refund the order; the shipping both ways is deducted) keeps part back
        deducted = bool(lex.partial.at(clause.sentence) & lex.deductions.at(clause.sentence))
        offers = []
        for hit in sorted(hits, key=lambda h: h.first):
            if not self._promised(hit, hits, clause, amounts):
                continue
            if hit.kind in self.words.sent and self._resends_message(clause):
                continue  # 確認メールを再度お送りします: the details again, no parcel
            first = hit.first - 1 if hit.first and tokens[hit.first - 1].pos == "接頭辞" else hit.first  # ご返金
            start, end = tokens[first].start, tokens[hit.last].end
            amount = nearest(amounts, start, end)
            if amount is not None and hit.kind == "refund" and self._deducted(clause, amount):
                amount = None  # 送料1,320円を差し引いた額: the refund is the rest, not the fee
            money = amount.money if amount else None
            kind = hit.kind
            if kind in self.words.as_coupon and lex.later_order.among(tokens):
                kind = "coupon"  # 次回のご注文の送料を無料に: a benefit on a later order, not on this one
                if amount is None:  # free shipping next time is worth a shipping fee, not the policy's own coupon
                    money = self.words.later_order_worth.get(hit.kind)
            offers.append(Offer(
                kind=kind, start=start, end=end,
                amount=money, percent=amount.percent if amount else None,
                full=bool(whole), partial=declined or deducted or lex.partial.among(tokens), past=self._past(hit, clause),
                waits=self._waits(start, clause), open_ended=lex.open_ended.among(tokens), payout=hit.payout,
            ))
        # Something we send, said free (re-send it free of charge, 交換品を無償で発送): its shipping is free too.
        sent = next((o for o in offers if o.kind in self.words.sent), None)
        if sent and lex.gratis.among(tokens) and not any(o.kind == "free_shipping" for o in offers):
            offers.append(replace(sent, kind="free_shipping"))
        # A refund of the shipping fee (送料もご返金します, refund your original shipping) makes
        # the shipping the shop's cost: free shipping too, which a policy must allow on its own.
        refund = next((o for o in offers if o.kind == "refund"), None)
        if refund and lex.shipping_fees.among(tokens) and not any(o.kind == "free_shipping" for o in offers):
            if not (lex.deductions.among(tokens) or lex.negations.among(tokens)):
                fee = min(lex.shipping_fees.spans(tokens))  # the finding names the fee refunded (送料660円を加えた)
                offers.append(replace(refund, kind="free_shipping", start=tokens[fee[0]].start, end=tokens[fee[1]].end))
        return offers

    def _free_goods(self, clause: _Clause, hits: list[_Hit]) -> list[_Hit]:
        """English: goods we call free (a free tin of sencha, a free bag of hojicha) are a gift,
        whatever the goods are called; "free" then stands before them, with at most one word
        between (a free small tin). Words of another offer (a free replacement) stay that offer."""
        if clause.language != "en":
            return []
        lex, tokens = self._lex("en"), clause.tokens
        taken = {i for h in hits for i in range(h.first, h.last + 1)}
        made = []
        for first, last in lex.gratis.spans(tokens):
            if first != last or first in taken:
                continue
            following = [i for i in range(last + 1, len(tokens)) if tokens[i].content][:2]
            for index in following:
                if index in taken:
                    break
                if tokens[index].lemma in lex.goods.singles:
                    made.append(_Hit("gift", first, index))
                    break
        return made

    def _waived_fees(self, clause: _Clause) -> list[_Hit]:
        """A charge the customer pays us, waived (代引き手数料は当店で負担いたします, we'll waive the
        COD fee): a discount, from the fee to the waiver, so that a negation inside the waiver
        (手数料はいただきません) is the waiver's own."""
        lex, tokens = self._lex(clause.language), clause.tokens
        waivers = lex.waivers.spans(tokens)
        shipping = lex.shipping_fees.at(tokens)  # the shipping fee is free_shipping's own
        payouts = lex.payout_fees.spans(tokens)
        made = []
        for first, last in lex.fees.spans(tokens):
            if first in shipping:
                continue
            around = [(a, b) for a, b in waivers if b < first or a > last]
            if clause.language == "ja":
                around = [(a, b) for a, b in around if a > last]  # 手数料は…負担いたします: the waiver follows
            if around:
                a, b = min(around, key=lambda span: abs(span[0] - first))
                payout = any(p <= last and first <= q for p, q in payouts)
                made.append(_Hit("discount", min(first, a), max(last, b), payout=payout))
        return made

    def _purpose(self, hit: _Hit, clause: _Clause) -> bool:
        """Japanese: words of amends said as the purpose (お詫びのしるしに、今後は検品を徹底いたします):
        followed by に or として they say why, not what is given."""
        if clause.language != "ja":
            return False
        tokens, lex = clause.tokens, self._lex("ja")
        if tokens[hit.last].lemma in lex.goods.singles:
            return False  # お詫びの品として: goods, given
        if not any(a <= hit.first and hit.last <= b for a, b in lex.amends.spans(tokens)):
            return False
        after = "".join(t.text for t in tokens[hit.last + 1 : hit.last + 4])
        return after.startswith(("に", "として"))

    def _amends(self, clause: _Clause, hits: list[_Hit]) -> list[_Hit]:
        """Said to make amends, what we put in or send is a gift (お詫びにティーバッグを同封いたします,
        as a token of our apology we have enclosed a tin of sencha): the clause names no other offer,
        and what is sent is no message (お詫びとして経緯をメールでお送りします)."""
        lex, tokens = self._lex(clause.language), clause.tokens
        if hits or lex.messages.among(tokens):
            return []
        said = lex.amends.spans(clause.sentence)
        if not said:
            return []
        verbs = lex.enclosing.spans(tokens)
        if not verbs and not lex.ordered.among(tokens):
            verbs = lex.sending.spans(tokens)
        verbs = [span for span in verbs if tokens[span[0]].start > clause.sentence[said[0][1]].start]
        return [_Hit("gift", *verbs[0], framed=False)] if verbs else []

    def _goods_beyond_order(self, clause: _Clause, hits: list[_Hit]) -> list[_Hit]:
        """Goods we send or put in that are none of the order's items, however kindly said (お待ちの
        間に新茶のティーバッグをお送りしますね, we'll pop a tin of sencha in for you to try): a
        gift. Not when the clause names the order, a message, another offer, or one of its items
        (ご注文の玉露, 急須を本日お送りします for a 常滑焼 急須), nor goods called yours."""
        lex, tokens = self._lex(clause.language), clause.tokens
        if hits or clause.headline or not clause.items or lex.messages.among(tokens) or lex.ordered.among(tokens):
            return []
        goods = sorted(lex.goods.at(tokens))
        if not goods or any(tokens[i - 1].text.lower() == "your" for i in goods if i):
            return []
        said = "".join(t.text for t in tokens).casefold()
        named = [tokens[i].text.casefold() for i in goods]
        if any(_item_named(item.casefold(), said, named) for item in clause.items):
            return []
        verbs = [
            _Hit("gift", *span, framed=False) for span in lex.sending.spans(tokens) + lex.enclosing.spans(tokens)
            if span[0] not in goods and not self._past(_Hit("gift", *span), clause)
            # the clause's own predicate: 急須でいれるお茶 (brewed), お届け予定日 name no sending
            and (clause.language != "ja" or _ja_predicate(tokens[span[1] + 1 :]) is None)
        ]
        return [min(verbs, key=lambda hit: hit.first)] if verbs else []

    def _turned_down(self, whole: tuple[int, int], tokens: list[Token], language: Language) -> bool:
        """The words of the whole amount are the alternative declined, as written: right after
        "rather than" / "instead of" in English (an article between), right before ではなく in
        Japanese (ご注文全体ではなく)."""
        first, last = whole
        phrases = getattr(self.words.declined, language)
        if language == "ja":
            after = "".join(t.text for t in tokens[last + 1 : last + 5])
            return after.startswith(tuple(phrases))
        ends = _written_at(tokens[:first], phrases)
        return bool(ends) and not any(t.content for t in tokens[ends[-1] + 1 : first])

    def _resends_message(self, clause: _Clause) -> bool:
        """What is sent again is a message: named in the clause (the confirmation e-mail), or,
        when the clause names nothing sent, in the nearest sentence before it in the paragraph
        that names a message or goods (振込先は確認メールに記載しております。… 再度お送りします)."""
        lex = self._lex(clause.language)
        named = [clause.tokens, *reversed(_sentences(clause.paragraph))]
        for words in named:
            if lex.goods.among(words):
                return False
            if lex.messages.among(words):
                return True
        return False

    def _waits(self, start: int, clause: _Clause) -> tuple[int, ...]:
        """The days a condition before the offer waits: "if we have not heard from you within
        30 days, we will refund" → (30,); nothing without a conditional word before the offer."""
        before = [t for t in clause.sentence if t.end <= start]
        conditionals = set(getattr(self.words.conditionals, clause.language))  # as written: ば and たら are particles
        if not any(t.lemma in conditionals or t.text.lower() in conditionals for t in before):
            return ()
        prefix = clause.text[: start - clause.offset]
        return tuple(days for mention in find_durations(prefix) if (days := _days(mention.text, mention.value)))

    def _amount_hits(self, clause: _Clause, hits: list[_Hit], amounts: list[Amount]) -> list[_Hit]:
        """(a) An amount followed by 引き / off is a discount; one our verb pays over, an offer."""
        lex, tokens, made = self._lex(clause.language), clause.tokens, []
        for amount in amounts:
            if any(tokens[h.first].start <= amount.start < tokens[h.last].end for h in hits):
                continue  # already part of an offer's words (take ¥500 off)
            rest = clause.text[amount.end - clause.offset :]
            marked = next(
                ((kind, mark) for kind, marks in (("discount", lex.discount_marks), ("coupon", lex.coupon_marks))
                 if marks and (mark := marks.match(rest.lstrip()))),
                None,
            )
            gap = len(rest) - len(rest.lstrip())
            span = _token_span(tokens, amount.start, amount.end + gap + marked[1].end() if marked else amount.end)
            if marked and span:
                made.append(_Hit(marked[0], *span, synthetic=True))  # 500円引き, a USD 10 credit
            elif amount.money is not None and not hits and span:
                kind = next((k for k, verbs in lex.money_verbs.items() if self._pays(clause, amount, verbs)), None)
                if kind and (self._paid_back(clause, amount) or self._deducted(clause, amount)):
                    kind = "refund"  # 代金 3,300円をお振り込みいたします, 送料を差し引いた額を: their money, going back
                if kind:
                    made.append(_Hit(kind, *span, synthetic=True))
        return made

    def _deducted(self, clause: _Clause, amount: Amount) -> bool:
        """The amount is kept back from what is paid (送料1,320円を差し引いた額, the price less
        1,320 yen): a deduction word right after it (ja) or right before it (en)."""
        lex, tokens = self._lex(clause.language), clause.tokens
        span = _token_span(tokens, amount.start, amount.end)
        if span is None:
            return False
        if clause.language == "ja":
            near_words = [t for t in tokens[span[1] + 1 : span[1] + 4] if t.content][:1]
        else:
            near_words = [t for t in tokens[max(0, span[0] - 3) : span[0]] if t.content][-1:]
        return lex.deductions.among(near_words)

    def _paid_back(self, clause: _Clause, amount: Amount) -> bool:
        """The amount is the customer's: one they paid, or one the clause calls theirs."""
        paid = amount.money is not None and any(abs(amount.money - value) < 0.005 for value in clause.paid)
        return paid or self._lex(clause.language).paid_back.among(clause.tokens)

    def _pays(self, clause: _Clause, amount: Amount, verbs: LemmaPhrases) -> bool:
        """お振り込みいたします, we will pay you: our verb, saying what we do with the amount."""
        if clause.language == "ja":
            after = [t for t in clause.tokens if t.start >= amount.end]
            predicate = _ja_predicate(after)
            if predicate is None or predicate.lemma not in verbs.singles:
                return False
            return not _customers_act(after[after.index(predicate) + 1 :])
        lex, tokens = self._lex("en"), clause.tokens
        for i, token in enumerate(tokens):
            before = [t for t in tokens[max(0, i - 3) : i] if t.content]
            if token.lemma not in verbs.singles or not any(t.lemma in lex.modals.singles for t in before):
                continue
            subject = [t for t in tokens[max(0, i - 5) : i] if t.lemma not in lex.modals.singles and not _adverb(t)]
            if subject and subject[-1].lemma in lex.payers.singles:
                continue  # you will pay 5,400 yen to the driver
            passive = before[-1].lemma in lex.passive.singles
            if passive and not any(t.lemma in lex.payers.singles for t in tokens[i + 1 : i + 4]):
                continue  # to be paid in cash on delivery: someone else's payment, not ours to you
            return True
        return False

    # --- (c) and (d): is this offer word an offer? -------------------------------------

    def _promised(self, hit: _Hit, hits: list[_Hit], clause: _Clause, amounts: list[Amount]) -> bool:
        lex, tokens, language = self._lex(clause.language), clause.tokens, clause.language
        # Words of an offer (送料はいただきません, not charge) or of "free" negate nothing.
        taken = {i for h in hits for i in range(h.first, h.last + 1)} | lex.gratis.at(tokens) | lex.interjections.at(tokens)
        scope_end = self._scope_end(hit, hits, clause)
        opening = self._chain_start(hit, hits, clause)  # unable to offer a coupon or cash compensation
        # five words before the run of offers, articles not counted: "not able to promise a full refund"
        words_before = [i for i in range(opening) if tokens[i].content]
        reach = words_before[-5] if len(words_before) >= 5 else 0
        before = [t for i, t in enumerate(tokens) if reach <= i < hit.first and i not in taken]
        scope = [t for i, t in enumerate(tokens) if hit.last < i < scope_end and i not in taken]
        if lex.negations.among(scope if language == "ja" else before + scope):
            return False
        if self._restates_threshold(clause):
            return False  # 5,000円以上の場合は送料無料: the policy's condition, not a promise to this order
        if self._generic(hit, clause):
            return False  # 返金は通常…行われます, refunds are usually…: the policy told, not this case
        frame = self._frame(hit, clause, opening) if hit.framed else ""
        if frame == "want":
            return self._acted_on(hit, clause)
        if frame or language == "en" and lex.doubts.among(before):
            return False
        start, end = tokens[hit.first].start, tokens[hit.last].end
        qualified = hit.synthetic or near(amounts, start, end) or lex.full.among(tokens) or lex.gratis.among(tokens)
        if clause.headline and not qualified:  # クーポン進呈のお知らせ: the subject announces it given
            after = next((t for t in tokens[hit.last + 1 :] if t.content), None)
            qualified = after is not None and after.lemma in lex.giving.singles
        if language == "en":
            return self._en_ours(hit, clause, qualified)
        after = tokens[hit.last + 1 :]
        if _customers_act(after):
            return False  # 当店の口座へお振り込みください: the customer pays, we ask it
        predicate = _ja_predicate(after)
        if predicate is None:  # 返金いたします acts; お詫びのしるしとして names a topic
            verb = next((t for t in after if t.text not in _JA_OBJECT_PARTICLES), None)
            own_verb = tokens[hit.last].pos in ("動詞", "助動詞")  # 送料はいただきません
            return qualified or own_verb or verb is not None and verb.pos in ("動詞", "助動詞")
        if predicate.lemma in lex.talking.singles:  # 返金の可否を確認いたします
            return clause.headline and qualified
        return True

    def _scope_end(self, hit: _Hit, hits: list[_Hit], clause: _Clause) -> int:
        """Where the words that speak of this offer end: at the next offer, unless that one
        is joined to it (交換や返金をお約束できません: one predicate for both)."""
        tokens = clause.tokens
        joining = set(getattr(self.words.coordinators, clause.language))  # as written: や and か are particles
        later = sorted((h for h in hits if h.first > hit.last), key=lambda h: h.first)
        last = hit.last
        for following in later:
            between = "".join(t.text for t in tokens[last + 1 : following.first]).strip()
            if between not in joining:
                return following.first
            last = following.last
        return len(tokens)

    def _chain_start(self, hit: _Hit, hits: list[_Hit], clause: _Clause) -> int:
        """English: where a run of offers joined by "or" / "and" starts (a coupon or cash
        compensation), so that a refusal before the first covers the last; elsewhere the hit."""
        if clause.language != "en":
            return hit.first
        joining = {w.casefold() for w in self.words.coordinators.en}
        first = hit.first
        for earlier in sorted((h for h in hits if h.last < first), key=lambda h: -h.last):
            between = [t.text.casefold() for t in clause.tokens[earlier.last + 1 : first]]
            if not between or between[0] not in joining or len(between) > 3:
                break
            first = earlier.first
        return first

    def _en_ours(self, hit: _Hit, clause: _Clause, qualified: bool) -> bool:
        lex, tokens = self._lex("en"), clause.tokens
        # The offer word as our verb: "we will refund", "we are refunding", "have refunded".
        surface = tokens[hit.first].text.lower()
        participle = surface.endswith(("ed", "ing")) or surface in _EN_PARTICIPLES
        previous = [t for t in tokens[max(0, hit.first - 4) : hit.first] if t.content]
        while previous and _adverb(previous[-1]):  # "we will also refund"
            previous.pop()
        if previous and (previous[-1].lemma in lex.modals.singles or participle and previous[-1].lemma in lex.auxiliaries.singles):
            return True
        # Else the verb that governs it: "send you a replacement" gives, "confirm the date
        # of a replacement" talks; after it, "your refund has been approved".
        talks = lex.talking.at(tokens)
        for index in range(hit.first - 1, max(-1, hit.first - 7), -1):
            if index in talks:
                return clause.headline and qualified
            if tokens[index].lemma in lex.giving.singles:
                return True
        state = next((i for i in range(hit.last + 1, min(len(tokens), hit.last + 6)) if tokens[i].lemma in lex.states.singles), None)
        if state is not None and not (hit.kind in self.words.theirs and self._reported(hit, state, tokens)):
            return True
        return qualified

    def _reported(self, hit: _Hit, state: int, tokens: list[Token]) -> bool:
        """A word of `theirs` with a state in the plain past after it (a gift arrived broken): the
        customer's present, told as it happened — ours would come with an auxiliary (has been sent)."""
        lex = self._lex("en")
        between = tokens[hit.last + 1 : state]
        plain_past = tokens[state].text.lower().endswith("ed") or tokens[state].text.lower() in _EN_PARTICIPLES
        return plain_past and not any(t.lemma in lex.auxiliaries.singles or t.lemma in lex.modals.singles for t in between)

    def _restates_threshold(self, clause: _Clause) -> bool:
        """An amount with a threshold word beside it (5,000円以上, 50 USD or more, over ¥5,000)
        states the policy's condition for anyone; in Japanese, said as a condition (場合, なら)."""
        lex, tokens = self._lex(clause.language), clause.sentence
        thresholds = lex.thresholds.spans(tokens)
        if not thresholds:
            return False
        if clause.language == "ja":
            conditionals = set(self.words.conditionals.ja) | lex.conditionals.singles  # as written: ば and なら are particles
            # or as the topic: 5,000円以上のご注文は送料無料です (orders of that size, not this one)
            topic = any(t.text == "は" for _, last in thresholds for t in tokens[last + 1 : last + 5])
            if not topic and not any(t.lemma in conditionals or t.text in conditionals for t in tokens):
                return False
        amounts = find_amounts(tokens, clause.text, clause.offset)  # the condition may be in an earlier clause
        spans = [_token_span(tokens, amount.start, amount.end) for amount in amounts]
        return any(
            span and (0 <= first - span[1] <= 4 or 0 <= span[0] - last <= 2)
            for span in spans for first, last in thresholds
        )

    def _acted_on(self, hit: _Hit, clause: _Clause) -> bool:
        """(d) 返金をご希望の場合は、手続きいたします; if you would like a refund, we will issue one."""
        lex = self._lex(clause.language)
        if clause.language == "ja":
            rest = clause.tokens[hit.last + 1 :]
            marks = [i for i, t in enumerate(rest) if t.lemma in lex.conditionals.singles or t.text in lex.conditionals.singles]
            tail = rest[marks[0] + 1 :] if marks else []
            if marks and not tail:
                tail = clause.following  # ご希望であれば、返金いたします
            if any(t.lemma in _JA_ASKING for t in tail):
                return False  # ご希望の場合は、ご返信ください: what the customer is asked to do
            predicate = _ja_predicate(tail)
            return predicate is not None and not lex.negations.among(tail) and predicate.lemma not in lex.talking.singles
        following = clause.following
        if not following or lex.negations.among(following):
            return False
        talks = lex.talking.at(following)
        verbs = [i for i, t in enumerate(following) if i in talks or t.lemma in lex.giving.singles]
        return any(t.lemma in lex.modals.singles for t in following) and bool(verbs) and verbs[0] not in talks

    def _generic(self, hit: _Hit, clause: _Clause) -> bool:
        """The clause tells how the shop does things, not what it does here: a habitual word
        (通常, usually); in English the offer in the plural as subject (refunds are issued);
        in Japanese the offer as topic (は) of our verb in the habitual ております form
        (クーポンは…お送りしております), with no date of its own and not in the past."""
        lex, tokens = self._lex(clause.language), clause.tokens
        if self._habitual(tokens[hit.first].start, clause):  # as a rule, refunds …: said of the whole sentence
            return True
        following = tokens[hit.last + 1] if hit.last + 1 < len(tokens) else None
        if clause.language == "en":  # refunds are issued, coupons are offered: the offer in general
            word = tokens[hit.last].text.lower()
            return following is not None and following.text.lower() == "are" and word.endswith("s") and word != tokens[hit.last].lemma
        if following is None or following.text != "は":
            return False
        if any(m.kind == "date" for m in find_mentions("".join(t.text for t in tokens), today=date.min)):
            return False  # ご返金は11月12日に手続きしております: this case's refund, on its day
        return _ongoing(tokens[hit.last + 2 :]) and not self._past(hit, clause)

    def _habitual(self, at: int, clause: _Clause) -> bool:
        """A habitual word speaks for its whole sentence (返金は通常…, as a rule, refunds …)
        unless a contrast stands between it and `at`: 通常は660円ですが、今回は送料無料で, usually
        it costs 660 yen, but this time it ships free — the part after the turn is this case."""
        lex, sentence = self._lex(clause.language), clause.sentence
        turns = [t.start for t in sentence if self._contrast(t, lex)]
        return any(
            not any(min(at, sentence[first].start) < turn < max(at, sentence[first].start) for turn in turns)
            for first, _ in lex.habitual.spans(sentence)
        )

    @staticmethod
    def _contrast(token: Token, lex: _Lexicon) -> bool:
        """が and けれど join clauses only as conjunctive particles (the が of 送料が is a case marker)."""
        if token.lemma not in lex.contrasts.singles and token.text not in lex.contrasts.singles:
            return False
        return token.pos != "助詞" or token.detail == "接続助詞"

    def _frame(self, hit: _Hit, clause: _Clause, opening: int | None = None) -> str:
        """'want' (the customer's wish), 'topic' (返金の条件, your refund request) or ''.
        `opening`: where a run of offers joined by or/and starts (a refund and a coupon): a
        wish said before the run is said of each."""
        lex, tokens = self._lex(clause.language), clause.tokens
        if clause.language == "ja":
            rest = "".join(t.text for t in tokens[hit.last + 1 :])
            if lex.wants_after and lex.wants_after.match(rest):
                return "want"
            predicate = _ja_predicate(tokens[hit.last + 1 :])
            if predicate is not None and predicate.lemma in lex.wants.singles:
                return "want"  # 返金と交換のどちらをご希望でしょうか: what the clause says is their wish
            if self._held(hit, clause):
                return "topic"  # お手元のクーポン: one the customer has already
            return "topic" if lex.frames_after and lex.frames_after.match(rest) else ""
        after = [t for t in tokens[hit.last + 1 : hit.last + 3] if t.content]
        if after and after[0].lemma in lex.frames.singles:
            return "topic"
        before = [t for t in tokens[max(0, hit.first - 4) : hit.first] if t.content]
        if before and before[-1].lemma in ("about", "regard", "regarding", "concern"):
            return "topic"
        if hit.kind in self.words.theirs and _yours(tokens, hit):
            return "topic"  # your gift, a gift for your mother: what the customer bought or meant
        if self._held(hit, clause):
            return "topic"
        # the wish is the customer's when "you" wishes (if you would like, would you like a refund);
        # "we'd like to offer you" is our wish to give, an offer
        reach = max(0, min(hit.first, opening if opening is not None else hit.first) - 4)
        wishes = [i for i in range(reach, hit.first) if tokens[i].content and tokens[i].lemma in lex.wants.singles]
        if wishes and any(t.lemma in ("you", "your") for t in tokens[: wishes[-1]]):
            return "want"
        return ""

    def _held(self, hit: _Hit, clause: _Clause) -> bool:
        """お手元のクーポン, the coupon you already have: the customer holds it, we give nothing."""
        near = range(hit.first - 4, hit.last + 5)
        return any(
            (a in near or b in near) and not hit.first <= a <= hit.last  # the offer's own words (送料はこちらで持ちます)
            for a, b in self._lex(clause.language).held.spans(clause.tokens)
        )

    def _past(self, hit: _Hit, clause: _Clause, *, anywhere: bool = False) -> bool:
        """Stated as done. `anywhere` (a delivery): a past form anywhere after the word in Japanese
        (到着を確認した後, お届けした商品) tells of an arrival that happened, no date promised."""
        lex, tokens = self._lex(clause.language), clause.tokens
        if clause.language == "ja" and anywhere:
            return any(t.pos == "助動詞" and t.lemma == "た" or t.lemma in lex.past.singles for t in tokens[hit.first :])
        if clause.language == "ja":
            # た in the offer word's own verb (返金いたしました) or after the clause's last verb (手続きを
            # いたしました); not in another verb between (差し引いた額をお振込みします is to come)
            rest = tokens[hit.first :]
            own = []
            for token in tokens[hit.last + 1 :]:
                if not (token.pos == "助動詞" or token.text in ("て", "で") or token.pos == "動詞" and (
                        token.lemma in _JA_LIGHT_VERBS or token.detail == "非自立可能")):
                    break
                own.append(token)
            verbs = [i for i, t in enumerate(rest) if t.pos == "動詞"]
            tense = own + (rest[verbs[-1] + 1 :] if verbs else rest)
            return any(t.pos == "助動詞" and t.lemma == "た" for t in tense) or any(t.lemma in lex.past.singles for t in rest)
        if any(t.lemma in _EN_FUTURE for t in tokens):
            return False
        if lex.past.among(tokens):  # our records show a refund of $46.80: what is on file, reported
            return True
        verbs = lex.giving.singles | lex.states.singles | {tokens[hit.first].lemma}
        return any(t.lemma in verbs and (t.text.lower().endswith("ed") or t.text.lower() in _EN_PARTICIPLES) for t in tokens)

    # --- a delivery date stated as certain ---------------------------------------------

    def _delivery(self, clause: _Clause, today: date) -> list[Offer]:
        lex, tokens = self._lex(clause.language), clause.tokens
        words = lex.delivery
        # a delivery word inside words of talking is our message reaching them (we'll get back to you), no parcel
        talks = lex.talking.at(tokens)
        spans = [
            span for span in words["words"].spans(tokens)
            if not self._counted_from(span, tokens, clause.language) and not talks & set(range(span[0], span[1] + 1))
            and not self._names_a_fee(span, tokens, clause.language)
        ] if words else []
        if not words or not spans:
            return []
        first, last = min(spans)
        certain = words["certain"].among(tokens)
        if words["estimates"].among(tokens) or lex.negations.among(tokens) or self._habitual(tokens[first].start, clause):
            return []
        if self._frame(_Hit("", first, last), clause):
            return []
        if self._past(_Hit("", first, last), clause, anywhere=True):
            return []
        if clause.language == "ja":
            predicate = _ja_predicate(tokens[last + 1 :])
            if predicate is not None and predicate.lemma in lex.talking.singles:
                return []
            if _ongoing(tokens[last + 1 :]):
                return []  # お届けしております, 到着後8日以内に承っております: a state or a habit, no date promised
        elif lex.doubts.among(tokens[:first]):
            return []  # "I will let you know how we can deliver it"
        elif not certain:
            # Without a word of certainty only our verb counts ("it will arrive tomorrow"),
            # not "asked the carrier today to check the delivery".
            governed = next((i for i in range(first - 1, max(-1, first - 5), -1) if i in talks or tokens[i].lemma in lex.modals.singles), None)
            if tokens[first].lemma in words["nouns"].singles or governed is None or governed in talks:
                return []
        start, end = tokens[0].start - clause.offset, tokens[-1].end - clause.offset
        said = clause.text[start:end]
        counts = tuple(getattr(self.words.delivery.counts, clause.language))
        dated = [
            m for m in find_mentions(said, today=today)
            if m.kind == "date" or m.kind == "day" and not _an_interval(m.start + tokens[0].start, tokens, words["intervals"])
            and not (RANGE_OPENING.search(said, 0, m.start) or counts and said.startswith(counts, m.end))
        ]
        if not (dated or certain or words["when"].among(tokens)):
            return []
        if dated and not certain and all(m.kind == "date" and m.value < today.isoformat() for m in dated):
            return []  # 11月17日に配達店に到着しております: a day gone by is reported, not promised
        dates = tuple(f"{m.kind}:{m.value}" for m in dated)
        return [Offer(kind="delivery_date", start=tokens[first].start, end=tokens[last].end, dates=dates, guaranteed=certain)]

    def _names_a_fee(self, span: tuple[int, int], tokens: list[Token], language: Language) -> bool:
        """お届けと返送の送料, the delivery fee: the delivery word says what a fee is for, no delivery is dated."""
        fees = self._lex(language).shipping_fees
        if language != "ja":
            return fees.among(tokens[span[0] : span[1] + 3])
        for token in tokens[span[1] + 1 : span[1] + 5]:
            if token.lemma in fees.singles:
                return True
            if not (token.text in ("の", "と", "・", "や") or token.pos == "名詞"):
                return False
        return False

    def _counted_from(self, span: tuple[int, int], tokens: list[Token], language: Language) -> bool:
        """商品到着後8日以内, within 7 days of delivery: the delivery is where a period starts."""
        first, last = span
        marks = getattr(self.words.delivery.counted_from, language)
        if language == "ja":
            after = tokens[last + 1] if last + 1 < len(tokens) else None
            return after is not None and after.text in marks and after.detail != "接続助詞"  # 届くから: because, not from
        previous = next((t for t in reversed(tokens[:first]) if t.content or t.text.lower() in marks), None)
        return previous is not None and previous.text.lower() in marks


_ITEM_WORD = re.compile(r"[^\W\d_]{2,}|[\u3400-\u9fff]")  # a word of an item's name, not its size (50g)


def _item_named(item: str, said: str, goods: list[str]) -> bool:
    """The clause names the item: a word of its name (玉露 of 玉露 50g, teapot of Tokoname teapot)
    is in the clause, or a goods word of the clause is part of its name (茶 of 煎茶)."""
    words = [w for w in _ITEM_WORD.findall(item) if len(w) >= 2]
    if written_language(item) == "en":  # by whole words: the tea of a tin of tea is no part of a teapot
        said_words = set(re.findall(r"[a-z]+", said))
        return any(w in said_words for w in words) or any(g in words for g in goods)
    return any(w in said for w in words) or any(g in item for g in goods)


def _written_at(tokens: list[Token], phrases: list[str]) -> list[int]:
    """Where one of the phrases ends among the tokens, word for word as written (any case)."""
    texts = [t.text.lower() for t in tokens]
    found = []
    for phrase in phrases:
        words = phrase.lower().split()
        found += [i + len(words) - 1 for i in range(len(texts) - len(words) + 1) if texts[i : i + len(words)] == words]
    return sorted(found)


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    """The tokens split after each sentence mark."""
    split: list[list[Token]] = [[]]
    for token in tokens:
        split[-1].append(token)
        if token.text in _SENTENCE_MARKS:
            split.append([])
    return [part for part in split if part]


def _names_a_moment(tokens: list[Token], first: int, moments: LemmaPhrases) -> bool:
    """The offer word right after `before`, `after`, `until` (orders cancelled before shipping
    are free of charge) is the event that dates something, not a thing given."""
    previous = [t for t in tokens[:first] if t.content]  # articles are no content: "after the exchange"
    return bool(previous) and any(last == len(previous) - 1 for _, last in moments.spans(previous))


def _ends_asking(tokens: list[Token]) -> bool:
    """The text ends with the sentence-final question particle か (届きますか, 可能でしょうか)."""
    last = next((t for t in reversed(tokens) if t.pos not in ("補助記号", "空白")), None)
    return last is not None and last.text == "か" and last.detail == "終助詞"


def _ongoing(tokens: list[Token]) -> bool:
    """〜ております, 〜ています among the tokens: a state or a habit, not a single act to come."""
    return any(t.lemma in _JA_ONGOING and i and tokens[i - 1].text in ("て", "で") for i, t in enumerate(tokens))


def _an_interval(at: int, tokens: list[Token], intervals: LemmaPhrases) -> bool:
    """The day at `at` is named as an interval: an interval word among the three words before it."""
    before = [t for t in tokens if t.end <= at and t.content][-3:]
    return any(t.lemma in intervals.singles for t in before)


_WINDOW, _OVERLAP = 120, 20  # tokens: no real clause is longer, and the work per clause grows with its square


def _windows(tokens: list[Token]) -> list[list[Token]]:
    """A run-on "clause" (a 10,000-token paste without punctuation) in overlapping windows,
    so that checking stays linear in the length of the text."""
    if len(tokens) <= _WINDOW:
        return [tokens]
    step = _WINDOW - _OVERLAP
    return [tokens[start : start + _WINDOW] for start in range(0, len(tokens) - _OVERLAP, step)]


_COORDINATORS = frozenset({"と", "や", "and", "or"})


def _coordinated(between: list[Token]) -> bool:
    """Two nouns joined (お詫びと交換品, gift and replacement) are two things: the words of one
    tight phrase (お詫びの品) on either side of the join name neither."""
    return any(t.text.casefold() in _COORDINATORS and t.pos in ("助詞", "word") for t in between)


def _match(phrase: tuple[str, ...], lemmas: list[str], gap: int) -> list[tuple[int, int]]:
    """Where the phrase's lemmas occur in order, at most `gap` words apart (`…`: any)."""
    found = []
    for start, lemma in enumerate(lemmas):
        if not phrase or lemma != phrase[0]:
            continue
        at, loose = start, False
        for wanted in phrase[1:]:
            if wanted == "…":
                loose = True
                continue
            limit = len(lemmas) if loose else min(len(lemmas), at + 2 + gap)
            at = next((j for j in range(at + 1, limit) if lemmas[j] == wanted), -1)
            if at < 0:
                break
            loose = False
        if at >= 0:
            found.append((start, at))
    return found


def _ja_follows(phrases: list[str]) -> re.Pattern[str] | None:
    """A word right after an offer word, particles and お/ご between (返金のご希望, 返金について)."""
    if not phrases:
        return None
    # a one-character word is itself only when no kanji follows it: 用 of プレゼント用, not of ご用意
    alternation = "|".join(
        re.escape(p) + (r"(?![\u4e00-\u9fff])" if len(p) == 1 else "") for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"^(?:[のをはがもにへとで、]|お|ご|\s)*(?:{alternation})")


def _ja_predicate(tokens: list[Token]) -> Token | None:
    """What a Japanese clause says of its subject: its last content word, with light verbs
    (いたす, する, できる, なる) and auxiliaries set aside."""
    found = None
    for token in tokens:
        if token.pos in ("助詞", "助動詞", "補助記号", "空白", "接頭辞", "記号"):
            continue
        if token.pos == "動詞" and (token.lemma in _JA_LIGHT_VERBS or token.detail == "非自立可能"):
            continue
        if token.pos in ("接尾辞", "形容詞") and token.detail in ("動詞的", "形容詞的", "非自立可能"):
            continue
        found = token
    return found


def _customers_act(after_verb: list[Token]) -> bool:
    """お支払いいただいております, お渡しください: the verb is the customer's (we receive or ask
    it), not ours; ご返金させていただきます keeps it ours (させて before いただく). The verb may
    be a noun the asking takes as object: お振込みをお願いしております."""
    following = next(
        (t for t in after_verb if t.pos not in ("空白", "補助記号", "接頭辞") and t.text not in _JA_OBJECT_PARTICLES), None,
    )
    return following is not None and (following.lemma in _JA_ASKING or following.lemma == "頂く")


def _yours(tokens: list[Token], hit: _Hit) -> bool:
    """The customer's: "your gift", "a gift for your mother" (and no word of ours: "free")."""
    before = [t.text.lower() for t in tokens[max(0, hit.first - 2) : hit.first]]
    after = [t.text.lower() for t in tokens[hit.last + 1 : hit.last + 3]]
    return (bool(before) and before[-1] == "your") or after == ["for", "your"]


_WEEKS = re.compile(r"週|week", re.IGNORECASE)
_MONTHS = re.compile(r"月|month", re.IGNORECASE)
_HOURS = re.compile(r"時間|hour", re.IGNORECASE)


def _days(written: str, number: str) -> int:
    """A written length of time in days (0 for hours: no day passes)."""
    if _HOURS.search(written):
        return 0
    return int(number) * (7 if _WEEKS.search(written) else 30 if _MONTHS.search(written) else 1)


def _adverb(token: Token) -> bool:
    return token.text.lower() in _EN_ADVERBS or token.text.lower().endswith("ly")


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Overlapping words of one kind are one offer, named by the longest match, and words
    inside a longer match are its own (交換 in 交換品); offers of different kinds may
    share words otherwise (送料無料で再発送: free shipping and a reshipment)."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.first - h.last, h.first)):
        inside = any(h.first <= hit.first and hit.last <= h.last for h in kept)
        same = any(h.kind == hit.kind and h.first <= hit.last and hit.first <= h.last for h in kept)
        if not inside and not same:
            kept.append(hit)
    return kept


def _token_span(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
    return (inside[0], inside[-1]) if inside else None
