"""draft: ask the configured drafter for sections; fall back to the templates.

A drafter that cannot produce valid sections raises DraftingFailed; the template
drafter then writes the reply and the Draft says so in `model.fallback_used`.
"""

from __future__ import annotations

from service.domain import DraftRequest, DraftResult
from service.errors import DraftingFailed
from service.ports import Drafter, SectionSink


async def draft_sections(
    request: DraftRequest, *, drafter: Drafter, fallback: Drafter, on_section: SectionSink | None = None
) -> DraftResult:
    try:
        result = await drafter.draft(request, on_section=on_section)
    except DraftingFailed as failure:
        if drafter is fallback:
            raise
        return await fallback_sections(request, fallback=fallback, reason=failure.detail, on_section=on_section)
    received = {passage.id for passage in request.passages}
    return result.model_copy(update={"cited": tuple(pid for pid in result.cited if pid in received)})


async def fallback_sections(
    request: DraftRequest, *, fallback: Drafter, reason: str, on_section: SectionSink | None = None
) -> DraftResult:
    result = await fallback.draft(request, on_section=on_section)
    model = result.model.model_copy(update={"fallback_used": True, "fallback_reason": reason})
    return result.model_copy(update={"model": model})
