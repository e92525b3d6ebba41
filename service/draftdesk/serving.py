"""`draftdesk serve`: one API process, or `--workers N` of them behind one port.

Several workers are uvicorn's processes (spawned, each importing `worker_app`), sharing
the database, the policy vectors (a Chroma server, or the embedded Chroma's folder, which
each worker reads into memory: `chroma_knowledge.EmbeddedStore`) and a folder where
each leaves its /metrics counters for the others. They start in any order: the first
prepares the demo shop and the policy index, the others wait for it
(`draftdesk.startup`), and a worker takes connections only once its start-up is done.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from draftdesk.api.metrics import clear_shared_folder
from draftdesk.app import create_app
from draftdesk.collector import pause_during_start_up, resume_after_start_up
from draftdesk.config import Settings
from draftdesk.wiring import Services

METRICS_DIR_VARIABLE = "DRAFTDESK_METRICS_DIR"
SERVE_LOGGERS = ("draftdesk.jobs", "draftdesk.startup")  # at INFO on stderr, beside uvicorn's log
# uvicorn's 5 s is far less than a worker's start-up (models loaded, the index checked;
# 15-35 s on a busy 2-core machine): a worker replaced on SIGHUP has this long to be
# ready, and a worker that answers no health check for this long is replaced.
WORKER_START_S = 120


def serve(services: Services, *, host: str, port: int, workers: int) -> None:
    """Serve until stopped: the app over `services` in this process, or `worker_app` in
    each of `workers` processes."""
    import uvicorn

    if workers == 1:
        if services.settings.metrics_dir is not None:  # set by hand: its counts restart from 0 too
            clear_shared_folder(services.settings.metrics_dir)
        uvicorn.run(create_app(services=services), host=host, port=port, log_level="info")
        return
    services.database.dispose()  # the workers open their own connections
    resume_after_start_up()  # this process only watches the workers: its start is over
    # Each worker reads its settings from this environment, the metrics folder included.
    os.environ[METRICS_DIR_VARIABLE] = str(_fresh_metrics_dir(services.settings))
    uvicorn.run(
        "draftdesk.serving:worker_app", factory=True, host=host, port=port, workers=workers, log_level="info",
        timeout_worker_healthcheck=WORKER_START_S,
    )


def _fresh_metrics_dir(settings: Settings) -> Path:
    """The configured folder, else var/metrics, without the counts of an earlier run."""
    folder = settings.metrics_dir or settings.var_dir / "metrics"
    folder.mkdir(parents=True, exist_ok=True)
    clear_shared_folder(folder)
    return folder


def worker_app() -> FastAPI:
    """The app of one worker process (uvicorn calls this in each): logging as `serve`
    sets it up, settings from the environment."""
    from draftdesk.cli import _log_to_stderr

    pause_during_start_up()  # until the app is ready (its lifespan resumes the collector)
    _log_to_stderr(*SERVE_LOGGERS)
    return create_app(Settings())
