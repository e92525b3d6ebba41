"""What the litellm drafter keeps of each attempt on a model: the JSON body as sent,
the answer's text, tokens, latency, cost, and how it ended.

The body is the one litellm hands to the provider's client, read through litellm's
`logger_fn` hook just before the request goes out, so it is what was sent rather than
what we meant to send (litellm renames the model, drops unset options, adds its own).
The OpenAI client merges `extra_body` into the top level of the JSON it posts; the
record does the same. When litellm fails before any request is built, the record
holds the parameters it was given.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from draftdesk.domain import ModelCall, ModelCallPurpose


class CallRecord:
    """One attempt: started when made; hand `note_request` to litellm as `logger_fn`,
    then end it with `ok` or `failed`."""

    def __init__(self, *, purpose: ModelCallPurpose, model: str, parameters: Mapping[str, Any]) -> None:
        self._purpose = purpose
        self._model = model
        self._parameters = dict(parameters)
        self._sent: dict[str, Any] | None = None
        self._at = datetime.now(timezone.utc)
        self._started = time.perf_counter()

    def note_request(self, details: Mapping[str, Any]) -> None:
        """litellm's `logger_fn`: called before the request is sent (and after the answer,
        with the same body); the first body seen is kept."""
        if self._sent is not None:
            return
        body = (details.get("additional_args") or {}).get("complete_input_dict")
        if isinstance(body, Mapping):
            self._sent = wire_body(body)

    def ok(
        self,
        *,
        response: str,
        prompt_tokens: int | None,
        completion_tokens: int | None,
        cost_usd: float | None,
    ) -> ModelCall:
        return self._call(
            outcome="ok",
            response=response,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=cost_usd,
        )

    def failed(self, error: BaseException, reason: str, *, response: object = None) -> ModelCall:
        """`reason` is ours (never the provider's message); `response`, the text that came
        when the failure is in the answer itself."""
        return self._call(
            outcome="error",
            error=f"{type(error).__name__}: {reason}",
            response=response if isinstance(response, str) else None,
        )

    def _call(self, **outcome: Any) -> ModelCall:
        return ModelCall(
            purpose=self._purpose,
            model=self._model,
            request=self._sent if self._sent is not None else _as_json(self._parameters),
            latency_ms=round((time.perf_counter() - self._started) * 1000, 1),
            at=self._at,
            **outcome,
        )


def wire_body(complete_input: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body a provider client posts for litellm's `complete_input_dict`."""
    body = _as_json(complete_input)
    extra = body.pop("extra_body", None)
    if isinstance(extra, dict):
        body.update(extra)
    return body


def _as_json(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy that is plain JSON (litellm may hold on to and change its own dict)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
