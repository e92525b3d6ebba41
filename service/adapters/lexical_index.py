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

from sudachipy import dictionary, tokenizer

from service.domain import Language, Passage

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
        self._tokenizer = dictionary.Dictionary().create()
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


class LexicalIndex:
    """Okapi BM25 per language, built in memory from the passages."""

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        synonyms: Synonyms | None = None,
        k1: float = 1.4,
        b: float = 0.75,
        heading_weight: int = 3,
    ) -> None:
        self._k1, self._b = k1, b
        self._synonyms = synonyms or {}
        self._docs: dict[str, list[tuple[str, Counter[str], int]]] = {}
        for passage in passages:
            # The section heading says what the passage is about: its words count more.
            heading = passage.title.rsplit(" > ", 1)[-1]
            terms = self._terms(passage.text, passage.language) + self._terms(heading, passage.language) * heading_weight
            self._docs.setdefault(passage.language, []).append((passage.id, Counter(terms), len(terms)))
        self._idf: dict[str, dict[str, float]] = {}
        self._average: dict[str, float] = {}
        for language, docs in self._docs.items():
            frequency: Counter[str] = Counter()
            for _, counts, _ in docs:
                frequency.update(counts.keys())
            n = len(docs)
            self._idf[language] = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
            self._average[language] = sum(length for *_, length in docs) / n if n else 0.0

    def search(self, query: str, *, language: Language, k: int = 20) -> list[tuple[str, float]]:
        docs = self._docs.get(language, [])
        if not docs:
            return []
        idf, average = self._idf[language], self._average[language] or 1.0
        terms = Counter(self._terms(query, language))
        scored = []
        for passage_id, counts, length in docs:
            score = 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    score += idf[term] * tf * (self._k1 + 1) / (tf + self._k1 * (1 - self._b + self._b * length / average))
            if score > 0:
                scored.append((passage_id, score))
        scored.sort(key=lambda item: -item[1])
        return scored[:k]

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
