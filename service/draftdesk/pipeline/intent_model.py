"""A learned intent scorer for what the keyword rules do not see.

The rules of `knowledge/intents.yaml` decide when their evidence is strong; this scorer
reads the rest: tickets where no phrase fired, where phrases of several intents fired,
where a hint outweighs the request (`shipping` in a question about a shop's opening
hours). It is a multinomial naive Bayes over the words of a ticket as intake reads them
(Sudachi's normalised lemmas, English stems), their adjacent pairs, and the subject's
words counted twice, trained at start-up from labelled tickets kept as data
(`knowledge/intent_examples.jsonl`). Plain Python: twelve numbers per word, no numpy.

The order's state is a separate prior, P(intent | state), learned from the same
examples: a backordered order makes restock, delay and cancel likely, a refunded one
a refund. It only counts when the order is known (`with_order_state`).

Training reads every example with Sudachi (CPU and dictionary pages at every start), so
a server keeps the trained scorer in its var folder (`stored_scorer`) under a key of
everything the scorer is trained from (`training_key`) and reads it back at later starts.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from draftdesk.domain import Frozen, Intent, Ticket
from draftdesk.errors import ConfigurationError, describe_validation_error
from draftdesk.stored import read_back_or_build


INTENTS: tuple[Intent, ...] = tuple(Intent)
NO_ORDER = "no_order"  # the state prior's key for a ticket with no order found
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# What a ticket's words are read with, besides the package's own code.
TOKENIZER_DISTRIBUTIONS = ("SudachiPy", "SudachiDict-core")

class IntentExample(Frozen):
    """One labelled ticket. `source` names the set it came from, so an evaluation can
    train without a set and score it."""

    source: str = Field(min_length=1)
    ticket: Ticket
    intent: Intent
    order_status: str | None = None  # None: no order found


def load_intent_examples(path: Path) -> tuple[IntentExample, ...]:
    if not path.is_file():
        raise ConfigurationError(f"{path}: intent examples file not found")
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            examples.append(IntentExample.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise ConfigurationError(f"{path}:{number}: not JSON ({exc.msg})") from None
        except ValidationError as exc:
            raise ConfigurationError(describe_validation_error(exc, where=f"{path}:{number}")) from None
    if not examples:
        raise ConfigurationError(f"{path}: no intent examples")
    return tuple(examples)


def word_features(
    subject: Sequence[str], sentences: Iterable[Sequence[str]], *, ignore: frozenset[str] = frozenset()
) -> Counter[str]:
    """The features of a ticket from the content lemmas of its subject and of each
    sentence, less those in `ignore` (words of any request: please, 教える, 下さる) and
    numbers (how many, which day: no sign of what is asked): each lemma, each adjacent
    pair within a sentence; the subject's twice (it names the topic in few words)."""
    features: Counter[str] = Counter()
    for lemmas, times in ((subject, 2), *((sentence, 1) for sentence in sentences)):
        kept = [lemma for lemma in lemmas if lemma not in ignore and not lemma.isdecimal()]
        for lemma in kept:
            features[lemma] += times
        for first, second in zip(kept, kept[1:], strict=False):
            features[f"{first} {second}"] += times
    return features


