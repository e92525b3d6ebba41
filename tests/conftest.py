"""Suite-wide guards: no test reaches a model, nor anything beyond this machine.

- Model requests: every litellm completion or embedding call must go to a declared
  model server (the local `ModelStub`, or an address a test declares on purpose);
  any other fails the test that made it, even when the code under test caught the
  error and fell back to its templates. A local Ollama on 127.0.0.1 is refused too.
- Sockets: every non-loopback connection is refused, which proves no test talks to a
  provider, to Chroma's telemetry or to a model hub by accident.
"""

from __future__ import annotations

import socket
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from draftdesk.network import is_loopback
from draftdesk.testing import model_guard
from draftdesk.testing.model_stub import ModelStub

if TYPE_CHECKING:
    from draftdesk.wiring import Services

pytest_plugins = ["pytester"]  # tests/test_model_guard.py runs the guard in a suite of its own

DEMO_NOW = "2026-11-20T12:00:00+09:00"
DEMO_TICKETS = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "tickets"  # the eval cases draft them too


class RemoteConnectionRefused(RuntimeError):
    pass


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):  # unix socket path
        return True
    return is_loopback(str(address[0]).split("%")[0])  # without an IPv6 zone ("::1%lo")


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
model_guard.refuse_model_requests()


def _fail_on_model_request_refusals() -> Generator[None, object, object]:
    try:
        result = yield
    except BaseException:
        model_guard.take_refusals()  # the phase failed already, most likely with the refusal itself
        raise
    refused = model_guard.take_refusals()
    if refused:
        pytest.fail("a model request went to an undeclared address:\n" + "\n".join(map(str, refused)), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _fail_on_model_request_refusals())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _fail_on_model_request_refusals())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    return (yield from _fail_on_model_request_refusals())


# The longest modules, one to each xdist worker as the run starts (measured: README, issue 14).
LONGEST_FIRST = ("tests/evals/test_runner.py", "tests/evals/test_runner_pii.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first, then the others with a slow test, in their order, then the
    rest: pytest-xdist hands out whole modules as workers get free (`--dist loadscope`), so
    the long ones start early and the quick ones fill in, rather than one worker finishing
    alone with the eval runner or the chaos test while the other waits."""
    slow = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> tuple[int, int]:
        module = item.nodeid.split("::")[0]
        if module in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(module))
        return (1 if module in slow else 2, 0)

    items.sort(key=rank)


@pytest.fixture(scope="module")
def running_stub() -> Iterator[ModelStub]:
    """One model stub per test module (a module may define its own `stub` instead)."""
    with ModelStub() as running:
        yield running


@pytest.fixture
def stub(running_stub: ModelStub) -> ModelStub:
    """The module's stub, with nothing recorded or scripted yet."""
    running_stub.reset()
    return running_stub


@pytest.fixture(scope="session")
def demo_now() -> str:
    return DEMO_NOW


@pytest.fixture
def closed_model_port() -> Iterator[str]:
    """A model server that is down: nothing listens, so connecting is refused at once.
    Declared, so the request is made and fails at the socket."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with model_guard.declared(f"http://127.0.0.1:{port}/v1") as url:
        yield url


def services_on(var_dir: Path, **overrides: object) -> Services:
    """Services over the demo shop with these settings (a model, its timeouts …): the demo
    clock, SQLite and embedded Chroma under `var_dir`."""
    from draftdesk.config import Settings
    from draftdesk.wiring import Services

    settings = Settings(var_dir=var_dir, now=DEMO_NOW, database_url="", chroma_url="", **overrides)
    services = Services(settings)
    services.load_demo_shop()
    services.sync_knowledge()  # on a store and index built already: only checks they are current
    return services


@pytest.fixture(scope="session")
def demo_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store of the demo orders and one policy index over knowledge/, built once for
    the tests that only read them: `services_on(demo_var_dir, …)` opens them as they are."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    services_on(var_dir)
    return var_dir


@pytest.fixture(scope="session")
def demo_services(demo_var_dir: Path) -> Services:
    """The demo shop with the template drafter."""
    return services_on(demo_var_dir, model="template")
