"""The Jinja2 environment for prompts and reply templates (files under prompts/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from draftdesk.formatting import format_amount, format_date


def template_environment(prompts_dir: Path) -> Environment:
    """StrictUndefined: a missing variable fails in tests, never silently in an e-mail.
    Templates are read once per process (no auto_reload): checking every file's time on
    every render cost more than the rendering; edits to prompts/ take effect on restart."""
    env = Environment(
        auto_reload=False,
        loader=FileSystemLoader(str(prompts_dir)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = lambda value, language: format_date(
        value if isinstance(value, date) else date.fromisoformat(str(value)), language
    )
    env.filters["amount"] = lambda value, currency, language: format_amount(
        float(value), currency, language
    )
    return env
