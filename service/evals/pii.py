"""PII eval: span-level precision/recall/F2 per entity type, and redaction latency.

    python -m service.evals.pii [DATASET_DIR]

scores Draftdesk's detector and the plain-Presidio baseline on the labelled sets in
`evals/pii/` (ja.jsonl, en.jsonl) and times both on a ~400-character ticket per
language. A predicted span is correct when it overlaps a labelled span of the same
type; a labelled span is found when a predicted span of its type overlaps it.
F2 weighs recall twice: a missed value reaches a model, an extra placeholder does not.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, computed_field

from service.domain import Frozen, Language
from service.errors import InvalidInput
from service.pipeline.redact import KnownValues, PiiDetector, PiiSpan, Vault, redact

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "evals" / "pii"
ALL_TYPES = "ALL"


class LabelledSpan(Frozen):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: str


class PiiCase(Frozen):
    text: str
    language: Language
    spans: tuple[LabelledSpan, ...] = ()


class TypeScore(Frozen):
    entity_type: str
    labelled: int
    found: int  # labelled spans a prediction of the same type overlaps
    predicted: int
    correct: int  # predicted spans overlapping a labelled span of the same type

    @computed_field
    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @computed_field
    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @computed_field
    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0


class DetectorScores(Frozen):
    detector: str
    by_type: dict[str, TypeScore]


class PiiReport(Frozen):
    cases: dict[str, int]
    ours: DetectorScores
    baseline: DetectorScores | None = None


class Timing(Frozen):
    detector: str
    language: Language
    characters: int
    runs: int
    p50_ms: float
    p95_ms: float


def load_cases(dataset_dir: Path) -> list[PiiCase]:
    cases = []
    for path in sorted(Path(dataset_dir).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                case = PiiCase.model_validate(json.loads(line))
            except ValueError as error:
                raise InvalidInput(f"{path.name}:{number}: not a labelled PII case ({type(error).__name__})") from error
            if any(span.end > len(case.text) or span.start >= span.end for span in case.spans):
                raise InvalidInput(f"{path.name}:{number}: a span lies outside its text")
            cases.append(case)
    if not cases:
        raise InvalidInput(f"no labelled PII cases (*.jsonl) in {dataset_dir}")
    return cases


def score_detector(cases: Iterable[PiiCase], detector: PiiDetector, *, name: str) -> DetectorScores:
    tallies: dict[str, list[int]] = {}  # type → [labelled, found, predicted, correct]

    def tally(entity_type: str, column: int) -> None:
        for key in (entity_type, ALL_TYPES):
            tallies.setdefault(key, [0, 0, 0, 0])[column] += 1

    for case in cases:
        predicted = detector.analyze(case.text, language=case.language)
        for gold in case.spans:
            tally(gold.type, 0)
            if any(_same(gold, guess) for guess in predicted):
                tally(gold.type, 1)
        for guess in predicted:
            tally(guess.entity_type, 2)
            if any(_same(gold, guess) for gold in case.spans):
                tally(guess.entity_type, 3)
    by_type = {
        entity_type: TypeScore(entity_type=entity_type, labelled=t[0], found=t[1], predicted=t[2], correct=t[3])
        for entity_type, t in sorted(tallies.items())
    }
    return DetectorScores(detector=name, by_type=by_type)


def _same(gold: LabelledSpan, guess: PiiSpan) -> bool:
    return gold.type == guess.entity_type and gold.start < guess.end and guess.start < gold.end


def evaluate_pii(dataset_dir: Path, detector: PiiDetector, *, baseline: PiiDetector | None = None) -> PiiReport:
    cases = load_cases(dataset_dir)
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.language] = counts.get(case.language, 0) + 1
    return PiiReport(
        cases=counts,
        ours=score_detector(cases, detector, name="draftdesk"),
        baseline=score_detector(cases, baseline, name="plain-presidio") if baseline is not None else None,
    )


def benchmark_redaction(
    detector: PiiDetector,
    *,
    name: str,
    dataset_dir: Path = DEFAULT_DATASET,
    runs: int = 50,
    warmup: int = 5,
) -> list[Timing]:
    """p50/p95 of the whole redact stage per message, warm, on one thread, for the
    benchmark tickets `bench_<language>.txt`."""
    timings = []
    for language in ("ja", "en"):
        text = (Path(dataset_dir) / f"bench_{language}.txt").read_text(encoding="utf-8")
        samples = []
        for run in range(warmup + runs):
            started = time.perf_counter()
            redact(text, language=language, known=KnownValues(), vault=Vault(), detector=detector)
            if run >= warmup:
                samples.append((time.perf_counter() - started) * 1000)
        cut = statistics.quantiles(samples, n=20)
        timings.append(
            Timing(
                detector=name,
                language=language,
                characters=len(text),
                runs=runs,
                p50_ms=round(statistics.median(samples), 2),
                p95_ms=round(cut[18], 2),
            )
        )
    return timings


def _print_report(report: PiiReport, timings: list[Timing]) -> None:
    print(f"cases: {report.cases}")
    print(f"{'type':<15}{'n':>4} | {'ours P':>7}{'R':>6}{'F2':>6} | {'base P':>7}{'R':>6}{'F2':>6}")
    ours, base = report.ours.by_type, report.baseline.by_type if report.baseline else {}
    labelled = [t for t, s in ours.items() if s.labelled and t != ALL_TYPES]
    for entity_type in [*labelled, ALL_TYPES]:
        cells = [_cells(scores.get(entity_type)) for scores in (ours, base)]
        print(f"{entity_type:<15}{ours[entity_type].labelled:>4} | {cells[0]} | {cells[1]}")
    unlabelled = {t: s.predicted for scores in (ours, base) for t, s in scores.items() if not s.labelled}
    for name, scores in (("ours", ours), ("baseline", base)):
        extra = {t: s.predicted for t, s in scores.items() if t in unlabelled}
        print(f"{name} predicted types nobody labelled (all false positives): {extra or 'none'}")
    for timing in timings:
        print(f"{timing.detector:<15}{timing.language} {timing.characters} chars: "
              f"p50 {timing.p50_ms:.2f} ms, p95 {timing.p95_ms:.2f} ms ({timing.runs} runs)")


def _cells(score: TypeScore | None) -> str:
    if score is None:
        return f"{'-':>7}{'-':>6}{'-':>6}"
    return f"{score.precision:>7.2f}{score.recall:>6.2f}{score.f2:>6.2f}"


def main(argv: list[str]) -> int:
    from service.adapters.presidio_redactor import build_plain_presidio_detector, build_presidio_detector

    dataset_dir = Path(argv[0]) if argv else DEFAULT_DATASET
    ours, baseline = build_presidio_detector(), build_plain_presidio_detector()
    report = evaluate_pii(dataset_dir, ours, baseline=baseline)
    timings = benchmark_redaction(ours, name="draftdesk", dataset_dir=dataset_dir)
    timings += benchmark_redaction(baseline, name="plain-presidio", dataset_dir=dataset_dir, runs=20)
    _print_report(report, timings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
