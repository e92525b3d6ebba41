"""Each helpdesk's settings, from `DRAFTDESK_ZENDESK_*` and `DRAFTDESK_CHATWOOT_*`.

A helpdesk none of whose variables is set is not configured: its integration is off
(None). One that is half configured is a mistake, refused at start-up with the
variables named. Secrets are `SecretStr`: a repr, a log line or an error shows `**********`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from draftdesk.errors import ConfigurationError
from draftdesk.network import is_loopback


class _HelpdeskSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str
    signing_secret: SecretStr = Field(min_length=1)
    timeout_s: float = Field(default=10.0, gt=0, le=120)

    @field_validator("base_url")
    @classmethod
    def _safe_base_url(cls, value: str) -> str:
        """https, or http to this machine only (the fake helpdesk): credentials travel in
        headers. No user or password in the URL, where logs would show them."""
        parts = urlsplit(value.strip())
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://shop.zendesk.com")
        if parts.username or parts.password:
            raise ValueError("must not carry a user or password; the credentials have variables of their own")
        if parts.query or parts.fragment:
            raise ValueError("must not have a query or fragment")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ValueError("must use https (http only to 127.0.0.1 or localhost)")
        return value.strip().rstrip("/")


class ZendeskSettings(_HelpdeskSettings):
    """`base_url` is https://{subdomain}.zendesk.com; the API token authenticates as `email`."""

    email: str = Field(min_length=3, max_length=320)
    api_token: SecretStr = Field(min_length=1)


class ChatwootSettings(_HelpdeskSettings):
    """`base_url` is the Chatwoot installation; the token is an agent's or an agent bot's
    `api_access_token`; `signing_secret` is the webhook's secret."""

    api_access_token: SecretStr = Field(min_length=1)


HelpdeskSettings = TypeVar("HelpdeskSettings", bound=_HelpdeskSettings)

_PROBLEMS = {"missing": "is not set", "extra_forbidden": "is not one of ours"}

ZENDESK_PREFIX = "DRAFTDESK_ZENDESK_"
CHATWOOT_PREFIX = "DRAFTDESK_CHATWOOT_"


def zendesk_settings(environ: Mapping[str, str]) -> ZendeskSettings | None:
    return _from_environ(ZendeskSettings, environ, prefix=ZENDESK_PREFIX)


def chatwoot_settings(environ: Mapping[str, str]) -> ChatwootSettings | None:
    return _from_environ(ChatwootSettings, environ, prefix=CHATWOOT_PREFIX)


def _from_environ(
    model: type[HelpdeskSettings], environ: Mapping[str, str], *, prefix: str
) -> HelpdeskSettings | None:
    values = {
        name[len(prefix):].lower(): value
        for name, value in environ.items()
        if name.upper().startswith(prefix) and value.strip()
    }
    if not values:
        return None
    try:
        return model.model_validate(values)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_input=False, include_url=False):
            field = str(item["loc"][0]) if item["loc"] else ""
            variable = prefix + field.upper()
            message = _PROBLEMS.get(item["type"], item["msg"])
            problems.append(f"{variable} {message}")
        raise ConfigurationError("helpdesk settings: " + "; ".join(problems)) from None

