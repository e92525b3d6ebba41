"""LiteLLMDrafter: the sections of a reply from any model litellm can reach.

The request is already redacted; this module only renders it into the prompts in
`prompts/drafting/{ja,en}/` and adds nothing personal of its own. Each model in
`[model, *fallbacks]` gets `retries + 1` attempts: rate limits, server errors,
timeouts, dropped or refused connections and bad output are retried with exponential
backoff and jitter (longer if the provider sends Retry-After); a request the provider
refuses moves straight to the next model. api_base and api_key apply to every model.
`deadline_s` bounds all of it together: no attempt runs past it, no pause is taken
that would end after it, and no further model is tried once it has passed.
When every model fails or the deadline passes, DraftingFailed names the cause for each
model (timed out, connection refused, rate limited, server error, bad output, refused
by the provider; never the model's output, never the prompt) and the pipeline falls
back to the template drafter.

Before any of that, the wire guard reads the rendered messages; if it catches personal
data, DraftingFailed says of which kind and nothing is sent: not retried, and no
fallback model is tried (each would get the same text).

Every attempt is recorded (`draftdesk.adapters.call_records`): the result carries the
calls, and so does a DraftingFailed, since failed attempts are worth seeing too.
`rewrite` asks the same models, the same way, to rewrite a reply in a style
(`prompts/rewriting/`); no template drafter stands behind a rewrite.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import httpx
from jinja2 import Environment

from draftdesk.adapters.call_records import CallRecord
from draftdesk.adapters.rewriting_prompt import render_rewrite_messages
from draftdesk.domain import (
    DraftRequest,
    DraftResult,
    ModelCall,
    ModelCallPurpose,
    ModelInfo,
    RewriteRequest,
    Sections,
    Withheld,
)
from draftdesk.errors import ConfigurationError, DraftingFailed
from draftdesk.adapters.drafting_prompt import (
    SECTION_KEYS,
    InvalidAnswer,
    completed_sections,
    parse_answer,
    render_messages,
)
from draftdesk.adapters.wire_guard import WireGuard
from draftdesk.ports import SectionSink

# litellm fetches its price list from GitHub at import unless told to use the bundled one.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
import litellm  # noqa: E402
import openai  # noqa: E402  (litellm's exceptions subclass the OpenAI SDK's)

litellm.suppress_debug_info = True  # its "Give Feedback" banner goes to stdout on every error

logger = logging.getLogger(__name__)

# What litellm and the OpenAI SDK import on their first request (some 500 modules, 0.6 s
# measured, on the first draft after a start): imported by `warm_up` at start-up instead.
# Names inside libraries that move between versions: one that is gone is skipped.
_FIRST_CALL_MODULES = (
    "openai.resources",
    "litellm.proxy._types",
    "litellm.llms.litellm_proxy",
    "litellm._service_logger",
    "litellm.llms.openai.chat.gpt_audio_transformation",
    "litellm.proxy.openai_files_endpoints.common_utils",
    "litellm.llms.vertex_ai.vertex_ai_partner_models.anthropic.transformation",
)
# A message with a phone number in each region the guard knows: libphonenumber loads a
# region's metadata on first use.
_WARM_UP_TEXT = "+81 90-1234-5678 / +1 202-555-0143 / +44 20 7946 0958 / +33 1 23 45 67 89"
_PROMPT_FOLDERS = ("drafting/", "rewriting/")

class _Retryable(Exception):
    """Worth another attempt on the same model after a pause (at least `wait_s`, when
    the provider said how long in a Retry-After header)."""

    def __init__(self, reason: str, *, wait_s: float = 0.0) -> None:
        super().__init__(reason)
        self.wait_s = wait_s


class _Refused(Exception):
    """The same request will fail again on this model; try the next one."""


_REFUSED = "refused by the provider"
_REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (litellm.AuthenticationError, f"{_REFUSED}: authentication failed"),
    (litellm.PermissionDeniedError, f"{_REFUSED}: permission denied"),
    (litellm.NotFoundError, f"{_REFUSED}: model not found"),
    (litellm.ContextWindowExceededError, f"{_REFUSED}: prompt exceeds the context window"),
    (litellm.ContentPolicyViolationError, f"{_REFUSED}: content policy"),
    (litellm.BadRequestError, f"{_REFUSED}: request rejected"),
    (litellm.UnprocessableEntityError, f"{_REFUSED}: request rejected"),
)
# When litellm leaves a provider's answer unmapped (a plain APIError), its status says it.
_REFUSED_STATUSES = {
    400: "request rejected", 401: "authentication failed", 403: "permission denied",
    404: "model not found", 413: "request too large", 422: "request rejected",
}
_RETRYABLE: tuple[tuple[type[Exception], str], ...] = (
    (litellm.RateLimitError, "rate limited"),
    (litellm.ServiceUnavailableError, "service unavailable"),
    (litellm.InternalServerError, "server error"),
    (litellm.BadGatewayError, "server error"),
)
# Somewhere in the chain of causes, these mean the request never got an HTTP answer.
# litellm reports a refused connection as InternalServerError (HTTP 500) wrapping
# openai.APIConnectionError ← httpx.ConnectError ← … ← ConnectionRefusedError.
# (openai.APIConnectionError covers litellm's, which subclasses it; a DNS failure is an OSError.)
_TIMEOUTS: tuple[type[BaseException], ...] = (TimeoutError, openai.APITimeoutError, httpx.TimeoutException)
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (openai.APIConnectionError, httpx.TransportError, OSError)


def _classify(error: BaseException, *, timeout_s: float) -> _Retryable | _Refused:
    """Our view of a provider exception: its kind and HTTP status, never its message
    (providers echo request content in their error texts). The chain of causes is read
    first, because litellm wraps transport failures in HTTP-looking exceptions."""
    chain = list(_causes(error))
    if any(isinstance(cause, ConnectionRefusedError) for cause in chain):
        return _Retryable("connection refused")
    if any(isinstance(cause, _TIMEOUTS) for cause in chain):
        return _Retryable(f"timed out after {_seconds(timeout_s)} s")
    if any(isinstance(cause, _CONNECTION_ERRORS) for cause in chain):
        return _Retryable("connection failed")
    status = getattr(error, "status_code", None)
    suffix = f" (HTTP {status})" if isinstance(status, int) else ""
    for kind, reason in _REFUSALS:
        if isinstance(error, kind):
            return _Refused(reason + suffix)
    for kind, reason in _RETRYABLE:
        if isinstance(error, kind):
            return _Retryable(reason + suffix, wait_s=_retry_after_s(error))
    if isinstance(status, int) and status == 429:
        return _Retryable("rate limited" + suffix, wait_s=_retry_after_s(error))
    if isinstance(status, int) and status >= 500:
        return _Retryable("server error" + suffix)
    if isinstance(status, int) and status in _REFUSED_STATUSES:
        return _Refused(f"{_REFUSED}: {_REFUSED_STATUSES[status]}{suffix}")
    return _Refused(f"{_REFUSED}: {type(error).__name__}{suffix}")


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _seconds(value: float) -> str:
    return f"{round(value, 1):g}"


class _Deadline:
    """When drafting must be over, on the event loop's clock (as asyncio.timeout)."""

    def __init__(self, seconds: float | None) -> None:
        self._at = math.inf if seconds is None else asyncio.get_running_loop().time() + seconds

    def remaining(self) -> float:
        return self._at - asyncio.get_running_loop().time()

    def passed(self) -> bool:
        return self.remaining() <= 0.01


