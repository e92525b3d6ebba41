"""pii: no personal data beyond what the ticket and the order hold; cards masked (HS016).

Personal data is an e-mail address, a phone number, a postal code, a Japanese street
address, a card number, a bank account number, a company's name (a workplace), a date
of birth, or a person's name (`person_names`): 伊藤 さくら様's order mixed up with this
one tells this customer another customer's name. A card number is 13–19 digits that pass the Luhn
check, or that a card word (Visa, カード) stands just before: a mistyped number is still
the customer's card.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckContext, CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.person_names import (
    PersonName, another_persons_name, english_names, full_name, greeted_name, japanese_names, known_name,
    lexicon_full_names, name_parts,
)
from draftdesk.pipeline.checks.signature import signature_span
from draftdesk.pipeline.checks.words import tokenize
from draftdesk.text.mentions import is_card_number

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A national number opens with its trunk 0 (03-1234-5678, 090 1234 5678); an international
# one with + and its country code, then groups of digits however the country writes them
# (+353 87 123 4567, +1 415-555-0132, +44 (0)20 7946 0958); a North American one often
# without its +1: an area code, then 3 and 4 digits ((415) 555-0132, 415.555.0132).
_PHONE = re.compile(
    r"(?<![\d-])(?:(?:\+?\d{1,3}[\s-]?)?(?:\(?0\d{1,4}\)?[\s-]?)\d{1,4}[\s-]?\d{3,4}"
    r"|\+\d{1,3}(?:[\s.-]?(?:\(0\))?[\s.-]?\d{1,5}){2,5}"
    r"|\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4})(?![\d-])"
)
_POSTAL = re.compile(r"〒\s?\d{3}-?\d{4}")
# A Japanese street address: prefecture, city / ward / town, then the block number.
# The prefecture by name (the 43 県 are a closed list): "ご住所の福岡県…" starts at 福岡県, not at の福岡県.
_JA_ADDRESS = re.compile(
    r"(?:東京都|北海道|(?:京都|大阪)府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)[^\s、。，\d]{1,15}?[市区町村郡][^\s、。，\d]{0,15}"
    r"[\d０-９]+(?:(?:丁目|番地|番|号|の|[-－ー‐])[\d０-９]+)*(?:番地|番|号)?"
)
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
# after an identity document's word: its number, letters and digits (TK4471029, 1234 5678 9012)
_DOCUMENT_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,3}[ \t-]?)?\d[\d \t-]{4,16}\d(?![A-Za-z0-9])")
_ACCOUNT = re.compile(r"(?<![\d-])\d{6,8}(?![\d-])")  # a Japanese bank account number: 7 digits
# after "ending in": the account's last digits, perhaps behind a mask (ending ****4471, 末尾＊＊4471)
_TAIL = re.compile(r"[\s:：は*＊xX•·.…]*(\d{3,4})(?![\d-])")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    card_words: PerLanguage = PerLanguage()  # Visa, カード: the digits after them are a card number
    account_words: PerLanguage = PerLanguage()  # 口座番号, account number: the digits after them are an account
    account_types: PerLanguage = PerLanguage()  # 普通, 当座: right before the digits, an account's type
    company_forms: list[str] = []  # 株式会社, Inc.: a company's name is written with its legal form
    birth_words: PerLanguage = PerLanguage()  # 生年月日, date of birth: the date after them is personal data
    # パスポート番号, passport number: the number after them is an identity document's
    document_words: PerLanguage = PerLanguage()
    # ending in, 末尾: the digits after them end an account number (the account ending in 4471)
    tail_words: PerLanguage = PerLanguage()
    name_lead_ins: PerLanguage = PerLanguage()  # an order for, addressed to: a full name after them is a person's
    name_connectors: PerLanguage = PerLanguage()  # for example, such as: between a lead-in and its name
    name_trailers: PerLanguage = PerLanguage()  # ", who", "'s order": after a full name, only a person's
    # A full name in running text needs no lead-in when its first word is a first name (the
    # recognizers' lexicon): not when its second word is a firm's trade (Yamato Transport) or
    # the writer introduces themself (My name is Emma Hughes).
    name_trades: PerLanguage = PerLanguage()
    self_introductions: PerLanguage = PerLanguage()
    street_types: list[str] = []  # Street, Road, Avenue: a house number, capitalised words and one of these are an address
    workplace_words: PerLanguage = PerLanguage()  # 勤務先, your employer: the name after them is a workplace
    # 別のお客様, another customer: an order number in their sentence no record holds is that person's
    other_party_words: PerLanguage = PerLanguage()
    # How a greeting line is read for the name it addresses (HS006's words): another
    # customer's full name there (the previous ticket's) is personal data too.
    greeting_salutations: list[str] = []  # Dear, Hi
    greeting_titles: list[str] = []  # Ms., Mr
    greeting_honorifics: list[str] = []  # 様, さま, 殿
    greeting_not_names: list[str] = []  # Dear Valued Customer: forms of address, no one's name


@dataclass(frozen=True)
class PerLanguagePatterns:
    ja: re.Pattern[str] | None
    en: re.Pattern[str] | None


_BEFORE = 24  # characters before a number in which its card or account word stands
_TYPE_BEFORE = 4  # 普通 1234567, 普通：1234567: an account's type stands right before its number


def _compact(value: str) -> str:
    """An address as compared: width folded; spaces, dashes and 丁目/番地/号 set aside
    (神宮前1丁目2番3号 is 神宮前1-2-3)."""
    return re.sub(r"丁目|番地|番|号|[\s\-－ー‐]", "", unicodedata.normalize("NFKC", value))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", value))


def _word_before(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def _companies(forms: list[str]) -> re.Pattern[str] | None:
    """株式会社ミト精機, ミト精機株式会社, Acme Trading Inc.: a name beside its legal form."""
    if not forms:
        return None
    form = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    name = r"[ァ-ヶー一-龠々A-Za-zＡ-Ｚａ-ｚ0-9&・]"
    latin = r"(?:[A-Z][\w&'’-]*\s+){1,4}"
    return re.compile(rf"(?:{form}){name}{{2,15}}|{name}{{2,15}}(?:{form})|{latin}(?:{form})")


def _street_addresses(types: list[str]) -> re.Pattern[str] | None:
    """14 Baker Street, 1200 Market St: a house number, capitalised words, a street type."""
    if not types:
        return None
    alternation = "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{alternation})\b")


def _known_company(value: str, forms: list[str], known_text: str) -> bool:
    """The name without its legal form, or four characters of it in a row, as the ticket or
    the order write it: ヤマト運輸株式会社 for the carrier ヤマト運輸, 株式会社アオバ工業様 for
    アオバ工業; a name the reply alone holds is not known."""
    core = _compact(value)
    for form in forms:
        core = core.replace(_compact(form), "")
    known, size = _compact(known_text), min(len(core), 4)
    return bool(core) and any(core[at : at + size] in known for at in range(len(core) - size + 1))


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    card_words = {language: _word_before(getattr(params.card_words, language)) for language in ("ja", "en")}
    account_words = {language: _word_before(getattr(params.account_words, language)) for language in ("ja", "en")}
    account_types = {language: _word_before(getattr(params.account_types, language)) for language in ("ja", "en")}
    companies = _companies(params.company_forms)
    street_address = _street_addresses(params.street_types)
    birth_words = {language: _word_before(getattr(params.birth_words, language)) for language in ("ja", "en")}
    tail_words = {language: _word_before(getattr(params.tail_words, language)) for language in ("ja", "en")}
    document_words = {language: _word_before(getattr(params.document_words, language)) for language in ("ja", "en")}
    other_parties = PerLanguagePatterns(
        ja=_word_before(params.other_party_words.ja), en=_word_before(params.other_party_words.en)
    )

    def run(reply: CheckedText) -> list[Finding]:
        context = reply.context
        known_text = " ".join(
            filter(None, [context.ticket.subject, context.ticket.body, context.ticket.sender.email] if context.ticket else [])
        )
        known_text += " " + " ".join(f.value for f in context.facts)
        if context.customer:
            known_text += " " + " ".join(filter(None, [context.customer.email, context.customer.phone, context.customer.address]))
        if context.shop:
            known_text += f" {context.shop.email} {context.shop.phone or ''}"
        known_digits = _digits(known_text)
        known_numbers = {_digits(n) for n in re.findall(r"\d[\d -]*\d", unicodedata.normalize("NFKC", known_text))}
        # A tracking or order number is no phone number, even an invented one (HS003's).
        identifiers = [(m.start, m.end) for m in reply.mentions if m.kind in ("tracking_number", "order_number")]
        findings = []
        cards: list[tuple[int, int]] = []
        # full-width digits and marks read as ASCII (０９０－１２３４－５６７８, （03）), offsets kept
        folded = unicodedata.normalize("NFKC", reply.text)
        text = folded if len(folded) == len(reply.text) else reply.text
        for match in _CARD.finditer(text):
            digits = _digits(match.group())
            if is_card_number(digits) or _said_after(card_words, reply.text, match.start()):
                cards.append(match.span())
                masked = f"**** **** **** {digits[-4:]}"
                findings.append(reply.finding(rule, *match.span(), suggestion=masked, replacement=masked))
        # The signature says who writes — an outsourced desk, its company, address, e-mail and
        # number — not someone the ticket or the order must hold: whether it is the shop's is HS007's.
        signed = signature_span(reply)
        signed_at = (lambda at: signed[0] <= at < signed[1]) if signed else (lambda at: False)
        for pattern in filter(None, (_EMAIL, _PHONE, _POSTAL, _JA_ADDRESS, street_address)):
            for match in pattern.finditer(text):
                if any(s <= match.start() < e for s, e in cards) or signed_at(match.start()):
                    continue
                if pattern is _PHONE and any(s <= match.start() < e for s, e in identifiers):
                    continue
                value = match.group()
                digits = _digits(value)
                if pattern is _EMAIL:
                    known = value.lower() in known_text.lower()
                elif pattern in (_JA_ADDRESS, street_address):
                    known = _compact(value) in _compact(known_text)
                elif pattern is _PHONE:  # +81 90-1234-5678 is 090-1234-5678: the same number after the country code
                    known = digits[-9:] in known_digits
                else:
                    known = len(digits) >= 7 and digits in known_digits
                if pattern is _PHONE and len(digits) < 10:
                    continue
                if not known:
                    findings.append(reply.finding(rule, *match.span(), detail="not in the ticket or the order"))
        for match in _ACCOUNT.finditer(text):
            said = _said_after(account_words, reply.text, match.start()) or _said_after(
                account_types, reply.text, match.start(), within=_TYPE_BEFORE
            )
            if any(s <= match.start() < e for s, e in cards + identifiers) or not said:
                continue
            if match.group() not in known_numbers:  # as a whole number: 1234567 is no part of 4512-3456-7890
                findings.append(reply.finding(rule, *match.span(), detail="an account number not in the ticket or the order"))
        for said_at, match in _account_tails(tail_words, reply.text):  # an account told by its last digits
            if not (_said_after(account_words, reply.text, said_at) or _said_after(account_types, reply.text, said_at, within=_TYPE_BEFORE)):
                continue
            if not any(number.endswith(match.group(1)) for number in known_numbers):
                findings.append(reply.finding(rule, *match.span(1), detail="an account number not in the ticket or the order"))
        # a passport's or a licence's number (not a date or an amount said of it: 有効期限 2027-03-15)
        dated = [(m.start, m.end) for m in reply.mentions if m.kind not in ("order_number", "tracking_number")]
        for match in _DOCUMENT_NUMBER.finditer(text):
            if any(s <= match.start() < e or match.start() <= s < match.end() for s, e in cards + dated):
                continue
            if not _said_after(document_words, reply.text, match.start()):
                continue
            number = re.sub(r"[\s-]", "", match.group())
            if number.casefold() not in re.sub(r"[\s-]", "", known_text).casefold():
                detail = "an identity document's number not in the ticket or the order"
                findings.append(reply.finding(rule, *match.span(), detail=detail))
        for mention in reply.mentions:  # a date of birth: anyone's, unless the ticket or order holds it
            if mention.kind == "date" and _said_after(birth_words, reply.text, mention.start):
                if mention.text not in known_text and mention.value not in known_text:
                    findings.append(reply.finding(rule, mention.start, mention.end, detail="a date of birth not in the ticket or the order"))
        # A company the cited policies name (the carrier, ヤマト運輸) is the shop's business, not a workplace.
        policy_text = " ".join(p.text for p in context.passages)
        if companies is not None:
            for match in companies.finditer(reply.parts.body.text):
                if signed_at(reply.parts.body.start + match.start()):
                    continue
                if not _known_company(match.group(), params.company_forms, f"{known_text} {policy_text}"):
                    start = reply.parts.body.start + match.start()
                    findings.append(reply.finding(rule, start, start + len(match.group()), detail="a company not in the ticket or the order"))
        for start, end in _workplaces(reply, getattr(params.workplace_words, reply.language)):
            if not _known_company(reply.text[start:end], params.company_forms, f"{known_text} {policy_text}"):
                findings.append(reply.finding(rule, start, end, detail="a workplace not in the ticket or the order"))
        names = _known_names(context)
        theirs: list = []
        for name in _named_people(reply, params):
            if signed_at(name.start):
                continue
            if not known_name(name.text, names):
                findings.append(reply.finding(rule, name.start, name.end, detail="a name not in the ticket or the order"))
                theirs += _their_orders(reply, reply.sentence_at(name.start))
        # … and in a sentence about someone else (別のお客様のご注文 AB-…, another customer's order AB-…)
        others = getattr(other_parties, reply.language)
        for sentence in reply.sentences if others is not None else []:
            if others.search(sentence.text):
                theirs += _their_orders(reply, sentence)
        for start, end in sorted({(m.start, m.end) for m in theirs}):
            findings.append(reply.finding(rule, start, end, detail="another person's order"))
        greeted = _greeted_stranger(reply, params, names)
        if greeted is not None:
            findings.append(reply.finding(rule, greeted.start, greeted.end, detail="another person's name in the greeting"))
        return findings

    return run


def _said_after(words: dict[str, re.Pattern[str] | None], text: str, at: int, *, within: int = 0) -> bool:
    """A card, account or birth word (in either language) just before position `at`
    (`within` characters; by default `_BEFORE`)."""
    before = text[max(0, at - (within or _BEFORE)) : at]
    return any(pattern is not None and pattern.search(before) for pattern in words.values())


def _account_tails(tail_words: dict[str, re.Pattern[str] | None], text: str) -> list[tuple[int, re.Match[str]]]:
    """The digits right after a tail word (the account ending in 4471, 口座末尾4471), with
    where the tail word starts (the account word stands before it)."""
    return [
        (word.start(), tail)
        for pattern in tail_words.values() if pattern is not None
        for word in pattern.finditer(text)
        if (tail := _TAIL.match(text, word.end()))
    ]


_WORKPLACE_RUN = 5  # 高崎 市役所 本庁 舎: no workplace's name runs longer
_OPENING_BRACKETS = frozenset("（(「『")
_EN_WORKPLACE_NAME = r"[ \t]*[,:(]?[ \t]*((?:[A-Z][\w&'’.-]*[ \t]+){0,3}[A-Z][\w&'’-]*)"


def _workplaces(reply: CheckedText, words: list[str]) -> list[tuple[int, int]]:
    """Where a reply names the customer's workplace: the name right after a workplace word
    (勤務先の高崎市役所, お勤め先（さくら総合病院）, your employer, Northwind Traders). In
    Japanese the name holds a proper noun or stands in brackets: 勤務先の住所 names no place."""
    if not words:
        return []
    if reply.language == "en":
        alternation = "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in sorted(words, key=len, reverse=True))
        body = reply.parts.body
        named = re.finditer(rf"\b(?:{alternation})\b{_EN_WORKPLACE_NAME}", body.text)
        return [(body.start + m.start(1), body.start + m.end(1)) for m in named]
    found = []
    tokens = reply.tokens
    for index, token in enumerate(tokens):
        if token.text not in words:
            continue
        at = index + 1
        bracketed = at < len(tokens) and tokens[at].text in _OPENING_BRACKETS
        if at < len(tokens) and (bracketed or tokens[at].text in ("の", "：", ":")):
            at += 1
        run = []
        while at < len(tokens) and tokens[at].pos == "名詞" and len(run) < _WORKPLACE_RUN:
            run.append(tokens[at])
            at += 1
        if run and (bracketed or any(t.detail == "固有名詞" for t in run)):
            found.append((run[0].start, run[-1].end))
    return found


def _greeted_stranger(reply: CheckedText, params: Params, names: list[str]) -> PersonName | None:
    """The greeting's name when it is another person's: a full name that neither the ticket
    nor the order holds and that shares no part with the customer's name on record (a
    misspelt name, 渡邊 直樹 for 渡辺 直樹, is HS006's alone)."""
    greeting, context = reply.parts.greeting, reply.context
    if greeting is None:
        return None
    greeted = greeted_name(
        greeting.text, offset=greeting.start, salutations=params.greeting_salutations, titles=params.greeting_titles,
        honorifics=params.greeting_honorifics,
    )
    if greeted is None:
        return None
    tokens = tokenize(greeted.text, "ja") if not greeted.text.isascii() else []
    parts = name_parts(greeted.text, tokens)
    records = [context.customer_name or ""]
    if context.customer is not None:
        records += [context.customer.name, context.customer.name_kana or ""]
    if (
        full_name(parts, tokens, not_names=params.greeting_not_names)
        and not known_name(greeted.text, names)
        and another_persons_name(parts, records)
    ):
        return greeted
    return None


