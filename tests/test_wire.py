"""The proof we sell: no personal value reaches a model, checked on the wire.

One `Services` drafts through litellm (`openai/stub-model`) against the recording
`ModelStub`, with the real Presidio detector, Chroma and SQLite. It drafts every
demo ticket of evals/cases and every labelled snippet of evals/pii (as a ticket
body, in the snippet's language); then every personal value we know of is looked
for in every request body the stub received:

- each labelled span of evals/pii;
- for each demo ticket, `draftdesk.evals.wire.personal_values` of the ticket with every
  demo order of its customer (found by the sender's e-mail or name, or an order
  number in the ticket): names and their parts, e-mails, phones, addresses and
  their parts, postal codes, and the e-mails, phones and card numbers in the text.

Values and bodies are compared NFKC-folded with any spacing between a value's
characters (`PersonalValue.pattern`), in the raw bytes, in the JSON text with its
`\\uXXXX` escapes undone and in the body's strings joined by line breaks. A whole
value is looked for in every body. A part of a longer value of its case (さくら of
伊藤 さくら, 1-1 of 三条本町1-1) is also an ordinary word or number elsewhere
(春のさくら緑茶, 町4-1-1), so it is looked for in its own ticket's bodies only; values
of one or two characters (光, 林) only in the quoted subject and mail of their own
ticket's bodies, as the prompt's own text is full of them.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from draftdesk.adapters.order_files import load_orders_file
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Draft, Order, Ticket
from draftdesk.errors import InvalidInput
from draftdesk.testing.model_stub import ModelStub, RecordedRequest
from draftdesk.evals.wire import Leak, PersonalValue, body_text, fold, normalise, personal_values
from draftdesk.wiring import Services
from tests.conftest import DEMO_TICKETS, services_on

pytestmark = pytest.mark.slow  # every demo ticket and labelled snippet drafted through the NLP models and the stub

STUB_MODEL = "openai/stub-model"
PII = PROJECT_ROOT / "evals" / "pii"
SHORT = 2  # values this long or shorter are only looked for in their own ticket's quoted mail
_QUOTED_SUBJECT = re.compile(r"^(?:件名|Subject): ([^\n]*)$", re.MULTILINE)
_QUOTED_BODY = re.compile(r'\n"""\n(.*?)\n"""', re.DOTALL)


@dataclass(frozen=True)
class Drafted:
    ticket: Ticket
    draft: Draft | None
    rejected: InvalidInput | None
    requests: list[RecordedRequest]


# --- what is compared ----------------------------------------------------------------


def haystacks(request: RecordedRequest) -> list[str]:
    """The body as the bytes went out, as JSON text with escapes undone, and as its
    strings joined by line breaks: the JSON text keeps a line break inside a string
    as the two characters \\n, which would hide an address broken over two lines."""
    return [request.raw.decode("utf-8", errors="replace"), body_text(request.raw), "\n".join(_strings(request.body))]


def quoted_mail(request: RecordedRequest) -> list[str]:
    """The customer's subject and mail as the prompt quotes them; the whole body if no
    quote is found (a changed prompt makes the check stricter, never blind)."""
    text = "\n".join(_strings(request.body))
    return [*_QUOTED_SUBJECT.findall(text), *_QUOTED_BODY.findall(text)] or haystacks(request)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class Haystacks:
    """Texts to look in, folded as the wire check folds them, and squashed (no spacing; and
    its digits alone) for a quick look looser than the patterns: a value can only match a
    text whose squashed form holds it, and most values are in no text at all."""

    def __init__(self, texts: list[str]) -> None:
        self._folded = [fold(text) for text in texts]
        self._squashed = [normalise(text).casefold() for text in self._folded]
        self._digits = [re.sub(r"[^0-9]", "", squashed) for squashed in self._squashed]

    @classmethod
    def together(cls, parts: Iterable[Haystacks]) -> Haystacks:
        joined = cls([])
        for part in parts:
            joined._folded += part._folded
            joined._squashed += part._squashed
            joined._digits += part._digits
        return joined

    def holding(self, value: PersonalValue) -> int:
        """How many of the texts hold `value`, matched by its pattern."""
        needle = value.needle.casefold()
        looks = self._digits if needle.isdigit() else self._squashed
        candidates = [text for text, look in zip(self._folded, looks) if needle in look]
        pattern = value.pattern() if candidates else None
        return sum(1 for text in candidates if pattern and pattern.search(text))


def find_leaks(values: list[PersonalValue], requests: list[tuple[str, RecordedRequest]]) -> list[Leak]:
    own: dict[str, list[str]] = defaultdict(list)
    mails: dict[str, list[str]] = defaultdict(list)
    for case_id, request in requests:
        own[case_id] += haystacks(request)
        mails[case_id] += quoted_mail(request)
    own_bodies = {case_id: Haystacks(texts) for case_id, texts in own.items()}
    everywhere = Haystacks.together(own_bodies.values())
    own_mails = {case_id: Haystacks(texts) for case_id, texts in mails.items()}
    nowhere = Haystacks([])
    parts = fragments(values)
    leaks = []
    for value in values:
        if len(value.needle) <= SHORT:
            where = own_mails.get(value.case_id, nowhere)
        elif value in parts:
            where = own_bodies.get(value.case_id, nowhere)
        else:
            where = everywhere
        if found := where.holding(value):
            leaks.append(Leak(case_id=value.case_id, kind=value.kind, digest=value.digest, requests=found))
    return leaks


def fragments(values: list[PersonalValue]) -> set[PersonalValue]:
    """Values inside a longer value of the same case: さくら of 伊藤 さくら, 1-1 of 三条本町1-1.
    Alone they are also words and numbers of other tickets (春のさくら緑茶, 4-1-1)."""
    by_case: dict[str, set[str]] = defaultdict(set)
    for value in values:
        by_case[value.case_id].add(value.needle)
    return {v for v in values if any(v.needle != other and v.needle in other for other in by_case[v.case_id])}


# --- the cases ---------------------------------------------------------------------


def demo_tickets() -> list[Ticket]:
    return [Ticket.model_validate_json(path.read_text(encoding="utf-8")) for path in sorted(DEMO_TICKETS.glob("*.json"))]


def snippet_tickets() -> list[tuple[Ticket, list[PersonalValue]]]:
    cases = []
    for path in sorted(PII.glob("*.jsonl")):
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            snippet = json.loads(line)
            case_id = f"{path.name}:{line_number}"
            ticket = Ticket(id=case_id, body=snippet["text"], language=snippet["language"])
            values = [
                PersonalValue(case_id=case_id, kind=span["type"], value=snippet["text"][span["start"] : span["end"]])
                for span in snippet["spans"]
            ]
            cases.append((ticket, values))
    return cases


def demo_values(tickets: list[Ticket], orders: list[Order]) -> list[PersonalValue]:
    values: list[PersonalValue] = []
    for ticket in tickets:
        own = customer_orders(ticket, orders)
        for order in own or [None]:
            values += personal_values(ticket.id, ticket, order)
    return values


def customer_orders(ticket: Ticket, orders: list[Order]) -> list[Order]:
    """Every order of the customer who sent `ticket`: by e-mail or name, or by an order
    number written in it."""
    text = normalise(f"{ticket.subject}\n{ticket.body}").upper()
    email = (ticket.sender.email or "").casefold()
    name = normalise(ticket.sender.name or "")

    def sent_it(order: Order) -> bool:
        customer = order.customer
        return bool(
            (email and (customer.email or "").casefold() == email)
            or (name and normalise(customer.name) == name)
            or normalise(order.number).upper() in text
        )

    customers = {normalise(o.customer.email or o.customer.name).casefold() for o in orders if sent_it(o)}
    return [o for o in orders if normalise(o.customer.email or o.customer.name).casefold() in customers]


# --- one run for the module ----------------------------------------------------------


@pytest.fixture(scope="module")
def stub() -> Iterator[ModelStub]:
    with ModelStub() as running:
        yield running


@pytest.fixture(scope="module")
def services(stub: ModelStub, demo_var_dir: Path) -> Services:
    return services_on(demo_var_dir, model=STUB_MODEL, model_api_base=stub.base_url, model_api_key="test")


@pytest.fixture(scope="module")
def values(services: Services) -> list[PersonalValue]:
    orders = load_orders_file(services.settings.knowledge_dir / "demo" / "orders.json")
    return demo_values(demo_tickets(), orders) + [value for _, found in snippet_tickets() for value in found]


@pytest.fixture(scope="module")
def drafted(services: Services, stub: ModelStub) -> list[Drafted]:
    tickets = demo_tickets() + [ticket for ticket, _ in snippet_tickets()]
    pipeline = services.desk.pipeline

    async def draft_all() -> list[Drafted]:
        results = []
        for ticket in tickets:  # one at a time, so each request belongs to one ticket
            before = len(stub.requests)
            try:
                draft, rejected = await pipeline.draft_reply(ticket, agent=None, now=services.now()), None
            except InvalidInput as error:
                draft, rejected = None, error
            results.append(Drafted(ticket, draft, rejected, stub.requests[before:]))
        return results

    return asyncio.run(draft_all())


# --- the checks ----------------------------------------------------------------------


def test_every_demo_ticket_and_snippet_was_drafted_through_the_model(drafted: list[Drafted]) -> None:
    demo = {ticket.id for ticket in demo_tickets()}
    assert len(demo) >= 12 and len(drafted) >= len(demo) + 250
    rejected = [d for d in drafted if d.rejected is not None]
    assert not [d.ticket.id for d in rejected if d.ticket.id in demo]
    # a snippet that is nothing but a signature or quoted history stops at intake
    assert all("empty after removing quoted history and signature" in str(d.rejected) for d in rejected)
    assert len(rejected) <= 10
    assert not [d.ticket.id for d in drafted if d.draft is not None and not d.requests]


def test_drafts_name_the_stub_model(drafted: list[Drafted]) -> None:
    drafts = [d.draft for d in drafted if d.draft is not None]
    assert not [d.ticket_id for d in drafts if d.model.fallback_used]
    assert {d.model.name for d in drafts} == {STUB_MODEL}


def test_no_personal_value_reaches_the_model(drafted: list[Drafted], values: list[PersonalValue]) -> None:
    assert len(values) >= 500
    leaks = find_leaks(values, [(d.ticket.id, r) for d in drafted for r in d.requests])
    shown = {v.digest: v for v in values}  # the eval data is made up: naming the value helps
    lines = [f"{leak.case_id} {leak.kind} {shown[leak.digest].value!r} in {leak.requests} body/bodies" for leak in leaks]
    assert not leaks, f"{len(leaks)} personal value(s) reached the model:\n" + "\n".join(lines[:30])


@pytest.mark.parametrize(
    ("content", "value", "leaked"),
    [
        ("山田　太郎様", "山田 太郎", True),  # sent as \\u escapes, with a wide space
        ("東京都渋谷区\n神宮前1-2-3", "東京都渋谷区神宮前1-2-3", True),  # a line break inside a JSON string
        ("Thanks,\nTom", "Tom", True),
        ("our customer service", "Tom", False),
    ],
)
def test_the_comparison_sees_through_escapes_and_line_breaks(content: str, value: str, leaked: bool) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": content}]}).encode()
    request = RecordedRequest(path="/v1/chat/completions", raw=body, body=json.loads(body))
    found = find_leaks([PersonalValue(case_id="T-1", kind="PERSON", value=value)], [("T-1", request)])
    assert bool(found) is leaked
