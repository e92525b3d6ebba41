"""Phrase lists matched on meanings: a rule names 手配する or "to ship", the reply may say
it in any inflection or politeness.

A rule with `match: lemmas` lists phrases as words, read the way the reply is read
(`words.tokenize`, the body read once per reply: `CheckedText.tokens` and `.lemmas`):

- Japanese through Sudachi's normalised forms. Particles and auxiliaries the entry does
  not write are passed over in the reply, and so are お/ご and the light verbs
  (する, いたす, させていただく, しております, 申し上げる, ございます) and humble forms
  (存じます is 思います): the entry 手配する
  matches 手配いたしました, お手配いたします, 手配をいたしております, 手配させていただきました.
  A particle the entry writes must be there (と in となる), and so must an auxiliary,
  in any inflection (でしょう in 届くでしょう, not 届きます; せる in させてしまい); a negative is a word
  (申し訳ない matches 申し訳ございません and 申し訳ありません).
- English through the stemmer, articles passed over; adverbs keep their -ly (shortly is
  not short). "to ship" names the verb: shipped, we've shipped, has been shipped,
  we are shipping, will ship, but not "the shipping fee".
- `…` between words allows any words between them (in the same stretch of text).
- `{name}` in an entry stands for each phrase of the rule's word group `name`: with
  `groups: {outcome: [届く, 入荷する]}`, `{outcome}でしょう` is 届くでしょう and
  入荷するでしょう, so a list names a family of meanings once.
- An entry written `/…/` is a regular expression, matched on the text as before
  (Japanese anywhere, English as whole words, ignoring case).

A rule without `match: lemmas` reads every entry as a regular expression.

A match's span is the surface text from its first word (with its お/ご) to its last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from draftdesk.domain import Language
from draftdesk.pipeline.checks.patterns import PerLanguage, compile_phrases
from draftdesk.pipeline.checks.words import Token, tokenize

if TYPE_CHECKING:
    from draftdesk.pipeline.check import CheckedText

Matching = Literal["regex", "lemmas"]

# Verbs that only carry politeness or aspect after a content word: 手配(を)いたします,
# 手配させていただきます, 確認しております, 申し訳ございません / ありません. Not いただく or
# ください: ご確認いただく, ご連絡ください are the customer's doing, not ours.
_JA_LIGHT_VERBS = frozenset({"為る", "致す", "おる", "居る", "申し上げる", "差し上げる", "参る", "御座る", "有る"})
_JA_LIGHT = "為る"
_JA_HUMBLE = {"存ずる": "思う"}  # 届くかと存じます is 届くと思います
_JA_NEGATIVES = frozenset({"ない", "無い", "ず", "ぬ"})
_JA_NEGATIVE = "ず"
_SENTENCE_MARKS = frozenset("。．.!?！？\n")
# Before an English verb: a modal, an auxiliary or a subject ("we ship", "has been shipped").
_EN_VERB_CONTEXT = frozenset({
    "will", "'ll", "shall", "would", "could", "can", "may", "might", "must", "to", "let",
    "have", "has", "had", "'ve", "be", "is", "are", "am", "was", "were", "been", "being", "'re", "'m",
    "we", "i", "we've", "i've", "we'll", "i'll", "we're", "i'm", "we'd", "i'd", "it", "they", "he", "she",
    "it'll", "it's", "it'd", "they'll", "they're", "they've", "they'd", "he'll", "she'll", "that'll",
})
_EN_PARTICIPLES = frozenset({"sent", "given", "gave", "paid", "made", "done", "taken", "took", "got", "gotten", "put", "set", "told"})
_EN_ADVERBS = frozenset({"also", "now", "then", "still", "just", "already", "today", "immediately", "not", "never", "been"})


_EN_NOTE = "note"

_GROUP = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class _Word:
    lemma: str
    particle: bool = False  # ja: must be in the reply as written
    auxiliary: bool = False  # ja: must be in the reply (lemma is its dictionary form), in a form starting with `stem`
    stem: str = ""
    verb: bool = False  # en: "to ship", used as a verb
    any_gap: bool = False  # `…` before it


@dataclass(frozen=True)
class _Phrase:
    words: tuple[_Word, ...]


def lemma(token: Token, language: Language) -> str:
    """The word a phrase is matched on."""
    if language == "en":
        written = token.text.lower().replace("’", "'")
        if written.endswith("ly"):
            return written
        # the stemmer gives note, noted, notes the negation's stem "not": a phrase tells them apart
        return _EN_NOTE if token.lemma == "not" and written != "not" else token.lemma
    if token.pos == "動詞" and token.lemma in _JA_LIGHT_VERBS:
        return _JA_LIGHT
    if token.lemma in _JA_NEGATIVES and token.pos in ("助動詞", "形容詞"):
        return _JA_NEGATIVE
    return _JA_HUMBLE.get(token.lemma, token.lemma)


def _passed_over(token: Token, language: Language) -> bool:
    """A word of the reply a phrase may skip: a particle, an auxiliary, お/ご, a light verb."""
    if token.text in _SENTENCE_MARKS:
        return False
    return not token.content or language == "ja" and lemma(token, language) == _JA_LIGHT


def _parse(entry: str, language: Language) -> _Phrase:
    words: list[_Word] = []
    for index, part in enumerate(entry.split("…")):
        text = part.strip()
        verb = language == "en" and text.lower().startswith("to ")  # "probably … to ship": a verb after `…` too
        if verb:
            text = text[3:]
        first = True
        for token in tokenize(text, language):
            particle = language == "ja" and token.pos == "助詞"
            auxiliary = language == "ja" and token.pos == "助動詞" and not token.content
            if not (token.content or particle or auxiliary):
                continue
            # an auxiliary as its dictionary form and its stem: せる matches させてしまい, but だろう
            # (だ) is not the で of 入荷いたしますので. Written inflected, it is that inflection:
            # でしょう (です) guesses, the です of お届けです states.
            stem = token.text[:-1] if token.text != token.lemma else token.text[0]
            written = token.lemma if auxiliary else lemma(token, language)
            words.append(_Word(
                written, particle=particle, auxiliary=auxiliary, stem=stem if auxiliary else "", verb=verb,
                any_gap=index > 0 and first,
            ))
            first = False
    if not words:
        raise ValueError(f"phrase {entry!r} has no words to match")
    return _Phrase(tuple(words))


class Phrases:
    """One rule's list of phrases in one language, ready to match."""

    def __init__(self, entries: list[str], language: Language, matching: Matching) -> None:
        self.language = language
        regexes = [e for e in entries if matching == "regex" or _is_regex(e)]
        self.regex = compile_phrases([e[1:-1] if matching == "lemmas" else e for e in regexes], language)
        self.phrases: dict[str, list[_Phrase]] = {}
        for entry in entries:
            if matching == "lemmas" and not _is_regex(entry):
                phrase = _parse(entry, language)
                self.phrases.setdefault(phrase.words[0].lemma, []).append(phrase)

    def spans(self, reply: CheckedText, start: int, end: int) -> list[tuple[int, int]]:
        """Matches in reply.text[start:end], as offsets into reply.text, in text order."""
        return sorted(self._spans(reply, start, end))

    def spans_in(self, text: str) -> list[tuple[int, int]]:
        """Matches in a text that is not the reply's (the subject line), in text order."""
        return sorted(self._spans_in(text))

    def found(self, reply: CheckedText, start: int, end: int) -> bool:
        return next(self._spans(reply, start, end), None) is not None

    def found_in(self, text: str) -> bool:
        return next(self._spans_in(text), None) is not None

    def _spans(self, reply: CheckedText, start: int, end: int) -> Iterator[tuple[int, int]]:
        if self.regex is not None:
            for match in self.regex.finditer(reply.text, start, end):
                if match.end() > match.start():
                    yield match.start(), match.end()
        if self.phrases:
            words = reply.word_range(start, end)
            yield from self._lemma_spans(reply.tokens[words], reply.lemmas[words])

    def _spans_in(self, text: str) -> Iterator[tuple[int, int]]:
        if self.regex is not None:
            yield from ((m.start(), m.end()) for m in self.regex.finditer(text) if m.end() > m.start())
        if self.phrases:
            tokens = tokenize(text, self.language)
            yield from self._lemma_spans(tokens, [lemma(t, self.language) for t in tokens])

    def _lemma_spans(self, tokens: list[Token], lemmas: list[str]) -> Iterator[tuple[int, int]]:
        for index, word in enumerate(lemmas):
            for phrase in self.phrases.get(word, ()):
                last = self._match(phrase, tokens, lemmas, index)
                if last is not None and not self._asked(tokens, last):
                    honorific = index and tokens[index - 1].pos == "接頭辞" and not tokens[index - 1].content
                    first = index - 1 if honorific else index
                    yield tokens[first].start, tokens[last].end
                    break

    def _asked(self, tokens: list[Token], last: int) -> bool:
        """いつ届くでしょうか: a phrase the question particle か closes is asked, not said
        (but …かと思います / かと存じます is a guess)."""
        if self.language != "ja":
            return False
        after = [t for t in tokens[last + 1 : last + 8] if not (t.pos == "助動詞" and not t.content)]
        if not after or after[0].text != "か" or after[0].detail != "終助詞":
            return False
        return not (len(after) > 2 and after[1].text == "と" and lemma(after[2], "ja") == "思う")

    def _match(self, phrase: _Phrase, tokens: list[Token], lemmas: list[str], index: int) -> int | None:
        """The index of the phrase's last word when it starts at `index`."""
        if not self._fits(phrase.words[0], tokens, lemmas, index):
            return None
        at = index
        for word in phrase.words[1:]:
            at += 1
            while at < len(tokens) and not self._fits(word, tokens, lemmas, at):
                if not (word.any_gap and tokens[at].text not in _SENTENCE_MARKS) and not _passed_over(tokens[at], self.language):
                    return None
                at += 1
            if at >= len(tokens):
                return None
        return at

    def _fits(self, word: _Word, tokens: list[Token], lemmas: list[str], at: int) -> bool:
        token = tokens[at]
        if word.auxiliary:
            if token.pos != "助動詞" or token.lemma != word.lemma or not token.text.startswith(word.stem):
                return False
        elif word.particle:
            if token.text != word.lemma and token.lemma != word.lemma:
                return False
        elif lemmas[at] != word.lemma:
            return False
        return not word.verb or _en_verb_use(tokens, at)


