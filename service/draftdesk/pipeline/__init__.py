"""The pipeline stages, one module each; `reply.ReplyPipeline` runs them in order.

intake → context → redact → retrieve → draft → restore → check, then approve.
"""
