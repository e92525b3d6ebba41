"""Helpdesk settings from the environment: off when absent, refused when half there or
unsafe, secrets never shown."""

from __future__ import annotations

import pytest

from draftdesk.errors import ConfigurationError
from draftdesk.integrations.settings import ChatwootSettings, ZendeskSettings, chatwoot_settings, zendesk_settings

ZENDESK_ENV = {
    "DRAFTDESK_ZENDESK_BASE_URL": "https://hanamachi.zendesk.com/",
    "DRAFTDESK_ZENDESK_EMAIL": "drafts@hanamachi-tea.example",
    "DRAFTDESK_ZENDESK_API_TOKEN": "zd-api-token-4f9c2e71b8",
    "DRAFTDESK_ZENDESK_SIGNING_SECRET": "zendesk-signing-secret",
}
CHATWOOT_ENV = {
    "DRAFTDESK_CHATWOOT_BASE_URL": "https://chat.hanamachi-tea.example",
    "DRAFTDESK_CHATWOOT_API_ACCESS_TOKEN": "cw-access-token-9a3d5b0c17",
    "DRAFTDESK_CHATWOOT_SIGNING_SECRET": "chatwoot-signing-secret",
    "DRAFTDESK_CHATWOOT_TIMEOUT_S": "4.5",
}
UNRELATED = {"DRAFTDESK_MODEL": "template", "PATH": "/usr/bin"}


def test_not_configured_is_off() -> None:
    assert zendesk_settings(UNRELATED) is None and chatwoot_settings(UNRELATED) is None
    assert zendesk_settings(CHATWOOT_ENV) is None and chatwoot_settings(ZENDESK_ENV) is None
    assert zendesk_settings({"DRAFTDESK_ZENDESK_EMAIL": "  "}) is None  # set but empty counts as unset


def test_configured() -> None:
    zendesk = zendesk_settings(ZENDESK_ENV | CHATWOOT_ENV | UNRELATED)
    assert isinstance(zendesk, ZendeskSettings)
    assert zendesk.base_url == "https://hanamachi.zendesk.com"  # no trailing slash: paths are appended
    assert zendesk.api_token.get_secret_value() == "zd-api-token-4f9c2e71b8"
    assert zendesk.timeout_s == 10.0
    chatwoot = chatwoot_settings(ZENDESK_ENV | CHATWOOT_ENV)
    assert isinstance(chatwoot, ChatwootSettings)
    assert chatwoot.timeout_s == 4.5 and chatwoot.signing_secret.get_secret_value() == "chatwoot-signing-secret"


def test_secrets_are_never_shown() -> None:
    zendesk, chatwoot = zendesk_settings(ZENDESK_ENV), chatwoot_settings(CHATWOOT_ENV)
    shown = " ".join([repr(zendesk), str(zendesk), repr(chatwoot), str(chatwoot),
                      zendesk.model_dump_json(), chatwoot.model_dump_json()])  # type: ignore[union-attr]
    for secret in ("zd-api-token-4f9c2e71b8", "zendesk-signing-secret", "cw-access-token-9a3d5b0c17", "chatwoot-signing-secret"):
        assert secret not in shown


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({k: v for k, v in ZENDESK_ENV.items() if k != "DRAFTDESK_ZENDESK_API_TOKEN"}, "DRAFTDESK_ZENDESK_API_TOKEN is not set"),
        ({"DRAFTDESK_ZENDESK_SIGNING_SECRET": "s"}, "DRAFTDESK_ZENDESK_BASE_URL is not set"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_BASE_URL": "http://hanamachi.zendesk.com"}, "must use https"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_BASE_URL": "https://me:pw@hanamachi.zendesk.com"}, "must not carry a user or password"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_BASE_URL": "hanamachi.zendesk.com"}, "must be an http(s) URL"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_BASE_URL": "https://x.zendesk.com/?a=1"}, "must not have a query"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_TIMEOUT_S": "0"}, "DRAFTDESK_ZENDESK_TIMEOUT_S"),
        (ZENDESK_ENV | {"DRAFTDESK_ZENDESK_SUBDOMAIN": "hanamachi"}, "DRAFTDESK_ZENDESK_SUBDOMAIN is not one of ours"),
    ],
    ids=["no token", "only a secret", "http", "credentials in the URL", "no scheme", "query", "zero timeout", "unknown variable"],
)
def test_half_configured_or_unsafe_is_refused_with_the_variable_named(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        zendesk_settings(environ)
    assert named in refused.value.detail
    for value in ("zd-api-token-4f9c2e71b8", "zendesk-signing-secret", "pw@"):
        assert value not in refused.value.detail


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8123", "http://localhost:3000", "http://[::1]:8080"])
def test_http_only_to_this_machine(base_url: str) -> None:
    settings = chatwoot_settings(CHATWOOT_ENV | {"DRAFTDESK_CHATWOOT_BASE_URL": base_url})
    assert settings is not None and settings.base_url == base_url
