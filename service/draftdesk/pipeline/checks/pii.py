"""pii: no personal data beyond what the ticket and the order hold; cards masked (HS016).

Personal data is an e-mail address, a phone number, a postal code, a Japanese street
address, a card number, or a person's name (`person_names`): 伊藤 さくら様's order mixed up with this one tells this
customer another customer's name.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckContext, CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.person_names import PersonName, english_names, japanese_names, known_name
from draftdesk.text.mentions import is_card_number

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:\+?\d{1,3}[\s-]?)?(?:\(?0\d{1,4}\)?[\s-]?)\d{1,4}[\s-]?\d{3,4}(?![\d-])")
_POSTAL = re.compile(r"〒\s?\d{3}-?\d{4}")
# A Japanese street address: prefecture, city / ward / town, then the block number.
_JA_ADDRESS = re.compile(
    r"(?:東京都|北海道|(?:京都|大阪)府|[^\s、。，]{2,3}県)[^\s、。，\d]{1,15}?[市区町村郡][^\s、。，\d]{0,15}"
    r"[\d０-９]+(?:(?:丁目|番地|番|号|の|[-－ー‐])[\d０-９]+)*(?:番地|番|号)?"
)
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _compact(value: str) -> str:
    """An address as compared: width folded; spaces, dashes and 丁目/番地/号 set aside
    (神宮前1丁目2番3号 is 神宮前1-2-3)."""
    return re.sub(r"丁目|番地|番|号|[\s\-－ー‐]", "", unicodedata.normalize("NFKC", value))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", value))


def build(rule: Rule) -> RuleCheck:
    Params.model_validate(rule.params)

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
        # A tracking or order number is no phone number, even an invented one (HS003's).
        identifiers = [(m.start, m.end) for m in reply.mentions if m.kind in ("tracking_number", "order_number")]
        findings = []
        cards = set()
        for match in _CARD.finditer(reply.text):
            digits = _digits(match.group())
            if is_card_number(digits):
                cards.add(match.span())
                masked = f"**** **** **** {digits[-4:]}"
                findings.append(reply.finding(rule, *match.span(), suggestion=masked, replacement=masked))
        for pattern in (_EMAIL, _PHONE, _POSTAL, _JA_ADDRESS):
            for match in pattern.finditer(reply.text):
                if any(s <= match.start() < e for s, e in cards):
                    continue
                if pattern is _PHONE and any(s <= match.start() < e for s, e in identifiers):
                    continue
                value = match.group()
                digits = _digits(value)
                if pattern is _EMAIL:
                    known = value.lower() in known_text.lower()
                elif pattern is _JA_ADDRESS:
                    known = _compact(value) in _compact(known_text)
                else:
                    known = len(digits) >= 7 and digits in known_digits
                if pattern is _PHONE and len(digits) < 10:
                    continue
                if not known:
                    findings.append(reply.finding(rule, *match.span(), detail="not in the ticket or the order"))
        names = _known_names(context)
        for name in _named_people(reply):
            if not known_name(name.text, names):
                findings.append(reply.finding(rule, name.start, name.end, detail="a name not in the ticket or the order"))
        return findings

    return run


def _named_people(reply: CheckedText) -> list[PersonName]:
    body = reply.parts.body
    if reply.language == "ja":
        return japanese_names(reply.tokens, reply.text)
    return english_names(body.text, offset=body.start)


def _known_names(context: CheckContext) -> list[str]:
    """Who the ticket and the order name: the customer, the sender, what they wrote, the
    order's facts (a gift's recipient), and the agent."""
    ticket = context.ticket
    return [
        context.customer_name or "",
        context.customer.name if context.customer else "",
        context.customer.name_kana or "" if context.customer else "",
        *([ticket.sender.name or "", ticket.subject or "", ticket.body] if ticket else []),
        *(f.value for f in context.facts),
        context.agent.name if context.agent else "",
    ]
