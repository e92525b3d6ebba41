"""One process at a time prepares what the processes of a deployment share (the demo
shop's orders, the policy index): API workers and `draftdesk worker`s start in any order,
the first does the work, the others wait and then find it done.

On PostgreSQL an advisory lock, which covers every machine on the database and goes
away with the connection of a process that dies; on SQLite, which only the processes of
one machine share, a lock on a file in the var dir (released by the kernel likewise).
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from draftdesk.adapters.database import Database

log = logging.getLogger("draftdesk.startup")

_START_UP_LOCK_KEY = 0x64726166747374  # any fixed number apart from the schema's; "draftst" in ASCII


@contextmanager
def start_up_lock(database: Database, *, lock_file: Path) -> Iterator[None]:
    """Held by one process of the deployment at a time; `lock_file` serves SQLite."""
    if database.engine.dialect.name == "postgresql":
        with _advisory_lock(database):
            yield
    else:
        with _file_lock(lock_file):
            yield


@contextmanager
def _advisory_lock(database: Database) -> Iterator[None]:
    with database.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _START_UP_LOCK_KEY}).scalar()
        if not taken:
            log.info("another process is preparing the store and the policy index: waiting for it")
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _START_UP_LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _START_UP_LOCK_KEY})


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("another process is preparing the store and the policy index: waiting for it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
