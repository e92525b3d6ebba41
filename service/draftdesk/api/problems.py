"""RFC 9457 problem+json for every error; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Scope

from draftdesk.domain import Finding
from draftdesk.errors import DraftdeskError, Unauthorized
from draftdesk.pipeline.approve import ApprovalBlocked
from draftdesk.roles import PermissionDenied

log = logging.getLogger("draftdesk.api")

PROBLEM = "application/problem+json"
BEARER_CHALLENGE = 'Bearer realm="draftdesk"'


class Problem(BaseModel):
    """RFC 9457 problem details: how every error of this API is answered."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="A URI naming the kind of problem (about:blank: only the status says)")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    instance: str = Field(description="The request path")
    findings: list[Finding] | None = Field(
        default=None, description="409 on approval: the error findings that block it"
    )
    permission: str | None = Field(default=None, description="403: the permission the caller's role lacks")
    role: str | None = Field(default=None, description="403: the caller's role")


class InvalidApiKey(Unauthorized):
    """A key was sent but is not one of ours (RFC 6750: error="invalid_token")."""


def _printable(text: str) -> str:
    """Text as UTF-8 can carry it: a lone surrogate (say in the name of an unknown JSON
    key we echo) becomes the escape `\\ud800` instead of breaking the response."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def problem(
    request: Request,
    *,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    body = {
        "type": type_,
        "title": _printable(title),
        "status": status,
        "detail": _printable(detail),
        "instance": _printable(request.url.path),
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def problem_for(request: Request, exc: DraftdeskError) -> JSONResponse:
    """The one rendering of our errors (the handler's and the body-limit middleware's)."""
    extra: dict[str, object] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, ApprovalBlocked):
        extra["findings"] = [f.model_dump(mode="json") for f in exc.blocking]
    if isinstance(exc, PermissionDenied):
        extra.update(permission=exc.permission.value, role=exc.role.value)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = BEARER_CHALLENGE + (
            ', error="invalid_token"' if isinstance(exc, InvalidApiKey) else ""
        )
    return problem(
        request,
        status=exc.status_code,
        title=exc.title,
        detail=exc.detail,
        type_=exc.type_uri,
        headers=headers or None,
        **extra,
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(routes: list[BaseRoute], scope: Scope) -> list[str]:
    """Every method some route answers at this path (Starlette's own 405 names only the
    first route that matched the path: GET, but not the PUT next to it). Mounts answer
    for themselves (the console's files say GET, HEAD)."""
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**scope, "method": method})[0] == Match.FULL
            for route in routes
            if not isinstance(route, Mount)
        )
    ]


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DraftdeskError)
    async def _ours(request: Request, exc: DraftdeskError) -> JSONResponse:
        return problem_for(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            parts = list(error.get("loc", ()))
            if error.get("type") == "json_invalid":
                position = parts[-1] if len(parts) > 1 else "?"
                problems.append(f"the request body is not valid JSON (error at character {position})")
                continue
            if parts[:1] == ["body"]:
                parts = parts[1:]
            location = ".".join(str(p) for p in parts) or "body"
            problems.append(f"{location}: {error.get('msg', 'invalid')}")
        return problem(
            request,
            status=422,
            title="Invalid input",
            detail="; ".join(problems),
            type_="https://draftdesk.dev/problems/invalid-input",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and (methods := allowed_methods(request.app.router.routes, request.scope)):
            headers = {k: v for k, v in headers.items() if k.lower() != "allow"} | {"Allow": ", ".join(methods)}
        if exc.status_code == 401:
            headers.setdefault("WWW-Authenticate", BEARER_CHALLENGE)
        return problem(
            request, status=exc.status_code, title=str(exc.detail), detail=str(exc.detail), headers=headers or None
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type only: messages of library errors can carry ticket text.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem(request, status=500, title="Internal error", detail="an unexpected error occurred")