@dataclass(frozen=True)
class IntentScorer:
    """Build it with `IntentScorer.fit`. Training only counts; the logarithms are taken
    for the few features a ticket has, when it is scored (start-up stays short)."""

    log_prior: tuple[float, ...]
    counts: dict[str, tuple[float, ...]]  # feature → how often each intent's examples had it
    log_denominators: tuple[float, ...]  # per intent: log(all its feature counts + smoothing × vocabulary)
    smoothing: float
    state_log_prior: dict[str, tuple[float, ...]]  # order state → log P(intent | state)
    examples: int

    @classmethod
    def fit(
        cls, samples: Iterable[tuple[Counter[str], Intent, str | None]], *, smoothing: float, state_smoothing: float
    ) -> IntentScorer:
        """`samples`: each labelled ticket's features, intent and order state."""
        counts: dict[str, list[float]] = {}
        totals = [0.0] * len(INTENTS)
        labelled = [0] * len(INTENTS)
        by_state: dict[str, list[int]] = {}
        for features, intent, state in samples:
            at = INTENTS.index(intent)
            labelled[at] += 1
            by_state.setdefault(state or NO_ORDER, [0] * len(INTENTS))[at] += 1
            for feature, count in features.items():
                counts.setdefault(feature, [0.0] * len(INTENTS))[at] += count
                totals[at] += count
        examples = sum(labelled)
        if not examples:
            raise ConfigurationError("intent scorer: no examples to learn from")
        return cls(
            log_prior=_log_shares(labelled, 1.0),
            counts={feature: tuple(row) for feature, row in counts.items()},
            log_denominators=tuple(math.log(total + smoothing * len(counts)) for total in totals),
            smoothing=smoothing,
            state_log_prior={state: _log_shares(row, state_smoothing) for state, row in by_state.items()},
            examples=examples,
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IntentScorer:
        """The scorer `as_json` gave: JSON keeps every float exactly, so it scores alike."""
        return cls(
            log_prior=tuple(data["log_prior"]),
            counts=_rows(data["counts"]),
            log_denominators=tuple(data["log_denominators"]),
            smoothing=float(data["smoothing"]),
            state_log_prior=_rows(data["state_log_prior"]),
            examples=int(data["examples"]),
        )

    def score(self, features: Mapping[str, int]) -> tuple[float, ...]:
        """log P(intent | text) for every intent, in `INTENTS` order. Words never seen in
        an example are left out (they say nothing of any intent)."""
        total = list(self.log_prior)
        for feature, count in features.items():
            row = self._log_likelihood(feature)
            if row is not None:
                for at, value in enumerate(row):
                    total[at] += count * value
        return _normalised(total)

    def state_prior(self, state: str | None) -> tuple[float, ...] | None:
        """log P(intent | state); None for a state no example had."""
        return self.state_log_prior.get(state or NO_ORDER)

    def telling_features(self, features: Mapping[str, int], intent: Intent, *, limit: int = 3) -> tuple[str, ...]:
        """The features of a text that speak most for `intent` against every other intent."""
        at = INTENTS.index(intent)
        lift = {}
        for feature in features:
            row = self._log_likelihood(feature)
            if row is not None:
                others = max(value for i, value in enumerate(row) if i != at)
                if row[at] > others:
                    lift[feature] = row[at] - others
        return tuple(sorted(lift, key=lambda feature: -lift[feature])[:limit])

    def _log_likelihood(self, feature: str) -> tuple[float, ...] | None:
        """log P(feature | intent) for every intent; None for a feature no example had."""
        row = self.counts.get(feature)
        if row is None:
            return None
        return tuple(
            math.log(count + self.smoothing) - denominator
            for count, denominator in zip(row, self.log_denominators, strict=True)
        )


def training_key(*files: Path) -> str:
    """A digest of what a scorer is trained from besides its settings: `files` (the
    examples, the rules that read them), the tokenizer's and Python's versions, and the
    package's code (how a ticket is read). Any change gives another key."""
    digest = hashlib.sha256()
    for distribution in TOKENIZER_DISTRIBUTIONS:
        try:
            digest.update(f"{distribution} {metadata.version(distribution)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{distribution} absent\n".encode())
    digest.update(sys.version.encode())
    for path in (*files, *sorted(PACKAGE_DIR.rglob("*.py"))):
        digest.update(f"\n{path.name} {path.stat().st_size}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_scorer(file: Path, *, key: str, train: Callable[[], IntentScorer]) -> IntentScorer:
    """The scorer stored in `file` under `key`, else `train()`'s, stored there for the
    next start (a file that cannot be read or was stored under another key is replaced)."""

    def read(data: bytes) -> IntentScorer | None:
        stored = json.loads(data.decode("utf-8"))
        return IntentScorer.from_json(stored["scorer"]) if stored["key"] == key else None

    def write(scorer: IntentScorer) -> bytes:
        return json.dumps({"key": key, "scorer": scorer.as_json()}, ensure_ascii=False).encode("utf-8")

    return read_back_or_build(file, read=read, build=train, write=write, what="intent scorer")


def _rows(table: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, ...]]:
    return {key: tuple(row) for key, row in table.items()}


def _log_shares(counts: Sequence[float], smoothing: float) -> tuple[float, ...]:
    total = sum(counts) + smoothing * len(counts)
    return tuple(math.log((count + smoothing) / total) for count in counts)


def _normalised(log_scores: Sequence[float]) -> tuple[float, ...]:
    top = max(log_scores)
    log_sum = top + math.log(sum(math.exp(value - top) for value in log_scores))
    return tuple(value - log_sum for value in log_scores)
