"""The request-body limit, for every route, however the body is sent.

A declared Content-Length over the limit is refused before a byte is read. A body
without one (`Transfer-Encoding: chunked`) is counted as it arrives and refused as
soon as it passes the limit; the rest is never read. Either way the answer is 413
problem+json, rendered like every other error. A body within the limit is handed to
the application unchanged (it is held until complete, at most `limit` bytes).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftdesk.api.problems import problem_for
from draftdesk.errors import PayloadTooLarge


class BodyLimit:
    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send, f"request body has {int(declared):,} bytes")
            return
        held: list[Message] = []
        size = 0
        while True:
            message = await receive()
            held.append(message)
            if message["type"] != "http.request":  # the client went away: let the app see it
                break
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, receive, send, f"request body passed {self.limit:,} bytes")
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return held.pop(0) if held else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, what: str) -> None:
        error = PayloadTooLarge(f"{what}; the limit is {self.limit:,}")
        response = problem_for(Request(scope), error)
        response.headers["Connection"] = "close"  # the unread rest of the body makes the connection unusable
        await response(scope, receive, send)
