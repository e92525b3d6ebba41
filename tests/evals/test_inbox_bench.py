"""The inbox benchmark (`python -m draftdesk.evals.inbox`) on a small inbox: it seeds every
state, times every page it names, and passes the bar (the 5,000-ticket run is in the README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from draftdesk.evals.inbox import main


def test_a_small_inbox_is_seeded_in_every_state_and_every_page_is_timed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "inbox.json"
    assert main(["--tickets", "40", "--requests", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "40 tickets on SQLite" in printed and printed.rstrip().endswith("PASS: p95 < 300 ms for every page")
    report = json.loads(out.read_text("utf-8"))
    assert set(report["pages"]) == {
        "first page (newest, 50)", "filtered (state=needs_review)", "sorted by age", "the page after a cursor",
    }  # fmt: skip
    assert all(0 < page["p50_ms"] <= page["p95_ms"] for page in report["pages"].values())
    assert set(report["writes"]) == {"ticket stored", "job queued", "draft created", "draft saved"}
    counts = dict(pair.split(" ") for pair in printed.splitlines()[0].split(": ", 1)[1].split(", "))
    assert set(counts) == {"none", "drafting", "needs_review", "blocked", "approved"}
    assert all(int(n) > 0 for n in counts.values()) and sum(map(int, counts.values())) == 40
