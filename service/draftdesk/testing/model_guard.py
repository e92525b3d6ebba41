"""A switch that refuses every model request except to a declared model server.

As pydantic-ai's `ALLOW_MODEL_REQUESTS = False`: once `refuse_model_requests()` is on
(tests/conftest.py turns it on for the whole suite), a litellm completion or
embedding call whose `api_base` is not a declared model server raises
`ModelRequestRefused` before anything is sent, whatever the address: a provider's
default, or a local Ollama on 127.0.0.1 that a socket guard filtering by address
would let through. `ModelStub` declares itself while it runs; a test that means to
reach a dead or flaky port declares it with `declared(url)`.

Code under test may catch the error (a drafter falls back to its templates), so every
refusal is also kept until `take_refusals()`: the test configuration fails the test
that made one.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import inspect
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from urllib.parse import urlsplit

# Every litellm entry point that sends a request to a model; our code calls the first three.
GUARDED_CALLS = ("acompletion", "completion", "embedding", "aembedding")

_lock = threading.Lock()
_declared: dict[tuple[str, str, int | None], int] = {}  # origin → how many declared it
_refusals: list[ModelRequestRefused] = []


class ModelRequestRefused(RuntimeError):
    """A model request to an address no test declared as a model server."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return (parts.scheme, parts.hostname or "", parts.port)


def declare_model_server(base_url: str) -> None:
    with _lock:
        origin = _origin(base_url)
        _declared[origin] = _declared.get(origin, 0) + 1


def withdraw_model_server(base_url: str) -> None:
    with _lock:
        origin = _origin(base_url)
        if _declared.get(origin, 0) > 1:
            _declared[origin] -= 1
        else:
            _declared.pop(origin, None)


@contextmanager
def declared(base_url: str) -> Iterator[str]:
    """`base_url` counts as a model server inside the block (a port meant to be dead or flaky)."""
    declare_model_server(base_url)
    try:
        yield base_url
    finally:
        withdraw_model_server(base_url)


def is_declared(api_base: str | None) -> bool:
    with _lock:
        return api_base is not None and _origin(api_base) in _declared


def check_model_request(call: str, *, model: object, api_base: str | None) -> None:
    if is_declared(api_base):
        return
    where = f"api_base {api_base}" if api_base else "no api_base (the provider's own address)"
    refusal = ModelRequestRefused(
        f"litellm.{call}(model={model!r}) to {where}: not a declared model server. Point it at a "
        "ModelStub (declared while it runs) or declare the address with draftdesk.testing.model_guard.declared()"
    )
    with _lock:
        _refusals.append(refusal)
    raise refusal


def take_refusals() -> list[ModelRequestRefused]:
    """The refusals since the last call, forgotten once taken."""
    with _lock:
        taken = list(_refusals)
        _refusals.clear()
    return taken


def refuse_model_requests() -> None:
    """Guard litellm now if it is imported, else as soon as it is (importing it takes seconds,
    which a run of fast tests that never drafts through a model should not pay)."""
    if "litellm" in sys.modules:
        _guard(sys.modules["litellm"])
    elif not any(isinstance(finder, _GuardOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _GuardOnImport())


def _guard(litellm: ModuleType) -> None:
    for name in GUARDED_CALLS:
        call = getattr(litellm, name)
        if not getattr(call, "guarded", False):
            setattr(litellm, name, _guarded(name, call))


def _guarded(name: str, call: Callable[..., object]) -> Callable[..., object]:
    def refuse_unless_declared(kwargs: dict[str, object]) -> None:
        api_base = kwargs.get("api_base") or kwargs.get("base_url")
        check_model_request(name, model=kwargs.get("model"), api_base=str(api_base) if api_base else None)

    if inspect.iscoroutinefunction(call):

        @functools.wraps(call)
        async def guarded_async(*args: object, **kwargs: object) -> object:
            refuse_unless_declared(kwargs)
            return await call(*args, **kwargs)

        guarded_async.guarded = True  # type: ignore[attr-defined]
        return guarded_async

    @functools.wraps(call)
    def guarded(*args: object, **kwargs: object) -> object:
        refuse_unless_declared(kwargs)
        return call(*args, **kwargs)

    guarded.guarded = True  # type: ignore[attr-defined]
    return guarded


class _GuardOnImport(importlib.abc.MetaPathFinder):
    """Finds litellm as the other finders would, and guards it right after it is executed."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "litellm":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_then_guard(module: ModuleType) -> None:
            execute(module)
            _guard(module)

        spec.loader.exec_module = exec_then_guard  # type: ignore[method-assign]
        return spec
