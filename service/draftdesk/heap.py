"""The heap of a long-running server process (glibc's malloc; elsewhere these do nothing).

- `limit_malloc_arenas`: glibc gives threads that allocate at once arenas of their own,
  up to eight per core, and memory freed in an arena stays there. A server whose thread
  pools draft, redact and write in parallel keeps tens of MB that way after a burst.
  Python holds the GIL while it allocates, so a few arenas cost it nothing.
- `settle_after_start`: what start-up left behind is collected, what lives as long as
  the process is moved out of the collector's way (`gc.freeze`: a full collection in
  a burst would otherwise walk millions of start-up objects, half a second measured,
  and forked workers keep sharing those pages), and free pages go back to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

_M_ARENA_MAX = -8  # mallopt's parameter, from glibc's malloc.h
MALLOC_ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def limit_malloc_arenas(count: int = MALLOC_ARENAS) -> bool:
    """Before the threads start; True when the C library took the limit."""
    libc = _libc()
    return libc is not None and hasattr(libc, "mallopt") and libc.mallopt(_M_ARENA_MAX, count) == 1


def settle_after_start() -> None:
    gc.collect()
    gc.freeze()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
