"""Dependencies: the wired services and API-key authentication."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from service.desk import DraftDesk
from service.errors import Forbidden, Unauthorized
from service.wiring import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_desk(request: Request) -> DraftDesk:
    return request.app.state.desk


ServicesDep = Annotated[Services, Depends(get_services)]
DeskDep = Annotated[DraftDesk, Depends(get_desk)]


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _matches(key: str, keys: frozenset[str]) -> bool:
    return any(secrets.compare_digest(key, candidate) for candidate in keys)


def require_api_key(request: Request, services: ServicesDep) -> None:
    """Without configured keys the API is open (local, loopback-only demo: see `serve`)."""
    keys = services.settings.api_key_set | services.settings.admin_api_key_set
    if not keys:
        return
    key = _presented_key(request)
    if key is None:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    if not _matches(key, keys):
        raise Unauthorized("the API key is not valid")


def require_admin(request: Request, services: ServicesDep) -> None:
    settings = services.settings
    if not (settings.api_key_set or settings.admin_api_key_set):
        return
    key = _presented_key(request)
    if key is None:
        raise Unauthorized("send an admin API key as 'Authorization: Bearer <key>'")
    if not _matches(key, settings.admin_api_key_set):
        raise Forbidden("this endpoint needs an admin API key (DRAFTDESK_ADMIN_API_KEYS)")


ApiKey = Depends(require_api_key)
AdminKey = Depends(require_admin)
