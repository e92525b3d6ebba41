"""Draftdesk: drafts replies to customer e-mails for online shops."""

import os

# Offline facts of every machine we run on: litellm must not fetch its price map,
# Chroma must not phone home, nothing may pull model weights from a hub.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

__version__ = "0.1.0"
