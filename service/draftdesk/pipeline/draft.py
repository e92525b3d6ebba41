"""draft: ask the configured drafter for sections; fall back to the templates.

A drafter that cannot produce valid sections raises DraftingFailed; the template
drafter then writes the reply and the Draft says so in `model.fallback_used`. The
model calls the failed drafter made stay with the result.

`deadline_s` bounds the whole drafting attempt (every retry and fallback model). The
LiteLLM drafter keeps to the same deadline itself and says what each model did before
it ran out; the limit here is the backstop for any drafter that does not, a little
later so that the drafter's own, more specific reason wins.
"""

from __future__ import annotations

import asyncio

from draftdesk.domain import DraftRequest, DraftResult
from draftdesk.errors import DraftingFailed
from draftdesk.ports import Drafter, SectionSink

# How much later than the deadline the backstop cuts a drafter off.
BACKSTOP_GRACE_S = 0.5


async def draft_sections(
    request: DraftRequest,
    *,
    drafter: Drafter,
    fallback: Drafter,
    on_section: SectionSink | None = None,
    deadline_s: float | None = None,
) -> DraftResult:
    backstop = asyncio.timeout(None if deadline_s is None else deadline_s + BACKSTOP_GRACE_S)
    try:
        async with backstop:
            result = await drafter.draft(request, on_section=on_section)
    except DraftingFailed as failure:
        if drafter is fallback:
            raise
        result = await fallback_sections(request, fallback=fallback, reason=failure.detail, on_section=on_section)
        return result.model_copy(update={"model_calls": failure.model_calls + result.model_calls})
    except TimeoutError:
        if not backstop.expired():
            raise
        if drafter is fallback:
            raise DraftingFailed(f"timed out: no draft within the {deadline_s:g} s draft deadline") from None
        reason = f"{drafter.name}: timed out: no draft within the {deadline_s:g} s draft deadline"
        return await fallback_sections(request, fallback=fallback, reason=reason, on_section=on_section)
    received = {passage.id for passage in request.passages}
    return result.model_copy(update={"cited": tuple(pid for pid in result.cited if pid in received)})


async def fallback_sections(
    request: DraftRequest, *, fallback: Drafter, reason: str, on_section: SectionSink | None = None
) -> DraftResult:
    result = await fallback.draft(request, on_section=on_section)
    model = result.model.model_copy(update={"fallback_used": True, "fallback_reason": reason})
    return result.model_copy(update={"model": model})
