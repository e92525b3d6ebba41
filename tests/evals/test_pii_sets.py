"""The PII sets are built by committed scripts (tests/evals/builders/), seeded where
they generate: rebuilding one from scratch gives the committed files to the byte, so
nobody edits a label by hand."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.evals.pii import CHALLENGE_SETS, DEFAULT_DATASET, load_cases
from tests.evals.builders.marked_text import MarkError, parse_line

SETS = CHALLENGE_SETS
BUILDERS = {
    "development": (DEFAULT_DATASET, "pii_development"),
    "challenge": (SETS["challenge"], "pii_challenge"),
    "holdout": (SETS["holdout"], "pii_holdout"),
    "blind": (SETS["blind"], "pii_blind"),
    "blind2": (SETS["blind2"], "pii_blind"),
    "blind3": (SETS["blind3"], "pii_blind"),
    "blind4": (SETS["blind4"], "pii_blind"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_set_rebuilds_to_the_committed_bytes(name: str, tmp_path: Path) -> None:
    committed, builder = BUILDERS[name]
    for source in committed.glob("*.src"):  # the hand-marked sets' input
        shutil.copy(source, tmp_path / source.name)
    command = [sys.executable, "-m", f"tests.evals.builders.{builder}", str(tmp_path)]
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300)
    expected = sorted(path.name for path in committed.glob("*.jsonl"))
    assert sorted(path.name for path in tmp_path.glob("*.jsonl")) == expected
    for file_name in expected:
        assert (tmp_path / file_name).read_bytes() == (committed / file_name).read_bytes(), f"{name}/{file_name} differs"


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


def test_a_marked_line_gives_the_text_and_its_spans() -> None:
    text, spans = parse_line("[[山田 太郎|P]]様⏎電話 [[090-1234-5678|T]]", where="ja.src:1")
    assert text == "山田 太郎様\n電話 090-1234-5678"
    assert spans == [{"start": 0, "end": 5, "type": "PERSON"}, {"start": 10, "end": 23, "type": "PHONE_NUMBER"}]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[山田|P]", "never closed"),
        ("山田|P]]", "without opening"),
        ("[[山田|X]]", "unknown type 'X'"),
        ("[[ 山田|P]]", "space-padded"),
        ("[[a|b|P]]", "exactly one '|'"),
        ("[[a [[b|P]]", "nested"),
    ],
)
def test_a_malformed_mark_names_its_line(line: str, message: str) -> None:
    with pytest.raises(MarkError, match=rf"ja\.src:7: .*{re.escape(message)}"):
        parse_line(line, where="ja.src:7")
