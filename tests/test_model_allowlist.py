"""options.model: a request may only choose a model on the operator's allow-list, since
the operator's key goes with the request to whatever provider the string names."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from draftdesk.config import Settings
from draftdesk.domain import Ticket
from draftdesk.errors import InvalidInput
from draftdesk.wiring import Services
from tests.conftest import services_on


def _settings(tmp_path, **overrides) -> Settings:
    return Settings(var_dir=tmp_path, database_url="", **overrides)


@pytest.mark.parametrize(
    ("overrides", "allowed"),
    [
        ({}, ("template",)),
        ({"model": "openai/gpt-4o-mini", "model_fallbacks": "anthropic/claude-3-5-haiku-latest, ollama/llama3.1"},
         ("openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "ollama/llama3.1", "template")),
        ({"model": "openai/gpt-4o-mini", "model_fallbacks": "ollama/llama3.1", "model_allowlist": "openai/gpt-4o, "},
         ("openai/gpt-4o-mini", "openai/gpt-4o", "template")),
    ],
    ids=["default", "model_and_fallbacks", "explicit_list"],
)
def test_the_allow_list_defaults_to_the_configured_models(tmp_path, overrides, allowed):
    assert _settings(tmp_path, **overrides).allowed_models == allowed


def test_the_allow_list_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTDESK_MODEL_ALLOWLIST", "openai/gpt-4o-mini,ollama/llama3.1")
    monkeypatch.setenv("DRAFTDESK_DRAFT_DEADLINE_S", "7.5")
    settings = Settings(var_dir=tmp_path)
    assert settings.allowed_models == ("template", "openai/gpt-4o-mini", "ollama/llama3.1")
    assert settings.draft_deadline_s == 7.5


@pytest.fixture(scope="module")
def services(demo_var_dir: Path) -> Services:
    """A model and a fallback configured, on the demo store and index (nothing is drafted)."""
    return services_on(demo_var_dir, model="openai/stub-model", model_fallbacks="openai/stub-fallback", draft_deadline_s=12)


@pytest.mark.parametrize(
    "asked",
    ["openai/gpt-4o", "anthropic/claude-3-opus-latest", "openai/stub-model ", "OPENAI/STUB-MODEL",
     "openai/stub-model,template", "http://attacker.example/v1"],
)
def test_a_model_off_the_list_is_invalid_input_naming_the_allowed_values(services, asked):
    with pytest.raises(InvalidInput) as raised:
        services.drafter(asked)
    assert raised.value.status_code == 422
    assert raised.value.detail == (
        f"model {asked!r} is not on the allow-list (options.model, --model); "
        "allowed: openai/stub-model, openai/stub-fallback, template (DRAFTDESK_MODEL_ALLOWLIST)"
    )


@pytest.mark.parametrize("asked", [None, "", "template", "openai/stub-model", "openai/stub-fallback"])
def test_the_configured_models_and_template_may_be_chosen(services, asked):
    drafter = services.drafter(asked)
    assert drafter.name == (asked or "openai/stub-model")
    assert services.desk.draft_deadline_s == 12


def test_the_desk_refuses_before_anything_is_drafted_or_stored(tmp_path):
    services = Services(_settings(tmp_path, model="template"))
    ticket = Ticket.model_validate({"id": "T-X", "body": "まだ届きません"})
    with pytest.raises(InvalidInput, match="allowed: template"):
        asyncio.run(services.desk.create(ticket, agent=None, model="openai/gpt-4o"))
