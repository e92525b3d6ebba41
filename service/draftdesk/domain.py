"""The values that flow through the pipeline: tickets, orders, facts, passages, drafts.

Everything here is data. Stages take these models in and return new ones; no
model here knows about a database, Chroma or a language model.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Intent(StrEnum):
    WHERE_IS_MY_ORDER = "where_is_my_order"
    DELAY = "delay"
    WRONG_ITEM = "wrong_item"
    DAMAGED = "damaged"
    RETURN = "return"
    REFUND = "refund"
    CANCEL = "cancel"
    SUBSCRIPTION_CHANGE = "subscription_change"
    ADDRESS_CHANGE = "address_change"
    RESTOCK = "restock"
    PAYMENT = "payment"  # charges, payment methods, double charges, bank transfers, invoices
    OTHER = "other"


class Certainty(StrEnum):
    CONFIRMED = "confirmed"
    ESTIMATED = "estimated"
    UNKNOWN = "unknown"


class Flag(StrEnum):
    """Marks on a Draft that an agent must see before sending (Draft.flags holds the values)."""

    SUSPECTED_INJECTION = "suspected_injection"
    SENDER_MISMATCH = "sender_mismatch"  # the ticket names an order the sender could not be matched to
    PII_IN_TICKET = "pii_in_ticket"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"


# --- the ticket -----------------------------------------------------------------


class Sender(Frozen):
    # Bounded: they reach the greeting, the checker and the stores.
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)


class Ticket(Frozen):
    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")  # a store key: no control characters
    channel: str = Field(default="email", max_length=50)
    subject: str = Field(default="", max_length=1_000)
    body: str
    sender: Sender = Field(default_factory=Sender, alias="from")
    received_at: datetime | None = None
    language: Language | None = None


class Agent(Frozen):
    # Signs replies and approvals: something visible, no control characters (a NUL or a
    # right-to-left override would reach the customer's mail and the audit trail).
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]*[^\s\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\u2800\ufeff][^\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]*$")
    department: str | None = Field(default=None, max_length=100, pattern=r"^[^\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]*$")


# --- orders ---------------------------------------------------------------------


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PREPARING = "preparing"
    BACKORDERED = "backordered"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    DELIVERY_FAILED = "delivery_failed"
    RETURNED = "returned"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


OPEN_STATUSES = frozenset(
    {
        OrderStatus.PENDING_PAYMENT,
        OrderStatus.PREPARING,
        OrderStatus.BACKORDERED,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERY_FAILED,
    }
)


class Customer(Frozen):
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    name_kana: str | None = None


class Item(Frozen):
    sku: str
    name: str
    quantity: int = Field(ge=1)
    unit_price: float = Field(ge=0)


class ReturnReason(StrEnum):
    """Why a parcel came back to the shop (delivery_failed / returned)."""

    ADDRESS_UNKNOWN = "address_unknown"
    STORAGE_EXPIRED = "storage_expired"
    REFUSED = "refused"


class Shipment(Frozen):
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: date | None = None
    estimated_delivery: date | None = None
    delivered_at: date | None = None
    returned_at: date | None = None
    return_reason: ReturnReason | None = None


class Backorder(Frozen):
    expected_restock: date | None = None
    supplier: str | None = None


class Subscription(Frozen):
    plan: str
    interval_days: int = Field(ge=1)
    status: Literal["active", "paused", "cancelled"] = "active"
    next_shipment: date | None = None
    deliveries_so_far: int = Field(default=0, ge=0)


class Payment(Frozen):
    method: str
    card_last4: str | None = Field(default=None, pattern=r"^\d{4}$")


class Order(Frozen):
    number: str = Field(min_length=1, max_length=64)
    placed_at: datetime
    status: OrderStatus
    customer: Customer
    items: list[Item] = Field(min_length=1)
    currency: str = "JPY"
    total: float = Field(ge=0)
    shipment: Shipment | None = None
    backorder: Backorder | None = None
    subscription: Subscription | None = None
    payment: Payment | None = None
    refund_amount: float | None = None
    notes: list[str] = Field(default_factory=list)


# --- pipeline values --------------------------------------------------------------


class Fact(Frozen):
    """One thing we know (or know we do not know) about the customer's order.

    `value` is canonical so that checks can compare it: dates ISO `YYYY-MM-DD`,
    amounts as plain numbers (`2400`), identifiers as stored. Unknown facts have an
    empty value; they exist so that a draft says honestly what is not known yet.
    """

    key: str
    label: str
    value: str
    certainty: Certainty
    source: str


class Passage(Frozen):
    """A headed section of a policy document; `id` is stable across re-indexing."""

    id: str
    title: str
    text: str
    language: Language
    topic: str
    intents: tuple[str, ...] = ()
    allows: tuple[str, ...] = ()
    # Questions customers ask that this passage answers, in their words; searched
    # with the passage, never shown.
    asks: tuple[str, ...] = ()
    source: str = ""
    line: int = 0


class ScoredPassage(Frozen):
    passage: Passage
    score: float


class Citation(Frozen):
    passage_id: str
    title: str
    score: float


class Finding(Frozen):
    rule: str
    severity: Severity
    message: str
    start: int
    end: int
    excerpt: str
    suggestion: str | None = None
    # The exact text to put at [start, end) to fix it, when the rule knows it (a
    # one-click fix); start == end makes it an insertion. None: `suggestion` is advice.
    replacement: str | None = None


ClaimKind = Literal["date", "amount", "order_number", "tracking_number", "quantity"]


class Claim(Frozen):
    """A date, amount, order or tracking number or quantity (a duration counts as one)
    the reply states, and where it comes from: the key of the fact that says it
    (`shipment.estimated_delivery`), `passage:<id>` of a cited passage, `ticket` when
    the customer wrote it, `<key>@<order number key>` when another of the customer's orders,
    named in the claim's paragraph, states it, or None when nothing backs it."""

    start: int
    end: int
    text: str
    kind: ClaimKind
    source: str | None = None


