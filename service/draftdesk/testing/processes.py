"""`draftdesk serve` and `draftdesk worker` in processes of their own, for the tests and
benchmarks that kill them: started with a clean DRAFTDESK_* environment, stopped with
SIGTERM, or killed with SIGKILL and started again on the same port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import httpx
from pydantic import SecretStr

from draftdesk.config import PROJECT_ROOT
from draftdesk.integrations.settings import (
    CHATWOOT_PREFIX,
    ZENDESK_PREFIX,
    ChatwootSettings,
    ZendeskSettings,
)

OFFLINE = {"LITELLM_LOCAL_MODEL_COST_MAP": "True", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DraftdeskProcess:
    """`draftdesk <command>` with `env` (DRAFTDESK_* from the parent are dropped), its
    output appended to `log`."""

    def __init__(self, *arguments: str, env: Mapping[str, str], log: IO[bytes]) -> None:
        self._arguments, self._log = arguments, log
        self._env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTDESK_")} | OFFLINE | dict(env)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-c", "from draftdesk.cli import main; main()", *self._arguments]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self._env, stdout=self._log, stderr=self._log)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no lifespan, no cleanup, leases left behind."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, *, timeout_s: float = 20.0) -> int | None:
        """SIGTERM, and the exit code (None when it had to be killed)."""
        if not self.running:
            return None if self.process is None else self.process.returncode
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            return None


class ServeProcess(DraftdeskProcess):
    """`draftdesk serve` on a free loopback port, kept across restarts."""

    def __init__(self, *, env: Mapping[str, str], log: IO[bytes], port: int | None = None, workers: int = 1) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__("serve", "--port", str(self.port), "--workers", str(workers), env=env, log=log)

    def start(self, *, timeout_s: float = 90.0, wait: bool = True) -> None:
        """Started, and (`wait`) answering /healthz: with several workers, the first of them is up."""
        super().start()
        assert self.process is not None
        if wait:
            wait_until_answering(self.process, f"{self.url}/healthz", timeout_s=timeout_s)


def wait_until_answering(process: subprocess.Popen[bytes], url: str, *, timeout_s: float, poll_s: float = 0.1) -> None:
    """Until `url` answers 200; RuntimeError when `process` exits first or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"draftdesk exited with {process.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(poll_s)
    raise RuntimeError(f"{url} did not answer in {timeout_s:g} s")


def helpdesk_environment(
    *, zendesk: ZendeskSettings | None = None, chatwoot: ChatwootSettings | None = None
) -> dict[str, str]:
    """The DRAFTDESK_ZENDESK_* and DRAFTDESK_CHATWOOT_* variables that make these settings."""
    environment = {}
    for prefix, settings in ((ZENDESK_PREFIX, zendesk), (CHATWOOT_PREFIX, chatwoot)):
        for field, value in ({} if settings is None else dict(settings)).items():
            environment[prefix + field.upper()] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    return environment


def var_environment(var_dir: Path, **more: str) -> dict[str, str]:
    """The embedded store under `var_dir`, the template drafter, the demo clock."""
    return {
        "DRAFTDESK_VAR_DIR": str(var_dir),
        "DRAFTDESK_NOW": "2026-11-20T12:00:00+09:00",
        "DRAFTDESK_MODEL": "template",
        **{f"DRAFTDESK_{name.upper()}": value for name, value in more.items()},
    }
