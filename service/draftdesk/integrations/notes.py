"""The private note a draft goes back as: the reply, then its findings and cited passages.

The templates are the shop's to edit: `prompts/notes/{ja,en}/zendesk.html.j2` (an HTML
comment body) and `chatwoot.md.j2` (a message; Chatwoot renders markdown and sanitises
HTML). Zendesk's is autoescaped: the reply quotes the customer, and whatever the customer
wrote must arrive as text, not markup. StrictUndefined: a misspelt variable fails in
tests, never silently in a note.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from draftdesk.domain import Draft, Finding, Severity

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.SUGGESTION: 2}


class NoteRenderer:
    def __init__(self, prompts_dir: Path) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(prompts_dir / "notes")),
            undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["lines"] = _lines

    def zendesk_html(self, draft: Draft) -> str:
        return self._render(draft, "zendesk.html.j2")

    def chatwoot_markdown(self, draft: Draft) -> str:
        return self._render(draft, "chatwoot.md.j2")

    def _render(self, draft: Draft, name: str) -> str:
        template = self._env.get_template(f"{draft.language}/{name}")
        return template.render(draft=draft, findings=ordered_findings(draft.findings)).strip() + "\n"


def ordered_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then suggestions; in the order of the text within each."""
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.start))


def _lines(text: str) -> Markup:
    """Each line escaped, joined with <br>: the reply's line breaks survive in HTML."""
    return Markup("<br>\n").join(escape(line) for line in text.splitlines())
