"""Suite-wide guards: no test may reach anything beyond this machine.

A model provider is only ever faked by a local OpenAI-compatible stub on 127.0.0.1,
so refusing every non-loopback connection is what proves no test talks to a real
provider (or to Chroma's telemetry, or to a model hub) by accident.
"""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEMO_NOW = "2026-11-20T12:00:00+09:00"


class RemoteConnectionRefused(RuntimeError):
    pass


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):  # unix socket path
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RemoteConnectionRefused(f"test tried to connect to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise RemoteConnectionRefused(f"test tried to connect to {address!r}")
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def demo_now() -> str:
    return DEMO_NOW