def _retry_after_s(error: Exception) -> float:
    headers = getattr(error, "litellm_response_headers", None) or {}
    try:
        return max(0.0, float(headers.get("retry-after", 0)))
    except ValueError:  # the HTTP-date form: our own backoff will do
        return 0.0


@lru_cache(maxsize=64)
def supports_json_mode(model: str) -> bool:
    try:
        params = litellm.get_supported_openai_params(model=model) or []
    except Exception:  # an unmapped model: the prompt alone asks for JSON
        return False
    return "response_format" in params


def _require_provider(model: str) -> None:
    """A model string litellm cannot route fails at start-up, not on every draft."""
    try:
        litellm.get_llm_provider(model)
    except Exception:
        raise ConfigurationError(
            f"model {model!r}: litellm knows no provider for it; write provider/model, e.g. openai/gpt-4o-mini"
        ) from None


class LiteLLMDrafter:
    def __init__(
        self,
        *,
        model: str,
        api_base: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        retries: int = 2,
        fallbacks: list[str] | None = None,
        prompts: Environment,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        guard: WireGuard | None = None,
        deadline_s: float | None = None,
    ) -> None:
        """Without `guard`, a guard of its own: no drafter sends unguarded. `timeout_s`
        limits one attempt, `deadline_s` (None: no limit) one draft, all attempts and
        fallback models together."""
        if timeout_s <= 0 or retries < 0:
            raise ConfigurationError("the model timeout must be positive and the retries zero or more")
        if deadline_s is not None and deadline_s <= 0:
            raise ConfigurationError("the draft deadline must be positive")
        for chosen in (model, *(fallbacks or [])):
            _require_provider(chosen)
        self.name = model
        self._models = tuple(dict.fromkeys([model, *(fallbacks or [])]))
        self._api_base = api_base
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._attempts = retries + 1
        self._prompts = prompts
        self._backoff_s = backoff_s
        self._max_backoff_s = max_backoff_s
        self._guard = guard or WireGuard()
        self._deadline_s = deadline_s

    def warm_up(self) -> None:
        """Load now what the first request would: litellm's lazy imports and the models
        it builds on first use, the prompts, the wire guard's phone metadata. Sends nothing."""
        for module in _FIRST_CALL_MODULES:
            try:
                importlib.import_module(module)
            except ImportError:
                continue
        litellm.get_api_base(model=self.name, optional_params={"api_base": self._api_base})
        for name in self._prompts.list_templates(filter_func=lambda name: name.startswith(_PROMPT_FOLDERS)):
            self._prompts.get_template(name)
        self._guard.scan([_WARM_UP_TEXT])

    async def draft(self, request: DraftRequest, *, on_section: SectionSink | None = None) -> DraftResult:
        """With `on_section`, the answer is streamed and each section handed over as it
        completes; after a retry a section may come again (the last one counts)."""
        deadline = _Deadline(self._deadline_s)
        messages = self._messages(request)
        self._refuse_personal_data(messages, withheld=request.withheld, allowed=_not_personal(request))
        passage_ids = frozenset(p.id for p in request.passages)
        return await self._complete(messages, passage_ids, purpose="draft", on_section=on_section, deadline=deadline)

    async def rewrite(self, request: RewriteRequest) -> DraftResult:
        """The reply's sections in the style asked for, by the prompts in
        `prompts/rewriting/{ja,en}/`, with the same models, retries, deadline and wire guard
        as a draft; DraftingFailed when no model gave valid sections."""
        deadline = _Deadline(self._deadline_s)
        messages = render_rewrite_messages(request, prompts=self._prompts)
        self._refuse_personal_data(messages, withheld=request.withheld, allowed=_not_personal(request))
        return await self._complete(messages, frozenset(request.cited), purpose="rewrite", deadline=deadline)

    def _refuse_personal_data(
        self, messages: list[dict[str, str]], *, withheld: Withheld, allowed: list[str | None]
    ) -> None:
        scan = self._guard.check(
            [message["content"] for message in messages], target="model", withheld=withheld, allowed=allowed
        )
        if not scan.clean:
            logger.warning("wire guard blocked a request to %s: %s", self.name, scan.summary())
            raise DraftingFailed(
                f"personal data caught at the wire ({scan.summary()}); nothing was sent to the model"
            )

    async def _complete(
        self,
        messages: list[dict[str, str]],
        passage_ids: frozenset[str],
        *,
        purpose: ModelCallPurpose,
        deadline: _Deadline,
        on_section: SectionSink | None = None,
    ) -> DraftResult:
        """Each model in turn until one answers with valid sections; every attempt is
        recorded in the result, or in the DraftingFailed raised when none did."""
        calls: list[ModelCall] = []
        failures: list[str] = []
        for model in self._models:
            if deadline.passed():
                failures.append(f"{model}: not tried")
                continue
            turn = _ModelTurn(model=model, purpose=purpose, messages=messages, calls=calls)
            try:
                result = await self._draft_with(turn, passage_ids, on_section, deadline)
                return result.model_copy(update={"model_calls": tuple(calls)})
            except (_Retryable, _Refused) as failure:
                failures.append(f"{model}: {failure}")
        if deadline.passed():
            raise DraftingFailed(
                f"timed out: no {purpose} within the {_seconds(self._deadline_s or 0)} s draft deadline; "
                + "; ".join(failures),
                model_calls=calls,
            )
        raise DraftingFailed("every model failed: " + "; ".join(failures), model_calls=calls)

    def _messages(self, request: DraftRequest) -> list[dict[str, str]]:
        """The prompt; when the sender could not be matched to the order the ticket names,
        the user message ends with what the reply must do instead (the request holds no
        order facts then, so there is nothing of the order to tell the model)."""
        messages = render_messages(request, prompts=self._prompts)
        if request.sender_mismatch:
            notice = self._prompts.get_template(f"drafting/{request.language}/sender_mismatch.j2").render()
            messages[-1] = {**messages[-1], "content": f"{messages[-1]['content']}\n\n{notice.strip()}"}
        return messages

    async def _draft_with(
        self,
        turn: _ModelTurn,
        passage_ids: frozenset[str],
        on_section: SectionSink | None,
        deadline: _Deadline,
    ) -> DraftResult:
        model = turn.model
        for attempt in range(1, self._attempts + 1):
            try:
                timeout_s = min(self._timeout_s, deadline.remaining())
                return await self._attempt(turn, passage_ids, on_section, timeout_s=timeout_s)
            except _Retryable as failure:
                logger.warning("model %s attempt %d/%d: %s", model, attempt, self._attempts, failure)
                pause = max(self._backoff(attempt), min(failure.wait_s, self._max_backoff_s))
                # No retry that could not start before the deadline: the next model may still answer.
                if attempt == self._attempts or pause >= deadline.remaining() - 0.01:
                    raise _Retryable(f"{failure}, {attempt} attempt(s)") from None
                await asyncio.sleep(pause)
            except _Refused as failure:
                logger.warning("model %s refused the request, not retried: %s", model, failure)
                raise
        raise AssertionError("unreachable: the loop returns or raises")

    async def _attempt(
        self,
        turn: _ModelTurn,
        passage_ids: frozenset[str],
        on_section: SectionSink | None = None,
        *,
        timeout_s: float,
    ) -> DraftResult:
        model = turn.model
        options: dict[str, object] = {"response_format": {"type": "json_object"}} if supports_json_mode(model) else {}
        if on_section is not None:
            options["stream"] = True
        record = turn.start(options)
        content: object = None
        try:
            # litellm's own timeout does not cover every provider's every phase; this does,
            # and it also ends the attempt at the draft deadline. litellm is always given the
            # configured timeout: it keys its cached provider clients on the value, and one
            # that changed with the time left would build a new client (an HTTP client, a
            # connection pool, a fresh connection) on every call and leave the old ones open.
            async with asyncio.timeout(timeout_s):
                response = await litellm.acompletion(
                    model=model,
                    messages=turn.messages,
                    api_base=self._api_base,
                    api_key=self._api_key,
                    timeout=self._timeout_s,
                    num_retries=0,  # our loop retries, with backoff, and counts attempts
                    max_retries=0,  # and the provider SDK must not retry underneath it
                    logger_fn=record.note_request,  # the body as sent, for the record
                    **options,
                )
                content = await _streamed(response, on_section) if on_section else _message_content(response)
        except _Refused as refusal:
            turn.calls.append(record.failed(refusal, str(refusal)))
            raise
        except Exception as error:
            failure = _classify(error, timeout_s=timeout_s)
            turn.calls.append(record.failed(error, str(failure)))
            raise failure from None
        try:
            answer = parse_answer(content, passage_ids=passage_ids)
        except InvalidAnswer as invalid:
            failure = _Retryable(f"bad output ({invalid})")
            turn.calls.append(record.failed(invalid, str(failure), response=content))
            raise failure from None
        usage = getattr(response, "usage", None)
        model_info = ModelInfo(
            name=model,
            prompt_tokens=getattr(usage, "prompt_tokens", None),
            completion_tokens=getattr(usage, "completion_tokens", None),
            cost_usd=_cost(response),
        )
        turn.calls.append(
            record.ok(
                response=str(content),
                prompt_tokens=model_info.prompt_tokens,
                completion_tokens=model_info.completion_tokens,
                cost_usd=model_info.cost_usd,
            )
        )
        return DraftResult(
            sections=Sections(**answer.model_dump(include=set(SECTION_KEYS))),
            model=model_info,
            cited=tuple(answer.cited),
        )

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self._max_backoff_s, self._backoff_s * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, kw_only=True)
class _ModelTurn:
    """One model's attempts at one prompt; each is appended to `calls` as it ends."""

    model: str
    purpose: ModelCallPurpose
    messages: list[dict[str, str]]
    calls: list[ModelCall]

    def start(self, options: dict[str, object]) -> CallRecord:
        parameters = {"model": self.model, "messages": self.messages, **options}
        return CallRecord(purpose=self.purpose, model=self.model, parameters=parameters)


