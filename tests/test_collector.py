"""The collector paused through a server's start: no automatic collection until the
lifespan resumes it, whoever turns `gc.enable()` on in between; frozen only when paused."""

from __future__ import annotations

import gc

import pytest

from typer.testing import CliRunner

from draftdesk import cli
from draftdesk.collector import freeze_so_far, pause_during_start_up, paused_during_start_up, resume_after_start_up


@pytest.fixture()
def thresholds():
    before = gc.get_threshold()
    yield before
    resume_after_start_up()
    gc.set_threshold(*before)
    gc.unfreeze()


def test_a_paused_collector_collects_nothing_until_resumed(thresholds) -> None:
    pause_during_start_up()
    gc.disable()
    gc.enable()  # what spaCy's loader does around each read
    collections = gc.get_stats()[0]["collections"]
    garbage = []
    for _ in range(50_000):
        cycle: list[object] = []
        cycle.append(cycle)
        garbage.append(cycle)
    del garbage
    assert gc.get_stats()[0]["collections"] == collections

    resume_after_start_up()
    assert gc.get_threshold() == thresholds


def test_pausing_twice_resumes_to_the_first_thresholds(thresholds) -> None:
    pause_during_start_up()
    pause_during_start_up()
    resume_after_start_up()
    assert gc.get_threshold() == thresholds


def test_only_a_paused_start_freezes(thresholds) -> None:
    freeze_so_far()
    assert gc.get_freeze_count() == 0
    pause_during_start_up()
    freeze_so_far()
    assert gc.get_freeze_count() > 0


def test_resuming_without_a_pause_changes_nothing(thresholds) -> None:
    gc.set_threshold(1234, 5, 6)
    resume_after_start_up()
    assert gc.get_threshold() == (1234, 5, 6)


def test_a_start_that_fails_before_the_app_runs_resumes_the_collector(thresholds) -> None:
    with pytest.raises(RuntimeError), paused_during_start_up():
        assert gc.get_threshold()[0] == 0
        raise RuntimeError("refusing to serve")
    assert gc.get_threshold() == thresholds


def test_refusing_to_serve_leaves_the_collector_as_it_was(thresholds, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DRAFTDESK_VAR_DIR", str(tmp_path / "var"))
    for keys in ("DRAFTDESK_API_KEYS", "DRAFTDESK_ADMIN_API_KEYS"):
        monkeypatch.delenv(keys, raising=False)  # no keys: serving on 0.0.0.0 is refused
    answer = CliRunner().invoke(cli.app, ["serve", "--host", "0.0.0.0"])
    assert answer.exit_code == 2 and "refusing to serve" in answer.output
    assert gc.get_threshold() == thresholds