def _en_verb_use(tokens: list[Token], at: int) -> bool:
    """shipped, sent; we ship, will ship, has been shipped, are shipping, to ship."""
    surface = tokens[at].text.lower()
    if surface.endswith("ed") or surface in _EN_PARTICIPLES:
        return True
    index = at - 1
    while index >= 0 and (tokens[index].text.lower() in _EN_ADVERBS or tokens[index].text.lower().endswith("ly")):
        index -= 1
    return index >= 0 and tokens[index].text.lower().replace("’", "'") in _EN_VERB_CONTEXT


def _is_regex(entry: str) -> bool:
    return len(entry) > 2 and entry.startswith("/") and entry.endswith("/")


def expand_groups(entries: list[str], groups: Mapping[str, list[str]]) -> list[str]:
    """Each entry with its `{name}` replaced by every phrase of the group `name`."""
    expanded: list[str] = []
    for entry in entries:
        match = _GROUP.search(entry)
        if match is None or _is_regex(entry):
            expanded.append(entry)
            continue
        name = match.group(1)
        if name not in groups:
            raise ValueError(f"phrase {entry!r} names the word group {name!r}, which the rule does not define")
        members = [entry[: match.start()] + member + entry[match.end() :] for member in groups[name]]
        expanded += expand_groups(members, groups)
    return expanded


def compile_lists(
    phrases: PerLanguage, matching: Matching, *, groups: Mapping[str, PerLanguage] | None = None
) -> dict[Language, Phrases]:
    """`groups`: the rule's word groups, named in its entries as `{name}`."""
    compiled = {}
    for language in ("ja", "en"):
        named = {name: getattr(group, language) for name, group in (groups or {}).items()}
        compiled[language] = Phrases(expand_groups(getattr(phrases, language), named), language, matching)
    return compiled
