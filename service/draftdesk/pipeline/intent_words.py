"""Intent phrases matched on words, not spellings.

A phrase of `knowledge/intents.yaml` is read the way a ticket is read (`words.tokenize`:
Sudachi's normalised forms for Japanese, stems for English), so one entry names a
meaning in all its shapes: 届かない matches 届いておりません and 届いてない, 経つ matches
経ちます and 経っても, 宛先 matches 宛て先, "ship it to" matches "shipped it to".

Between the words of a phrase the ticket may have words that carry no content:
particles, auxiliaries, お/ご, and the verbs that only add politeness or aspect
(する, いたす, おる, いる). A particle the phrase writes must be there (日を過ぎ needs
its を), so a phrase does not shrink to a single common noun. A negative is a word:
届かない does not match 届きます.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from draftdesk.domain import Language

if TYPE_CHECKING:
    from draftdesk.pipeline.checks.words import Token

# Verbs that carry only politeness or aspect after a content word.
_JA_LIGHT_VERBS = frozenset({"為る", "致す", "おる", "居る", "御座る", "参る", "申し上げる"})
_JA_NEGATIVES = frozenset({"ない", "無い", "ず", "ぬ"})
_NEGATIVE = "ず"
# An English stem that reads as a negation only when the word is one: "note" stems to
# "not", and "a note in the box" must not read as "not in the box".
_EN_NEGATIONS = frozenset({"not", "no", "never", "nor"})
_BREAKS = frozenset("。．.!?！？\n、，,")


@dataclass(frozen=True)
class Word:
    """One word of a read text: its lemma, whether a phrase may pass over it, and its surface."""

    lemma: str
    skippable: bool
    surface: str


@dataclass(frozen=True)
class _PhraseWord:
    lemma: str
    particle: bool  # must be in the ticket as written


def _tokenize(text: str, language: Language) -> list[Token]:
    # Imported here: the checks package imports the inbox model, which imports intake.
    from draftdesk.pipeline.checks.words import tokenize

    return tokenize(text, language)


def read_words(text: str, language: Language) -> tuple[Word, ...]:
    return tuple(_word(token, language) for token in _tokenize(text, language))


def content_lemmas(words: tuple[Word, ...]) -> tuple[str, ...]:
    """The lemmas of the words that carry content, in order."""
    return tuple(word.lemma for word in words if not word.skippable and word.surface not in _BREAKS)


def _word(token: Token, language: Language) -> Word:
    if language == "ja":
        if token.pos in ("助動詞", "形容詞") and token.lemma in _JA_NEGATIVES:
            return Word(_NEGATIVE, False, token.text)
        if token.pos == "動詞" and token.lemma in _JA_LIGHT_VERBS:
            return Word(token.lemma, True, token.text)
    skippable = not token.content and token.text not in _BREAKS
    lemma = token.lemma
    if language == "en" and lemma in _EN_NEGATIONS and token.text.casefold() not in _EN_NEGATIONS:
        lemma = token.text.casefold()
    return Word(lemma, skippable, token.text)


@dataclass(frozen=True)
class WordPhrase:
    """A phrase as the words it must find in order."""

    words: tuple[_PhraseWord, ...]

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """The content lemmas a text must have for the phrase to be found in it."""
        return frozenset(word.lemma for word in self.words if not word.particle)

    @classmethod
    def parse(cls, text: str, language: Language) -> WordPhrase | None:
        """None when words would say less than the phrase: a phrase that is one word
        with something after it (返品した, 予定日は) keeps its tense or particle by
        matching as written."""
        tokens = _tokenize(text, language)
        words = []
        for word, token in zip(read_words(text, language), tokens, strict=True):
            particle = language == "ja" and token.pos == "助詞"
            if particle:
                words.append(_PhraseWord(token.text, True))
            elif not word.skippable and word.surface not in _BREAKS:
                words.append(_PhraseWord(word.lemma, False))
        while words and words[0].particle:
            words.pop(0)
        content = sum(not w.particle for w in words)
        # An English word keeps its form (shipped is not shipping); `*` widens it.
        if content >= 2 or (content == 1 and len(tokens) == 1 and language == "ja"):
            return cls(tuple(words))
        return None

    def found_in(self, words: tuple[Word, ...]) -> bool:
        first = self.words[0]
        return any(
            word.lemma == first.lemma and not word.skippable and self._rest_from(words, at)
            for at, word in enumerate(words)
        )

    def _rest_from(self, words: tuple[Word, ...], at: int) -> bool:
        for wanted in self.words[1:]:
            at += 1
            while at < len(words) and not _fits(wanted, words[at]):
                if not words[at].skippable:
                    return False
                at += 1
            if at >= len(words):
                return False
        return True


def _fits(wanted: _PhraseWord, word: Word) -> bool:
    if wanted.particle:
        return word.surface == wanted.lemma
    return not word.skippable and word.lemma == wanted.lemma
