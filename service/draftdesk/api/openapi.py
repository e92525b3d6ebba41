"""The OpenAPI document, made to say what the service does.

- Every error a route can answer is listed with the shared `Problem` schema under
  `application/problem+json` (FastAPI would write the route's own media type, and its
  own 422 shape, which this API never sends).
- The Bearer scheme is declared on `/v1` when API keys are configured, and each
  operation names the permissions it needs (`x-permissions`, see `draftdesk.roles`).
- What the settings decide is in the document: the models `options.model` may name
  and the longest ticket body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from draftdesk.api.deps import route_permissions
from draftdesk.api.problems import PROBLEM, Problem
from draftdesk.config import Settings

_PROBLEM_REF = "#/components/schemas/Problem"
_DESCRIPTIONS = {
    400: "The request body could not be read (not UTF-8)",
    401: "No API key, or not a valid one (see WWW-Authenticate)",
    403: "A valid API key without the right for this endpoint",
    404: "No such draft",
    409: "Conflicts with the current state (see detail)",
    413: "The request body is over the size limit",
    422: "The request is not valid; detail names each field",
    502: "The model failed and no fallback could draft",
    503: "A store or redaction is unavailable; nothing was sent to a model",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a router or route: these statuses answer with a Problem."""
    return {status: {"model": Problem, "description": _DESCRIPTIONS[status]} for status in statuses}


def allowed_models(settings: Settings) -> list[str]:
    """What `options.model` may name (DRAFTDESK_MODEL_ALLOWLIST, see Settings)."""
    return list(settings.allowed_models)


def install_openapi(app: FastAPI, settings: Settings, *, keys_required: Callable[[], bool]) -> None:
    generate = app.openapi  # FastAPI's own, cached until the routes change
    finished: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        document = generate()
        if not finished or finished[0] is not document:
            _problems_as_problem_json(document)
            _bearer_scheme(document, required=keys_required())
            _permissions(document, app)
            _settings_limits(document, settings)
            finished[:] = [document]
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, item in document.get("paths", {}).items() for op in item.values()]


def _problems_as_problem_json(document: dict[str, Any]) -> None:
    for _, operation in _operations(document):
        for response in operation.get("responses", {}).values():
            content = response.get("content", {})
            for media_type in [m for m, c in content.items() if c.get("schema") == {"$ref": _PROBLEM_REF}]:
                content[PROBLEM] = content.pop(media_type)


def _bearer_scheme(document: dict[str, Any], *, required: bool) -> None:
    if not required:
        return
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})["apiKey"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A key from `draftdesk keys create` or POST /v1/keys (its role decides what it may do), "
        "or from DRAFTDESK_API_KEYS / DRAFTDESK_ADMIN_API_KEYS",
    }
    for path, operation in _operations(document):
        if path.startswith("/v1/"):
            operation.setdefault("security", [{"apiKey": []}])  # the webhooks say `[]`: they are signed instead


def _permissions(document: dict[str, Any], app: FastAPI) -> None:
    paths = document.get("paths", {})
    for route in iter_route_contexts(app.routes):
        permissions = route_permissions(route)
        for method in route.methods or () if permissions else ():
            if operation := paths.get(route.path_format, {}).get(method.lower()):
                operation["x-permissions"] = [permission.value for permission in permissions]


def _settings_limits(document: dict[str, Any], settings: Settings) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    if body := schemas.get("TicketIn", {}).get("properties", {}).get("body"):
        body["maxLength"] = settings.max_body_chars
    if model := schemas.get("DraftOptions", {}).get("properties", {}).get("model"):
        for choice in model.get("anyOf", [model]):
            if choice.get("type") == "string":
                choice["enum"] = allowed_models(settings)
