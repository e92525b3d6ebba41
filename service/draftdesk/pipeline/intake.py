"""intake: from a raw ticket to what later stages read.

Plain text from HTML mail, quoted history and signature stripped, language detected,
intent guessed by transparent keyword rules (`knowledge/intents.yaml`) where their
evidence is strong and by those rules blended with a learned scorer (`intent_model`)
where it is not, order number and phone candidates collected for the context stage,
abusive-claimer signals flagged. A mail with an empty body is read from its subject.
Sentences addressed to a model rather than the shop (prompt injection) are taken out of
the text before anything reads it and kept as evidence. Once the order is known,
`with_order_state` weighs in its state (a prior, learned from the examples) and lets it
decide what a short ticket asks. Everything here is a pure function of the ticket and
the rules (the scorer is trained once, when the rules are loaded).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from pydantic import Field

from draftdesk.domain import Frozen, Intent, Language, Ticket
from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.files import load_yaml_model
from draftdesk.pipeline.intent_model import (
    INTENTS,
    IntentExample,
    IntentScorer,
    load_intent_examples,
    word_features,
)
from draftdesk.pipeline.intent_words import Word, WordPhrase, content_lemmas, read_words
from draftdesk.pipeline.order_state import STATES, OrderStateRules, intent_for_state
from draftdesk.text.identifiers import find_phones
from draftdesk.text.injection import InjectionPatterns, remove_injections
from draftdesk.text.mail_text import Mail, clean_subject, html_to_text, read_mail
from draftdesk.text.order_numbers import OrderNumberFormat, order_number_format
from draftdesk.text.sentences import split_sentences
from draftdesk.text.visible import visible_length


class IntentReading(Frozen):
    """The evidence for each intent: the rules' score (0 for an intent a clearer one
    outranks) and phrases, and the learned scorer's log P(intent | text) in `INTENTS`
    order with the text's features (empty without a scorer)."""

    rule_scores: dict[Intent, float]
    rule_evidence: dict[Intent, tuple[str, ...]]
    text_log_posterior: tuple[float, ...] = ()
    features: dict[str, int] = Field(default_factory=dict)


class Intake(Frozen):
    """The ticket as later stages read it. `text` is the customer's own words (no
    quoted history, no signature); the evidence fields say why intent and abuse were
    decided, so an agent can see it and a shop can tune `knowledge/intents.yaml`."""

    subject: str
    text: str
    language: Language
    intent: Intent
    intent_evidence: tuple[str, ...] = ()
    order_numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    abusive: bool = False
    abusive_evidence: tuple[str, ...] = ()
    # Sentences addressed to a model, taken out of `text` (the draft is flagged).
    injected: tuple[str, ...] = ()
    # What the intent was decided from, kept so the order's state can weigh in later.
    intent_reading: IntentReading | None = Field(default=None, exclude=True, repr=False)


def intake(ticket: Ticket, *, rules: IntentRules, order_numbers: OrderNumberFormat | None = None) -> Intake:
    """`order_numbers`: the shop's format (`order_number_format(shop)`); the common shapes without one."""
    own = _own_words(ticket, rules)
    reading = _reading(own, rules=rules)
    intent, evidence = _decide(reading, rules=rules, state_prior=None)
    abuse = rules.abusive.found_in(_match_key(f"{own.subject}\n{own.text}"))
    return Intake(
        subject=own.subject,
        # A mail with an empty body said what it had to say in its subject.
        text=own.text if own.mail.body else own.subject,
        language=own.language,
        intent=intent,
        intent_evidence=evidence,
        # The shop's own replies quoted below carry the order number (useful) but also
        # the shop's phone (useless for a look-up), so numbers come from the whole mail
        # and phones only from the customer's own part, signature included.
        order_numbers=(order_numbers or order_number_format()).numbers(f"{ticket.subject}\n{own.mail.body}"),
        phones=find_phones(own.mail.own),
        abusive=bool(abuse),
        abusive_evidence=abuse,
        injected=own.injected,
        intent_reading=reading,
    )


def with_order_state(received: Intake, *, state: str | None, rules: IntentRules) -> Intake:
    """`received` with the intent once the order's state is known: the state's prior
    blended in (learned from the examples), then the `order_state` rules; the state is
    named first in the evidence when it changed the intent. Whether a ticket asks for
    anything at all is the text's to say: the prior weighs the intents of a ticket that
    has one, and a ticket that fits none is left to the rules for short tickets."""
    intent, evidence = received.intent, received.intent_evidence
    prior = rules.scorer.state_prior(state) if rules.scorer is not None and state is not None else None
    if received.intent_reading is not None and prior is not None and intent is not Intent.OTHER:
        intent, evidence = _decide(received.intent_reading, rules=rules, state_prior=prior)
        if intent is not received.intent:
            evidence = (f"order state {state}", *evidence)
    refined, why = intent_for_state(
        intent, state=state, text=f"{received.subject}\n{received.text}", language=received.language,
        rules=rules.order_state,
    )
    if why is not None:
        evidence = (why, *(evidence if refined is intent else ()))
    if refined is received.intent and evidence == received.intent_evidence:
        return received
    return received.model_copy(update={"intent": refined, "intent_evidence": evidence})


