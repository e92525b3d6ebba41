"""The server's heap settings: glibc takes the arena limit; start-up's objects are frozen."""

from __future__ import annotations

import gc
import sys

import pytest

from draftdesk.heap import limit_malloc_arenas, settle_after_start


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_glibc_takes_the_arena_limit() -> None:
    assert limit_malloc_arenas() is True


def test_what_start_up_leaves_is_frozen() -> None:
    try:
        settle_after_start()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
