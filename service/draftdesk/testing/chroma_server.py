"""A Chroma server (`chroma run`, installed beside this Python) on a free loopback port,
with its data in a folder of the caller's: for the tests and the load test of several
API workers, which share one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from draftdesk.testing.processes import free_port


class ChromaServer:
    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout_s: float = 60.0) -> ChromaServer:
        executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
        if executable is None:
            raise RuntimeError("the chroma CLI is not installed beside this Python")
        self._process = subprocess.Popen(
            [executable, "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(self._data_dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.stop()
                raise RuntimeError("chroma run did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def __enter__(self) -> ChromaServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
