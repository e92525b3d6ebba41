"""An ASGI app served by uvicorn on 127.0.0.1 (a free port) in a background thread.

The model stub, the recording proxy and the HTTP-level tests all need exactly this.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Literal

import uvicorn


class LocalServer:
    def __init__(
        self, app: Callable[..., Any], *, name: str, lifespan: Literal["on", "off"] = "off", keep_alive_s: float = 5
    ) -> None:
        """`keep_alive_s`: how long an idle connection stays open (uvicorn's 5 s by default)."""
        self._app, self._name, self._lifespan, self._keep_alive_s = app, name, lifespan, keep_alive_s
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.started

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port> while running."""
        if self._server is None or not self.running:
            raise RuntimeError(f"the {self._name} is not running; call start() first")
        host, port = self._server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self, *, startup_timeout_s: float = 30.0) -> None:
        config = uvicorn.Config(
            self._app, host="127.0.0.1", port=0, log_level="warning", lifespan=self._lifespan,
            timeout_keep_alive=self._keep_alive_s,
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=self._name, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + startup_timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self._name} did not start")
            time.sleep(0.02)

    def stop(self, *, force: bool = False, timeout_s: float = 10.0) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._server.force_exit = force
            self._thread.join(timeout=timeout_s)
        self._server = self._thread = None
