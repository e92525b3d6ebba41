"""What every process of a deployment does before it serves or runs jobs: the demo
shop's orders into an empty store, the policy index brought in line with `knowledge/`
and the intent scorer trained and the name lexicons built (or both read back from the
var folder), by one process at a
time (`start_up_lock`), so that of several API workers started together the first
builds the index and the scorer and the others wait and find them built."""

from __future__ import annotations

import logging

from draftdesk.adapters.chroma_knowledge import IngestReport
from draftdesk.adapters.start_up_lock import start_up_lock
from draftdesk.wiring import Services

log = logging.getLogger("draftdesk.startup")


def prepare_shared_state(services: Services) -> IngestReport:
    with start_up_lock(services.database, lock_file=services.settings.var_dir / "start-up.lock"):
        loaded = services.load_demo_shop()
        if loaded:
            log.info("demo shop loaded: %d orders", loaded[0])
        report = services.sync_knowledge()
        services.keep_intent_scorer()
        services.keep_lexicons()
    log.info(
        "knowledge indexed: %d passages (%d added, %d updated, %d removed)",
        len(services.passages), len(report.added), len(report.updated), len(report.removed),
    )  # fmt: skip
    return report
