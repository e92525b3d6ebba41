"""Dependencies: the desk, the settings, the wired services and API-key authentication.

401 means "who are you?": no key, or a key that is none of ours (a non-ASCII or
malformed one included); it always carries `WWW-Authenticate: Bearer`. 403 means "I
know you, but no": a valid key without the right (an agent key on an admin endpoint).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from draftdesk.api.problems import InvalidApiKey
from draftdesk.config import Settings
from draftdesk.desk import DraftDesk
from draftdesk.errors import Forbidden, Unauthorized
from draftdesk.wiring import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return get_services(request).settings


def get_desk(request: Request) -> DraftDesk:
    return get_services(request).desk


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DeskDep = Annotated[DraftDesk, Depends(get_desk)]


def keys_required(settings: Settings) -> bool:
    """Without configured keys the API is open (local, loopback-only demo: see `serve`)."""
    return bool(settings.api_key_set or settings.admin_api_key_set)


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


def _known_key(request: Request, settings: Settings, *, what: str) -> bytes:
    key = _presented_key(request)
    if key is None:
        raise Unauthorized(f"send {what} as 'Authorization: Bearer <key>'")
    if not _matches(key, settings.api_key_set | settings.admin_api_key_set):
        raise InvalidApiKey("the API key is not valid")
    return key


def require_api_key(request: Request, settings: SettingsDep) -> None:
    if keys_required(settings):
        _known_key(request, settings, what="an API key")


def require_admin(request: Request, settings: SettingsDep) -> None:
    if not keys_required(settings):
        return
    key = _known_key(request, settings, what="an admin API key")
    if not _matches(key, settings.admin_api_key_set):
        raise Forbidden("this endpoint needs an admin API key (DRAFTDESK_ADMIN_API_KEYS)")


ApiKey = Depends(require_api_key)
AdminKey = Depends(require_admin)
