"""Database fixtures: every store test runs on SQLite (a file on tmp_path) and on PostgreSQL.

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
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete

from service.adapters.database import Base, Database, create_database

POSTGRES_HOST = "127.0.0.1"
# Another port lets a CI job map its server, and shows the skip (or the CI failure) on demand.
POSTGRES_PORT = int(os.environ.get("DRAFTDESK_TEST_POSTGRES_PORT", "5432"))
POSTGRES_DATABASE = "test"
POSTGRES_USERS = ("postgres", "root")


def _postgres_user() -> str | None:
    for user in POSTGRES_USERS:
        try:
            with psycopg.connect(
                host=POSTGRES_HOST, port=POSTGRES_PORT, dbname=POSTGRES_DATABASE, user=user, connect_timeout=3
            ):
                return user
        except psycopg.OperationalError:
            continue
    return None


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    user = _postgres_user()
    if user is None:
        users = " or ".join(POSTGRES_USERS)
        reason = f"PostgreSQL is not reachable at {POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE} as {users}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL store tests")
        pytest.skip(reason)
    schema = f"draftdesk_test_{uuid.uuid4().hex[:12]}"
    conninfo = {"host": POSTGRES_HOST, "port": POSTGRES_PORT, "dbname": POSTGRES_DATABASE, "user": user}
    with psycopg.connect(**conninfo, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    database = create_database(
        f"postgresql+psycopg://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE}"
        f"?options=-csearch_path%3D{schema}"
    )
    try:
        database.create_schema()
        yield database
    finally:
        database.dispose()
        with psycopg.connect(**conninfo, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


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
