"""Who may do what: permissions, the roles that hold them, and the caller of a request.

A role is a set of permissions (the table `PERMISSIONS`); an API key has one role. Keys
stored by `draftdesk keys create` / `POST /v1/keys` have one of `KEY_ROLES`. The keys of
the environment keep working: a key from DRAFTDESK_API_KEYS is an `env_key` (what an
agent or an integrator may do), one from DRAFTDESK_ADMIN_API_KEYS is an `admin`. With no
key configured anywhere the API is open (the loopback demo) and every caller is
`anonymous`, with every permission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from draftdesk.domain import Frozen
from draftdesk.errors import Forbidden, InvalidInput
from draftdesk.text.visible import visible_length


class Permission(StrEnum):
    DRAFT = "draft"  # create drafts (and retry a helpdesk's drafting job)
    EDIT = "edit"  # change a draft's text: edits, rewrites
    APPROVE = "approve"
    CHECK = "check"  # check any reply text against the house style
    READ = "read"  # drafts, tickets, versions, jobs
    REINDEX = "reindex"  # the policy index
    AUDIT = "audit"  # the audit trail
    STATS = "stats"
    KEYS = "keys"  # create, list and revoke API keys


class Role(StrEnum):
    AGENT = "agent"
    INTEGRATOR = "integrator"
    ADMIN = "admin"
    ENV_KEY = "env_key"  # a key from DRAFTDESK_API_KEYS
    ANONYMOUS = "anonymous"  # no key is configured anywhere: the loopback demo


_AGENT = frozenset({Permission.DRAFT, Permission.EDIT, Permission.APPROVE, Permission.READ})
_INTEGRATOR = frozenset({Permission.DRAFT, Permission.CHECK, Permission.READ})

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: _AGENT,
    Role.INTEGRATOR: _INTEGRATOR,
    Role.ADMIN: frozenset(Permission),
    Role.ENV_KEY: _AGENT | _INTEGRATOR,
    Role.ANONYMOUS: frozenset(Permission),
}

KeyRole = Literal[Role.AGENT, Role.INTEGRATOR, Role.ADMIN]
KEY_ROLES: tuple[KeyRole, ...] = (Role.AGENT, Role.INTEGRATOR, Role.ADMIN)
"""The roles a stored key can have."""

ENV_KEYS_OWNER = "DRAFTDESK_API_KEYS"
ENV_ADMIN_KEYS_OWNER = "DRAFTDESK_ADMIN_API_KEYS"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a request: a stored key (its id and owner), a key of the environment
    (no id; the variable is the owner) or, with no key configured, `anonymous`."""

    key_id: str | None
    owner: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]


ANONYMOUS = Caller(key_id=None, owner="anonymous", role=Role.ANONYMOUS)


class PermissionDenied(Forbidden):
    """403: the caller is known, but its role lacks the permission (named in the problem)."""

    def __init__(self, permission: Permission, caller: Caller) -> None:
        super().__init__(f"this needs the '{permission}' permission, which the role '{caller.role}' does not have")
        self.permission = permission
        self.role = caller.role


class ApiKeyInfo(Frozen):
    """A stored key as anyone may see it: never the key itself (only its hash is stored)."""

    id: str
    owner: str
    role: KeyRole
    created_at: datetime
    revoked_at: datetime | None = None


class IssuedKey(ApiKeyInfo):
    """A key just created: the only time the key is shown."""

    key: str


def key_role(name: str) -> KeyRole:
    """The role a stored key may have by this name; InvalidInput naming the choices."""
    for role in KEY_ROLES:
        if name == role.value:
            return role
    raise InvalidInput(f"role: {name!r} is not a role a key can have; choose {', '.join(KEY_ROLES)}")


MAX_OWNER_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def key_owner(name: str) -> str:
    """Who holds a key (a person or a system), as the audit trail will name them: 1 to
    100 characters, something visible, no control characters."""
    if _CONTROL.search(name):
        raise InvalidInput("owner: control characters are not allowed")
    if len(name) > MAX_OWNER_LENGTH:
        raise InvalidInput(f"owner: at most {MAX_OWNER_LENGTH} characters")
    if visible_length(name) == 0:
        raise InvalidInput("owner: the name shows nothing")
    return name
