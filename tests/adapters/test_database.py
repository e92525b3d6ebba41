"""The database's write sessions on SQLite: this process's writers take turns on a lock
of their own, never in SQLite's busy handler (which sleeps up to 100 ms at a time)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event, text

from draftdesk.adapters.database import Database
from tests.adapters.conftest import sqlite_database

WRITERS = 8


def concurrent_writes(database: Database) -> tuple[list[BaseException], int]:
    """WRITERS threads each holding a write transaction for a moment, all at once: the
    errors, and the most that were inside a transaction together."""
    start, count = threading.Barrier(WRITERS), threading.Lock()
    errors: list[BaseException] = []
    inside = most = 0

    def write(n: int) -> None:
        nonlocal inside, most
        start.wait()
        try:
            with database.session(writes=True) as session:
                with count:
                    inside += 1
                    most = max(most, inside)
                session.execute(text("INSERT INTO probe (n) VALUES (:n)"), {"n": n})
                time.sleep(0.01)
                with count:
                    inside -= 1
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, most


def test_sqlite_writers_queue_in_the_process_not_in_the_busy_handler(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path)
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE probe (n INTEGER)"))
    database.engine.dispose()
    # No busy timeout at all: a writer that met SQLite's lock would fail at once.
    event.listen(database.engine, "connect", lambda connection, _: connection.execute("PRAGMA busy_timeout=0"))
    errors, most = concurrent_writes(database)
    assert errors == [] and most == 1
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM probe")).scalar() == WRITERS
    database.dispose()


def test_scalar_reads_one_value_on_a_plain_connection(tmp_path: Path) -> None:
    from draftdesk.adapters.database import create_database

    assert create_database(f"sqlite:///{tmp_path / 'scalar.db'}").scalar(text("SELECT 41 + 1")) == 42
