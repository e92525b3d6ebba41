"""Posting the note back: one small async client per helpdesk over a shared httpx client.

Failures become `HelpdeskUnavailable` (retry: 408, 409, 429, 5xx, timeouts, no
connection; `retry_after_s` when the helpdesk sent Retry-After) or `HelpdeskRejected`
(give up: any other 4xx). Messages name the helpdesk, the method, the path and the
status; never a credential, never the note, never the helpdesk's answer (it may quote
the note back).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from draftdesk.errors import HelpdeskRejected, HelpdeskUnavailable
from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.integrations.settings import ChatwootSettings, ZendeskSettings

# 409: Zendesk answers it when the ticket is being updated at the same moment; it asks
# for the request again.
_RETRYABLE_STATUSES = frozenset({408, 409, 425, 429})
_REJECTION_HINTS = {
    401: "the credentials were not accepted",
    403: "the credentials may not do this",
    404: "no such ticket or conversation",
    422: "the note was not accepted",
}


class ZendeskClient:
    """Adds the note as a private comment: PUT /api/v2/tickets/{id}.json, basic auth
    `{email}/token:{api_token}`."""

    helpdesk = "Zendesk"

    def __init__(self, settings: ZendeskSettings, *, http: httpx.AsyncClient) -> None:
        self._settings, self._http = settings, http
        self._auth = httpx.BasicAuth(f"{settings.email}/token", settings.api_token.get_secret_value())

    async def post_note(self, target: ZendeskTicketRef, html_body: str) -> None:
        path = f"/api/v2/tickets/{target.ticket_id}.json"
        payload = {"ticket": {"comment": {"html_body": html_body, "public": False}}}
        await _send(self._http, "PUT", self._settings.base_url, path, helpdesk=self.helpdesk,
                    json=payload, auth=self._auth, timeout_s=self._settings.timeout_s)


class ChatwootClient:
    """Adds the note as a private message: POST
    /api/v1/accounts/{account}/conversations/{id}/messages, header `api_access_token`."""

    helpdesk = "Chatwoot"

    def __init__(self, settings: ChatwootSettings, *, http: httpx.AsyncClient) -> None:
        self._settings, self._http = settings, http

    async def post_note(self, target: ChatwootConversationRef, content: str) -> None:
        path = f"/api/v1/accounts/{target.account_id}/conversations/{target.conversation_id}/messages"
        payload = {"content": content, "message_type": "outgoing", "private": True}
        headers = {"api_access_token": self._settings.api_access_token.get_secret_value()}
        await _send(self._http, "POST", self._settings.base_url, path, helpdesk=self.helpdesk,
                    json=payload, headers=headers, timeout_s=self._settings.timeout_s)


async def _send(
    http: httpx.AsyncClient,
    method: str,
    base_url: str,
    path: str,
    *,
    helpdesk: str,
    json: object,
    timeout_s: float,
    auth: httpx.Auth | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    what = f"{helpdesk} {method} {path}"
    try:
        response = await http.request(
            method, base_url + path, json=json, auth=auth, headers=headers, timeout=timeout_s, follow_redirects=False
        )
    except httpx.TimeoutException:
        raise HelpdeskUnavailable(f"{what}: no answer within {timeout_s:g} s", helpdesk=helpdesk) from None
    except httpx.TransportError as error:
        # The exception's text can hold the URL; its class says enough (ConnectError …).
        raise HelpdeskUnavailable(f"{what}: {type(error).__name__}", helpdesk=helpdesk) from None
    status = response.status_code
    if 200 <= status < 300:
        return
    if status in _RETRYABLE_STATUSES or status >= 500:
        retry_after_s = retry_after_seconds(response.headers.get("retry-after"), now=datetime.now(UTC))
        hint = "" if retry_after_s is None else f", retry after {retry_after_s:g} s"
        raise HelpdeskUnavailable(
            f"{what} answered {status}{hint}", helpdesk=helpdesk, status=status, retry_after_s=retry_after_s
        )
    hint = _REJECTION_HINTS.get(status, "the request was refused")
    raise HelpdeskRejected(f"{what} answered {status}: {hint}", helpdesk=helpdesk, status=status)


def retry_after_seconds(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date (RFC 9110);
    None when absent or unreadable, 0 for a date already past."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
