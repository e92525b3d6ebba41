"""Retrieval quality and speed: hit@1, hit@3 and MRR on evals/retrieval/questions.yaml,
hybrid search next to Chroma's vector search alone in the same run; query latency and
ingest time on a synthetic corpus of 1,000 passages.

    python -m draftdesk.evals.retrieval            # quality, ours vs vector-only
    python -m draftdesk.evals.retrieval --holdout  # the same on questions written after the first tuning
    python -m draftdesk.evals.retrieval --bench    # latency and ingest time
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from draftdesk.adapters.chroma_knowledge import HybridPolicyIndex, build_policy_index
from draftdesk.adapters.embedders import OfflineEmbedder
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Intent, Language, Passage
from draftdesk.knowledge import load_passages, load_synonyms_file
from draftdesk.pipeline.retrieve import retrieve

SYNONYMS = PROJECT_ROOT / "knowledge" / "synonyms.yaml"

DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "retrieval" / "questions.yaml"
HOLDOUT_QUESTIONS = PROJECT_ROOT / "evals" / "retrieval" / "holdout.yaml"


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    language: Language
    intent: Intent
    answers: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class Scores:
    hit_at_1: float
    hit_at_3: float
    mrr: float
    questions: int


@dataclass(frozen=True)
class RetrievalReport:
    ours: Scores
    baseline: Scores | None
    by_language: dict[str, Scores]
    misses: list[tuple[str, list[str], list[str]]]  # question, expected, got


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question.model_validate(item) for item in raw["questions"]]


def _scores(rankings: list[tuple[list[str], list[str]]]) -> Scores:
    def rank(got: list[str], expected: list[str]) -> int | None:
        return next((i for i, pid in enumerate(got, start=1) if pid in expected), None)

    ranks = [rank(got, expected) for got, expected in rankings]
    n = len(ranks) or 1
    return Scores(
        hit_at_1=sum(1 for r in ranks if r == 1) / n,
        hit_at_3=sum(1 for r in ranks if r is not None and r <= 3) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        questions=len(ranks),
    )


def evaluate_retrieval(index: HybridPolicyIndex, questions_path: Path = DEFAULT_QUESTIONS) -> RetrievalReport:
    questions = load_questions(questions_path)
    ours, vector, misses = [], [], []
    by_language: dict[str, list[tuple[list[str], list[str]]]] = {}
    for q in questions:
        got = [s.passage.id for s in retrieve(q.text, language=q.language, intent=q.intent, index=index, k=10)]
        alone = [c.passage_id for c in index.nearest(q.text, language=q.language, k=10)]
        ours.append((got, q.answers))
        vector.append((alone, q.answers))
        by_language.setdefault(q.language, []).append((got, q.answers))
        if not got or got[0] not in q.answers:
            misses.append((q.text, q.answers, got[:3]))
    return RetrievalReport(
        ours=_scores(ours),
        baseline=_scores(vector),
        by_language={lang: _scores(r) for lang, r in by_language.items()},
        misses=misses,
    )


@dataclass(frozen=True)
class Benchmark:
    passages: int
    ingest_s: float
    query_p50_ms: float
    query_p95_ms: float
    vector_p50_ms: float


def synthetic_corpus(size: int, *, seed: int = 7) -> list[Passage]:
    """Passages made by recombining real policy sentences and customer questions, for the
    benchmark only."""
    real = load_passages(PROJECT_ROOT / "knowledge" / "policies")
    rng = random.Random(seed)
    sentences = {lang: [s for p in real if p.language == lang for s in p.text.replace("。", "。\n").splitlines() if s.strip()]
                 for lang in ("ja", "en")}
    asks = {lang: [ask for p in real if p.language == lang for ask in p.asks] for lang in ("ja", "en")}
    corpus = []
    for i in range(size):
        language: Language = "ja" if i % 2 == 0 else "en"
        text = " ".join(rng.sample(sentences[language], k=min(4, len(sentences[language]))))
        corpus.append(Passage(id=f"synthetic-{language}#p{i}", title=f"Synthetic {i}", text=text,
                              asks=tuple(rng.sample(asks[language], k=min(6, len(asks[language])))),
                              language=language, topic="synthetic", intents=(rng.choice(list(Intent)).value,)))
    return corpus


def benchmark_retrieval(*, size: int = 1000, queries: int = 200) -> Benchmark:
    corpus = synthetic_corpus(size)
    questions = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        index = build_policy_index(chroma_url="", chroma_path=Path(tmp), embedder=OfflineEmbedder(), passages=corpus)
        index.sync(corpus)
        ingest_s = time.perf_counter() - started
        hybrid, vector = [], []
        for i in range(queries):
            q = questions[i % len(questions)]
            t0 = time.perf_counter()
            retrieve(q.text, language=q.language, intent=q.intent, index=index, k=3)
            t1 = time.perf_counter()
            index.nearest(q.text, language=q.language, k=3)
            t2 = time.perf_counter()
            hybrid.append((t1 - t0) * 1000)
            vector.append((t2 - t1) * 1000)
    return Benchmark(
        passages=size, ingest_s=round(ingest_s, 2),
        query_p50_ms=round(statistics.median(hybrid), 2),
        query_p95_ms=round(statistics.quantiles(hybrid, n=20)[18], 2),
        vector_p50_ms=round(statistics.median(vector), 2),
    )


def main() -> None:
    if "--bench" in sys.argv:
        print(benchmark_retrieval())
        return
    passages = load_passages(PROJECT_ROOT / "knowledge" / "policies")
    with tempfile.TemporaryDirectory() as tmp:
        index = build_policy_index(
            chroma_url="", chroma_path=Path(tmp), embedder=OfflineEmbedder(), passages=passages,
            synonyms=load_synonyms_file(SYNONYMS),
        )
        index.sync(passages)
        report = evaluate_retrieval(index, HOLDOUT_QUESTIONS if "--holdout" in sys.argv else DEFAULT_QUESTIONS)
    print(f"{'':12} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
    for name, s in [("hybrid", report.ours), ("vector only", report.baseline),
                    *[(f"hybrid {lang}", s) for lang, s in report.by_language.items()]]:
        print(f"{name:12} {s.hit_at_1:6.3f} {s.hit_at_3:6.3f} {s.mrr:6.3f}   ({s.questions} questions)")
    for text, expected, got in report.misses:
        print(f"miss: {text[:50]!r} expected {expected} got {got}")


if __name__ == "__main__":
    main()
