"""The template environment: strict, and reading each template once per process."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from draftdesk.adapters.prompts import template_environment


def test_a_template_is_read_once_and_edits_take_effect_on_restart(tmp_path: Path) -> None:
    """No file-time check on every render (it cost more than the rendering)."""
    (tmp_path / "note.j2").write_text("before {{ value }}", encoding="utf-8")
    env = template_environment(tmp_path)
    assert env.get_template("note.j2").render(value=1) == "before 1"
    (tmp_path / "note.j2").write_text("after {{ value }}", encoding="utf-8")
    assert env.get_template("note.j2").render(value=1) == "before 1"
    assert template_environment(tmp_path).get_template("note.j2").render(value=1) == "after 1"


def test_a_missing_variable_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "note.j2").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(UndefinedError):
        template_environment(tmp_path).get_template("note.j2").render()
