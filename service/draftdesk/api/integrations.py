"""Helpdesk webhooks: verify, read, store a job, answer 202 at once; drafting happens in
a worker. Not behind API keys: the signature over the raw body is the authentication.

- 404 when the helpdesk is not configured (its integration is off)
- 401 when the signature does not match, a header is missing, or the delivery was
  signed more than 5 minutes ago (a replay) or too far in the future. Checked with the
  wall clock, never DRAFTDESK_NOW: the helpdesk signs with the real time.
- 200 `{"ignored": reason}` for a genuine delivery that asks for no draft
- 200 with the existing job when the same event was delivered before (no new job)
- 202 `{job_id, status, …}` for a new job; `GET /v1/jobs/{job_id}` follows it
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from draftdesk.api.metrics import METRICS
from draftdesk.api.openapi import problem_responses
from draftdesk.errors import NotFound, WebhookRefused
from draftdesk.integrations.chatwoot import CHATWOOT_DELIVERY, read_chatwoot_delivery
from draftdesk.integrations.deliveries import Delivery, Ignored
from draftdesk.integrations.signatures import verify_chatwoot, verify_zendesk
from draftdesk.integrations.zendesk import read_zendesk_delivery
from draftdesk.jobs.model import IgnoredDelivery, JobStatus
from draftdesk.wiring import Services

router = APIRouter(prefix="/v1/integrations", tags=["integrations"], responses=problem_responses(413, 422, 503))

_RESPONSES: dict[int | str, dict[str, object]] = {
    202: {"description": "A new job: drafting happens in the background", "model": JobStatus},
    200: {
        "description": "The same event was delivered before (its job, nothing new), or a delivery that asks for "
        "no draft (`{\"ignored\": reason}`)",
        "model": JobStatus | IgnoredDelivery,
    },
    401: {**problem_responses(401)[401], "description": "Signature missing or wrong, or the delivery is stale"},
    404: {**problem_responses(404)[404], "description": "This helpdesk's integration is not configured"},
}

Verify = Callable[..., datetime]


# The signature over the body authenticates a webhook: no API key is asked for.
_NO_API_KEY = {"security": []}


@router.post(
    "/zendesk/webhook",
    status_code=202,
    response_model=JobStatus | IgnoredDelivery,
    responses=_RESPONSES,
    openapi_extra=_NO_API_KEY,
)
async def zendesk_webhook(request: Request, response: Response) -> JobStatus | IgnoredDelivery:
    """A Zendesk trigger's "Notify webhook" (the README gives its body and conditions)."""
    services = _services(request)
    settings = services.settings.zendesk
    if settings is None:
        raise NotFound("the Zendesk integration is not configured (DRAFTDESK_ZENDESK_*)")
    body = await _verified(request, "zendesk", verify_zendesk, secret=settings.signing_secret.get_secret_value())
    return await _accept(read_zendesk_delivery(body), "zendesk", services, response)


@router.post(
    "/chatwoot/webhook",
    status_code=202,
    response_model=JobStatus | IgnoredDelivery,
    responses=_RESPONSES,
    openapi_extra=_NO_API_KEY,
)
async def chatwoot_webhook(request: Request, response: Response) -> JobStatus | IgnoredDelivery:
    """A Chatwoot webhook subscribed to `message_created`."""
    services = _services(request)
    settings = services.settings.chatwoot
    if settings is None:
        raise NotFound("the Chatwoot integration is not configured (DRAFTDESK_CHATWOOT_*)")
    body = await _verified(request, "chatwoot", verify_chatwoot, secret=settings.signing_secret.get_secret_value())
    delivery = read_chatwoot_delivery(body, delivery_id=request.headers.get(CHATWOOT_DELIVERY))
    return await _accept(delivery, "chatwoot", services, response)


def _services(request: Request) -> Services:
    # Not the shared `ServicesDep`: FastAPI runs a plain-function dependency in its thread
    # pool, and a burst of webhooks should not queue there for an attribute lookup.
    return request.app.state.services


async def _verified(request: Request, helpdesk: str, verify: Verify, *, secret: str) -> bytes:
    body = await request.body()
    headers: Mapping[str, str] = request.headers
    try:
        verify(headers, body, secret=secret, now=datetime.now(UTC))
    except WebhookRefused as refused:
        METRICS.record_webhook(helpdesk, f"refused_{refused.reason}")
        raise
    return body


async def _accept(
    delivery: Delivery | Ignored, helpdesk: str, services: Services, response: Response
) -> JobStatus | IgnoredDelivery:
    if isinstance(delivery, Ignored):
        METRICS.record_webhook(helpdesk, "ignored")
        response.status_code = 200
        return IgnoredDelivery(ignored=delivery.reason)
    job, created = await services.jobs.accept(delivery)
    METRICS.record_webhook(helpdesk, "accepted" if created else "duplicate")
    response.status_code = 202 if created else 200
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return JobStatus.of(job)
