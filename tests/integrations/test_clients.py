"""The note clients against the fake helpdesk, for real over HTTP on 127.0.0.1: what they
send, and how each failure is classified (retry or give up), never showing a credential."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr

from draftdesk.errors import HelpdeskFailed, HelpdeskRejected, HelpdeskUnavailable
from draftdesk.integrations.clients import ChatwootClient, ZendeskClient, retry_after_seconds
from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.integrations.settings import ChatwootSettings, ZendeskSettings
from tests.support.fake_helpdesk import (
    CHATWOOT_API_ACCESS_TOKEN,
    ZENDESK_API_TOKEN,
    ZENDESK_EMAIL,
    FakeHelpdesk,
    ReceivedRequest,
    slow,
    status,
)

ZENDESK_TICKET = ZendeskTicketRef(ticket_id=4812)
CHATWOOT_CONVERSATION = ChatwootConversationRef(account_id=7, conversation_id=21)
HTML_NOTE = "<p><strong>Draftdesk の返信案</strong></p>\n<p>山田 太郎 様<br>\n発送いたしました。</p>\n"
MARKDOWN_NOTE = "**Draftdesk の返信案**\n\n山田 太郎 様\n発送いたしました。\n"
CREDENTIALS = (ZENDESK_API_TOKEN, ZENDESK_EMAIL, CHATWOOT_API_ACCESS_TOKEN, "zendesk-signing-secret", "chatwoot-signing-secret")


@pytest.fixture(autouse=True)
def _every_log_line(caplog: pytest.LogCaptureFixture) -> None:
    """httpx and httpcore log requests at INFO and DEBUG: those lines are checked too."""
    caplog.set_level(logging.DEBUG)


@pytest.fixture
def helpdesk() -> Iterator[FakeHelpdesk]:
    with FakeHelpdesk() as fake:
        yield fake
        assert fake.violations == []  # every request the clients sent conforms to the contracts


def post_to_zendesk(settings: ZendeskSettings, *, note: str = HTML_NOTE, target: ZendeskTicketRef = ZENDESK_TICKET) -> None:
    async def post() -> None:
        async with httpx.AsyncClient(trust_env=False) as http:
            await ZendeskClient(settings, http=http).post_note(target, note)

    asyncio.run(post())


def post_to_chatwoot(settings: ChatwootSettings, *, note: str = MARKDOWN_NOTE) -> None:
    async def post() -> None:
        async with httpx.AsyncClient(trust_env=False) as http:
            await ChatwootClient(settings, http=http).post_note(CHATWOOT_CONVERSATION, note)

    asyncio.run(post())


def assert_nothing_secret_in(error: HelpdeskFailed, caplog: pytest.LogCaptureFixture) -> None:
    shown = " ".join([str(error), repr(error), error.detail, caplog.text])
    for credential in CREDENTIALS:
        assert credential not in shown
    assert "山田" not in shown  # nor the note


# --- success ---------------------------------------------------------------------------


def test_zendesk_note_is_a_private_html_comment_on_the_ticket(helpdesk: FakeHelpdesk) -> None:
    post_to_zendesk(helpdesk.zendesk_settings())
    (note,) = helpdesk.notes
    assert note.target == ZENDESK_TICKET
    assert note.body == {"ticket": {"comment": {"html_body": HTML_NOTE, "public": False}}}
    assert helpdesk.requests == [ReceivedRequest("zendesk", "PUT", "/api/v2/tickets/4812.json", 200)]


def test_chatwoot_note_is_a_private_outgoing_message_in_the_conversation(helpdesk: FakeHelpdesk) -> None:
    post_to_chatwoot(helpdesk.chatwoot_settings())
    (note,) = helpdesk.notes
    assert note.target == CHATWOOT_CONVERSATION
    assert note.body == {"content": MARKDOWN_NOTE, "message_type": "outgoing", "private": True}
    assert helpdesk.requests == [ReceivedRequest("chatwoot", "POST", "/api/v1/accounts/7/conversations/21/messages", 200)]


def test_a_base_url_with_a_trailing_slash_still_hits_the_path(helpdesk: FakeHelpdesk) -> None:
    post_to_zendesk(ZendeskSettings.model_validate(helpdesk.zendesk_settings().model_dump() | {"base_url": helpdesk.url + "/"}))
    assert [r.path for r in helpdesk.requests] == ["/api/v2/tickets/4812.json"]


# --- retryable -------------------------------------------------------------------------


def test_429_is_retryable_with_retry_after_as_a_hint_then_the_retry_lands(
    helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture
) -> None:
    helpdesk.script(status(429, retry_after="3"), helpdesk="zendesk")
    with pytest.raises(HelpdeskUnavailable) as failed:
        post_to_zendesk(helpdesk.zendesk_settings())
    error = failed.value
    assert (error.retryable, error.status, error.retry_after_s, error.helpdesk) == (True, 429, 3.0, "Zendesk")
    assert error.detail == "Zendesk PUT /api/v2/tickets/4812.json answered 429, retry after 3 s"
    assert helpdesk.notes == []
    assert_nothing_secret_in(error, caplog)

    post_to_zendesk(helpdesk.zendesk_settings())  # what a job runner does after waiting
    assert len(helpdesk.notes) == 1
    assert [r.status for r in helpdesk.requests] == [429, 200]


@pytest.mark.parametrize("code", [500, 502, 503, 504, 408, 409])
def test_server_errors_and_conflicts_are_retryable(helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture, code: int) -> None:
    helpdesk.script(status(code), helpdesk="chatwoot")
    with pytest.raises(HelpdeskUnavailable) as failed:
        post_to_chatwoot(helpdesk.chatwoot_settings())
    assert (failed.value.retryable, failed.value.status, failed.value.retry_after_s) == (True, code, None)
    assert failed.value.detail == f"Chatwoot POST /api/v1/accounts/7/conversations/21/messages answered {code}"
    assert_nothing_secret_in(failed.value, caplog)


def test_503_with_retry_after_passes_the_hint_on(helpdesk: FakeHelpdesk) -> None:
    helpdesk.script(status(503, retry_after="120"))
    with pytest.raises(HelpdeskUnavailable) as failed:
        post_to_chatwoot(helpdesk.chatwoot_settings())
    assert failed.value.retry_after_s == 120.0


def test_a_timeout_is_retryable(helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture) -> None:
    helpdesk.script(slow(1.0), helpdesk="zendesk")
    with pytest.raises(HelpdeskUnavailable) as failed:
        post_to_zendesk(helpdesk.zendesk_settings(timeout_s=0.2))
    assert failed.value.detail == "Zendesk PUT /api/v2/tickets/4812.json: no answer within 0.2 s"
    assert failed.value.status is None
    assert_nothing_secret_in(failed.value, caplog)


def test_no_connection_is_retryable(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings = ChatwootSettings(base_url=f"http://127.0.0.1:{port}", api_access_token=SecretStr(CHATWOOT_API_ACCESS_TOKEN),
                                signing_secret=SecretStr("chatwoot-signing-secret"))
    with pytest.raises(HelpdeskUnavailable) as failed:
        post_to_chatwoot(settings)
    assert failed.value.detail == "Chatwoot POST /api/v1/accounts/7/conversations/21/messages: ConnectError"
    assert_nothing_secret_in(failed.value, caplog)


# --- permanent ---------------------------------------------------------------------------


def test_wrong_zendesk_token_is_permanent(helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(HelpdeskRejected) as failed:
        post_to_zendesk(helpdesk.zendesk_settings(api_token="zd-revoked-token-0000"))
    error = failed.value
    assert (error.retryable, error.status) == (False, 401)
    assert error.detail == "Zendesk PUT /api/v2/tickets/4812.json answered 401: the credentials were not accepted"
    assert "zd-revoked-token-0000" not in str(error) + caplog.text
    assert_nothing_secret_in(error, caplog)
    assert helpdesk.notes == []


def test_wrong_chatwoot_token_is_permanent(helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(HelpdeskRejected) as failed:
        post_to_chatwoot(helpdesk.chatwoot_settings(api_access_token="cw-revoked-token-0000"))
    assert failed.value.status == 401
    assert "cw-revoked-token-0000" not in str(failed.value)
    assert_nothing_secret_in(failed.value, caplog)


@pytest.mark.parametrize(
    ("code", "hint"),
    [(404, "no such ticket or conversation"), (403, "the credentials may not do this"),
     (422, "the note was not accepted"), (400, "the request was refused")],
)
def test_other_client_errors_are_permanent(helpdesk: FakeHelpdesk, caplog: pytest.LogCaptureFixture, code: int, hint: str) -> None:
    helpdesk.script(status(code, retry_after="5"))  # a Retry-After on a 4xx changes nothing
    with pytest.raises(HelpdeskRejected) as failed:
        post_to_zendesk(helpdesk.zendesk_settings())
    assert (failed.value.retryable, failed.value.status, failed.value.retry_after_s) == (False, code, None)
    assert failed.value.detail.endswith(f"answered {code}: {hint}")
    assert_nothing_secret_in(failed.value, caplog)


def test_the_fake_refuses_and_records_a_request_that_breaks_the_contract() -> None:
    """So that the fixture's `violations == []` above means something."""
    with FakeHelpdesk() as fake:
        response = httpx.put(f"{fake.url}/api/v2/tickets/4812.json", json={"ticket": {"comment": {"body": "", "public": "no"}}},
                             auth=(f"{ZENDESK_EMAIL}/token", ZENDESK_API_TOKEN), trust_env=False)
        assert response.status_code == 422
        assert fake.notes == [] and any("public" in violation for violation in fake.violations)


def test_the_fake_checks_the_path() -> None:
    with FakeHelpdesk() as fake:
        wrong = httpx.post(f"{fake.url}/api/v1/accounts/7/conversations/21/message", json={"content": "x"},
                           headers={"api_access_token": CHATWOOT_API_ACCESS_TOKEN}, trust_env=False)
        assert wrong.status_code in (404, 405) and fake.notes == []


def test_failures_are_told_apart_by_type_and_flag() -> None:
    assert issubclass(HelpdeskUnavailable, HelpdeskFailed) and issubclass(HelpdeskRejected, HelpdeskFailed)
    assert HelpdeskUnavailable.retryable and not HelpdeskRejected.retryable


# --- Retry-After ----------------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, None), ("", None), ("3", 3.0), (" 120 ", 120.0), ("0", 0.0),
     ("Fri, 20 Nov 2026 03:00:30 GMT", 30.0), ("Fri, 20 Nov 2026 02:59:00 GMT", 0.0),
     ("soon", None), ("-5", None), ("1.5", None)],
)
def test_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == seconds
