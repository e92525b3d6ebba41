"""The keyword rules of `knowledge/intents.yaml`: checked and compiled, and each
intent's score by them for a ticket's subject and sentences.

For each intent, phrases per language with a weight; a phrase counts once in the
subject (× subject_weight) and once in the body (× the request weight in a sentence
that asks); phrases read as the same words count once; an intent that reaches
outrank_score silences the intents it `outranks`. Phrases match on the match key (NFKC,
case-folded) as written and, for intent phrases, on Sudachi lemmas / English stems in
any inflection (`intent_words`). How the scores become an intent is intake's.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field

from draftdesk.domain import Frozen, Intent, Language
from draftdesk.errors import ConfigurationError
from draftdesk.files import load_yaml_model
from draftdesk.pipeline.intent_model import IntentScorer
from draftdesk.pipeline.intent_words import Word, WordPhrase, content_lemmas, read_words
from draftdesk.pipeline.order_state import STATES, OrderStateRules
from draftdesk.text.injection import InjectionPatterns


_Weight = Annotated[float, Field(gt=0)]
_GAP = "..."  # `…` once NFKC-normalised
_GAP_CHARS = 40  # at most this many characters between the parts of a phrase with a gap


class _IntentSpec(Frozen):
    outranks: tuple[Intent, ...] = ()
    ja: dict[str, _Weight] = Field(default_factory=dict)
    en: dict[str, _Weight] = Field(default_factory=dict)
    # Words that hold this intent's phrases without asking it: the opposite (割れていない,
    # "not damaged") or the order as it stands (入荷待ちの急須): taken out of a sentence
    # before this intent's phrases are looked for in it.
    not_asking: dict[Language, tuple[str, ...]] = Field(default_factory=dict)


class _RequestsSpec(Frozen):
    weight: float = Field(default=1.0, ge=1)
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class _AsidesSpec(Frozen):
    weight: float = Field(default=0.25, ge=0, le=1)
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class _AbusiveSpec(Frozen):
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class LearnedSpec(Frozen):
    """How the learned scorer is trained and blended with the rules (see intents.yaml)."""

    examples: str = Field(min_length=1)
    smoothing: float = Field(default=0.3, gt=0)
    state_smoothing: float = Field(default=1.0, gt=0)
    decisive_score: float = Field(default=8.0, gt=0)
    decisive_margin: float = Field(default=3.0, ge=0)
    rule_weight: float = Field(default=1.0, ge=0)
    text_weight: float = Field(default=0.3, ge=0)
    state_weight: float = Field(default=0.5, ge=0)
    min_probability: float = Field(default=0.8, ge=0, le=1)
    ignore: dict[Language, tuple[str, ...]] = Field(default_factory=dict)


class _RulesFile(Frozen):
    subject_weight: float = Field(default=2.0, ge=1)
    min_score: float = Field(default=2.0, gt=0)
    outrank_score: float | None = Field(default=None, gt=0)  # None: min_score
    intents: dict[Intent, _IntentSpec]
    requests: _RequestsSpec = Field(default_factory=_RequestsSpec)
    asides: _AsidesSpec = Field(default_factory=_AsidesSpec)
    abusive: _AbusiveSpec
    injection: tuple[str, ...] = ()
    order_state: OrderStateRules = Field(default_factory=OrderStateRules)
    learned: LearnedSpec | None = None  # None: the rules alone


@dataclass(frozen=True)
class Read:
    """A text as phrases are matched in it: its match key, its words and the lemmas of
    its content words (a phrase whose lemmas are not all there need not be walked)."""

    key: str
    words: tuple[Word, ...]
    lemmas: tuple[str, ...]  # in order: the learned scorer reads them
    lemma_set: frozenset[str]


def read_text(text: str, language: Language) -> Read:
    key = match_key(text)
    words = read_words(key, language)
    lemmas = content_lemmas(words)
    return Read(key, words, lemmas, frozenset(lemmas))


@dataclass(frozen=True)
class _Phrase:
    """A keyword as written in the YAML, the pattern that finds it in a match key, and
    (intent phrases) the words that find it in any inflection."""

    text: str
    weight: float
    # None: the phrase is found wherever its core is (a Japanese phrase, which matches
    # anywhere), and no pattern is compiled for it at start-up (304 of 588 phrases).
    pattern: re.Pattern[str] | None
    words: WordPhrase | None = None
    # What the pattern matches always holds: a key without it is not searched (every
    # phrase is tried on every sentence of every ticket; `in` costs a tenth of a search).
    core: str = ""

    def found_in(self, read: Read) -> bool:
        return self.found_as_written(read.key) or (
            self.words is not None and self.words.lemmas <= read.lemma_set and self.words.found_in(read.words)
        )

    def may_be_in(self, keys: str, lemmas: frozenset[str]) -> bool:
        """False when the phrase is in none of the texts whose keys and lemmas these are
        (joined): what `found_in` needs of one text, asked of all at once."""
        return self.core in keys or (self.words is not None and self.words.lemmas <= lemmas)

    def found_as_written(self, key: str) -> bool:
        return self.core in key and (self.pattern is None or self.pattern.search(key) is not None)

    @classmethod
    def compile(
        cls, text: str, weight: float, *, where: str, language: Language | None = None
    ) -> _Phrase:
        """`language`: also match on words (intent phrases); None: as written only."""
        key = match_key(text)
        if not key.rstrip("*"):
            raise ConfigurationError(f"{where}: empty phrase")
        if "*" in key.rstrip("*"):
            raise ConfigurationError(f"{where}: {text!r}: '*' is only allowed at the end of a phrase")
        wildcard = key.endswith("*")
        core = key.rstrip("*")
        # `…` (NFKC: `...`) between two parts: the first, then the second later in the
        # same sentence ("ではなく…が届", "remove…from my order"); matched as written.
        parts = [part.strip() for part in core.split(_GAP)]
        if len(parts) > 1 and not all(parts):
            raise ConfigurationError(f"{where}: {text!r}: '…' needs words on both sides")
        # English words match whole (late ≠ chocolate, sue ≠ issue); `refund*` also
        # matches refunded. Japanese has no spaces, so its phrases match anywhere.
        start = r"(?<![a-z0-9])" if core[0].isascii() and core[0].isalnum() else ""
        end = r"[a-z0-9]*" if wildcard else (r"(?![a-z0-9])" if core[-1].isascii() and core[-1].isalnum() else "")
        gapped = len(parts) > 1
        words = WordPhrase.parse(core, language) if language is not None and not wildcard and not gapped else None
        if gapped:  # every part must be there: the longest one is the cheap test
            middle = f".{{0,{_GAP_CHARS}}}?".join(re.escape(part) for part in parts)
            return cls(text, weight, re.compile(start + middle + end), words, core=max(parts, key=len))
        pattern = re.compile(start + re.escape(core) + end) if start or end else None
        return cls(text, weight, pattern, words, core=core)


@dataclass(frozen=True)
class _PhraseList:
    phrases: tuple[_Phrase, ...]

    def found_in(self, key: str) -> tuple[str, ...]:
        return tuple(p.text for p in self.phrases if p.found_as_written(key))


@dataclass(frozen=True)
class _IntentRule:
    intent: Intent
    outranks: frozenset[Intent]
    phrases: dict[Language, tuple[_Phrase, ...]]
    not_asking: dict[Language, tuple[str, ...]] = field(default_factory=dict)  # match keys

    def readable(self, read: Read, language: Language) -> Read:
        """`read` as this intent's phrases see it: without the words that do not ask it."""
        found = [key for key in self.not_asking.get(language, ()) if key in read.key]
        if not found:
            return read
        return read_text(re.sub("|".join(map(re.escape, found)), "。", read.key), language)


