"""The OpenAPI document says what the service answers: every problem response with the
shared Problem schema under application/problem+json, the stream as 200
text/event-stream, the Bearer scheme when keys are configured, the settings' limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.app import create_app
from tests.api.conftest import settings_for

PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}

# The problem statuses each operation documents (at least).
EXPECTED = {
    ("post", "/v1/drafts"): {400, 401, 409, 413, 422, 502, 503},
    ("get", "/v1/drafts/{draft_id}"): {401, 404, 413, 503},
    ("put", "/v1/drafts/{draft_id}"): {400, 401, 404, 409, 413, 422, 503},
    ("post", "/v1/drafts/{draft_id}/approve"): {400, 401, 404, 409, 413, 422, 503},
    ("post", "/v1/drafts/{draft_id}/check"): {400, 401, 404, 413, 422, 503},
    ("post", "/v1/drafts/{draft_id}/rewrite"): {400, 401, 403, 404, 409, 413, 422, 502, 503},
    ("get", "/v1/drafts/{draft_id}/model-calls"): {401, 403, 404, 413, 422, 503},
    ("get", "/v1/drafts/{draft_id}/diff"): {401, 403, 404, 413, 422, 503},
    ("get", "/v1/stats"): {401, 403, 413, 422, 503},
    ("post", "/v1/check"): {400, 401, 413, 422, 503},
    ("get", "/v1/tickets/{ticket_id}/draft"): {401, 404, 413, 422, 503},
    ("get", "/v1/tickets"): {401, 413, 422, 503},
    ("post", "/v1/tickets"): {401, 413, 422, 503},
    ("get", "/v1/tickets/{ticket_id}"): {401, 404, 413, 422, 503},
    ("post", "/v1/knowledge/reindex"): {401, 403, 413, 503},
    ("get", "/healthz"): {413},
    ("get", "/readyz"): {413},
    ("get", "/metrics"): {413},
    ("post", "/v1/integrations/zendesk/webhook"): {401, 404, 413, 422, 503},
    ("post", "/v1/integrations/chatwoot/webhook"): {401, 404, 413, 422, 503},
    ("get", "/v1/jobs/{job_id}"): {401, 404, 413},
    ("post", "/v1/jobs/{job_id}/retry"): {401, 404, 409, 413},
    ("get", "/v1/drafts/{draft_id}/versions"): {401, 403, 404, 413, 503},
    ("get", "/v1/drafts/{draft_id}/audit"): {401, 403, 404, 413, 503},
    ("post", "/v1/keys"): {400, 401, 403, 413, 422, 503},
    ("get", "/v1/keys"): {401, 403, 413, 503},
    ("delete", "/v1/keys/{key_id}"): {401, 403, 404, 413, 503},
}


def document(**overrides: object) -> dict:
    return create_app(settings_for(Path("var-not-used"), **overrides)).openapi()


@pytest.fixture(scope="module")
def doc() -> dict:
    return document()


def operations(doc: dict) -> dict[tuple[str, str], dict]:
    return {(method, path): op for path, item in doc["paths"].items() for method, op in item.items()}


def test_every_operation_documents_its_problems_as_problem_json(doc):
    found = operations(doc)
    assert set(found) == set(EXPECTED)
    for key, operation in found.items():
        errors = {int(code): response for code, response in operation["responses"].items() if int(code) >= 400}
        assert EXPECTED[key] <= set(errors), key
        for code, response in errors.items():
            if key == ("get", "/readyz") and code == 503:
                continue  # not a problem: the readiness report, with its checks
            assert response["content"] == PROBLEM_CONTENT, (key, code)
            assert response["description"], (key, code)


def test_the_shared_problem_schema_is_rfc_9457(doc):
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance"}
    assert problem["additionalProperties"] is True
    assert "HTTPValidationError" not in doc["components"]["schemas"]  # FastAPI's 422 shape is never sent


def test_creating_is_201_json_and_streaming_is_200_event_stream(doc):
    responses = doc["paths"]["/v1/drafts"]["post"]["responses"]
    assert responses["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Draft"}
    assert "Location" in responses["201"]["headers"]
    stream = responses["200"]["content"]["text/event-stream"]["schema"]
    assert [event["properties"]["event"]["const"] for event in stream["oneOf"]] == ["section", "draft", "error"]


def test_the_bearer_scheme_is_declared_only_when_keys_are_configured(doc):
    assert "securitySchemes" not in doc.get("components", {})
    keyed = document(api_keys="k")
    assert keyed["components"]["securitySchemes"]["apiKey"] == keyed["components"]["securitySchemes"]["apiKey"] | {
        "type": "http",
        "scheme": "bearer",
    }
    for (method, path), operation in operations(keyed).items():
        keyed_path = path.startswith("/v1/") and not path.startswith("/v1/integrations/")  # webhooks are signed
        assert (operation.get("security") == [{"apiKey": []}]) is keyed_path, (method, path)


def test_every_operation_behind_a_key_names_its_permission_and_can_answer_403(doc):
    for (method, path), operation in operations(doc).items():
        keyed_path = path.startswith("/v1/") and not path.startswith("/v1/integrations/")
        assert bool(operation.get("x-permissions")) is keyed_path, (method, path)
        assert ("403" in operation["responses"]) is keyed_path, (method, path)
    assert operations(doc)[("get", "/v1/drafts/{draft_id}/audit")]["x-permissions"] == ["audit"]


def test_the_settings_limits_are_in_the_document():
    doc = document(max_body_chars=1234, model_fallbacks="openai/stub-fallback")
    schemas = doc["components"]["schemas"]
    assert schemas["TicketIn"]["properties"]["body"]["maxLength"] == 1234
    model = next(c for c in schemas["DraftOptions"]["properties"]["model"]["anyOf"] if c.get("type") == "string")
    assert model["enum"] == ["template", "openai/stub-fallback"]


def test_the_server_publishes_this_document(client, doc):
    assert client.get("/openapi.json").json() == doc
