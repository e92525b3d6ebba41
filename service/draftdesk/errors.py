"""One error base class; the API turns it into problem+json, the CLI into one line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from draftdesk.domain import ModelCall


class DraftdeskError(Exception):
    """A failure we expected and can explain to the caller."""

    status_code = 500
    title = "Internal error"
    type_slug = "internal"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def type_uri(self) -> str:
        return f"https://draftdesk.dev/problems/{self.type_slug}"


class InvalidInput(DraftdeskError):
    status_code = 422
    title = "Invalid input"
    type_slug = "invalid-input"


class PayloadTooLarge(DraftdeskError):
    status_code = 413
    title = "Payload too large"
    type_slug = "payload-too-large"


class NotFound(DraftdeskError):
    status_code = 404
    title = "Not found"
    type_slug = "not-found"


class Conflict(DraftdeskError):
    status_code = 409
    title = "Conflict"
    type_slug = "conflict"


class Unauthorized(DraftdeskError):
    status_code = 401
    title = "Unauthorized"
    type_slug = "unauthorized"


class Forbidden(DraftdeskError):
    status_code = 403
    title = "Forbidden"
    type_slug = "forbidden"


class ConfigurationError(DraftdeskError):
    """The operator's configuration is wrong; raised at start-up with the field named."""

    status_code = 500
    title = "Configuration error"
    type_slug = "configuration"


class RedactionFailed(DraftdeskError):
    """Personal data could not be removed, so no model may be called (fail closed)."""

    status_code = 503
    title = "Redaction failed"
    type_slug = "redaction-failed"


class DraftingFailed(DraftdeskError):
    """A drafter could not produce valid sections (bad model output, timeout, provider error).
    `model_calls`: the attempts made before it gave up, recorded all the same."""

    status_code = 502
    title = "Drafting failed"
    type_slug = "drafting-failed"

    def __init__(self, detail: str, *, model_calls: Sequence[ModelCall] = ()) -> None:
        super().__init__(detail)
        self.model_calls = tuple(model_calls)


class RewriteFailed(DraftingFailed):
    """No model rewrote the reply; the draft is as it was (no template rewrites instead)."""

    title = "Rewrite failed"
    type_slug = "rewrite-failed"


class CannotRewrite(Conflict):
    """The configured drafter has no way to rewrite a reply (the template drafter)."""

    title = "Cannot rewrite"
    type_slug = "cannot-rewrite"


class StoreUnavailable(DraftdeskError):
    status_code = 503
    title = "Store unavailable"
    type_slug = "store-unavailable"


class WebhookRefused(DraftdeskError):
    """A helpdesk webhook whose signature cannot be trusted: missing headers, a signature
    that does not match, or a timestamp outside the accepted window. Not `Unauthorized`:
    that one answers with a Bearer challenge, and a webhook sender has no key to offer.

    `reason` is one of `missing_header`, `malformed_timestamp`, `bad_signature`, `stale`,
    `future`, so that refusals can be counted without reading the message."""

    status_code = 401
    title = "Webhook refused"
    type_slug = "webhook-refused"

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class HelpdeskFailed(DraftdeskError):
    """Posting to a helpdesk failed. `retryable` tells a job runner whether to try again
    (with backoff, waiting at least `retry_after_s` when the helpdesk named a time) or to
    dead-letter the job. The message names the helpdesk, the method and path and the
    status, never a credential or the note."""

    status_code = 502
    title = "Helpdesk request failed"
    type_slug = "helpdesk-failed"
    retryable = False

    def __init__(
        self, detail: str, *, helpdesk: str, status: int | None = None, retry_after_s: float | None = None
    ) -> None:
        super().__init__(detail)
        self.helpdesk = helpdesk
        self.status = status
        self.retry_after_s = retry_after_s


class HelpdeskUnavailable(HelpdeskFailed):
    """Worth trying again: rate limited (429), a conflict (409), a server error (5xx), a
    timeout, no connection."""

    status_code = 503
    title = "Helpdesk unavailable"
    type_slug = "helpdesk-unavailable"
    retryable = True


class HelpdeskRejected(HelpdeskFailed):
    """Trying again will not help: the helpdesk refused the request (401, 403, 404, 422 …)."""

    title = "Helpdesk rejected the request"
    type_slug = "helpdesk-rejected"


def describe_validation_error(error: object, *, where: str) -> str:
    """One line naming each failing field, without echoing the submitted values."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return f"{where}: {error}"
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        location = ".".join(str(part) for part in item["loc"]) or "(root)"
        problems.append(f"{location}: {item['msg']}")
    return f"{where}: " + "; ".join(problems)