@dataclass(frozen=True)
class IntentRules:
    """Compiled `knowledge/intents.yaml`; build it with `load_intent_rules`."""

    subject_weight: float
    min_score: float
    outrank_score: float
    intents: tuple[_IntentRule, ...]  # YAML order: the first listed wins a tie
    abusive: _PhraseList
    requests: dict[Language, _PhraseList] = field(default_factory=dict)
    request_weight: float = 1.0
    asides: dict[Language, _PhraseList] = field(default_factory=dict)
    aside_weight: float = 1.0
    injection: InjectionPatterns = InjectionPatterns(())
    order_state: OrderStateRules = OrderStateRules()
    learned: LearnedSpec | None = None
    scorer: IntentScorer | None = None  # trained from `learned.examples`
    # Per language, the lemmas the scorer leaves out (`learned.ignore`, read as tickets are).
    ignored: dict[Language, frozenset[str]] = field(default_factory=dict)


def compile_intent_rules(path: Path) -> IntentRules:
    """`knowledge/intents.yaml` checked and compiled; the scorer its `learned:` section
    names is trained by intake (`load_intent_rules`)."""
    raw = load_yaml_model(path, _RulesFile)
    missing = [i.value for i in Intent if i is not Intent.OTHER and i not in raw.intents]
    if missing:
        raise ConfigurationError(f"{path}: intents: no rules for {', '.join(missing)}")
    compiled = []
    for intent, spec in raw.intents.items():
        where = f"{path}: intents.{intent.value}"
        if intent is Intent.OTHER:
            raise ConfigurationError(f"{where}: 'other' is the fallback and takes no keywords")
        if intent in spec.outranks:
            raise ConfigurationError(f"{where}.outranks: an intent cannot outrank itself")
        phrases = {
            language: tuple(
                _Phrase.compile(text, weight, where=f"{where}.{language}", language=language)
                for text, weight in getattr(spec, language).items()
            )
            for language in ("ja", "en")
        }
        for language, compiled_phrases in phrases.items():
            if not compiled_phrases:
                raise ConfigurationError(f"{where}.{language}: no keywords")
            keys = Counter(match_key(p.text) for p in compiled_phrases)
            twice = [key for key, count in keys.items() if count > 1]
            if twice:
                # "doesn't fit" and "does not fit" are read alike: listed twice, counted twice.
                raise ConfigurationError(f"{where}.{language}: listed twice once read: {', '.join(twice)}")
        not_asking = {language: tuple(match_key(text) for text in texts) for language, texts in spec.not_asking.items()}
        compiled.append(_IntentRule(intent=intent, outranks=frozenset(spec.outranks), phrases=phrases, not_asking=not_asking))
    abusive = tuple(
        _Phrase.compile(text, 1.0, where=f"{path}: abusive.{language}")
        for language in ("ja", "en")
        for text in getattr(raw.abusive, language)
    )
    unknown_states = raw.order_state.states_named() - STATES
    if unknown_states:
        raise ConfigurationError(
            f"{path}: order_state: unknown states {', '.join(sorted(unknown_states))}; "
            f"choose from {', '.join(sorted(STATES))}"
        )
    return IntentRules(
        subject_weight=raw.subject_weight,
        min_score=raw.min_score,
        outrank_score=raw.outrank_score if raw.outrank_score is not None else raw.min_score,
        intents=tuple(compiled),
        abusive=_PhraseList(abusive),
        requests={
            language: _PhraseList(tuple(
                _Phrase.compile(text, 1.0, where=f"{path}: requests.{language}") for text in getattr(raw.requests, language)
            ))
            for language in ("ja", "en")
        },
        request_weight=raw.requests.weight,
        asides={
            language: _PhraseList(tuple(
                _Phrase.compile(text, 1.0, where=f"{path}: asides.{language}") for text in getattr(raw.asides, language)
            ))
            for language in ("ja", "en")
        },
        aside_weight=raw.asides.weight,
        injection=InjectionPatterns.compile(raw.injection, where=f"{path}: injection"),
        order_state=raw.order_state,
        learned=raw.learned,
    )


