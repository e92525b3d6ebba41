"""The suite's switch against model requests (tests/conftest.py, draftdesk.testing.model_guard):
only a declared model server may be asked, whatever its address, and a refusal fails the
test even when the code under test caught it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import litellm
import pytest

from draftdesk.testing import model_guard
from draftdesk.testing.model_guard import ModelRequestRefused
from draftdesk.testing.model_stub import ModelStub

MESSAGES = [{"role": "user", "content": "hello"}]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback port that accepts connections, as a local Ollama or vLLM would."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        yield server


def url_of(server: socket.socket, path: str = "/v1") -> str:
    host, port = server.getsockname()[:2]
    return f"http://{host}:{port}{path}"


def nothing_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def request(call: str, api_base: str | None) -> object:
    options = {"input": ["hello"]} if "embedding" in call else {"messages": MESSAGES}
    result = getattr(litellm, call)(model="openai/local-model", api_base=api_base, api_key="k", **options)
    return asyncio.run(result) if call.startswith("a") else result


@pytest.mark.parametrize("call", model_guard.GUARDED_CALLS)
def test_a_request_to_an_undeclared_loopback_port_fails_before_it_is_sent(listener, call):
    with pytest.raises(ModelRequestRefused, match=f"litellm.{call}.*{url_of(listener)}: not a declared model server"):
        request(call, url_of(listener))
    assert nothing_connected(listener)
    assert len(model_guard.take_refusals()) == 1


def test_a_request_without_an_api_base_would_go_to_the_provider_and_fails():
    with pytest.raises(ModelRequestRefused, match="no api_base"):
        request("completion", None)
    model_guard.take_refusals()


def test_the_stub_is_declared_while_it_runs_and_only_then():
    with ModelStub() as stub:
        answer = request("completion", stub.base_url)
        assert answer.choices[0].message.content and len(stub.chat_requests()) == 1
        assert model_guard.is_declared(stub.base_url.removesuffix("/v1"))
        base_url = stub.base_url
    assert not model_guard.is_declared(base_url)


def test_a_declared_address_is_allowed_inside_its_block_only(listener):
    with model_guard.declared(url_of(listener, "")):
        assert model_guard.is_declared(url_of(listener, "/v1/chat/completions"))
    assert not model_guard.is_declared(url_of(listener))


def test_a_refusal_the_code_under_test_swallows_still_fails_the_test(pytester: pytest.Pytester, listener):
    pytester.makeconftest("from tests.conftest import *  # the suite's guards, hooks included")
    pytester.makepyfile(
        f"""
        import litellm

        def test_falls_back_quietly():
            try:
                litellm.completion(model="ollama/llama3.1", api_base="{url_of(listener, "")}", messages=[])
            except Exception:
                pass  # as a drafter falls back to its templates
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["a model request went to an undeclared address:", "litellm.completion(model='ollama/llama3.1') to *"]
    )
    assert nothing_connected(listener)


@pytest.mark.parametrize(
    ("address", "local"),
    [(("127.0.0.1", 80), True), (("::1%lo", 80, 0, 0), True), (("localhost", 80), True), ("/tmp/a.sock", True),
     (("192.0.2.1", 80), False), (("2001:db8::1", 80, 0, 0), False), (("example.com", 80), False)],
)
def test_the_socket_guard_tells_this_machine_from_any_other(address, local):
    from tests.conftest import _is_local

    assert _is_local(address) is local


def test_the_socket_guard_refuses_an_address_off_this_machine():
    from tests.conftest import RemoteConnectionRefused

    with socket.socket() as probe, pytest.raises(RemoteConnectionRefused, match="192.0.2.1"):
        probe.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet leaves
