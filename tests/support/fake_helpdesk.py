"""A fake Zendesk and Chatwoot on 127.0.0.1: the two note endpoints, for real over HTTP.

It checks the path and the credentials as the helpdesks do (401 otherwise), answers
from a script when there is one (a 429 with Retry-After, a 500, a slow answer …), else
200, and validates every body against our contract schemas (422 and a recorded
violation when one does not conform). Notes it accepts are recorded, in order.

    with FakeHelpdesk() as helpdesk:
        helpdesk.script(status(429, retry_after="3"), helpdesk="zendesk")
        client = ZendeskClient(helpdesk.zendesk_settings(), http=http)
        ...
        assert [note.target for note in helpdesk.notes] == [...]
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from draftdesk.integrations.deliveries import ChatwootConversationRef, ZendeskTicketRef
from draftdesk.integrations.settings import ChatwootSettings, ZendeskSettings
from draftdesk.testing.local_server import LocalServer
from tests.contracts.schemas import CHATWOOT_NOTE_REQUEST, ZENDESK_NOTE_REQUEST, violations

Helpdesk = Literal["zendesk", "chatwoot"]

ZENDESK_EMAIL = "drafts@hanamachi-tea.example"
ZENDESK_API_TOKEN = "zd-api-token-4f9c2e71b8"
CHATWOOT_API_ACCESS_TOKEN = "cw-access-token-9a3d5b0c17"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    retry_after: str | None = None
    delay_s: float = 0.0


def ok() -> Answer:
    return Answer()


def status(code: int, *, retry_after: str | None = None) -> Answer:
    return Answer(status=code, retry_after=retry_after)


def slow(delay_s: float) -> Answer:
    """200, but only after `delay_s`: longer than a client's timeout, it is an outage to
    the client while the note still lands, as it can with a real helpdesk."""
    return Answer(delay_s=delay_s)


@dataclass(frozen=True)
class ReceivedNote:
    target: ZendeskTicketRef | ChatwootConversationRef
    text: str  # Zendesk's html_body, Chatwoot's content
    body: dict[str, object]


@dataclass(frozen=True)
class ReceivedRequest:
    helpdesk: Helpdesk
    method: str
    path: str
    status: int  # what the fake answered


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    shared: deque[Answer] = field(default_factory=deque)
    by_helpdesk: dict[Helpdesk, deque[Answer]] = field(default_factory=dict)
    notes: list[ReceivedNote] = field(default_factory=list)
    requests: list[ReceivedRequest] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def next_answer(self, helpdesk: Helpdesk) -> Answer:
        with self.lock:
            for queue in (self.by_helpdesk.get(helpdesk), self.shared):
                if queue:
                    return queue.popleft()
        return ok()


class FakeHelpdesk:
    def __init__(self) -> None:
        self._state = _State()
        self._server = LocalServer(_app(self._state), name="fake helpdesk")

    def __enter__(self) -> FakeHelpdesk:
        self._server.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.stop()

    @property
    def url(self) -> str:
        return self._server.url

    def zendesk_settings(self, *, api_token: str = ZENDESK_API_TOKEN, timeout_s: float = 5.0) -> ZendeskSettings:
        return ZendeskSettings(
            base_url=self.url,
            email=ZENDESK_EMAIL,
            api_token=SecretStr(api_token),
            signing_secret=SecretStr("zendesk-signing-secret"),
            timeout_s=timeout_s,
        )

    def chatwoot_settings(
        self, *, api_access_token: str = CHATWOOT_API_ACCESS_TOKEN, timeout_s: float = 5.0
    ) -> ChatwootSettings:
        return ChatwootSettings(
            base_url=self.url,
            api_access_token=SecretStr(api_access_token),
            signing_secret=SecretStr("chatwoot-signing-secret"),
            timeout_s=timeout_s,
        )

    def script(self, *answers: Answer, helpdesk: Helpdesk | None = None) -> None:
        """Answers for the next requests (to `helpdesk`, else to either), in order."""
        with self._state.lock:
            queue = self._state.shared if helpdesk is None else self._state.by_helpdesk.setdefault(helpdesk, deque())
            queue.extend(answers)

    @property
    def notes(self) -> list[ReceivedNote]:
        with self._state.lock:
            return list(self._state.notes)

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def violations(self) -> list[str]:
        with self._state.lock:
            return list(self._state.violations)


def _app(state: _State) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    zendesk_auth = "Basic " + base64.b64encode(f"{ZENDESK_EMAIL}/token:{ZENDESK_API_TOKEN}".encode()).decode()

    async def answer(
        request: Request,
        helpdesk: Helpdesk,
        *,
        authorized: bool,
        schema: str,
        target: ZendeskTicketRef | ChatwootConversationRef,
    ) -> JSONResponse:
        def done(code: int, content: dict[str, object], headers: dict[str, str] | None = None) -> JSONResponse:
            with state.lock:
                state.requests.append(ReceivedRequest(helpdesk, request.method, request.url.path, code))
            return JSONResponse(content, status_code=code, headers=headers)

        if not authorized:
            return done(401, {"error": "Couldn't authenticate you"})
        scripted = state.next_answer(helpdesk)
        if scripted.delay_s:
            await asyncio.sleep(scripted.delay_s)
        if not 200 <= scripted.status < 300:
            headers = {} if scripted.retry_after is None else {"Retry-After": scripted.retry_after}
            return done(scripted.status, {"error": f"scripted {scripted.status}"}, headers)
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        problems = violations(schema, body)
        if problems:
            with state.lock:
                state.violations.extend(f"{request.method} {request.url.path}: {p}" for p in problems)
            return done(422, {"error": "RecordInvalid"})
        text = body["ticket"]["comment"]["html_body"] if helpdesk == "zendesk" else body["content"]
        with state.lock:
            state.notes.append(ReceivedNote(target=target, text=text, body=body))
        return done(200, {"id": len(state.notes)})

    @app.put("/api/v2/tickets/{ticket_id:int}.json")
    async def zendesk_update_ticket(ticket_id: int, request: Request) -> JSONResponse:
        given = request.headers.get("authorization", "")
        return await answer(
            request,
            "zendesk",
            authorized=hmac.compare_digest(given.encode(), zendesk_auth.encode()),
            schema=ZENDESK_NOTE_REQUEST,
            target=ZendeskTicketRef(ticket_id=ticket_id),
        )

    @app.post("/api/v1/accounts/{account_id:int}/conversations/{conversation_id:int}/messages")
    async def chatwoot_create_message(account_id: int, conversation_id: int, request: Request) -> JSONResponse:
        given = request.headers.get("api_access_token", "")
        return await answer(
            request,
            "chatwoot",
            authorized=hmac.compare_digest(given.encode(), CHATWOOT_API_ACCESS_TOKEN.encode()),
            schema=CHATWOOT_NOTE_REQUEST,
            target=ChatwootConversationRef(account_id=account_id, conversation_id=conversation_id),
        )

    return app