def rule_scores(
    subject: Read, sentences: tuple[Read, ...], *, language: Language, rules: IntentRules, subject_aside: bool = False
) -> tuple[dict[Intent, float], dict[Intent, tuple[str, ...]]]:
    """Each intent's score by the keyword rules, 0 for one a clear intent outranks, and
    its phrases, strongest first. `subject_aside`: the subject looks back (a reply's
    Re: 破損の件 over new words): when the words below ask something clearly, it counts
    as an aside does and outranks nothing."""
    subject_weight = rules.subject_weight * (rules.aside_weight if subject_aside else 1.0)
    # A phrase counts once in the body, request_weight times when a sentence that asks
    # (〜ていただけますか, "could you") has it: that sentence says what the mail wants.
    requests = rules.requests.get(language)
    asides = rules.asides.get(language)
    # A sentence that looks back or away (what was reported or sorted out before, what
    # should stay as it is) counts aside_weight times and makes no intent outrank another:
    # "the cup I reported broken yesterday: I'd like to return the set" asks for a return.
    aside = [asides is not None and bool(asides.found_in(sentence.key)) for sentence in sentences]
    weights = [
        rules.aside_weight if is_aside
        else rules.request_weight if requests is not None and requests.found_in(sentence.key) else 1.0
        for sentence, is_aside in zip(sentences, aside, strict=True)
    ]
    scores: dict[Intent, float] = {}
    outranking: dict[Intent, float] = {}  # the score without asides
    evidence: dict[Intent, tuple[str, ...]] = {}
    # A phrase in none of the texts is not looked for in each (most of the ~300 phrases of a language).
    every_key = "\n".join([subject.key, *(sentence.key for sentence in sentences)])
    every_lemma = subject.lemma_set.union(*(sentence.lemma_set for sentence in sentences))
    for rule in rules.intents:
        found = []
        # Phrases that read as the same words (届かない, 届いていません) are one sign: the
        # strongest of them counts.
        counted: dict[object, float] = {}
        counted_outside: dict[object, float] = {}
        subject_read = rule.readable(subject, language)
        sentence_reads = [rule.readable(sentence, language) for sentence in sentences]
        for phrase in rule.phrases[language]:
            if not phrase.may_be_in(every_key, every_lemma):
                continue
            in_subject = subject_weight * phrase.found_in(subject_read)
            hits = [
                (w, is_aside)
                for w, is_aside, sentence in zip(weights, aside, sentence_reads, strict=True)
                if phrase.found_in(sentence)
            ]
            gained = phrase.weight * (in_subject + max((w for w, _ in hits), default=0))
            if gained:
                found.append((gained, phrase.text))
                same = phrase.words or phrase.text
                counted[same] = max(counted.get(same, 0.0), gained)
                outside = phrase.weight * (
                    (0.0 if subject_aside else in_subject) + max((w for w, is_aside in hits if not is_aside), default=0)
                )
                counted_outside[same] = max(counted_outside.get(same, 0.0), outside)
        scores[rule.intent] = sum(counted.values())
        outranking[rule.intent] = sum(counted_outside.values())
        evidence[rule.intent] = tuple(text for _, text in sorted(found, key=lambda item: -item[0]))
    if subject_aside and max(
        (score for intent, score in outranking.items() if intent is not Intent.WHERE_IS_MY_ORDER), default=0.0
    ) < rules.outrank_score:
        # The words below the reply's subject ask nothing clearly of their own, or only
        # chase (まだ届いていません under "Re: 配送の遅れ"): they carry on the thread its
        # subject names.
        return rule_scores(subject, sentences, language=language, rules=rules)
    # A clear intent silences the ones it outranks: "cancel my subscription" is a
    # subscription change, "where is it, it's late" a delay, "damaged, refund me" damage.
    # A mere hint (実家, "in stock") does not, nor a sign found only in an aside.
    outranked = {
        lower for rule in rules.intents if outranking[rule.intent] >= rules.outrank_score for lower in rule.outranks
    }
    return {intent: 0.0 if intent in outranked else score for intent, score in scores.items()}, evidence


def match_key(text: str) -> str:
    """Text as keywords are matched: NFKC, case-folded, one space, no breaks inside
    Japanese, English negations written out (isn't, dont → is not, do not)."""
    key = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    key = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", key)
    key = _EN_NEGATION.sub(lambda m: f"{_EN_NEGATED_IRREGULAR.get(m[1], m[1])} not", key)
    return re.sub(r"\s+", " ", key)


_EN_NEGATION = re.compile(
    r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|ca|wo|must|need)(?:n't|nt)\b"
)
_EN_NEGATED_IRREGULAR = {"ca": "can", "wo": "will"}
