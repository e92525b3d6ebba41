"""Database fixtures: every store test runs on SQLite (a file on tmp_path) and on PostgreSQL.
And the recording model stub, one per test module, that the litellm drafter's tests share.

PostgreSQL is the server at 127.0.0.1:5432 (`DRAFTDESK_TEST_POSTGRES_PORT` to change the port),
database `test`, trust auth, user `postgres` or `root`. Each test
session works in a schema of its own (`search_path`), dropped at the end, so reruns
and parallel runs never see each other's rows; tables are emptied after each test.
Without a reachable server the PostgreSQL cases are skipped locally and fail in CI
(`CI` set): CI must never pass by silently skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete

from draftdesk.adapters.database import Base, Database, create_database

POSTGRES_HOST = "127.0.0.1"
# Another port lets a CI job map its server, and shows the skip (or the CI failure) on demand.
POSTGRES_PORT = int(os.environ.get("DRAFTDESK_TEST_POSTGRES_PORT", "5432"))
POSTGRES_DATABASE = "test"
POSTGRES_USERS = ("postgres", "root")


@pytest.fixture(scope="session")
def postgres_user() -> str:
    """The first user the server lets in; skipped (failed in CI) when there is no server."""
    for user in POSTGRES_USERS:
        try:
            with psycopg.connect(**_conninfo(user), connect_timeout=3):
                return user
        except psycopg.OperationalError:
            continue
    users = " or ".join(POSTGRES_USERS)
    reason = f"PostgreSQL is not reachable at {POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE} as {users}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL store tests")
    pytest.skip(reason)


def _conninfo(user: str) -> dict[str, object]:
    return {"host": POSTGRES_HOST, "port": POSTGRES_PORT, "dbname": POSTGRES_DATABASE, "user": user}


@contextmanager
def fresh_postgres_schema(user: str) -> Iterator[str]:
    """The URL of a new, empty schema of the test database; the schema is dropped afterwards."""
    schema = f"draftdesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_conninfo(user), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            f"postgresql+psycopg://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE}"
            f"?options=-csearch_path%3D{schema}"
        )
    finally:
        with psycopg.connect(**_conninfo(user), autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def postgres_database(postgres_user: str) -> Iterator[Database]:
    with fresh_postgres_schema(postgres_user) as url:
        database = create_database(url)
        database.create_schema()
        yield database
        database.dispose()


def sqlite_database(folder: Path) -> Database:
    database = create_database(f"sqlite:///{folder / 'var' / 'draftdesk.sqlite3'}")
    database.create_schema()
    return database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = sqlite_database(tmp_path)
        yield database
        database.dispose()
        return
    database = request.getfixturevalue("postgres_database")
    yield database
    with database.session(writes=True) as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database without tables yet, as a URL (for start-up: creating the schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'draftdesk.sqlite3'}"
        return
    with fresh_postgres_schema(request.getfixturevalue("postgres_user")) as url:
        yield url
