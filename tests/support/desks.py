"""The reply pipeline and the desk built from the kit: the shop's real rules, intents,
templates and policies (read once per session), fakes for everything with I/O.

    desk = make_desk(orders=InMemoryOrders([make_order()]), policies=index)

Every port can be given; what is not given is a fake that does nothing surprising:
a silent detector, the template drafter, empty draft, edit and model-call stores, the demo clock.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from jinja2 import Environment

from draftdesk.adapters.prompts import template_environment
from draftdesk.adapters.template_drafter import TemplateDrafter
from draftdesk.config import PROJECT_ROOT
from draftdesk.desk import DraftDesk
from draftdesk.domain import Intent, Passage, ShopProfile, Ticket
from draftdesk.files import load_yaml_model
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.check import RuleSet, load_rules
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules, with_order_state
from draftdesk.pipeline.reply import ReplyPipeline
from draftdesk.ports import (
    Drafter,
    DrafterChoice,
    DraftStore,
    EditStore,
    InboxStore,
    ModelCallStore,
    OrderSource,
    PiiDetector,
    PolicyIndex,
)
from tests.support.detectors import SilentDetector
from tests.support.drafters import DrafterMenu
from tests.support.inbox import InMemoryInbox
from tests.support.stores import InMemoryDrafts, InMemoryEdits, InMemoryModelCalls

KNOWLEDGE = PROJECT_ROOT / "knowledge"
DEMO_CLOCK = datetime.fromisoformat("2026-11-20T12:00:00+09:00")


@cache
def shop() -> ShopProfile:
    return load_yaml_model(KNOWLEDGE / "shop.yaml", ShopProfile)


@cache
def house_rules() -> RuleSet:
    return load_rules(KNOWLEDGE / "house_style.yaml")


@cache
def intent_rules() -> IntentRules:
    return load_intent_rules(KNOWLEDGE / "intents.yaml")


def intent_of(rules: IntentRules, body: str, *, subject: str = "", state: str | None = None) -> Intent:
    """The intent intake gives a ticket of `subject` and `body`, then (with `state`) once its order's state is known."""
    received = intake(Ticket(id="T-1", subject=subject, body=body), rules=rules)
    if state is not None:
        received = with_order_state(received, state=state, rules=rules)
    return received.intent


@cache
def prompts() -> Environment:
    return template_environment(PROJECT_ROOT / "prompts")


@cache
def policy_passages() -> tuple[Passage, ...]:
    return tuple(load_passages(KNOWLEDGE / "policies"))


def template_drafter() -> Drafter:
    return TemplateDrafter(env=prompts())


def make_pipeline(
    *,
    orders: OrderSource,
    policies: PolicyIndex,
    detector: PiiDetector | None = None,
    drafter: Drafter | None = None,
    fallback: Drafter | None = None,
    draft_deadline_s: float | None = None,
) -> ReplyPipeline:
    fallback = fallback or template_drafter()
    return ReplyPipeline(
        orders=orders,
        policies=policies,
        detector=detector or SilentDetector(),
        drafter=drafter or fallback,
        fallback=fallback,
        rules=house_rules(),
        intent_rules=intent_rules(),
        shop=shop(),
        env=prompts(),
        draft_deadline_s=draft_deadline_s,
    )


def make_desk(
    *,
    orders: OrderSource,
    policies: PolicyIndex,
    drafts: DraftStore | None = None,
    edits: EditStore | None = None,
    inbox: InboxStore | None = None,
    detector: PiiDetector | None = None,
    drafter: Drafter | None = None,
    choose_drafter: DrafterChoice | None = None,
    model_calls: ModelCallStore | None = None,
    now: datetime = DEMO_CLOCK,
    max_body_chars: int = 50_000,
) -> DraftDesk:
    """`choose_drafter` defaults to a menu of the configured drafter and the template one."""
    fallback = template_drafter()
    drafter = drafter or fallback
    return DraftDesk(
        orders=orders,
        drafts=drafts or InMemoryDrafts(),
        edits=edits or InMemoryEdits(),
        inbox=inbox or InMemoryInbox(clock=lambda: now),
        policies=policies,
        detector=detector or SilentDetector(),
        drafter=drafter,
        choose_drafter=choose_drafter or DrafterMenu(drafter, fallback),
        fallback=fallback,
        rules=house_rules(),
        intent_rules=intent_rules(),
        shop=shop(),
        env=prompts(),
        clock=lambda: now,
        model_calls=model_calls or InMemoryModelCalls(),
        max_body_chars=max_body_chars,
    )