def _not_personal(request: DraftRequest | RewriteRequest) -> list[str | None]:
    """What the prompt holds on purpose: the facts (order and tracking numbers, dates,
    amounts) and the shop's own contact values."""
    return [*(fact.value for fact in request.facts), request.shop.email, request.shop.phone, request.shop.url]


async def _streamed(response: object, on_section: SectionSink) -> str:
    content, sent = "", set()
    async for chunk in response:  # type: ignore[attr-defined]
        choices = getattr(chunk, "choices", None) or []
        if choices:
            _raise_if_refused(choices[0], getattr(choices[0], "delta", None))
        delta = getattr(getattr(choices[0], "delta", None), "content", None) if choices else None
        content += delta or ""
        for name, text in completed_sections(content):
            if name not in sent:
                sent.add(name)
                await on_section(name, text)
    return content


def _message_content(response: object) -> object:
    """The first choice's text; None when a provider answered without one. A choice the
    provider filtered or the model declined is a refusal, not bad output."""
    choice = (getattr(response, "choices", None) or [None])[0]
    message = getattr(choice, "message", None)
    if choice is not None:
        _raise_if_refused(choice, message)
    return getattr(message, "content", None)


def _raise_if_refused(choice: object, message: object) -> None:
    if getattr(choice, "finish_reason", None) == "content_filter":
        raise _Refused(f"{_REFUSED}: content filter")
    refusal = getattr(message, "refusal", None)
    if isinstance(refusal, str) and refusal.strip():
        raise _Refused(f"{_REFUSED}: the model declined to answer")


def _cost(response: object) -> float | None:
    """litellm's price for the call, which it works out for every response it returns
    (pricing it a second time here would double that work); None for models it has no
    price for (local, stubs)."""
    if not isinstance(response, litellm.ModelResponse):  # a stream: litellm prices none
        return None
    cost = response._hidden_params.get("response_cost")
    return float(cost) if cost is not None else None