def _named_people(reply: CheckedText, params: Params) -> list[PersonName]:
    body = reply.parts.body
    if reply.language == "ja":
        return japanese_names(reply.tokens, reply.text)
    # An order or tracking number between a lead-in and the name is read past: "the order
    # AB-24-00043 for Daniel Brown" introduces him as "the order for Daniel Brown" does.
    text = body.text
    for m in reply.mentions:
        if m.kind in ("order_number", "tracking_number") and body.start <= m.start and m.end <= body.end:
            text = text[: m.start - body.start] + " " * (m.end - m.start) + text[m.end - body.start :]
    found = english_names(
        text, offset=body.start, lead_ins=params.name_lead_ins.en, connectors=params.name_connectors.en,
        trailers=params.name_trailers.en,
    )
    # the recognizers' lexicon, read on first use: importing it loads wordfreq
    from draftdesk.adapters.recognizers.lexicons import first_names, sentence_words

    taken = {(n.start, n.end) for n in found}
    return found + [
        name for name in lexicon_full_names(
            text, offset=body.start, first_names=first_names(), sentence_words=sentence_words(),
            trades=params.name_trades.en, introductions=params.self_introductions.en,
        )
        if (name.start, name.end) not in taken
    ]


def _their_orders(reply: CheckedText, sentence) -> list:
    """Order and tracking numbers in a sentence about another person, which neither the
    facts nor the ticket hold: that person's order, their personal data too (and one fault:
    HS003 yields to this finding)."""
    if sentence is None:
        return []
    return [
        m for m in reply.mentions
        if m.kind in ("order_number", "tracking_number") and sentence.start <= m.start < sentence.end
        and not reply.sources.backs(m)
    ]


def _known_names(context: CheckContext) -> list[str]:
    """Who the ticket and the order name: the customer, the sender, what they wrote, the
    order's facts (a gift's recipient), and the agent; and the businesses the shop deals
    with, by its own name and in the cited policies (Japan Post, who handle EMS)."""
    ticket = context.ticket
    return [
        context.customer_name or "",
        context.customer.name if context.customer else "",
        context.customer.name_kana or "" if context.customer else "",
        *([ticket.sender.name or "", ticket.subject or "", ticket.body] if ticket else []),
        *(f.value for f in context.facts),
        context.agent.name if context.agent else "",
        *(
            (context.shop.name("ja"), context.shop.name("en"), context.shop.department("ja"), context.shop.department("en"))
            if context.shop else ()
        ),
        *(p.text for p in context.passages),
    ]