@dataclass(frozen=True)
class _OwnWords:
    """A ticket's own words as intent reads them: subject and sentences, injections out."""

    mail: Mail
    subject: str
    text: str
    language: Language
    subject_read: _Read
    sentences: tuple[_Read, ...]
    injected: tuple[str, ...]
    sender_key: str  # the sender's name as matched, without spaces


def _own_words(ticket: Ticket, rules: IntentRules) -> _OwnWords:
    if visible_length(ticket.body) == 0 and visible_length(ticket.subject) > 0:
        mail = Mail(body="", own="", text="", quoted="")  # subject only: nothing to read below it
    else:
        mail = read_mail(ticket.body)  # refuses an empty mail
    own_subject = remove_injections(clean_subject(ticket.subject), rules.injection)
    own_text = remove_injections(mail.text, rules.injection)
    subject, text = own_subject.text, own_text.text
    language = ticket.language or detect_language(f"{subject}\n{text}")
    return _OwnWords(
        mail=mail,
        subject=subject,
        text=text,
        language=language,
        subject_read=_read(subject, language),
        sentences=tuple(_read(sentence.text, language) for sentence in split_sentences(text, language)),
        injected=own_subject.removed + own_text.removed,
        sender_key=_match_key(ticket.sender.name or "").replace(" ", ""),
    )


# --- rules ----------------------------------------------------------------------

_Weight = Annotated[float, Field(gt=0)]


class _IntentSpec(Frozen):
    outranks: tuple[Intent, ...] = ()
    ja: dict[str, _Weight] = Field(default_factory=dict)
    en: dict[str, _Weight] = Field(default_factory=dict)


class _RequestsSpec(Frozen):
    weight: float = Field(default=1.0, ge=1)
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class _AbusiveSpec(Frozen):
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class _LearnedSpec(Frozen):
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
    abusive: _AbusiveSpec
    injection: tuple[str, ...] = ()
    order_state: OrderStateRules = Field(default_factory=OrderStateRules)
    learned: _LearnedSpec | None = None  # None: the rules alone


@dataclass(frozen=True)
class _Read:
    """A text as phrases are matched in it: its match key, its words and the lemmas of
    its content words (a phrase whose lemmas are not all there need not be walked)."""

    key: str
    words: tuple[Word, ...]
    lemmas: tuple[str, ...]  # in order: the learned scorer reads them
    lemma_set: frozenset[str]


def _read(text: str, language: Language) -> _Read:
    key = _match_key(text)
    words = read_words(key, language)
    lemmas = content_lemmas(words)
    return _Read(key, words, lemmas, frozenset(lemmas))


@dataclass(frozen=True)
class _Phrase:
    """A keyword as written in the YAML, the pattern that finds it in a match key, and
    (intent phrases) the words that find it in any inflection."""

    text: str
    weight: float
    pattern: re.Pattern[str]
    words: WordPhrase | None = None

    def found_in(self, read: _Read) -> bool:
        return bool(self.pattern.search(read.key)) or (
            self.words is not None and self.words.lemmas <= read.lemma_set and self.words.found_in(read.words)
        )

    @classmethod
    def compile(
        cls, text: str, weight: float, *, where: str, language: Language | None = None
    ) -> _Phrase:
        """`language`: also match on words (intent phrases); None: as written only."""
        key = _match_key(text)
        if not key.rstrip("*"):
            raise ConfigurationError(f"{where}: empty phrase")
        if "*" in key.rstrip("*"):
            raise ConfigurationError(f"{where}: {text!r}: '*' is only allowed at the end of a phrase")
        wildcard = key.endswith("*")
        core = key.rstrip("*")
        # English words match whole (late ≠ chocolate, sue ≠ issue); `refund*` also
        # matches refunded. Japanese has no spaces, so its phrases match anywhere.
        start = r"(?<![a-z0-9])" if core[0].isascii() and core[0].isalnum() else ""
        end = r"[a-z0-9]*" if wildcard else (r"(?![a-z0-9])" if core[-1].isascii() and core[-1].isalnum() else "")
        words = WordPhrase.parse(core, language) if language is not None and not wildcard else None
        return cls(text, weight, re.compile(start + re.escape(core) + end), words)


