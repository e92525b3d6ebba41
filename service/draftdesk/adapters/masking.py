"""Card numbers and My Numbers masked at rest: every digit but the last four becomes `*`.

What the stores persist (tickets, draft versions with their findings and approvals,
order notes) and what a log line says go through here; the pipeline keeps the
original text in memory for the one request it is drafting.

The numbers are found the way redaction finds them: `card_spans` (card-shaped runs of
13–19 digits, grouped or not, Luhn-valid or not, and 12 digits after a card word) and
the My Number recognizer's rule (12 digits introduced as マイナンバー / 個人番号 /
My Number). A My Number is masked whether or not its check digit holds, as a card
number is whether or not it passes Luhn: a mistyped number is still the customer's.
A reply may repeat the ticket's numbers bare (a model echoes `<MY_NUMBER_1>`, restore
puts the value back), so a draft is masked knowing the ticket's numbers as well.
Masking is one character for one (`4111 1111 1111 1111` → `**** **** **** 1111`), so
a finding's span still points at the same place, and masking a masked text changes
nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from draftdesk.domain import Draft, Order, Ticket
from draftdesk.text.known_values import fold_width

MASK = "*"
KEPT_DIGITS = 4
# Neither a card (12 digits at the least, after a card word) nor a My Number is shorter.
_FEWEST_DIGITS = 12
_SEPARATOR = r"[ \-]?"


def personal_number_spans(text: str, *, known: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of each card number and My Number in `text`, and of each number in
    `known` (digits) wherever it stands: a number the ticket introduced as a My Number
    is one in the reply too, where nothing may say so."""
    # Imported here, not with this module: the recognizers' package imports Presidio and
    # spaCy (a second or more), and every command line sets up the log filter below, most
    # of them to log nothing with a number long enough to need them.
    from draftdesk.adapters.recognizers.credit_card import card_spans
    from draftdesk.adapters.recognizers.my_number import MyNumberRecognizer

    spans = [(start, end) for start, end, _luhn in card_spans(text)]
    folded = fold_width(text)
    for rule in MyNumberRecognizer.RULES:
        spans += [match.span("value") for match in rule.pattern.finditer(folded)]
    for digits in known:
        if len(digits) >= _FEWEST_DIGITS:
            spaced = _SEPARATOR.join(re.escape(d) for d in digits)
            spans += [match.span() for match in re.finditer(rf"(?<![0-9]){spaced}(?![0-9])", folded)]
    return spans


def personal_numbers(text: str) -> tuple[str, ...]:
    """The digits of each card number and My Number in `text`."""
    folded = fold_width(text)
    return tuple(dict.fromkeys(_digits(folded[start:end]) for start, end in personal_number_spans(text)))


def mask_personal_numbers(text: str, *, known: Iterable[str] = ()) -> str:
    """`text` with every digit of each card number and My Number (and each number in
    `known`) but the last four masked."""
    folded = fold_width(text)
    if sum(map(str.isdigit, folded)) < _FEWEST_DIGITS:
        return text
    chars = list(text)
    for start, end in personal_number_spans(text, known=known):
        digits = [i for i in range(start, end) if folded[i].isascii() and folded[i].isdigit()]
        for i in digits[: len(digits) - KEPT_DIGITS]:
            chars[i] = MASK
    return "".join(chars)


def masked_ticket(ticket: Ticket) -> Ticket:
    return ticket.model_copy(
        update={"subject": mask_personal_numbers(ticket.subject), "body": mask_personal_numbers(ticket.body)}
    )


def mask_ticket_data(data: dict[str, Any]) -> dict[str, Any]:
    """`masked_ticket` on a ticket's stored JSON."""
    return {**data, **{key: _masked(data[key]) for key in ("subject", "body") if key in data}}


def masked_draft(draft: Draft, *, known: Iterable[str] = ()) -> Draft:
    """The free text of a draft masked: subject, body, findings, claims, an override reason.
    Facts, citations and identifiers come from the shop's records and stay as they are.
    `known`: the ticket's numbers (`personal_numbers`), which a reply may repeat bare."""
    return Draft.model_validate(mask_draft_data(draft.model_dump(mode="json"), known=known))


def mask_draft_data(data: dict[str, Any], *, known: Iterable[str] = ()) -> dict[str, Any]:
    """`masked_draft` on a draft's stored JSON (rows an older model wrote included)."""
    known = tuple(known)

    def masked(value: object) -> object:
        return mask_personal_numbers(value, known=known) if isinstance(value, str) else value

    result = dict(data)
    for key in ("subject", "body"):
        result[key] = masked(data.get(key))
    if isinstance(data.get("findings"), list):
        result["findings"] = [
            {**finding, **{key: masked(finding[key]) for key in ("message", "excerpt", "suggestion", "replacement") if key in finding}}
            if isinstance(finding, dict)
            else finding
            for finding in data["findings"]
        ]
    if isinstance(data.get("claims"), list) and isinstance(result["body"], str):
        # A claim is a span of the body: its text is what the masked body shows there
        # (a number the body introduces as a My Number is no longer one on its own).
        result["claims"] = [
            {**claim, "text": result["body"][claim["start"] : claim["end"]]}
            if isinstance(claim, dict) and isinstance(claim.get("start"), int) and isinstance(claim.get("end"), int)
            else claim
            for claim in data["claims"]
        ]
    if isinstance(data.get("approval"), dict) and "override_reason" in data["approval"]:
        result["approval"] = {**data["approval"], "override_reason": masked(data["approval"]["override_reason"])}
    return result


def masked_order(order: Order) -> Order:
    """An order's notes are free text a shop may have pasted a card number into."""
    if not order.notes:
        return order
    return order.model_copy(update={"notes": [mask_personal_numbers(note) for note in order.notes]})


def _masked(value: object) -> object:
    return mask_personal_numbers(value) if isinstance(value, str) else value


def _digits(folded: str) -> str:
    return "".join(ch for ch in folded if ch.isascii() and ch.isdigit())


class PersonalNumberFilter(logging.Filter):
    """Masks card numbers and My Numbers in a log record's message (put it on a handler:
    a logger's own filters never see records that propagate from its children)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Mask the message and each argument in place: formatters read the arguments too
        # (uvicorn's access log takes them by position), so they must keep their shape.
        record.msg = _masked(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(arg) for key, arg in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_numbers(record.stack_info)
        return True


def mask_personal_numbers_in_logs() -> list[logging.Handler]:
    """A PersonalNumberFilter on every handler configured now: the root logger's, each
    named logger's (uvicorn's among them) and logging's last resort; returns the handlers
    that got one. Call it once logging is set up; uvicorn sets up its own before the
    app's lifespan starts."""
    handlers = set(logging.getLogger().handlers)
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            handlers.update(logger.handlers)
    if logging.lastResort is not None:
        handlers.add(logging.lastResort)
    added = [h for h in handlers if not any(isinstance(f, PersonalNumberFilter) for f in h.filters)]
    for handler in added:
        handler.addFilter(PersonalNumberFilter())
    return added
