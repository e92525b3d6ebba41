"""Stand-ins for the helpdesks around the app pages, all on this machine.

- `FAKE_ZAF_SDK`: served by the browser test in place of Zendesk's SDK (Playwright routes
  the CDN address to it). `ZAFClient.init()` answers with a client over the fixture in
  `window.__zafFixture`, records every call in `window.__zafCalls`, and does what
  Zendesk's proxy does for `secure: true` requests: puts the secure setting in for
  `{{setting.api_key}}`, out of the page's sight.
- `fake_chatwoot`: a Chatwoot dashboard as far as a dashboard app sees it: a page that
  frames the app and posts the conversation to it as JSON text, on load and whenever the
  app asks with "chatwoot-dashboard-app:fetch-info" (as Chatwoot's DashboardApp/Frame.vue
  does).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from draftdesk.testing.local_server import LocalServer

FAKE_ZAF_SDK = r"""
(() => {
  const fixture = window.__zafFixture;
  const calls = (window.__zafCalls = []);
  const parse = (text) => { try { return JSON.parse(text); } catch { return undefined; } };
  const client = {
    async get(paths) {
      const asked = Array.isArray(paths) ? paths : [paths];
      calls.push(["get", ...asked]);
      return Object.fromEntries(asked.map((path) => [path, fixture.data[path]]));
    },
    async metadata() {
      return { settings: fixture.settings };
    },
    async invoke(name, ...args) {
      calls.push(["invoke", name, ...args]);
      return {};
    },
    async request(options) {
      calls.push(["request", options.type, options.url, options.secure === true, options.headers.Authorization]);
      const authorization = options.headers.Authorization.replace("{{setting.api_key}}", fixture.secureApiKey);
      const headers = { Authorization: authorization };
      if (options.contentType) headers["Content-Type"] = options.contentType;
      const response = await fetch(options.url, { method: options.type, headers, body: options.data });
      const text = await response.text();
      const result = { status: response.status, responseText: text, responseJSON: parse(text), headers: {} };
      if (!response.ok) throw result;
      return result;
    },
  };
  window.ZAFClient = { init: () => client };
})();
"""

_DASHBOARD = """<!doctype html>
<html><head><meta charset="utf-8"><title>Chatwoot (fake)</title></head>
<body>
<iframe id="dashboard-app" src="{app_url}" width="900" height="1200"></iframe>
<script>
  const context = {context};
  const frame = document.getElementById("dashboard-app");
  window.fetchInfoRequests = 0;
  const send = () => frame.contentWindow.postMessage(JSON.stringify({{ event: "appContext", data: context }}), "*");
  frame.addEventListener("load", send);
  window.addEventListener("message", (event) => {{
    if (event.data === "chatwoot-dashboard-app:fetch-info") {{
      window.fetchInfoRequests += 1;
      send();
    }}
  }});
</script>
</body></html>
"""


@dataclass
class FakeChatwoot:
    """`GET /conversations/{id}` frames the app at `app_url` with that conversation's context."""

    app_url: str = ""
    contexts: dict[int, dict[str, object]] = field(default_factory=dict)

    def asgi(self) -> Starlette:
        async def dashboard(request: Request) -> HTMLResponse:
            context = self.contexts[int(request.path_params["conversation"])]
            return HTMLResponse(_DASHBOARD.format(app_url=self.app_url, context=json.dumps(context)))

        return Starlette(routes=[Route("/conversations/{conversation}", dashboard)])


def chatwoot_context(*, account_id: int, conversation_id: int, agent: str, customer: dict[str, str], text: str) -> dict:
    """What Chatwoot posts: the conversation (display id, account, the loaded messages with
    Chatwoot's numeric message types: 0 incoming, 1 outgoing), the contact, the agent."""
    return {
        "conversation": {
            "id": conversation_id,
            "account_id": account_id,
            "inbox_id": 1,
            "status": "open",
            "meta": {"sender": {"id": 5, **customer}, "channel": "Channel::Email"},
            "messages": [
                {"id": 100, "content": "Older message", "message_type": 0, "private": False},
                {"id": 102, "content": "Our private note", "message_type": 1, "private": True},
                {"id": 101, "content": text, "message_type": 0, "private": False},
            ],
        },
        "contact": {"id": 5, **customer},
        "currentAgent": {"id": 3, "name": agent, "email": "agent@example.com"},
    }


@contextmanager
def serving(app: Starlette, *, name: str) -> Iterator[str]:
    """`app` on 127.0.0.1 (a free port) while the block runs; yields its URL."""
    server = LocalServer(app, name=name)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
