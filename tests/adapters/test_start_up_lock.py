"""The start-up lock: while one process prepares the store and the index, another waits
(an advisory lock on PostgreSQL, a file lock beside SQLite); two connections or two
open files here stand for two processes."""

from __future__ import annotations

import threading
from pathlib import Path

from draftdesk.adapters.database import Database, create_database
from draftdesk.adapters.start_up_lock import start_up_lock


def test_a_second_holder_waits_for_the_first(database: Database, tmp_path: Path) -> None:
    lock_file = tmp_path / "start-up.lock"
    # A second engine: its own connections, as another process would have.
    other = create_database(database.engine.url.render_as_string(hide_password=False))
    order: list[str] = []
    second_has_it = threading.Event()

    def second() -> None:
        with start_up_lock(other, lock_file=lock_file):
            order.append("second")
            second_has_it.set()

    try:
        with start_up_lock(database, lock_file=lock_file):
            waiting = threading.Thread(target=second)
            waiting.start()
            assert not second_has_it.wait(timeout=0.5)
            order.append("first done")
        assert second_has_it.wait(timeout=10)
        waiting.join(timeout=10)
    finally:
        other.dispose()
    assert order == ["first done", "second"]


def test_the_lock_is_free_again_after_an_error(database: Database, tmp_path: Path) -> None:
    lock_file = tmp_path / "start-up.lock"
    try:
        with start_up_lock(database, lock_file=lock_file):
            raise RuntimeError("the index could not be built")
    except RuntimeError:
        pass
    taken = threading.Event()

    def again() -> None:
        with start_up_lock(database, lock_file=lock_file):
            taken.set()

    threading.Thread(target=again).start()
    assert taken.wait(timeout=10)
