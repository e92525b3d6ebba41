"""Edit-classifier eval: does `classify_edit` name the kinds of edit people see in the
labelled pairs of `evals/edits/pairs.yaml` (a drafted reply and what an agent approved)?

    python -m draftdesk.evals.edits [PAIRS_FILE] [--holdout]

`--holdout` scores `pairs_holdout.yaml`, pairs written after the classifier agreed on
the first set. `agreement` is the share of pairs whose classes are exactly the labelled ones (no
class at all: no edit); per class, precision and recall. `draftdesk eval` reports
these as its `edits` section: eval drafts fresh cases and approves none, so the edit
rates of real approvals are `GET /v1/stats`'s, over the stored records.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, computed_field

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Frozen, Language
from draftdesk.errors import ConfigurationError, describe_validation_error
from draftdesk.pipeline.edit_classes import EditClass, classify_edit

PAIRS_FILE = PROJECT_ROOT / "evals" / "edits" / "pairs.yaml"
HOLDOUT_FILE = PAIRS_FILE.with_name("pairs_holdout.yaml")


class EditPair(Frozen):
    id: str = Field(min_length=1)
    language: Language
    classes: frozenset[EditClass]
    before: str
    after: str


class PairsFile(Frozen):
    today: date
    pairs: list[EditPair]


class ClassScore(Frozen):
    labelled: int
    found: int
    correct: int

    @computed_field
    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @computed_field
    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


class PairMiss(Frozen):
    pair: str
    expected: frozenset[EditClass]
    found: frozenset[EditClass]


class EditsReport(Frozen):
    pairs: int
    agreement: float
    by_class: dict[EditClass, ClassScore]
    misses: list[PairMiss]


def load_pairs(path: Path = PAIRS_FILE) -> PairsFile:
    try:
        return PairsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError:
        raise ConfigurationError(f"{path}: no labelled edit pairs there") from None
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc, where=path.name)) from None


def evaluate_edits(path: Path = PAIRS_FILE) -> EditsReport:
    labelled = load_pairs(path)
    outcomes = [(pair, classify_edit(pair.before, pair.after, today=labelled.today)) for pair in labelled.pairs]
    by_class = {
        kind: ClassScore(
            labelled=sum(kind in pair.classes for pair, _ in outcomes),
            found=sum(kind in found for _, found in outcomes),
            correct=sum(kind in pair.classes and kind in found for pair, found in outcomes),
        )
        for kind in EditClass
    }
    misses = [PairMiss(pair=pair.id, expected=pair.classes, found=found) for pair, found in outcomes if found != pair.classes]
    agreement = 1 - len(misses) / len(outcomes) if outcomes else 1.0
    return EditsReport(pairs=len(outcomes), agreement=agreement, by_class=by_class, misses=misses)


def format_report(report: EditsReport) -> str:
    lines = [f"{report.pairs} pairs; agreement {report.agreement:.3f}", f"{'class':<17} {'labelled':>8} {'found':>6} {'P':>6} {'R':>6}"]
    for kind, score in report.by_class.items():
        lines.append(f"{kind.value:<17} {score.labelled:>8} {score.found:>6} {score.precision:>6.3f} {score.recall:>6.3f}")
    for miss in report.misses:
        lines.append(f"miss {miss.pair}: expected {sorted(miss.expected)}, found {sorted(miss.found)}")
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--holdout"]
    default = HOLDOUT_FILE if "--holdout" in sys.argv else PAIRS_FILE
    print(format_report(evaluate_edits(Path(arguments[0]) if arguments else default)))
