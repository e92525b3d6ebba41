"""The body limit on its own, driven as ASGI: its 413 is a PayloadTooLarge rendered by
the one problem renderer, so type, title and status are the error class's, whichever
way the body came. (Over real HTTP, on every route: test_hostile_input.)"""

from __future__ import annotations

import asyncio
import json

import pytest
from starlette.types import Message, Receive, Scope, Send

from draftdesk.api.body_limit import BodyLimit
from draftdesk.errors import PayloadTooLarge

LIMIT = 100


class RecordingApp:
    """The application behind the limit: records the body it was given, answers 200."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while (message := await receive())["type"] == "http.request":
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _call(chunks: list[int], *, declared: int | None) -> tuple[RecordingApp, list[Message]]:
    app = RecordingApp()
    headers = [(b"content-length", str(declared).encode())] if declared is not None else []
    scope = {"type": "http", "method": "POST", "path": "/v1/check", "headers": headers, "query_string": b""}
    incoming: list[Message] = [
        {"type": "http.request", "body": b"x" * size, "more_body": index < len(chunks) - 1} for index, size in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(BodyLimit(app, limit=LIMIT)(scope, receive, send))
    return app, sent


@pytest.mark.parametrize(
    ("chunks", "declared", "detail"),
    [
        ([LIMIT + 1], LIMIT + 1, "request body has 101 bytes; the limit is 100"),
        ([60, 60], None, "request body passed 100 bytes; the limit is 100"),
    ],
    ids=["declared", "chunked"],
)
def test_a_body_over_the_limit_is_a_payload_too_large_problem(chunks, declared, detail):
    app, sent = _call(chunks, declared=declared)
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    expected = PayloadTooLarge(detail)
    assert app.bodies == []
    assert start["status"] == expected.status_code == 413
    assert headers["content-type"] == "application/problem+json" and headers["connection"] == "close"
    assert json.loads(body) == {
        "type": expected.type_uri, "title": expected.title, "status": 413, "detail": detail, "instance": "/v1/check",
    }


@pytest.mark.parametrize(("chunks", "declared"), [([LIMIT], LIMIT), ([50, 50], None)], ids=["declared", "chunked"])
def test_a_body_at_the_limit_reaches_the_app_whole(chunks, declared):
    app, sent = _call(chunks, declared=declared)
    assert app.bodies == [b"x" * LIMIT] and sent[0]["status"] == 200
