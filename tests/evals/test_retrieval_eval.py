"""Retrieval quality on evals/retrieval/questions.yaml, hybrid next to vector-only."""

from __future__ import annotations

import pytest

from draftdesk.adapters.chroma_knowledge import build_policy_index
from draftdesk.adapters.embedders import OfflineEmbedder
from draftdesk.config import PROJECT_ROOT
from draftdesk.evals.retrieval import (
    HOLDOUT_QUESTIONS,
    SYNONYMS,
    benchmark_retrieval,
    evaluate_retrieval,
    load_questions,
)
from draftdesk.knowledge import load_passages, load_synonyms_file


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    passages = load_passages(PROJECT_ROOT / "knowledge" / "policies")
    index = build_policy_index(
        chroma_url="", chroma_path=tmp_path_factory.mktemp("chroma"), embedder=OfflineEmbedder(), passages=passages,
        synonyms=load_synonyms_file(SYNONYMS),
    )
    index.sync(passages)
    return index


@pytest.fixture(scope="module")
def report(index):
    return evaluate_retrieval(index)


def test_on_the_holdout_questions_hybrid_still_beats_vectors(index):
    holdout = evaluate_retrieval(index, HOLDOUT_QUESTIONS)
    print(f"\nhold-out hybrid {holdout.ours}\nhold-out vector {holdout.baseline}")
    assert holdout.ours.questions >= 30
    assert holdout.ours.hit_at_1 > holdout.baseline.hit_at_1 and holdout.ours.hit_at_3 >= 0.9


def test_the_question_set_is_large_and_points_at_real_passages():
    questions = load_questions()
    ids = {p.id for p in load_passages(PROJECT_ROOT / "knowledge" / "policies")}
    assert sum(q.language == "ja" for q in questions) >= 40 and sum(q.language == "en" for q in questions) >= 40
    assert all(set(q.answers) <= ids for q in questions)


def test_hybrid_search_beats_vector_search_alone(report):
    print(f"\nhybrid {report.ours}\nvector {report.baseline}")
    assert report.ours.hit_at_1 > report.baseline.hit_at_1
    assert report.ours.mrr > report.baseline.mrr


def test_hybrid_search_clears_the_bars(report):
    # The same bars as evals/thresholds.yaml.
    assert report.ours.hit_at_1 >= 0.85
    assert report.ours.hit_at_3 >= 0.95


@pytest.mark.slow
def test_the_benchmark_reports_latency_and_ingest_time():
    result = benchmark_retrieval(size=200, queries=20)
    assert result.passages == 200 and result.ingest_s > 0 and 0 < result.query_p50_ms <= result.query_p95_ms
