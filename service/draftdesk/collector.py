"""Python's cyclic garbage collector kept out of a server process's start.

A start imports some six thousand modules and loads models, dictionaries and word
lists: 800,000 objects that live as long as the process. On its usual thresholds the
collector walks all of them again at every full collection (ten in a start) and finds
next to nothing to free: about 1 s of CPU in a 7 s start, measured. So `draftdesk
serve` pauses it from its first heavy import (`paused_during_start_up`), the lifespan
freezes what the start has built once every part is built (`freeze_so_far`: modules,
models, dictionaries), `settle_after_start` (draftdesk.heap) collects what the warm-up
left and freezes the rest, and `resume_after_start_up` turns the collector back on.

The price: what was unreachable when the parts were frozen stays, never collected
(~6,000 objects, 1 MB, measured), against 0.3–0.5 s of CPU for one full collection
over everything.

Paused by a first-generation threshold of 0, not `gc.disable()`: spaCy's model loader
(srsly) wraps each read in `gc.disable()` … `gc.enable()`, which would end the pause
half-way through the start.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_thresholds_before: tuple[int, int, int] | None = None


def pause_during_start_up() -> None:
    """No automatic collection until `resume_after_start_up`."""
    global _thresholds_before
    if _thresholds_before is None:
        _thresholds_before = gc.get_threshold()
        gc.set_threshold(0, *_thresholds_before[1:])


def freeze_so_far() -> None:
    """While paused: every object so far out of the collector's sight (`gc.freeze`), so
    the collection that ends the start walks only what came after. Not paused (a test's
    app, an embedding program): nothing, the heap is not ours to freeze."""
    if _thresholds_before is not None:
        gc.freeze()


def resume_after_start_up() -> None:
    """The thresholds as they were before `pause_during_start_up`; nothing if not paused."""
    global _thresholds_before
    if _thresholds_before is not None:
        gc.set_threshold(*_thresholds_before)
        _thresholds_before = None


@contextmanager
def paused_during_start_up() -> Iterator[None]:
    """Paused inside; resumed on the way out unless resumed already (by the lifespan of
    the app served inside), also when the start fails before the app runs."""
    pause_during_start_up()
    try:
        yield
    finally:
        resume_after_start_up()
