"""draft: the drafter's sections, or the fallback's when it fails or runs out of time."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

import pytest

from draftdesk.domain import DraftRequest, DraftResult, Intent, ModelInfo, Passage, Sections
from draftdesk.errors import DraftingFailed
from draftdesk.pipeline.draft import BACKSTOP_GRACE_S, draft_sections, fallback_sections
from draftdesk.ports import SectionSink
from tests.support.desks import DEMO_CLOCK, shop
from tests.support.drafters import FakeDrafter

PASSAGES = [
    Passage(id=f"shipping-ja#{n}", title=n, text="…", language="ja", topic="shipping") for n in ("delay", "tracking")
]
REQUEST = DraftRequest(
    language="ja", intent=Intent.DELAY, subject="まだ届きません", text="<PERSON_1>です。", facts=[],
    passages=PASSAGES, shop=shop(), now=DEMO_CLOCK,
)
MODEL_SECTIONS = Sections(subject="model", facts="発送済みです。")
TEMPLATE_SECTIONS = Sections(subject="template", facts="発送済みです。")


def run(drafting: Coroutine[Any, Any, DraftResult]) -> DraftResult:
    return asyncio.run(drafting)


def test_the_drafters_answer_with_only_the_passages_it_was_given_cited():
    answer = DraftResult(sections=MODEL_SECTIONS, model=ModelInfo(name="m"), cited=("shipping-ja#tracking", "other#x"))
    drafter, fallback = FakeDrafter([answer], name="m"), FakeDrafter(name="template")
    result = run(draft_sections(REQUEST, drafter=drafter, fallback=fallback))
    assert result.sections == MODEL_SECTIONS and result.cited == ("shipping-ja#tracking",)
    assert not result.model.fallback_used and fallback.requests == []
    assert drafter.requests == [REQUEST]


def test_a_failing_drafter_hands_over_to_the_fallback_with_its_reason():
    drafter = FakeDrafter([DraftingFailed("m: bad output (missing key 'facts')")], name="m")
    fallback = FakeDrafter([TEMPLATE_SECTIONS], name="template")
    result = run(draft_sections(REQUEST, drafter=drafter, fallback=fallback))
    assert result.sections == TEMPLATE_SECTIONS and fallback.requests == [REQUEST]
    assert (result.model.name, result.model.fallback_used, result.model.fallback_reason) == (
        "template", True, "m: bad output (missing key 'facts')"
    )


def test_a_failing_fallback_is_not_asked_twice():
    template = FakeDrafter([DraftingFailed("template: missing section")], name="template")
    with pytest.raises(DraftingFailed, match="missing section"):
        run(draft_sections(REQUEST, drafter=template, fallback=template))
    assert len(template.requests) == 1


class Stalling:
    """A drafter that keeps no deadline of its own."""

    name = "stalling"

    async def draft(self, request: DraftRequest, *, on_section: SectionSink | None = None) -> DraftResult:
        await asyncio.sleep(60)
        raise AssertionError("the backstop should have ended this")


def test_the_backstop_ends_a_drafter_that_keeps_no_deadline():
    fallback = FakeDrafter([TEMPLATE_SECTIONS], name="template")
    started = datetime.now()
    result = run(draft_sections(REQUEST, drafter=Stalling(), fallback=fallback, deadline_s=0.01))
    assert (datetime.now() - started).total_seconds() < BACKSTOP_GRACE_S + 2
    assert result.model.fallback_used
    assert result.model.fallback_reason == "stalling: timed out: no draft within the 0.01 s draft deadline"


def test_a_timeout_inside_the_drafter_is_not_the_backstops():
    drafter = FakeDrafter([TimeoutError("socket read")], name="m")
    with pytest.raises(TimeoutError, match="socket read"):
        run(draft_sections(REQUEST, drafter=drafter, fallback=FakeDrafter(name="template"), deadline_s=5))


def test_the_fallback_streams_its_sections_to_the_sink():
    streamed: list[str] = []

    async def sink(name: str, text: str) -> None:
        streamed.append(name)

    fallback = FakeDrafter([TEMPLATE_SECTIONS], name="template")
    result = run(fallback_sections(REQUEST, fallback=fallback, reason="redaction failed", on_section=sink))
    assert streamed == list(Sections.model_fields)
    assert (result.model.fallback_used, result.model.fallback_reason) == (True, "redaction failed")
