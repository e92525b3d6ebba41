"""Settings from the environment (prefix DRAFTDESK_). Only entry points read them."""

from __future__ import annotations

import os
from datetime import datetime
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from draftdesk.integrations.settings import ChatwootSettings, ZendeskSettings, chatwoot_settings, zendesk_settings

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout's top level (evals/, tests/ and the shop data live there); an installed
# wheel has no such folder, only the shop data it bundles (`shop_data_dir`).
PROJECT_ROOT = PACKAGE_DIR.parents[1]


def shop_data_dir() -> Path:
    """The folder holding the demo shop's `knowledge/` and `prompts/`: bundled into the
    package by the wheel build (`draftdesk/demo_shop/`), else the checkout's top level."""
    bundled = PACKAGE_DIR / "demo_shop"
    return bundled if bundled.is_dir() else PROJECT_ROOT


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRAFTDESK_", extra="ignore")

    database_url: str = ""
    chroma_url: str = ""
    model: str = "template"
    model_api_base: str | None = None
    model_api_key: str | None = None
    model_timeout_s: float = Field(default=30.0, gt=0)
    model_retries: int = Field(default=2, ge=0, le=10)
    model_fallbacks: str = ""
    # Model strings a request may choose (options.model, --model), comma-separated; empty:
    # the configured model and its fallbacks. The configured model and `template` always are.
    model_allowlist: str = ""
    # Seconds one draft may spend on the model, every attempt and fallback model together,
    # before the template drafter answers instead.
    draft_deadline_s: float = Field(default=20.0, gt=0)
    embedding: str = "offline"
    api_keys: str = ""
    admin_api_keys: str = ""
    now: datetime | None = None

    # The store and the index go where the service is started, whichever way it was installed.
    var_dir: Path = Field(default_factory=lambda: Path.cwd() / "var")
    knowledge_dir: Path = Field(default_factory=lambda: shop_data_dir() / "knowledge")
    prompts_dir: Path = Field(default_factory=lambda: shop_data_dir() / "prompts")
    load_demo: bool = True
    # Where the API workers of one `draftdesk serve --workers N` leave their /metrics
    # counters for each other (set by serve; empty: one process, counters in memory).
    metrics_dir: Path | None = None
    # `serve` drafts once per language and freezes its start-up heap before it answers (see
    # app.py); false starts it sooner, for tests that start many servers.
    warm_up: bool = True
    max_body_chars: int = Field(default=50_000, gt=0)

    # The helpdesks: from DRAFTDESK_ZENDESK_* and DRAFTDESK_CHATWOOT_* (integrations.settings);
    # None when none of a helpdesk's variables is set, and its webhook answers 404.
    zendesk: ZendeskSettings | None = Field(default_factory=lambda: zendesk_settings(os.environ))
    chatwoot: ChatwootSettings | None = Field(default_factory=lambda: chatwoot_settings(os.environ))

    # Background drafting jobs. Without a queue URL they run in the `serve` process, from
    # the job table; with one (redis://host:6379/0) the API only enqueues and
    # `draftdesk worker` processes run them.
    queue_url: str = ""
    queue_name: str = Field(default="draftdesk:jobs", min_length=1, max_length=100)
    job_concurrency: int = Field(default=4, ge=0, le=64)  # per process; 0: `serve` runs no jobs
    job_max_attempts: int = Field(default=6, ge=1, le=50)
    job_backoff_s: float = Field(default=2.0, gt=0)  # the first retry's backoff; doubles each time
    job_backoff_cap_s: float = Field(default=300.0, gt=0)
    job_lease_s: float = Field(default=60.0, gt=0)  # a dead worker's job is taken over after this
    job_poll_s: float = Field(default=1.0, gt=0)
    job_sweep_s: float = Field(default=30.0, gt=0)  # a job due this long without a worker is announced again

    @field_validator("now")
    @classmethod
    def _now_has_timezone(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("DRAFTDESK_NOW needs a UTC offset, e.g. 2026-11-20T12:00:00+09:00")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("DRAFTDESK_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("queue_url")
    @classmethod
    def _known_queue(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("DRAFTDESK_QUEUE_URL must be a redis://, rediss:// or unix:// URL")
        return value

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            if self.database_url.startswith("postgresql://"):
                return "postgresql+psycopg://" + self.database_url.removeprefix("postgresql://")
            return self.database_url
        return f"sqlite:///{self.var_dir / 'draftdesk.sqlite3'}"

    @property
    def chroma_path(self) -> Path:
        return self.var_dir / "chroma"

    @property
    def fallback_models(self) -> list[str]:
        return [m.strip() for m in self.model_fallbacks.split(",") if m.strip()]

    @property
    def allowed_models(self) -> tuple[str, ...]:
        """What a request may ask for by model string, in a stable order."""
        listed = [m.strip() for m in self.model_allowlist.split(",") if m.strip()]
        return tuple(dict.fromkeys([self.model, *(listed or self.fallback_models), "template"]))

    @property
    def api_key_set(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def admin_api_key_set(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.admin_api_keys.split(",") if k.strip())