class Sections(Frozen):
    """What a drafter writes. The fields are the one list of section names, in house
    order: the body renders them in this order, so facts come before any apology."""

    subject: str = ""
    opening: str = ""
    facts: str = ""
    resolution: str = ""
    apology: str = ""
    closing: str = ""

    @property
    def body_parts(self) -> tuple[str, ...]:
        """Every section but the subject, in house order (the reply layouts render these)."""
        return tuple(getattr(self, name) for name in SECTION_NAMES if name != "subject")


SECTION_NAMES: tuple[str, ...] = tuple(Sections.model_fields)


class RedactionSummary(Frozen):
    entities: dict[str, int] = Field(default_factory=dict)
    failed: bool = False
    reason: str | None = None


class ModelInfo(Frozen):
    name: str
    fallback_used: bool = False
    fallback_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None


ModelCallPurpose = Literal["draft", "rewrite"]


class ModelCall(Frozen):
    """One request to a model and what came of it (each attempt, retries and fallback
    models included). `request` is the JSON body as sent: redacted text with
    placeholders, what the drafter had. `error` names the failure's class and our
    reason, never the provider's message (providers echo request content in them)."""

    purpose: ModelCallPurpose
    model: str
    request: dict[str, Any]
    response: str | None = None  # the model's text as it came, None when none came
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float
    cost_usd: float | None = None  # None when litellm has no price for the model
    outcome: Literal["ok", "error"]
    error: str | None = None
    at: datetime


class RecordedModelCall(ModelCall):
    """A ModelCall as stored: for a draft, the version it made; for a rewrite, the version
    it made, or when it failed, the version it was asked to rewrite."""

    id: int
    draft_id: str
    version: int


class OrderResolution(Frozen):
    method: Literal["order_number", "email", "name_phone", "none"]
    reason: str
    order_number: str | None = None


class DraftStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class Approval(Frozen):
    by: str
    at: datetime
    override_reason: str | None = None
    overridden_rules: list[str] = Field(default_factory=list)


class Draft(Frozen):
    id: str
    ticket_id: str
    version: int = 1
    status: DraftStatus = DraftStatus.DRAFT
    language: Language
    intent: Intent
    subject: str
    body: str
    facts: list[Fact] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    redaction: RedactionSummary = Field(default_factory=RedactionSummary)
    model: ModelInfo
    timings_ms: dict[str, float] = Field(default_factory=dict)
    order_resolution: OrderResolution | None = None
    created_at: datetime | None = None
    agent: Agent | None = None
    abusive: bool = False
    edited_by: str | None = None
    approval: Approval | None = None
    flags: list[str] = Field(default_factory=list)  # Flag values, in the order they were raised
    # What the drafter sent to models for this version and what came back: kept apart
    # (ModelCallStore, GET /v1/drafts/{id}/model-calls), never in the Draft's JSON.
    model_calls: tuple[ModelCall, ...] = Field(default=(), exclude=True, repr=False)
    claims: list[Claim] = Field(default_factory=list)  # in the body, in text order; [] on drafts stored before claims


# --- the shop -------------------------------------------------------------------


class Localized(Frozen):
    ja: str
    en: str

    def __call__(self, language: Language) -> str:
        return self.ja if language == "ja" else self.en


class ResponseTime(Frozen):
    """How soon the shop answers a customer's message, in minutes from its arrival: a
    reply within `fast_within_minutes` is fast, one after `limit_minutes` is late."""

    fast_within_minutes: int = Field(default=60, ge=1)
    limit_minutes: int = Field(default=180, ge=1)

    @model_validator(mode="after")
    def _fast_within_the_limit(self) -> ResponseTime:
        if self.fast_within_minutes > self.limit_minutes:
            raise ValueError(
                f"fast_within_minutes ({self.fast_within_minutes}) is over limit_minutes ({self.limit_minutes})"
            )
        return self


