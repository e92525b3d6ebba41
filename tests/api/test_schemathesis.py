"""The API keeps to its own OpenAPI document, checked by Schemathesis.

A real server on loopback (uvicorn, SQLite, Chroma, Presidio, the template drafter: no
model, no network), with API keys configured so that the Bearer scheme is declared and
the auth checks have something to check. Every built-in check runs on every response:
no 5xx, only documented status codes, content types and headers, bodies that match
their schemas, invalid input refused, valid input accepted, a missing key refused,
undocumented methods answered 405 with `Allow`, responses in time. The examples,
coverage and fuzzing phases run with few fuzzed examples per operation, then short
stateful runs (create, read, edit, approve) over the links Schemathesis infers; all
derandomized, so CI sees the same requests every time.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, CheckContext, load_all_checks
from schemathesis.config import SchemathesisConfig

from draftdesk.app import create_app
from tests.api.conftest import ADMIN_KEY, KEYS, settings_for
from tests.support.live_server import LiveServer

# The document is built when the tests are collected (no lifespan: nothing starts);
# the keyed server (tests/api/conftest.py) must publish the very same one. The configuration is given, not
# discovered (no schemathesis.toml changes what runs): every check, and the one that is
# off unless asked for, response time, with a limit no healthy answer comes near.
DOCUMENT = create_app(settings_for(Path("var-not-used"), **KEYS)).openapi()
# The inbox's cursor is opaque: only one a page gave is valid, and any other string,
# however well formed, is refused (422). No schema can say which strings a server gave.
OPAQUE_CURSOR = {
    "include-path": "/v1/tickets",
    "include-method": "GET",
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]}},
}
CONFIG = SchemathesisConfig.from_dict({"checks": {"max_response_time": 10}, "operations": [OPAQUE_CURSOR]})
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
# The workflows send the key themselves, which would undo a "no key" negative case, so
# they generate valid requests only; the stateless test above covers the invalid ones.
WORKFLOW_CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"max_response_time": 10}, "generation": {"mode": "positive"}, "operations": [OPAQUE_CURSOR]}
)
workflow_schema = schemathesis.openapi.from_dict(DOCUMENT, config=WORKFLOW_CONFIG)


def test_the_server_publishes_the_document_under_test(keyed_server: LiveServer) -> None:
    assert httpx.get(f"{keyed_server.url}/openapi.json", timeout=30).json() == DOCUMENT


def test_every_check_schemathesis_has_is_on() -> None:
    load_all_checks()
    for result in schema.get_all_operations():
        config = schema.config.checks_config_for(operation=result.ok(), phase=None)
        context = CheckContext(
            override=None, auth=None, headers=None, config=config, transport_kwargs=None, response_checks=[]
        )
        enabled = {check.__name__ for check in context.internals.checks}
        assert enabled == set(CHECKS.get_all_names()) | {"max_response_time"}


@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_keeps_to_the_document(case: schemathesis.Case, keyed_server: LiveServer) -> None:
    # The admin key is valid everywhere; the checks themselves try no key and a wrong one.
    case.call_and_validate(base_url=keyed_server.url, headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=60)


def test_drafts_workflows_keep_to_the_document(keyed_server: LiveServer) -> None:
    """Stateful: a draft created, then read, edited and approved through the links
    Schemathesis finds in the document, every response checked as above."""

    class Workflow(workflow_schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, object]:
            return {"base_url": keyed_server.url, "headers": {"Authorization": f"Bearer {ADMIN_KEY}"}, "timeout": 60}

    Workflow.run(
        settings=settings(
            max_examples=10,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )

