"""The edit classifier agrees with every labelled pair of evals/edits/ (ja and en):
facts, wording, sections added and removed, their mixes, and formatting that is no edit."""

from __future__ import annotations

from datetime import date

import pytest

from draftdesk.evals.edits import HOLDOUT_FILE, PAIRS_FILE, EditPair, evaluate_edits, load_pairs
from draftdesk.pipeline.edit_classes import EditClass, classify_edit

LABELLED = load_pairs(PAIRS_FILE)
HOLDOUT = load_pairs(HOLDOUT_FILE)


@pytest.mark.parametrize("pair", LABELLED.pairs + HOLDOUT.pairs, ids=lambda pair: pair.id)
def test_the_classifier_names_the_labelled_kinds_of_edit(pair: EditPair):
    assert classify_edit(pair.before, pair.after, today=LABELLED.today) == pair.classes


def test_the_labelled_pairs_cover_every_class_no_edit_and_mixes_in_both_languages():
    for language in ("ja", "en"):
        pairs = [pair for pair in LABELLED.pairs if pair.language == language]
        assert {kind for pair in pairs for kind in pair.classes} == set(EditClass), language
        assert any(not pair.classes for pair in pairs), language
        assert any(len(pair.classes) >= 2 for pair in pairs), language
    assert len(LABELLED.pairs) >= 40


def test_the_eval_reports_full_agreement_and_per_class_scores():
    report = evaluate_edits()
    assert report.pairs == len(LABELLED.pairs) and report.agreement == 1.0 and report.misses == []
    assert all(score.precision == score.recall == 1.0 and score.labelled for score in report.by_class.values())


def test_a_date_without_a_year_is_read_in_the_year_of_today():
    before, after = "お届けは11月18日頃です。", "お届けは2026年11月18日頃です。"
    assert classify_edit(before, after, today=date(2026, 11, 20)) == frozenset()
    assert classify_edit(before, after, today=date(2027, 11, 20)) == {EditClass.FACTS_CHANGED}
