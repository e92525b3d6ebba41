"""What every page Draftdesk serves shares: the templates, the Content-Security-Policy
and the headers that go with it.

Pages hold no data of their own; what they show comes through the API and goes in as
text (draft text quotes the customer), and the policy keeps it that way: scripts and
styles from this server only, requests to this server only.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

HERE = Path(__file__).parent

templates = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)


def content_security_policy(*, scripts: tuple[str, ...] = (), frame_ancestors: tuple[str, ...]) -> str:
    """Only this server's scripts and styles (plus `scripts`), requests to this server
    only, no plugins, no forms, no <base>; framed only by `frame_ancestors`."""
    directives = {
        "default-src": "'none'",
        "script-src": " ".join(("'self'", *scripts)),
        "style-src": "'self'",
        "img-src": "'self'",
        "connect-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": " ".join(frame_ancestors),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def page_response(html: str, *, policy: str) -> HTMLResponse:
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            # The page holds no data of its own, but a cached copy would outlive a new release.
            "Cache-Control": "no-cache",
        },
    )