@dataclass(frozen=True)
class _PhraseList:
    phrases: tuple[_Phrase, ...]

    def found_in(self, key: str) -> tuple[str, ...]:
        return tuple(p.text for p in self.phrases if p.pattern.search(key))


@dataclass(frozen=True)
class _IntentRule:
    intent: Intent
    outranks: frozenset[Intent]
    phrases: dict[Language, tuple[_Phrase, ...]]


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
    injection: InjectionPatterns = InjectionPatterns(())
    order_state: OrderStateRules = OrderStateRules()
    learned: _LearnedSpec | None = None
    scorer: IntentScorer | None = None  # trained from `learned.examples`
    # Per language, the lemmas the scorer leaves out (`learned.ignore`, read as tickets are).
    ignored: dict[Language, frozenset[str]] = field(default_factory=dict)

    def trained_on(self, examples: Iterable[IntentExample]) -> IntentRules:
        """These rules with a scorer trained on `examples` (an evaluation leaves a set out)."""
        if self.learned is None:
            raise ConfigurationError("intents: no `learned:` section, so there is no scorer to train")
        ignored = {
            language: frozenset(lemma for word in words for lemma in _read(word, language).lemmas)
            for language, words in self.learned.ignore.items()
        }
        reader = replace(self, ignored=ignored)
        samples = []
        for example in examples:
            try:
                own = _own_words(example.ticket, reader)
            except InvalidInput as refused:
                raise ConfigurationError(f"intent example {example.ticket.id}: {refused.detail}") from None
            samples.append((_features(own, reader), example.intent, example.order_status))
        scorer = IntentScorer.fit(samples, smoothing=self.learned.smoothing, state_smoothing=self.learned.state_smoothing)
        return replace(reader, scorer=scorer)


def load_intent_rules(path: Path) -> IntentRules:
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
            keys = Counter(_match_key(p.text) for p in compiled_phrases)
            twice = [key for key, count in keys.items() if count > 1]
            if twice:
                # "doesn't fit" and "does not fit" are read alike: listed twice, counted twice.
                raise ConfigurationError(f"{where}.{language}: listed twice once read: {', '.join(twice)}")
        compiled.append(_IntentRule(intent=intent, outranks=frozenset(spec.outranks), phrases=phrases))
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
    rules = IntentRules(
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
        injection=InjectionPatterns.compile(raw.injection, where=f"{path}: injection"),
        order_state=raw.order_state,
        learned=raw.learned,
    )
    if raw.learned is None:
        return rules
    return rules.trained_on(load_intent_examples(path.parent / raw.learned.examples))


def _reading(own: _OwnWords, *, rules: IntentRules) -> IntentReading:
    """The rules' evidence for every intent and, with a scorer, what it makes of the words."""
    scores, evidence = _rule_scores(own.subject_read, own.sentences, language=own.language, rules=rules)
    if rules.scorer is None:
        return IntentReading(rule_scores=scores, rule_evidence=evidence)
    features = _features(own, rules)
    return IntentReading(
        rule_scores=scores,
        rule_evidence=evidence,
        text_log_posterior=rules.scorer.score(features),
        features=dict(features),
    )


def _features(own: _OwnWords, rules: IntentRules) -> Counter[str]:
    # The sender's name is no sign of intent, and must not turn up as evidence: any
    # lemma of two characters or more found in it (佐藤 in 佐藤花子) is left out.
    reads = (own.subject_read, *own.sentences)
    name = {lemma for read in reads for lemma in read.lemma_set if len(lemma) >= 2 and lemma in own.sender_key}
    listed = rules.ignored.get(own.language, frozenset())
    return word_features(
        own.subject_read.lemmas, (sentence.lemmas for sentence in own.sentences), ignore=listed | name if name else listed
    )


