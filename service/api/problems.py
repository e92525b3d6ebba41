"""RFC 9457 problem+json for every error; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import DraftdeskError
from service.pipeline.approve import ApprovalBlocked

log = logging.getLogger("draftdesk.api")

PROBLEM = "application/problem+json"


def problem(
    request: Request, *, status: int, title: str, detail: str, type_: str = "about:blank", **extra: object
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": request.url.path}
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DraftdeskError)
    async def _ours(request: Request, exc: DraftdeskError) -> JSONResponse:
        extra: dict[str, object] = {}
        if isinstance(exc, ApprovalBlocked):
            extra["findings"] = [f.model_dump(mode="json") for f in exc.blocking]
        return problem(
            request, status=exc.status_code, title=exc.title, detail=exc.detail, type_=exc.type_uri, **extra
        )

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
        return problem(request, status=exc.status_code, title=str(exc.detail), detail=str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type only: messages of library errors can carry ticket text.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem(request, status=500, title="Internal error", detail="an unexpected error occurred")
