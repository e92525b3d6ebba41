"""Serve's start-up warm-up (DRAFTDESK_WARM_UP): a template draft per language and the
start-up heap frozen before the first request; the other tests that start a server skip it."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import httpx
import pytest

from draftdesk.app import create_app
from tests.api.conftest import settings_for
from tests.support.live_server import LiveServer

WARMED_UP = "warmed up: a template draft in ja and en"


def test_the_server_warms_up_before_it_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="draftdesk")
    try:
        with LiveServer(create_app(settings_for(tmp_path, warm_up=True))) as live:
            frozen = gc.get_freeze_count()
            answered = httpx.get(f"{live.url}/healthz", timeout=30).status_code
    finally:
        gc.unfreeze()  # the heap of this test process is not the server's to keep
    assert WARMED_UP in caplog.text and frozen > 0 and answered == 200


def test_without_the_warm_up_nothing_is_drafted_or_frozen(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="draftdesk")
    with LiveServer(create_app(settings_for(tmp_path))) as live:
        frozen = gc.get_freeze_count()
        answered = httpx.get(f"{live.url}/healthz", timeout=30).status_code
    assert WARMED_UP not in caplog.text and frozen == 0 and answered == 200
