"""Words with their lemmas and offsets, and the clauses they fall into.

Japanese is read by Sudachi (split mode C): a token's lemma is its normalised form, so
返金いたします, 返金させていただきます and ご返金申し上げます all give 返金, and 五千 gives
5000. English words are lower-cased and stemmed (refunds, refunded, refunding → refund;
waive, waived → waiv). A phrase a rule names is read the same way, so the rule and
the reply meet on lemmas, not spellings.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from draftdesk.domain import Language
from draftdesk.text.chunks import chunks

# Japanese tokens that carry no content of their own: particles and punctuation; of
# the prefixes only the honorific ones, of the auxiliaries all but the negative ones.
_JA_FUNCTION = frozenset({"助詞", "補助記号", "空白", "記号"})
_JA_HONORIFIC_PREFIXES = frozenset({"御", "お", "ご"})  # ご返金 is 返金; 再発送 keeps its 再
_JA_NEGATIVE_AUXILIARIES = frozenset({"ない", "ず", "ぬ", "無い"})
_JA_CLAUSE_PARTICLES = frozenset({"が", "けれど", "けれども", "けど", "ものの", "ば", "たら", "なら", "ので", "のに", "し"})
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d[\d,]*(?:\.\d+)?|[^\sA-Za-z\d]")
_EN_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s")
_EN_IRREGULAR = {
    "sent": "send", "gave": "give", "given": "give", "paid": "pay", "got": "get", "gotten": "get",
    "made": "make", "took": "take", "taken": "take",
    "yours": "yours", "ours": "ours",  # possessives, not plurals of "your"
}
_EN_CLAUSE_BREAK = re.compile(r"^(?:;|but|however|although|though|whereas)$", re.IGNORECASE)
_EN_AFTER_COMMA_BREAK = frozenset({"and", "so", "or", "but", "however", "although", "though", "while"})
_EN_ARTICLES = frozenset({"a", "an", "the", "this", "that"})
_EN_SUBORDINATE = frozenset({"if", "when", "once", "should", "as", "after", "because", "since", "unless", "whether"})


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str
    pos: str  # Japanese: Sudachi's part of speech ("名詞", "動詞", "助動詞" …); English: "word", "number", "mark"
    detail: str  # Japanese: the second level (接続助詞, 数詞, 非自立可能 …); English: ""
    start: int
    end: int
    person: bool = False  # Japanese: Sudachi reads it as a family or given name (姓, 名)
    # Counts when matching a phrase: not a particle, an honorific prefix, a mark, an
    # article or a positive auxiliary.
    content: bool = field(init=False)

    def __post_init__(self) -> None:
        if self.pos == "助動詞":
            content = self.lemma in _JA_NEGATIVE_AUXILIARIES
        elif self.pos == "word":
            content = self.text.lower() not in _EN_ARTICLES
        elif self.pos == "接頭辞":
            content = self.lemma not in _JA_HONORIFIC_PREFIXES
        else:
            content = self.pos not in _JA_FUNCTION and self.pos != "mark"
        object.__setattr__(self, "content", content)


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if word.endswith("n't"):
        return word
    for suffix in _EN_SUFFIXES:
        if suffix == "s" and word[-2:-1] in ("s", "u"):
            continue  # process, bonus
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return root + "y"
            if suffix in ("ed", "ing") and len(root) > 3 and root[-1] == root[-2] and root[-1] not in "lsz":
                root = root[:-1]  # shipped → ship
            return _no_final_e(root)
    return _no_final_e(word)


def _no_final_e(word: str) -> str:
    """waive/waived, guarantee/guaranteed meet."""
    while word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


class _Sudachi:
    """One tokenizer per process; Sudachi is not thread-safe."""

    def __init__(self) -> None:
        from draftdesk.text.sudachi import SplitMode, sudachi_tokenizer

        self._tokenizer = sudachi_tokenizer()
        self._mode = SplitMode.C
        self._lock = threading.Lock()

    def tokens(self, text: str, offset: int) -> list[Token]:
        with self._lock:
            morphemes = self._tokenizer.tokenize(text, self._mode)
            found = []
            for m in morphemes:
                pos = m.part_of_speech()
                if not m.surface().strip():
                    continue
                lemma = m.normalized_form()
                if pos[0] == "助動詞":
                    lemma = m.dictionary_form()  # ん → ぬ, ない stays ない
                    lemma = "ず" if lemma in ("ぬ", "ん") else lemma
                person = pos[2] == "人名" and pos[3] in ("姓", "名")
                found.append(Token(m.surface(), lemma, pos[0], pos[1], offset + m.begin(), offset + m.end(), person))
            return found


@lru_cache(maxsize=1)
def _sudachi() -> _Sudachi:
    return _Sudachi()


def tokenize(text: str, language: Language, *, offset: int = 0) -> list[Token]:
    if language == "ja":
        return [token for start, piece in chunks(text) for token in _sudachi().tokens(piece, offset + start)]
    tokens = []
    for match in _EN_TOKEN.finditer(text):
        word = match.group()
        if word[0].isalpha():
            pos, lemma = "word", stem(word)
        elif word[0].isdigit():
            pos, lemma = "number", word.replace(",", "")
        else:
            pos, lemma = "mark", word
        tokens.append(Token(word, lemma, pos, "", offset + match.start(), offset + match.end()))
    return tokens


@lru_cache(maxsize=4096)
def phrase_lemmas(phrase: str, language: Language) -> tuple[str, ...]:
    """A phrase from a rule as the lemmas it must match; `…` stands for any words between."""
    lemmas: list[str] = []
    for part in phrase.split("…"):
        lemmas += [t.lemma for t in tokenize(part.strip(), language) if t.content]
        lemmas.append("…")
    return tuple(lemmas[:-1])


def clauses(tokens: list[Token], language: Language) -> list[list[Token]]:
    """Clauses of one sentence: the unit in which a negation, a tense or a condition holds.

    Japanese breaks after a conjunctive particle (が, ので, ば, たら …) and at a comma
    that follows a predicate, not one that follows a topic (返金は、いたしかねます stays
    one clause). English breaks at ';', 'but', 'however', at a comma before 'and' / 'so',
    and at the comma closing a leading 'if' / 'once' / 'when' clause.
    """
    if not tokens:
        return []
    found: list[list[Token]] = [[]]
    subordinate = language == "en" and tokens[0].text.lower() in _EN_SUBORDINATE  # as written: "once" stems to "onc"
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if language == "ja":
            found[-1].append(token)
            previous = tokens[index - 1] if index else None
            if token.detail == "接続助詞" and token.text in _JA_CLAUSE_PARTICLES:
                found.append([])
            elif token.text in ("、", "，") and previous is not None and not (
                previous.detail in ("格助詞", "係助詞", "副助詞") or previous.pos in ("名詞", "接尾辞")
            ):
                found.append([])
            elif previous is not None and token.lemma in ("ない", "無い") and token.text == "なく":
                found.append([])  # 返金ではなく、交換 …
            continue
        if _EN_CLAUSE_BREAK.match(token.text):
            found.append([token])
            continue
        found[-1].append(token)
        if token.text == "," and following is not None and (
            following.text.lower() in _EN_AFTER_COMMA_BREAK or subordinate
        ):
            subordinate = False
            found.append([])
    return [clause for clause in found if clause]
