"""The third to ninth blind reply sets (`evals/style_blind3/` … `style_blind9/`): each the measure of issue 17's checker bar in turn, scored once before
any change is made because of it. Their numbers are in the README and the closing note,
not here: this test keeps each set readable (both ticket shapes), labelled for every
error-level rule, and scorable, so `python -m draftdesk.evals.style --blindN` keeps
working. Scoring a whole set takes half a minute; every tenth reply shows the path works."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from draftdesk.evals.blind_set_check import read_and_check
from draftdesk.evals.style_blind import (
    BLIND_SETS,
    EIGHTH_REPLIES_DIR,
    FIFTH_REPLIES_DIR,
    FOURTH_REPLIES_DIR,
    NINTH_REPLIES_DIR,
    SECOND_REPLIES_FILE,
    SEVENTH_REPLIES_DIR,
    SIXTH_REPLIES_DIR,
    THIRD_REPLIES_FILE,
    evaluate_blind,
    load_replies,
)
from tests.support.desks import house_rules

RULES = {"HS001", "HS002", "HS003", "HS004", "HS006", "HS007", "HS009", "HS013", "HS016", "HS018"}


@pytest.mark.parametrize(
    "where",
    [THIRD_REPLIES_FILE, FOURTH_REPLIES_DIR, FIFTH_REPLIES_DIR, SIXTH_REPLIES_DIR, SEVENTH_REPLIES_DIR, EIGHTH_REPLIES_DIR,
     NINTH_REPLIES_DIR],
    ids=["third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"],
)
def test_each_later_set_is_read_whole_labelled_for_every_rule_and_scorable(where):
    replies = load_replies(where)
    assert len(replies) >= 100
    assert len({reply.id for reply in replies}) == len(replies)
    assert all(set(reply.labels) == RULES for reply in replies)
    assert all(sum(reply.labels[rule] for reply in replies) >= 10 for rule in RULES)
    assert all(set(reply.spans) == {rule for rule, broken in reply.labels.items() if broken} for reply in replies)

    sample = replies[::10]
    report = evaluate_blind(house_rules(), replies=sample)
    assert [outcome.reply for outcome in report.outcomes] == [reply.id for reply in sample]
    assert set(report.scores("all")) == RULES


@pytest.mark.parametrize(
    ("where", "id_prefix"),
    [
        (SECOND_REPLIES_FILE, "B2"),
        (THIRD_REPLIES_FILE, "B3"),
        (FOURTH_REPLIES_DIR / "replies_a.yaml", "B4A"),
        (FOURTH_REPLIES_DIR / "replies_b.yaml", "B4B"),
        (FIFTH_REPLIES_DIR / "replies_a.yaml", "B5A"),
        (FIFTH_REPLIES_DIR / "replies_b.yaml", "B5B"),
        (SIXTH_REPLIES_DIR / "replies_a.yaml", "B6A"),
        (SIXTH_REPLIES_DIR / "replies_b.yaml", "B6B"),
        (SEVENTH_REPLIES_DIR / "replies_a.yaml", "B7A"),
        (SEVENTH_REPLIES_DIR / "replies_b.yaml", "B7B"),
        (EIGHTH_REPLIES_DIR / "replies_a.yaml", "B8A"),
        (EIGHTH_REPLIES_DIR / "replies_b.yaml", "B8B"),
        (NINTH_REPLIES_DIR / "replies_a.yaml", "B9A"),
        (NINTH_REPLIES_DIR / "replies_b.yaml", "B9B"),
    ],
)
def test_each_writers_file_passes_the_check_its_writer_ran(where, id_prefix):
    entries, problems = read_and_check(where, id_prefix)
    assert len(entries) >= 95
    assert problems == []


def test_the_check_names_a_span_that_is_not_in_the_body(tmp_path):
    entries, _ = read_and_check(FIFTH_REPLIES_DIR / "replies_a.yaml", "B5A")
    broken = next(entry for entry in entries if entry["spans"])
    rule = next(iter(broken["spans"]))
    broken["spans"][rule] = ["a phrase the reply never says"]
    (tmp_path / "replies.yaml").write_text(yaml.safe_dump([broken], allow_unicode=True), encoding="utf-8")
    _, problems = read_and_check(tmp_path / "replies.yaml", "B5A")
    assert f"{broken['id']}: {rule} span not in body: 'a phrase the reply never says'" in problems


def test_an_unknown_set_flag_is_one_line_on_stderr_not_a_traceback():
    run = subprocess.run(
        [sys.executable, "-m", "draftdesk.evals.style", "--blind99"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "unknown option --blind99: the options are --holdout, --dev and --" + ", --".join(BLIND_SETS)
    ]
