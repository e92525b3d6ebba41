"""draft: ask the configured drafter for sections; fall back to the templates.

A drafter that cannot produce valid sections raises DraftingFailed; the template
drafter then writes the reply and the Draft says so in `model.fallback_used`.
"""

from __future__ import annotations

from service.domain import DraftRequest, DraftResult
from service.errors import DraftingFailed
from service.ports import Drafter


async def draft_sections(request: DraftRequest, *, drafter: Drafter, fallback: Drafter) -> DraftResult:
    try:
        result = await drafter.draft(request)
    except DraftingFailed as failure:
        if drafter is fallback:
            raise
        return await fallback_sections(request, fallback=fallback, reason=failure.detail)
    received = {passage.id for passage in request.passages}
    return result.model_copy(update={"cited": tuple(pid for pid in result.cited if pid in received)})


async def fallback_sections(request: DraftRequest, *, fallback: Drafter, reason: str) -> DraftResult:
    result = await fallback.draft(request)
    model = result.model.model_copy(update={"fallback_used": True, "fallback_reason": reason})
    return result.model_copy(update={"model": model})
