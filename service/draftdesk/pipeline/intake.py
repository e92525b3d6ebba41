"""intake: from a raw ticket to what later stages read.

Plain text from HTML mail, quoted history and signature stripped, language detected,
intent guessed by transparent keyword rules (`knowledge/intents.yaml`), order number
and phone candidates collected for the context stage, abusive-claimer signals flagged.
Sentences addressed to a model rather than the shop (prompt injection) are taken out of
the text before anything reads it and kept as evidence. Once the order is known,
`with_order_state` lets its state decide what a short ticket asks.
Everything here is a pure function of the ticket and the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field

from draftdesk.domain import Frozen, Intent, Language, Ticket
from draftdesk.errors import ConfigurationError
from draftdesk.files import load_yaml_model
from draftdesk.pipeline.intent_words import Word, WordPhrase, read_words
from draftdesk.pipeline.order_state import STATES, OrderStateRules, intent_for_state
from draftdesk.text.identifiers import find_phones
from draftdesk.text.injection import InjectionPatterns, remove_injections
from draftdesk.text.mail_text import clean_subject, html_to_text, read_mail
from draftdesk.text.order_numbers import OrderNumberFormat, order_number_format
from draftdesk.text.sentences import split_sentences


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


def intake(ticket: Ticket, *, rules: IntentRules, order_numbers: OrderNumberFormat | None = None) -> Intake:
    """`order_numbers`: the shop's format (`order_number_format(shop)`); the common shapes without one."""
    mail = read_mail(ticket.body)
    own_subject = remove_injections(clean_subject(ticket.subject), rules.injection)
    own_text = remove_injections(mail.text, rules.injection)
    subject, text = own_subject.text, own_text.text
    language = ticket.language or detect_language(f"{subject}\n{text}")
    sentences = tuple(_read(sentence.text, language) for sentence in split_sentences(text, language))
    intent, evidence = _classify(_read(subject, language), sentences, language=language, rules=rules)
    abuse = rules.abusive.found_in(_match_key(f"{subject}\n{text}"))
    return Intake(
        subject=subject,
        text=text,
        language=language,
        intent=intent,
        intent_evidence=evidence,
        # The shop's own replies quoted below carry the order number (useful) but also
        # the shop's phone (useless for a look-up), so numbers come from the whole mail
        # and phones only from the customer's own part, signature included.
        order_numbers=(order_numbers or order_number_format()).numbers(f"{ticket.subject}\n{mail.body}"),
        phones=find_phones(mail.own),
        abusive=bool(abuse),
        abusive_evidence=abuse,
        injected=own_subject.removed + own_text.removed,
    )


def with_order_state(received: Intake, *, state: str | None, rules: IntentRules) -> Intake:
    """`received` with the intent the order's state gives it (`order_state` rules), the
    state named first in the evidence; unchanged when the state decides nothing."""
    intent, why = intent_for_state(
        received.intent, state=state, text=f"{received.subject}\n{received.text}",
        language=received.language, rules=rules.order_state,
    )
    if why is None:
        return received
    evidence = received.intent_evidence if intent is received.intent else ()
    return received.model_copy(update={"intent": intent, "intent_evidence": (why, *evidence)})


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


class _RulesFile(Frozen):
    subject_weight: float = Field(default=2.0, ge=1)
    min_score: float = Field(default=2.0, gt=0)
    outrank_score: float | None = Field(default=None, gt=0)  # None: min_score
    intents: dict[Intent, _IntentSpec]
    requests: _RequestsSpec = Field(default_factory=_RequestsSpec)
    abusive: _AbusiveSpec
    injection: tuple[str, ...] = ()
    order_state: OrderStateRules = Field(default_factory=OrderStateRules)


@dataclass(frozen=True)
class _Read:
    """A text as phrases are matched in it: its match key and its words."""

    key: str
    words: tuple[Word, ...]


def _read(text: str, language: Language) -> _Read:
    key = _match_key(text)
    return _Read(key, read_words(key, language))


@dataclass(frozen=True)
class _Phrase:
    """A keyword as written in the YAML, the pattern that finds it in a match key, and
    (intent phrases) the words that find it in any inflection."""

    text: str
    weight: float
    pattern: re.Pattern[str]
    words: WordPhrase | None = None

    def found_in(self, read: _Read) -> bool:
        return bool(self.pattern.search(read.key)) or (self.words is not None and self.words.found_in(read.words))

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
        injection=InjectionPatterns.compile(raw.injection, where=f"{path}: injection"),
        order_state=raw.order_state,
    )


def _classify(
    subject: _Read, sentences: tuple[_Read, ...], *, language: Language, rules: IntentRules
) -> tuple[Intent, tuple[str, ...]]:
    # A phrase counts once in the body, request_weight times when a sentence that asks
    # (〜ていただけますか, "could you") has it: that sentence says what the mail wants.
    requests = rules.requests.get(language)
    weights = [
        rules.request_weight if requests is not None and requests.found_in(sentence.key) else 1.0
        for sentence in sentences
    ]
    scores: dict[Intent, float] = {}
    evidence: dict[Intent, list[tuple[float, str]]] = {}
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
        evidence[rule.intent] = sorted(found, key=lambda item: -item[0])
    # A clear intent silences the ones it outranks: "cancel my subscription" is a
    # subscription change, "where is it, it's late" a delay, "damaged, refund me" damage.
    # A mere hint (実家, "in stock") does not.
    outranked = {
        lower for rule in rules.intents if scores[rule.intent] >= rules.outrank_score for lower in rule.outranks
    }
    contenders = [rule.intent for rule in rules.intents if rule.intent not in outranked]
    best = max(contenders, key=lambda intent: scores[intent], default=Intent.OTHER)
    if scores.get(best, 0) < rules.min_score:
        return Intent.OTHER, ()
    return best, tuple(text for _, text in evidence[best])


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
