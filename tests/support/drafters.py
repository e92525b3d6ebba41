"""Hand-written drafters for tests: a queue of answers and a history of requests, as
simonw/llm's mock model and pydantic-ai's test models keep them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TypeAlias

from draftdesk.domain import DraftRequest, DraftResult, ModelInfo, RewriteRequest, Sections
from draftdesk.errors import InvalidInput
from draftdesk.ports import Drafter, SectionSink

Answer: TypeAlias = Sections | DraftResult | Exception


class FakeDrafter:
    """Answers each request, to draft or to rewrite, with the next queued answer:
    `Sections` (citing every passage it was given), a whole `DraftResult`, or an
    exception to raise. Every request is kept in `requests` (drafts) or
    `rewrite_requests`, in order, whatever the answer."""

    def __init__(self, answers: Iterable[Answer] = (), *, name: str = "fake-model") -> None:
        self.name = name
        self.answers: deque[Answer] = deque(answers)
        self.requests: list[DraftRequest] = []
        self.rewrite_requests: list[RewriteRequest] = []

    def enqueue(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    async def draft(self, request: DraftRequest, *, on_section: SectionSink | None = None) -> DraftResult:
        self.requests.append(request)
        answer = self._next()
        result = answer if isinstance(answer, DraftResult) else DraftResult(
            sections=answer, model=ModelInfo(name=self.name), cited=tuple(p.id for p in request.passages)
        )
        if on_section is not None:
            for name in Sections.model_fields:
                await on_section(name, getattr(result.sections, name))
        return result

    async def rewrite(self, request: RewriteRequest) -> DraftResult:
        self.rewrite_requests.append(request)
        answer = self._next()
        return answer if isinstance(answer, DraftResult) else DraftResult(sections=answer, model=ModelInfo(name=self.name))

    def _next(self) -> Sections | DraftResult:
        if not self.answers:
            raise AssertionError(f"{self.name}: asked for an answer, but none is queued")
        answer = self.answers.popleft()
        if isinstance(answer, Exception):
            raise answer
        return answer


class DrafterMenu:
    """A `DrafterChoice` over named drafters: a name not on the menu is refused as the
    service refuses a model off its allow-list."""

    def __init__(self, *drafters: Drafter) -> None:
        self.by_name = {drafter.name: drafter for drafter in drafters}

    def __call__(self, model: str) -> Drafter:
        if model not in self.by_name:
            raise InvalidInput(f"model {model!r} is not on the allow-list; allowed: {', '.join(self.by_name)}")
        return self.by_name[model]
