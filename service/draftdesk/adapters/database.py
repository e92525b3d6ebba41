"""The SQL database behind the order, draft and job stores (SQLAlchemy 2).

SQLite on a laptop (`sqlite:///…/var/draftdesk.sqlite3`, in WAL mode with a busy
timeout so several API workers can share the file) and PostgreSQL in production
(`postgresql+psycopg://…`). Library errors leave this module as
`StoreUnavailable`, whose message names the failure class and never a value:
driver messages can quote the rows they failed on, and rows hold personal data.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Connection, DateTime, Engine, Executable, Table, create_engine, event, inspect, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.schema import CreateColumn
from sqlalchemy.types import TypeDecorator

from draftdesk.errors import ConfigurationError, DraftdeskError, StoreUnavailable

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option read by the SQLite "begin" hook: write transactions take the
# write lock up front, so a read-then-write never fails half-way on a busy file.
_IMMEDIATE = "draftdesk_immediate"
_SCHEMA_LOCK_KEY = 0x647261667464  # any fixed number; "draftd" in ASCII


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a UTC offset")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON().with_variant(JSONB(), "postgresql"),
    }


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(**{_IMMEDIATE: True}), expire_on_commit=False)
        # SQLite has one writer. Its other writers wait by sleeping and polling (1, 2, 5 …
        # 100 ms), long after the lock is free; this process's writers queue here instead
        # and go the moment the one before them commits. Other processes still meet the
        # busy timeout.
        self._sqlite_writer = threading.RLock() if engine.dialect.name == "sqlite" else None
        # The write transaction `transaction()` opened in this thread (or task), which every
        # `session()` inside it joins.
        self._open: ContextVar[Session | None] = ContextVar(f"draftdesk_transaction_{id(self)}", default=None)

    def create_schema(self) -> None:
        """Create missing tables; existing ones get the columns added since they were
        created (`add_missing_columns`), rows an older version wrote are brought up to date
        once (`sql_drafts.upgrade_legacy_rows`), and tickets without an inbox row get one
        (`sql_inbox.fill_from_stored`)."""
        # The stores' tables register on Base when their modules are imported.
        from draftdesk.adapters import (  # noqa: F401
            sql_drafts,
            sql_edits,
            sql_inbox,
            sql_jobs,
            sql_keys,
            sql_model_calls,
            sql_orders,
        )

        writer = self.engine.execution_options(**{_IMMEDIATE: True})
        with _translated("creating the schema"), writer.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                # API workers start together: one creates the tables, the others wait, then find them.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            Base.metadata.create_all(connection)
            for table in Base.metadata.sorted_tables:
                add_missing_columns(connection, table)
            sql_drafts.upgrade_legacy_rows(connection)
            sql_inbox.fill_from_stored(connection)

    @contextmanager
    def session(self, *, writes: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        `writes=True` takes SQLite's write lock at BEGIN (other writers wait up to the
        busy timeout) instead of failing when a read turns into a write.

        Inside `transaction()` the block is a savepoint of that transaction instead: what
        it wrote is kept only if the whole transaction commits, and a block that raises
        undoes its own writes alone (a store that retries on a unique-key race can).
        """
        joined = self._open.get()
        if joined is not None:
            with _translated("writing" if writes else "reading"), joined.begin_nested():
                yield joined
            return
        factory = self._write_sessions if writes else self._sessions
        queued = self._sqlite_writer if writes and self._sqlite_writer is not None else nullcontext()
        with queued, _translated("writing" if writes else "reading"), factory.begin() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction that every store's `session()` inside the block joins
        (in this thread, or this task): all their writes are committed together, or none.
        One BEGIN, one COMMIT and one turn at SQLite's write lock for several stores'
        writes, where each would otherwise take its own."""
        if self._open.get() is not None:  # already inside one: the outer one decides
            yield
            return
        with self.session(writes=True) as session:
            token = self._open.set(session)
            try:
                yield
            finally:
                self._open.reset(token)

    def scalar(self, statement: Executable) -> Any:
        """One read of one value on a plain connection: no ORM session begun and committed
        around it (half the CPU of `session()` for a per-request check such as the key
        store's). Not inside `transaction()`: this reads what is committed."""
        with _translated("reading"), self.engine.connect() as connection:
            return connection.execute(statement).scalar()

    def scalars(self, statement: Executable) -> list[Any]:
        """The first column of every row `statement` reads: on a plain connection (no ORM
        session begun and committed around it: the order look-ups of every draft), or,
        inside `transaction()`, in that transaction, as `session()` reads."""
        joined = self._open.get()
        if joined is not None:
            with _translated("reading"), joined.begin_nested():
                return list(joined.scalars(statement))
        with _translated("reading"), self.engine.connect() as connection:
            return list(connection.execute(statement).scalars())

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            log.warning("database ping failed: %s", describe_failure(exc))
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def add_missing_columns(connection: Connection, table: Table) -> list[str]:
    """Add the columns of `table` that its stored table lacks (create_all leaves existing
    tables alone); returns their names. A column added to a model later must be nullable
    without a default, so that the rows stored before read as null."""
    stored = {column["name"] for column in inspect(connection).get_columns(table.name)}
    missing = [column for column in table.columns if column.name not in stored]
    for column in missing:
        if not column.nullable or column.server_default is not None or column.primary_key:
            raise ValueError(f"{table.name}.{column.name}: a column added later must be nullable, without a default")
        definition = CreateColumn(column).compile(dialect=connection.dialect)
        name = connection.dialect.identifier_preparer.format_table(table)
        connection.execute(text(f"ALTER TABLE {name} ADD COLUMN {definition}"))
    return [column.name for column in missing]


def create_database(url: str) -> Database:
    """An engine for `url`; a SQLite file's folder is created if missing."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError("DRAFTDESK_DATABASE_URL: not a database URL") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url, parsed.database)
        else:
            engine = create_engine(url, pool_pre_ping=True, json_serializer=_json_without_nul)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigurationError(
            f"DRAFTDESK_DATABASE_URL: cannot use the '{parsed.drivername}' driver ({type(exc).__name__})"
        ) from None
    return Database(engine)


def _json_without_nul(value: object) -> str:
    """Stored JSON without NUL characters: PostgreSQL refuses them in text and JSONB
    (22P05), and no mail or reply means anything by one."""
    return _ESCAPED_NUL.sub(r"\1", json.dumps(value))


# \u0000 escaping a NUL, not the text \u0000 a customer typed (then its backslash is escaped)
_ESCAPED_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    in_memory = not database or database == ":memory:" or database.startswith("file::memory:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # The driver's own transaction handling is switched off so that BEGIN is ours.
    engine = create_engine(url, connect_args={"isolation_level": None}, json_serializer=_json_without_nul)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        if not in_memory:
            _use_wal(dbapi_connection)
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(connection: sqlite3.Connection) -> None:
    """WAL lets readers and one writer share the file. The mode is kept in the file, so
    only the first connection ever switches; switching needs the file to itself, and a
    worker that loses that race at first start keeps the default mode until it reconnects."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        log.info("SQLite stays in its journal mode for now: %s", exc.sqlite_errorname)


@contextmanager
def _translated(doing: str) -> Iterator[None]:
    try:
        yield
    except DraftdeskError:
        raise
    except SQLAlchemyError as exc:
        failure = describe_failure(exc)
        log.warning("database failure while %s: %s", doing, failure)
        raise StoreUnavailable(f"the database failed while {doing}: {failure}") from None


def describe_failure(exc: SQLAlchemyError) -> str:
    """The failure's class and the driver's error code, never its message (it may quote values)."""
    original = getattr(exc, "orig", None)
    if original is None:
        return type(exc).__name__
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    names = dict.fromkeys((type(exc).__name__, type(original).__name__))  # once each, in order
    name = "/".join(names)
    return f"{name} {code}" if code else name


def is_unique_violation(exc: SQLAlchemyError) -> bool:
    """True when `exc` is a unique-constraint violation on SQLite or PostgreSQL."""
    original = getattr(exc, "orig", None)
    return getattr(original, "sqlstate", None) == "23505" or getattr(original, "sqlite_errorname", None) in {
        "SQLITE_CONSTRAINT_UNIQUE",
        "SQLITE_CONSTRAINT_PRIMARYKEY",
    }


def load_stored(model: type[M], data: dict[str, Any], *, what: str) -> M:
    """A model from its stored JSON; a row an older model wrote names its fields, never its values."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors(include_input=False)})
        raise StoreUnavailable(f"stored {what} no longer matches the model ({', '.join(fields)})") from None
