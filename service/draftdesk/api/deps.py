"""Dependencies: the desk, the settings, the wired services, and who the caller is.

Every /v1 route but the signed helpdesk webhooks says what it needs with
`dependencies=[requires(Permission.X)]`. The caller is found once per request
(`authenticate`) and kept in `request.state.caller`:

- no key configured anywhere (no DRAFTDESK_API_KEYS, no DRAFTDESK_ADMIN_API_KEYS, no
  stored key, not even a revoked one): the API is open (the loopback demo, see `serve`)
  and the caller is `anonymous`, with every permission;
- else a key of DRAFTDESK_ADMIN_API_KEYS is an `admin`, one of DRAFTDESK_API_KEYS an
  `env_key`, and a stored key has the role it was created with.

401 means "who are you?": no key, or a key that is none of ours (a non-ASCII or
malformed one included), or a revoked one; it always carries `WWW-Authenticate: Bearer`.
403 means "I know you, but no": the caller's role lacks the permission (the problem
names both).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute, RouteContext

from draftdesk.api.problems import InvalidApiKey
from draftdesk.config import Settings
from draftdesk.desk import DraftDesk
from draftdesk.errors import Unauthorized
from draftdesk.ports import KeyStore
from draftdesk.roles import (
    ANONYMOUS,
    ENV_ADMIN_KEYS_OWNER,
    ENV_KEYS_OWNER,
    Caller,
    Permission,
    PermissionDenied,
    Role,
)
from draftdesk.wiring import Services


# Async because they do no I/O: FastAPI runs a plain `def` dependency on a worker thread,
# a hop there and back (two context switches and a wait for the GIL) per dependency and
# request, three of them per draft for nothing.
async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


async def get_desk(request: Request) -> DraftDesk:
    return request.app.state.services.desk


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DeskDep = Annotated[DraftDesk, Depends(get_desk)]


def keys_required(settings: Settings, keys: KeyStore | None = None) -> bool:
    """Whether requests need a key: one is configured in the environment, or a key was
    ever stored (`keys`). Without any the API is open (local, loopback-only demo)."""
    return bool(settings.api_key_set or settings.admin_api_key_set) or (keys is not None and keys.has_keys())


def _presented_key(request: Request) -> bytes | None:
    """The Bearer token as the client sent it. Header values arrive decoded as latin-1,
    so encoding them back gives the bytes on the wire, whatever they are."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return token.encode("latin-1")
    except UnicodeEncodeError:  # cannot come from an HTTP header; still just bytes to compare
        return token.encode("utf-8", "surrogatepass")


def _matches(key: bytes, keys: frozenset[str]) -> bool:
    """Constant-time comparison of bytes: `compare_digest` raises on non-ASCII *str*."""
    return any(secrets.compare_digest(key, candidate.encode("utf-8")) for candidate in keys)


def identify(key: bytes | None, *, settings: Settings, keys: KeyStore) -> Caller:
    """The caller presenting `key` (None: no Bearer key sent); Unauthorized when a key
    is required and this is none of ours, or revoked."""
    if not keys_required(settings, keys):
        return ANONYMOUS
    if key is None:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    if _matches(key, settings.admin_api_key_set):
        return Caller(key_id=None, owner=ENV_ADMIN_KEYS_OWNER, role=Role.ADMIN)
    if _matches(key, settings.api_key_set):
        return Caller(key_id=None, owner=ENV_KEYS_OWNER, role=Role.ENV_KEY)
    stored = keys.find(key)
    if stored is None:
        raise InvalidApiKey("the API key is not valid")
    if stored.revoked_at is not None:
        raise InvalidApiKey("the API key was revoked")
    return Caller(key_id=stored.id, owner=stored.owner, role=stored.role)


def authenticate(request: Request, services: ServicesDep) -> Caller:
    """Once per request (FastAPI caches a dependency within one): the caller, also kept
    in `request.state.caller`."""
    caller = identify(_presented_key(request), settings=services.settings, keys=services.keys)
    request.state.caller = caller
    return caller


CallerDep = Annotated[Caller, Depends(authenticate)]


class _Requires:
    """The dependency `requires` makes: the caller, if its role has the permission."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, caller: CallerDep) -> Caller:  # async: no I/O, so no trip to a thread
        if not caller.may(self.permission):
            raise PermissionDenied(self.permission, caller)
        return caller


def requires(permission: Permission) -> DependsParam:
    """`dependencies=[requires(Permission.READ)]`: 401 without a valid key, 403 when the
    caller's role lacks `permission`."""
    return Depends(_Requires(permission))


def route_permissions(route: APIRoute | RouteContext) -> list[Permission]:
    """The permissions a route requires: its own and its router's (`iter_route_contexts`
    gives the routes as included in an app)."""
    dependencies = getattr(route, "dependencies", ())  # plain Starlette routes (/docs) have none
    return [d.dependency.permission for d in dependencies if isinstance(d.dependency, _Requires)]


def _require_every_permission(caller: CallerDep) -> Caller:
    for permission in Permission:
        if not caller.may(permission):
            raise PermissionDenied(permission, caller)
    return caller


# Before roles: any valid key (kept on the routers, so that a route added without a
# permission still needs a key), and an admin key (routes of branches written before
# roles, until they name the permission they need).
ApiKey = Depends(authenticate)
AdminKey = Depends(_require_every_permission)
