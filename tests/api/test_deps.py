"""The API's dependencies that do no I/O run on the event loop: FastAPI sends a plain
`def` dependency to a worker thread and back on every request (issue 16)."""

from __future__ import annotations

import inspect

import pytest

from draftdesk.api import deps


@pytest.mark.parametrize("dependency", [deps.get_services, deps.get_settings, deps.get_desk])
def test_io_free_dependencies_are_async(dependency: object) -> None:
    assert inspect.iscoroutinefunction(dependency)
