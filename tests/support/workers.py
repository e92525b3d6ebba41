"""Which pytest-xdist worker runs this test process, for resources the workers must not share."""

from __future__ import annotations

import os


def xdist_worker_number() -> int:
    """0 for worker gw0 and for a run without workers (`-n 0`), 1 for gw1, …"""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
