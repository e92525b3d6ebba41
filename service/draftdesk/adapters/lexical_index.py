"""BM25 over policy passages, with Japanese tokens normalised by Sudachi.

Sudachi's normalised forms make 問合せ and 問い合わせ (or 送料 and 配送料's parts)
meet; particles, auxiliaries and symbols are dropped. English words are lower-cased
and lightly stemmed.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from sudachipy import tokenizer

from draftdesk.domain import Language, Passage
from draftdesk.ports import Candidate
from draftdesk.text.sudachi import sudachi_tokenizer

_SKIPPED_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
_EN_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_EN_STOP = frozenset(
    "a an the and or but of to in on at for with from by is are was were be been it its this that "
    "my your our i you we me us he she they them his her their do does did have has had can could "
    "will would should please hi hello thanks thank as if not no so just about".split()
)
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            return root + "y" if suffix in ("ies", "ied") else root
    return word


class _Japanese:
    """One Sudachi tokenizer per process; Sudachi is not thread-safe."""

    def __init__(self) -> None:
        self._tokenizer = sudachi_tokenizer()
        self._lock = threading.Lock()

    def tokens(self, text: str) -> list[str]:
        with self._lock:
            morphemes = self._tokenizer.tokenize(text, tokenizer.Tokenizer.SplitMode.B)
            return [
                m.normalized_form()
                for m in morphemes
                if m.part_of_speech()[0] not in _SKIPPED_POS and m.surface().strip()
            ]


@lru_cache(maxsize=1)
def _japanese() -> _Japanese:
    return _Japanese()


def tokenize(text: str, language: Language) -> list[str]:
    normal = unicodedata.normalize("NFKC", text).lower()
    if language == "ja":
        # English words inside Japanese mail (product names, "EMS") still count.
        return _japanese().tokens(normal)
    return [stem(w) for w in _EN_WORDS.findall(normal) if w not in _EN_STOP]


Synonyms = dict[str, dict[str, str]]
"""Per language: a normalised word -> the word that stands for its group."""


def load_synonyms(groups: dict[str, list[list[str]]]) -> Synonyms:
    """knowledge/synonyms.yaml: groups of words a customer may use for the same thing."""
    synonyms: Synonyms = {}
    for language, language_groups in groups.items():
        table = synonyms.setdefault(language, {})
        for group in language_groups:
            forms = [" ".join(tokenize(word, language)) for word in group]  # type: ignore[arg-type]
            for form in forms:
                if form:
                    table[form] = forms[0]
    return synonyms


class _Bm25:
    """Okapi BM25 over documents given as term lists; several documents may share a key,
    and a key scores as its best document. A term the query repeats counts more, up to
    k3 + 1 times (a customer who writes 届かない three times is telling us what the mail
    is about; one who writes する twice is not)."""

    def __init__(self, documents: list[tuple[str, list[str]]], *, k1: float, b: float, k3: float) -> None:
        self._k3 = k3
        self._keys = [key for key, _ in documents]
        n = len(documents)
        average = (sum(len(terms) for _, terms in documents) / n if n else 0.0) or 1.0
        # Postings hold each document's term weight already, so a query only visits the
        # documents that share a word with it.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for number, (_, terms) in enumerate(documents):
            norm = k1 * (1 - b + b * len(terms) / average)
            for term, count in Counter(terms).items():
                self._postings.setdefault(term, []).append((number, count * (k1 + 1) / (count + norm)))
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()}

    def search(self, terms: list[str], k: int) -> tuple[Candidate, ...]:
        scores: Counter[int] = Counter()
        for term, repeats in Counter(terms).items():
            weight = self._idf.get(term, 0.0) * (self._k3 + 1) * repeats / (self._k3 + repeats)
            for number, term_weight in self._postings.get(term, ()):
                scores[number] += weight * term_weight
        best: dict[str, float] = {}
        for number, score in scores.items():
            key = self._keys[number]
            if score > best.get(key, 0.0):
                best[key] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        return tuple(Candidate(passage_id=key, score=score) for key, score in ranked)


class LexicalIndex:
    """BM25 per language, built in memory from the passages: over each passage's text
    and heading, and over the customer questions it answers, one question at a time."""

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        synonyms: Synonyms | None = None,
        k1: float = 1.4,
        b: float = 0.75,
        k3: float = 2.0,
        heading_weight: int = 3,
        asks_weight: int = 1,
    ) -> None:
        self._synonyms = synonyms or {}
        texts: dict[str, list[tuple[str, list[str]]]] = {}
        asks: dict[str, list[tuple[str, list[str]]]] = {}
        for passage in passages:
            language = passage.language
            # The section heading says what the passage is about: its words count more.
            heading = passage.title.rsplit(" > ", 1)[-1]
            terms = (
                self._terms(passage.text, language)
                + self._terms(heading, language) * heading_weight
                + self._terms("\n".join(passage.asks), language) * asks_weight
            )
            texts.setdefault(language, []).append((passage.id, terms))
            asks.setdefault(language, []).extend((passage.id, self._terms(ask, language)) for ask in passage.asks)
        self._texts = {language: _Bm25(docs, k1=k1, b=b, k3=k3) for language, docs in texts.items()}
        self._asks = {language: _Bm25(docs, k1=k1, b=b, k3=k3) for language, docs in asks.items()}

    def search(self, query: str, *, language: Language, k: int) -> tuple[Candidate, ...]:
        """Passages by their text, heading and questions together."""
        index = self._texts.get(language)
        return index.search(self._terms(query, language), k) if index else ()

    def search_asks(self, query: str, *, language: Language, k: int) -> tuple[Candidate, ...]:
        """Passages by the one question of theirs that is most like the query."""
        index = self._asks.get(language)
        return index.search(self._terms(query, language), k) if index else ()

    def _terms(self, text: str, language: Language) -> list[str]:
        """Tokens with each synonym replaced by its group's word (pairs of tokens too)."""
        table = self._synonyms.get(language, {})
        tokens = tokenize(text, language)
        if not table:
            return tokens
        terms, i = [], 0
        while i < len(tokens):
            pair = " ".join(tokens[i : i + 2])
            if i + 1 < len(tokens) and pair in table:
                terms.append(table[pair])
                i += 2
                continue
            terms.append(table.get(tokens[i], tokens[i]))
            i += 1
        return terms