def _rule_scores(
    subject: _Read, sentences: tuple[_Read, ...], *, language: Language, rules: IntentRules
) -> tuple[dict[Intent, float], dict[Intent, tuple[str, ...]]]:
    """Each intent's score by the keyword rules, 0 for one a clear intent outranks, and
    its phrases, strongest first."""
    # A phrase counts once in the body, request_weight times when a sentence that asks
    # (〜ていただけますか, "could you") has it: that sentence says what the mail wants.
    requests = rules.requests.get(language)
    weights = [
        rules.request_weight if requests is not None and requests.found_in(sentence.key) else 1.0
        for sentence in sentences
    ]
    scores: dict[Intent, float] = {}
    evidence: dict[Intent, tuple[str, ...]] = {}
    for rule in rules.intents:
        found = []
        # Phrases that read as the same words (届かない, 届いていません) are one sign: the
        # strongest of them counts.
        counted: dict[object, float] = {}
        for phrase in rule.phrases[language]:
            gained = phrase.weight * (
                rules.subject_weight * phrase.found_in(subject)
                + max((w for w, sentence in zip(weights, sentences, strict=True) if phrase.found_in(sentence)), default=0)
            )
            if gained:
                found.append((gained, phrase.text))
                same = phrase.words or phrase.text
                counted[same] = max(counted.get(same, 0.0), gained)
        scores[rule.intent] = sum(counted.values())
        evidence[rule.intent] = tuple(text for _, text in sorted(found, key=lambda item: -item[0]))
    # A clear intent silences the ones it outranks: "cancel my subscription" is a
    # subscription change, "where is it, it's late" a delay, "damaged, refund me" damage.
    # A mere hint (実家, "in stock") does not.
    outranked = {
        lower for rule in rules.intents if scores[rule.intent] >= rules.outrank_score for lower in rule.outranks
    }
    return {intent: 0.0 if intent in outranked else score for intent, score in scores.items()}, evidence


def _decide(
    reading: IntentReading, *, rules: IntentRules, state_prior: tuple[float, ...] | None
) -> tuple[Intent, tuple[str, ...]]:
    """The intent and its evidence.

    Rules alone (no scorer): the highest score wins, ties to the intent listed first,
    `other` below min_score. With a scorer, the rules still decide alone when their
    best intent is decisive (a high score and a clear lead); otherwise every intent gets
    rule_weight × its rule score + text_weight × log P(intent | text) (+ state_weight ×
    log P(intent | order state) once the order is known), and the best wins. `other`
    when neither the rules (min_score) nor the scorer (min_probability for some intent)
    have evidence: a text that says nothing is left to the order's state rules."""
    ranked = sorted(rules.intents, key=lambda rule: -reading.rule_scores[rule.intent])  # stable: YAML order
    best = ranked[0].intent if ranked else Intent.OTHER
    top = reading.rule_scores.get(best, 0.0)
    runner_up = reading.rule_scores[ranked[1].intent] if len(ranked) > 1 else 0.0
    learned, scorer = rules.learned, rules.scorer
    if learned is None or scorer is None or not reading.text_log_posterior or (
        top >= learned.decisive_score and top - runner_up >= learned.decisive_margin
    ):
        return (best, reading.rule_evidence[best]) if top >= rules.min_score else (Intent.OTHER, ())
    blended = {
        intent: learned.rule_weight * reading.rule_scores.get(intent, 0.0)
        + learned.text_weight * reading.text_log_posterior[at]
        + (learned.state_weight * state_prior[at] if state_prior is not None else 0.0)
        for at, intent in enumerate(INTENTS)
    }
    says_something = top >= rules.min_score or max(reading.text_log_posterior) >= math.log(learned.min_probability)
    # With the order's state, the text has already said that it asks for something.
    candidates = INTENTS if state_prior is None else tuple(i for i in INTENTS if i is not Intent.OTHER)
    chosen = max(candidates, key=lambda intent: blended[intent])  # INTENTS order breaks a tie
    if chosen is Intent.OTHER or not says_something:
        return Intent.OTHER, ()
    telling = scorer.telling_features(reading.features, chosen)
    if not telling and reading.rule_scores.get(chosen, 0.0) == 0:
        return Intent.OTHER, ()  # no word speaks for it: the priors alone chose it
    probability = math.exp(reading.text_log_posterior[INTENTS.index(chosen)])
    learned_evidence = (f"learned p={probability:.2f}: {', '.join(telling)}",) if telling else ()
    return chosen, (*reading.rule_evidence.get(chosen, ()), *learned_evidence)


def _match_key(text: str) -> str:
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


# --- language -------------------------------------------------------------------

_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_OTHER_JAPANESE = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HIRAGANA_WEIGHT = 4


def detect_language(text: str, *, default: Language = "ja") -> Language:
    """ja or en by script, no model: hiragana carries Japanese grammar (particles,
    endings), so it weighs most; kanji and katakana alone are usually a product name
    quoted in an English mail, and Latin letters in Japanese mail a brand name."""
    text = unicodedata.normalize("NFKC", text)
    japanese = _HIRAGANA_WEIGHT * len(_HIRAGANA.findall(text)) + len(_OTHER_JAPANESE.findall(text))
    latin = len(_LATIN.findall(text))
    if japanese == latin == 0:
        return default
    return "ja" if japanese >= latin else "en"


# Re-exported: callers and tests import these from the stage module.
__all__ = [
    "Intake",
    "IntentRules",
    "detect_language",
    "find_phones",
    "html_to_text",
    "intake",
    "load_intent_rules",
    "with_order_state",
]
