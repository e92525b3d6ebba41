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
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import Field

from draftdesk.domain import Frozen, Intent, Language, Ticket
from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.pipeline.intent_model import (
    INTENTS,
    IntentExample,
    IntentScorer,
    load_intent_examples,
    stored_scorer,
    training_key,
    word_features,
)
from draftdesk.pipeline.intent_rules import (
    IntentRules,
    LearnedSpec,
    Read,
    compile_intent_rules,
    match_key,
    read_text,
    rule_scores,
)
from draftdesk.pipeline.order_state import intent_for_state
from draftdesk.text.identifiers import find_phones
from draftdesk.text.injection import remove_injections
from draftdesk.text.mail_text import Mail, carried_subject, clean_subject, html_to_text, read_mail, unfenced
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
    abuse = rules.abusive.found_in(match_key(f"{own.subject}\n{own.text}"))
    return Intake(
        subject=own.subject,
        # A mail with an empty body (or one that is only a signature or a quote) said
        # what it had to say in its subject.
        text=own.text if own.mail.text else own.subject,
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
    subject_read: Read
    sentences: tuple[Read, ...]
    injected: tuple[str, ...]
    sender_key: str  # the sender's name as matched, without spaces
    # The subject of a reply (Re: 破損の件) names what the earlier mail was about: with
    # words of the customer's own below it, it looks back, as an aside does.
    subject_looks_back: bool = False


def _own_words(ticket: Ticket, rules: IntentRules) -> _OwnWords:
    has_subject = visible_length(ticket.subject) > 0
    if visible_length(ticket.body) == 0 and has_subject:
        mail = Mail(body="", own="", text="", quoted="")  # subject only: nothing to read below it
    else:
        # Refuses an empty mail or one of quoted history only; a body that is only a signature under a
        # subject that says something is read from its subject.
        mail = read_mail(ticket.body, may_be_empty=has_subject)
    own_subject = remove_injections(clean_subject(ticket.subject), rules.injection)
    own_text = remove_injections(mail.text, rules.injection)
    subject, text = own_subject.text, own_text.text
    language = ticket.language or detect_language(f"{subject}\n{text}")
    return _OwnWords(
        mail=mail,
        subject=subject,
        text=text,
        language=language,
        subject_read=read_text(subject, language),
        # A shop's notice pasted between separator lines tells what the line below it is about, not what it asks.
        sentences=tuple(read_text(sentence.text, language) for sentence in split_sentences(unfenced(text), language)),
        injected=own_subject.removed + own_text.removed,
        sender_key=match_key(ticket.sender.name or "").replace(" ", ""),
        subject_looks_back=carried_subject(ticket.subject) and visible_length(text) > 0,
    )


def load_intent_rules(path: Path, *, scorer_file: Path | None = None) -> IntentRules:
    """`knowledge/intents.yaml` compiled and, with a `learned:` section, its scorer
    trained on the examples it names (once, at start-up). With `scorer_file`, a scorer
    stored there from the same examples, rules, tokenizer and code is read instead of
    trained, and one trained is stored there (`intent_model.stored_scorer`)."""
    rules = compile_intent_rules(path)
    if rules.learned is None:
        return rules
    examples_file = path.parent / rules.learned.examples
    if scorer_file is None:
        return trained_on(rules, load_intent_examples(examples_file))
    learned = rules.learned
    reader = _with_ignored(rules, learned)
    scorer = stored_scorer(
        scorer_file,
        key=training_key(path, examples_file),
        train=lambda: _fit(reader, learned, load_intent_examples(examples_file)),
    )
    return replace(reader, scorer=scorer)


def trained_on(rules: IntentRules, examples: Iterable[IntentExample]) -> IntentRules:
    """`rules` with a scorer trained on `examples`, each read as intake reads a ticket
    (an evaluation leaves a set out)."""
    learned = rules.learned
    if learned is None:
        raise ConfigurationError("intents: no `learned:` section, so there is no scorer to train")
    reader = _with_ignored(rules, learned)
    return replace(reader, scorer=_fit(reader, learned, examples))


def _with_ignored(rules: IntentRules, learned: LearnedSpec) -> IntentRules:
    """`rules` knowing the lemmas the scorer leaves out (`learned.ignore`, read as tickets are)."""
    ignored = {
        language: frozenset(lemma for word in words for lemma in read_text(word, language).lemmas)
        for language, words in learned.ignore.items()
    }
    return replace(rules, ignored=ignored)


def _fit(reader: IntentRules, learned: LearnedSpec, examples: Iterable[IntentExample]) -> IntentScorer:
    samples = []
    for example in examples:
        try:
            own = _own_words(example.ticket, reader)
        except InvalidInput as refused:
            raise ConfigurationError(f"intent example {example.ticket.id}: {refused.detail}") from None
        samples.append((_features(own, reader), example.intent, example.order_status))
    return IntentScorer.fit(samples, smoothing=learned.smoothing, state_smoothing=learned.state_smoothing)


def _reading(own: _OwnWords, *, rules: IntentRules) -> IntentReading:
    """The rules' evidence for every intent and, with a scorer, what it makes of the words."""
    scores, evidence = rule_scores(
        own.subject_read, own.sentences, language=own.language, rules=rules, subject_aside=own.subject_looks_back
    )
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


def _decide(
    reading: IntentReading, *, rules: IntentRules, state_prior: tuple[float, ...] | None
) -> tuple[Intent, tuple[str, ...]]:
    """The intent and its evidence.

    Rules alone (no scorer): the highest score wins, ties to the intent listed first,
    `other` below min_score. With a scorer, the rules still decide alone when their
    best intent is decisive (a high score and a clear lead); otherwise every intent gets
    rule_weight × its rule score + text_weight × log P(intent | text) (+ state_weight ×
    log P(intent | order state) once the order is known), and the best wins. `other`
    when neither the rules (min_score) nor the scorer (min_probability for the intent
    chosen) have evidence, or when only hints fired and the scorer is sure of `other`:
    a text that says nothing is left to the order's state rules."""
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
    # With the order's state, the text has already said that it asks for something.
    candidates = INTENTS if state_prior is None else tuple(i for i in INTENTS if i is not Intent.OTHER)
    chosen = max(candidates, key=lambda intent: blended[intent])  # INTENTS order breaks a tie
    # Without a rule that reaches min_score, the scorer must be sure of the intent chosen
    # itself: sure of a delay in a thank-you note is no evidence for the damage it mentions.
    says_something = (
        top >= rules.min_score
        or reading.text_log_posterior[INTENTS.index(chosen)] >= math.log(learned.min_probability)
    )
    # Hints alone (a score below outrank_score: "shipping" in "do you ship to Norway?")
    # do not overrule a scorer sure that nothing is asked.
    sure_of_nothing = reading.text_log_posterior[INTENTS.index(Intent.OTHER)] >= math.log(learned.min_probability)
    if chosen is Intent.OTHER or not says_something or (sure_of_nothing and top < rules.outrank_score):
        return Intent.OTHER, ()
    telling = scorer.telling_features(reading.features, chosen)
    if not telling and reading.rule_scores.get(chosen, 0.0) == 0:
        return Intent.OTHER, ()  # no word speaks for it: the priors alone chose it
    probability = math.exp(reading.text_log_posterior[INTENTS.index(chosen)])
    learned_evidence = (f"learned p={probability:.2f}: {', '.join(telling)}",) if telling else ()
    return chosen, (*reading.rule_evidence.get(chosen, ()), *learned_evidence)


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
    "IntentReading",
    "IntentRules",
    "detect_language",
    "find_phones",
    "html_to_text",
    "intake",
    "load_intent_rules",
    "trained_on",
    "with_order_state",
]
