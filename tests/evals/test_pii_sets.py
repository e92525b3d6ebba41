"""The PII challenge sets are built by committed, seeded scripts: rebuilding one from
scratch gives the committed files to the byte, so nobody edits a label by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from draftdesk.evals.pii import CHALLENGE_SETS, load_cases

SETS = CHALLENGE_SETS


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_a_set_rebuilds_to_the_committed_bytes(name: str, tmp_path: Path) -> None:
    source = SETS[name]
    copy = tmp_path / "evals" / "pii" / name  # the scripts name paths relative to the project
    copy.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix in {".py", ".src"}:
            shutil.copy(path, copy / path.name)
    subprocess.run([sys.executable, str(copy / "build.py")], cwd=copy, check=True, capture_output=True, timeout=300)
    for committed in sorted(source.glob("*.jsonl")):
        assert (copy / committed.name).read_bytes() == committed.read_bytes(), f"{name}/{committed.name} differs"


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_label_marks_its_value(name: str) -> None:
    cases = load_cases(SETS[name])
    languages = {case.language for case in cases}
    assert languages == {"ja", "en"}
    for case in cases:
        for span in case.spans:
            value = case.text[span.start : span.end]
            assert value.strip() == value and value, f"{name}: a label with edge spaces or nothing in {case.text!r}"


def test_the_challenge_set_is_big_enough_per_language() -> None:
    """Issue 12: at least 2,000 labelled spans per language, names from many sources."""
    for language in ("ja", "en"):
        rows = [json.loads(line) for line in (SETS["challenge"] / f"{language}.jsonl").read_text("utf-8").splitlines()]
        assert sum(len(row["spans"]) for row in rows) >= 2000
