"""For tests and `draftdesk eval` only, never the running service: a local
OpenAI-compatible model stub, a loopback server, the model-request guard, processes
and the webhook burst harness. Not part of the wheel (pyproject excludes it)."""