class OrderNumberSpec(Frozen):
    """How the shop's order numbers look (`order_number:` in shop.yaml): a regular
    expression for one number as the shop writes it, and examples it must match. Left
    out, the common shapes are accepted (`draftdesk.text.order_numbers`)."""

    pattern: str | None = None
    examples: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _examples_match(self) -> OrderNumberSpec:
        if self.pattern is None:
            if self.examples:
                raise ValueError("examples need a pattern to match")
            return self
        try:
            compiled = re.compile(self.pattern)
        except re.error as error:
            raise ValueError(f"pattern {self.pattern!r} is not a regular expression ({error})") from None
        if compiled.fullmatch(""):
            raise ValueError(f"pattern {self.pattern!r} matches an empty string")
        unmatched = [example for example in self.examples if not compiled.fullmatch(example)]
        if unmatched:
            raise ValueError(f"pattern {self.pattern!r} does not match the examples {', '.join(unmatched)}")
        return self


class ShopProfile(Frozen):
    """knowledge/shop.yaml: who signs the replies and when the shop answers."""

    name: Localized
    department: Localized
    email: str
    phone: str | None = None
    url: str | None = None
    business_hours: Localized
    business_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    holidays: tuple[date, ...] = ()
    response_target_hours: float = 3
    # Its limit is `response_target_hours` where the file gives none (older shop files).
    response_time: ResponseTime = Field(default_factory=ResponseTime)
    timezone: str = "Asia/Tokyo"
    default_agent: Localized | None = None
    order_number: OrderNumberSpec = Field(default_factory=OrderNumberSpec)
    # Words a customer reads for the codes in the order data, per fact key and code
    # (`subscription.plan: {monthly: {ja: 毎月お届け, en: monthly plan}}`); they take
    # precedence over the built-in ones (draftdesk.labels).
    labels: dict[str, dict[str, Localized]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _limit_from_target_hours(cls, data: object) -> object:
        if not isinstance(data, dict) or not isinstance(data.get("response_time", {}), dict):
            return data  # not mappings: the fields' own validation names them
        response_time = dict(data.get("response_time", {}))
        try:
            hours = float(data.get("response_target_hours", 3))
        except (TypeError, ValueError):
            return data
        response_time.setdefault("limit_minutes", max(1, round(hours * 60)))
        return {**data, "response_time": response_time}


# --- drafting -------------------------------------------------------------------


class Withheld(Frozen):
    """The customer's own values (order record and sender) that no request may carry.

    They travel with a `DraftRequest` only so that the wire guard can look for them in
    the final outgoing text; a repr shows how many there are, never what they are.
    """

    names: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    postal_codes: tuple[str, ...] = ()

    def __repr_args__(self) -> list[tuple[str, object]]:  # repr, str and rich all use it
        fields = (self.names, self.name_parts, self.emails, self.phones, self.addresses, self.postal_codes)
        return [("values", sum(len(values) for values in fields))]


class DraftRequest(Frozen):
    """Everything a drafter may see. Text and fact values are already redacted:
    personal data appears only as placeholders such as `<PERSON_1>`.

    `withheld` is not for the model: it is what the wire guard must not find in the
    rendered prompt; it is left out of every dump and repr of the request.
    """

    language: Language
    intent: Intent
    subject: str
    text: str
    facts: list[Fact]
    passages: list[Passage]
    shop: ShopProfile
    now: datetime
    abusive: bool = False
    # The ticket names an order the sender could not be matched to: no order is in the
    # facts, and the reply asks the sender to write from the address on the order.
    sender_mismatch: bool = False
    # The ticket carries a full card number or My Number: the reply asks the customer,
    # politely, not to send them by e-mail (house rule HS019).
    sensitive_numbers: bool = False
    withheld: Withheld = Field(default_factory=Withheld, exclude=True, repr=False)


class DraftResult(Frozen):
    sections: Sections
    model: ModelInfo
    cited: tuple[str, ...] = ()
    model_calls: tuple[ModelCall, ...] = ()  # every attempt on a model, in order; none for the templates


class RewriteStyle(StrEnum):
    """What an agent may ask a model to do to a reply (a prompt per style in prompts/rewriting/)."""

    SHORTER = "shorter"
    FORMAL = "formal"
    WARMER = "warmer"


class RewriteRequest(Frozen):
    """Everything a rewriter may see: a reply's subject and text, redacted as a ticket
    is for drafting (personal data only as placeholders), and the style asked for.

    `facts` are the draft's: their values (order and tracking numbers, dates, amounts)
    may be sent; `cited` the passage ids the draft cites, the only ones an answer may
    name; `withheld` as in DraftRequest, for the wire guard only.
    """

    language: Language
    style: RewriteStyle
    subject: str
    text: str
    facts: list[Fact]
    cited: tuple[str, ...] = ()
    shop: ShopProfile
    withheld: Withheld = Field(default_factory=Withheld, exclude=True, repr=False)
