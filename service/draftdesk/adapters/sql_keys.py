"""SqlKeyStore: API keys with roles, in the `api_keys` table of the stores' database.

Only the SHA-256 of a key is stored; the key itself is shown once, when it is created,
and is never written or logged. A key is `dd_` and 32 random bytes (URL-safe base64),
so its hash cannot be searched out, and looking a presented key up by its hash tells
a timing observer nothing about any stored key. Rows are never deleted: revoking sets
`revoked_at`, and the id, owner and role stay for the audit trail that names them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Mapped, mapped_column

from draftdesk.adapters.database import Base, Database
from draftdesk.adapters.sql_drafts import utc_now
from draftdesk.errors import NotFound
from draftdesk.roles import ApiKeyInfo, IssuedKey, KeyRole, key_owner, key_role

KEY_PREFIX = "dd_"


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(unique=True)  # hex SHA-256 of the key's bytes
    owner: Mapped[str]
    role: Mapped[str]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


_ANY_KEY = select(exists().select_from(ApiKeyRow))


def key_hash(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()


class SqlKeyStore:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._database = database
        self._clock = clock
        self._has_keys = False  # once true, true for good: rows are never deleted

    def create(self, *, owner: str, role: str) -> IssuedKey:
        """A new key for `owner` with `role`; InvalidInput for a bad owner or role."""
        owner, checked_role = key_owner(owner), key_role(role)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKeyRow(
            id=f"key_{secrets.token_hex(6)}",
            key_hash=key_hash(key.encode("ascii")),
            owner=owner,
            role=checked_role.value,
            created_at=self._clock(),
        )
        with self._database.session(writes=True) as session:
            session.add(row)
        self._has_keys = True
        return IssuedKey(**_info(row).model_dump(), key=key)

    def all_keys(self) -> list[ApiKeyInfo]:
        """Every key, revoked ones too, oldest first."""
        with self._database.session() as session:
            rows = session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id))
            return [_info(row) for row in rows]

    def revoke(self, key_id: str) -> ApiKeyInfo:
        """The key, revoked from now on (a key revoked before keeps its time); NotFound."""
        with self._database.session(writes=True) as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"no API key with id {key_id}")
            if row.revoked_at is None:
                row.revoked_at = self._clock()
            return _info(row)

    def find(self, key: bytes) -> ApiKeyInfo | None:
        """The stored key whose hash is this key's, revoked or not; None when none is."""
        presented = key_hash(key)
        with self._database.session() as session:
            row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == presented))
            if row is None or not secrets.compare_digest(row.key_hash, presented):
                return None
            return _info(row)

    def has_keys(self) -> bool:
        """Whether any key was ever stored (revoked ones count: revoking the last key
        must not open the API)."""
        if not self._has_keys:
            self._has_keys = bool(self._database.scalar(_ANY_KEY))  # read on every request while there is none
        return self._has_keys


def _info(row: ApiKeyRow) -> ApiKeyInfo:
    role: KeyRole = key_role(row.role)
    return ApiKeyInfo(id=row.id, owner=row.owner, role=role, created_at=row.created_at, revoked_at=row.revoked_at)
