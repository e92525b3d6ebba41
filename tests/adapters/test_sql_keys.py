"""SqlKeyStore on SQLite and PostgreSQL: keys shown once, only their hashes stored,
revoked for good, never deleted."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from draftdesk.adapters.database import Base, Database
from draftdesk.adapters.sql_keys import SqlKeyStore
from draftdesk.errors import InvalidInput, NotFound
from draftdesk.roles import ApiKeyInfo, Role
from sqlalchemy import select

START = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


class TickingClock:
    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> datetime:
        self.readings += 1
        return START + timedelta(minutes=self.readings - 1)


@pytest.fixture()
def keys(database: Database) -> SqlKeyStore:
    return SqlKeyStore(database, clock=TickingClock())


def every_stored_value(database: Database) -> str:
    with database.session() as session:
        return "\n".join(
            json.dumps(list(row), ensure_ascii=False, default=str)
            for table in Base.metadata.sorted_tables
            for row in session.execute(select(table))
        )


def test_a_key_is_shown_once_and_only_its_hash_is_stored(keys: SqlKeyStore, database: Database) -> None:
    issued = keys.create(owner="鈴木 花子", role="agent")
    assert issued.key.startswith("dd_") and len(issued.key) == 3 + 43  # 32 bytes, URL-safe base64
    assert (issued.owner, issued.role, issued.created_at, issued.revoked_at) == ("鈴木 花子", Role.AGENT, START, None)
    stored = every_stored_value(database)
    assert issued.key not in stored and issued.key[3:] not in stored
    assert hashlib.sha256(issued.key.encode()).hexdigest() in stored
    assert keys.all_keys() == [ApiKeyInfo(**issued.model_dump(exclude={"key"}))]
    assert "key" not in keys.all_keys()[0].model_dump()


def test_keys_are_found_by_the_key_itself(keys: SqlKeyStore) -> None:
    agent = keys.create(owner="alice", role="agent")
    admin = keys.create(owner="ops", role="admin")
    assert keys.find(agent.key.encode()) == ApiKeyInfo(**agent.model_dump(exclude={"key"}))
    assert keys.find(admin.key.encode()).role == Role.ADMIN  # type: ignore[union-attr]
    assert agent.key != admin.key and agent.id != admin.id
    for unknown in (b"dd_wrong", agent.key.encode() + b"x", agent.key[:-1].encode(), b"", "kä".encode()):
        assert keys.find(unknown) is None


def test_revoking_is_for_good_and_keeps_the_key_listed(keys: SqlKeyStore) -> None:
    issued = keys.create(owner="alice", role="integrator")
    revoked = keys.revoke(issued.id)
    assert revoked.revoked_at == START + timedelta(minutes=1)
    assert keys.revoke(issued.id).revoked_at == revoked.revoked_at  # again: no change
    assert keys.find(issued.key.encode()) == revoked  # found, so that it can be refused as revoked
    assert keys.all_keys() == [revoked]
    with pytest.raises(NotFound, match="no API key with id key_nope"):
        keys.revoke("key_nope")


def test_once_a_key_was_stored_keys_are_required_even_after_revoking_it(database: Database) -> None:
    keys = SqlKeyStore(database)
    assert keys.has_keys() is False
    issued = SqlKeyStore(database).create(owner="alice", role="agent")  # another process, say
    assert keys.has_keys() is True
    keys.revoke(issued.id)
    assert SqlKeyStore(database).has_keys() is True


def test_keys_are_listed_oldest_first(keys: SqlKeyStore) -> None:
    created = [keys.create(owner=f"owner {n}", role=role).id for n, role in enumerate(["admin", "agent", "integrator"])]
    assert [key.id for key in keys.all_keys()] == created


@pytest.mark.parametrize(
    ("owner", "role", "message"),
    [
        ("alice", "env_key", "role: 'env_key' is not a role a key can have; choose agent, integrator, admin"),
        ("alice", "anonymous", "is not a role a key can have"),
        ("alice", "Admin", "is not a role a key can have"),
        ("", "agent", "owner: the name shows nothing"),
        ("\u200b\u3000 ", "agent", "owner: the name shows nothing"),
        ("ali\nce", "agent", "owner: control characters are not allowed"),
        ("a" * 101, "agent", "owner: at most 100 characters"),
    ],
)
def test_a_bad_owner_or_role_stores_nothing(keys: SqlKeyStore, owner: str, role: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        keys.create(owner=owner, role=role)
    assert keys.all_keys() == [] and keys.has_keys() is False
