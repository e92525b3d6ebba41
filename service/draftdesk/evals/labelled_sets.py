"""The labelled-set sections of a run, as flat metrics: redaction (ours, and plain Presidio's
for comparison), checker, promises, retrieval, and the edit classifier (`edits`: its
agreement with labelled pairs, and the edit rates of the configured store's approvals).

Each scorer lives with its data (`draftdesk.evals.pii`, `.style`, `.retrieval`); this
module only names their numbers so that thresholds and comparisons can find them:
`pii.recall.PERSON`, `pii.baseline.recall.PERSON`, `style.precision.HS002`,
`style_blind.recall.HS001`, `style_blind2.holdout.precision.HS013`,
`retrieval.hit@1`, `retrieval.baseline.mrr`, `edits.agreement`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from draftdesk.adapters.presidio_redactor import PresidioDetector
    from draftdesk.evals.pii import DetectorScores, SetScore
    from draftdesk.wiring import Services

SectionMetrics = Callable[["Services"], dict[str, float]]


def pii_metrics(services: Services) -> dict[str, float]:
    """Draftdesk's detector on the development set, the challenge sets and the demo tickets."""
    from draftdesk.evals.pii import DEFAULT_DATASET, evaluate_challenge, evaluate_pii

    report = evaluate_pii(DEFAULT_DATASET, services.detector)
    challenge = evaluate_challenge(services.detector)
    metrics = _challenge_metrics("pii", challenge.ours) | _typed_metrics("pii", report.ours)
    if challenge.demo is not None:
        metrics["pii.demo.non_personal_redacted"] = challenge.demo.redacted_share
    return metrics


def pii_baseline_metrics(services: Services, *, sample: int | None = None) -> dict[str, float]:
    """Plain Presidio on the same sets, as `pii.baseline.…`: reported, never gated. It runs
    full GiNZA, many times slower than our detector, so it is a section of its own. Without
    `sample`: every development case and an even BASELINE_SAMPLE per challenge set and
    language; with it, an even `sample` per set and language everywhere."""
    from draftdesk.evals.pii import (
        BASELINE_SAMPLE,
        DEFAULT_DATASET,
        by_language,
        even_sample,
        load_cases,
        score_challenge,
        score_detector,
    )

    detector = _plain_presidio()
    development = [
        case
        for cases in by_language(load_cases(DEFAULT_DATASET)).values()
        for case in (even_sample(cases, sample) if sample else cases)
    ]
    typed = score_detector(development, detector, name="plain-presidio")
    challenge = score_challenge(detector, name="plain-presidio", sample=sample or BASELINE_SAMPLE)
    return _challenge_metrics("pii.baseline", challenge) | _typed_metrics("pii.baseline", typed)


def _challenge_metrics(prefix: str, sets: dict[str, dict[str, SetScore]]) -> dict[str, float]:
    """<prefix>.<set>.<language>.recall.<TYPE> and <prefix>.<set>.<language>.precision."""
    metrics = {}
    for set_name, languages in sets.items():
        for language, score in languages.items():
            for entity_type, mask in score.by_type.items():
                if mask.labelled:
                    metrics[f"{prefix}.{set_name}.{language}.recall.{entity_type}"] = mask.recall
            metrics[f"{prefix}.{set_name}.{language}.precision"] = score.by_type["ALL"].precision
    return metrics


def _typed_metrics(prefix: str, scores: DetectorScores) -> dict[str, float]:
    """<prefix>.{precision,recall,f2}.<TYPE> on the development set."""
    metrics = {}
    for entity_type, score in scores.by_type.items():
        # A ratio over nothing is no measurement: precision needs predictions, recall labels.
        if score.predicted:
            metrics[f"{prefix}.precision.{entity_type}"] = score.precision
        if score.labelled:
            metrics[f"{prefix}.recall.{entity_type}"] = score.recall
            metrics[f"{prefix}.f2.{entity_type}"] = score.f2
    return metrics


def style_metrics(services: Services) -> dict[str, float]:
    from draftdesk.evals.style import evaluate_style

    report = evaluate_style(rules=services.rules)
    metrics = {}
    for rule, score in report.by_rule.items():
        metrics[f"style.precision.{rule}"] = score.precision
        metrics[f"style.recall.{rule}"] = score.recall
    return metrics


def style_blind_metrics(services: Services) -> dict[str, float]:
    """The checker on the first set of replies written blind: the whole set (the bar) and its hold-out part."""
    from draftdesk.evals.style_blind import REPLIES_FILE

    return _blind_reply_metrics(services, "style_blind", REPLIES_FILE)


def style_blind2_metrics(services: Services) -> dict[str, float]:
    """The checker on the second blind set (another writer): the whole set and its hold-out part."""
    from draftdesk.evals.style_blind import SECOND_REPLIES_FILE

    return _blind_reply_metrics(services, "style_blind2", SECOND_REPLIES_FILE)


def _blind_reply_metrics(services: Services, prefix: str, replies_file: Path) -> dict[str, float]:
    from draftdesk.evals.style_blind import evaluate_blind, load_replies

    report = evaluate_blind(services.rules, replies=load_replies(replies_file))
    metrics = {}
    for part, name in (("all", prefix), ("holdout", f"{prefix}.holdout")):
        for rule, score in report.scores(part).items():
            metrics[f"{name}.precision.{rule}"] = score.precision
            metrics[f"{name}.recall.{rule}"] = score.recall
    return metrics


def promise_metrics(services: Services) -> dict[str, float]:
    from draftdesk.evals.promises import evaluate_promises

    report = evaluate_promises(services)
    return {
        "promises.approvable_unbacked": float(report.approvable_unbacked),
        "promises.recall": report.recall,
        "promises.false_alarms": report.false_alarm_rate,
    }


def edit_metrics(services: Services) -> dict[str, float]:
    from draftdesk.evals.edits import HOLDOUT_FILE, evaluate_edits

    report = evaluate_edits()
    metrics = {"edits.agreement": report.agreement, "edits.holdout.agreement": evaluate_edits(HOLDOUT_FILE).agreement}
    for kind, score in report.by_class.items():
        metrics[f"edits.precision.{kind.value}"] = score.precision
        metrics[f"edits.recall.{kind.value}"] = score.recall
    return metrics


def intent_metrics(services: Services) -> dict[str, float]:
    from draftdesk.evals.intent import intent_metrics as blind_intent_metrics

    return blind_intent_metrics(services)


def retrieval_metrics(services: Services) -> dict[str, float]:
    from draftdesk.evals.retrieval import evaluate_retrieval

    report = evaluate_retrieval(services.policies)
    metrics = {}
    for prefix, scores in (("retrieval", report.ours), ("retrieval.baseline", report.baseline)):
        if scores is None:
            continue
        metrics |= {f"{prefix}.hit@1": scores.hit_at_1, f"{prefix}.hit@3": scores.hit_at_3, f"{prefix}.mrr": scores.mrr}
    return metrics


@cache
def _plain_presidio() -> PresidioDetector:
    """Built once per process: loading its spaCy models takes seconds, and it never changes."""
    from draftdesk.adapters.presidio_redactor import build_plain_presidio_detector

    return build_plain_presidio_detector()


LABELLED_SECTIONS: dict[str, SectionMetrics] = {
    "pii": pii_metrics,
    "pii-baseline": pii_baseline_metrics,
    "style": style_metrics,
    "style_blind": style_blind_metrics,
    "style_blind2": style_blind2_metrics,
    "promises": promise_metrics,
    "retrieval": retrieval_metrics,
    "edits": edit_metrics,
    "intent": intent_metrics,
}
