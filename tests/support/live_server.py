"""The app under test served for real on 127.0.0.1, lifespan included."""

from __future__ import annotations

from fastapi import FastAPI

from draftdesk.testing.local_server import LocalServer


class LiveServer:
    def __init__(self, app: FastAPI) -> None:
        self._server = LocalServer(app, name="API under test", lifespan="on")

    def __enter__(self) -> LiveServer:
        self._server.start(startup_timeout_s=120)
        return self

    @property
    def url(self) -> str:
        return self._server.url

    def __exit__(self, *_: object) -> None:
        self._server.stop(timeout_s=30)
