"""Japanese personal names from the Sudachi part-of-speech tags GiNZA's tokenizer gives.

Sudachi's dictionary marks surnames and given names (名詞-固有名詞-人名-姓/名), so names
are found without running GiNZA's neural NER, which costs ~100 ms per message on
a CPU core; the tokenizer costs ~1 ms. Rules, in order of strength:
- a surname, or a place-name token followed by a given name (渋谷 健一);
- a surname followed by a short noun (小林 まこと: given names that are common words),
  or a short noun, a space and a given name (東 健);
- a proper noun before と申します (松本と申します);
- any noun directly before an honorific (ひかり様, スミスさん), unless it is a word
  like お客 or 担当者 (data/ja_not_names.txt);
- never a name when the next word makes it a place or a company (梅田支店,
  data/ja_not_name_followers.txt).
- a given name alone only before an honorific, alone on its line (a signature) or
  signing off (太郎より);
- a noun signing off alone on its line: 光より (data/ja_not_names.txt keeps 母より out).
- the parts of a foreign name written in katakana are one name: ジョン・ワトソン, and a
  katakana part joined by ・ or ＝ to a name found above belongs to it;
- a name in Hangul (김민준): Korean script in a Japanese shop's mail is a person's name.
"""

from __future__ import annotations

import re
from pathlib import Path

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

_HONORIFICS = frozenset({"様", "さま", "さん", "殿", "氏", "くん", "君", "ちゃん", "san", "宛て", "宛", "あて"})
# A given name alone is a name before the particles people take (舞が注文した, 香織のスマホ).
_PERSON_PARTICLES = frozenset({"が", "は", "の", "に", "も", "と", "から", "へ", "より", "や"})
_DATA = Path(__file__).parent / "data"
_NOT_NAMES = frozenset((_DATA / "ja_not_names.txt").read_text(encoding="utf-8").split())
_NOT_NAME_FOLLOWERS = frozenset((_DATA / "ja_not_name_followers.txt").read_text(encoding="utf-8").split())
_SCORE = 0.85
_JOINER = "・･=＝゠ \u3000"
_KATAKANA_PART_AFTER = re.compile(r"[・･=＝゠][ァ-ヺー]{2,}")
_KATAKANA_PART_BEFORE = re.compile(r"[ァ-ヺー]{2,}[・･=＝゠]$")
_HANGUL_NAME = re.compile(r"[가-힣]{2,4}(?:[ \u3000][가-힣]{1,3})?|[가-힣](?=様|さん|氏)")
# A reading in brackets right after a name: 田中拓真（タナカタクマ）
_READING = re.compile(r"[ \u3000]?[（(][ \u3000]?[ぁ-んァ-ヺー]+(?:[ \u3000][ぁ-んァ-ヺー]+)?[ \u3000]?[)）]")
# A labelled line holds a name: 名義：HASHIMOTO RIKA, お名前：ニシムラ ミキ, ■氏名 清水陽一
_LABELLED = re.compile(
    r"(?m)(?:名義|お名前|名前|氏名|フリガナ|ふりがな|宛名|受取人|お受取人|ご依頼主|依頼主|送り主|差出人|ご注文者|注文者)"
    r"(?:様)?[ \t\u3000]*[:：]?[ \t\u3000]*(?P<value>[^\n:：@0-9０-９()（）]{1,30}?)[ \t\u3000]*$"
)
_CLOSING_WORDS = frozenset({"以上", "宜しく", "よろしく", "お願い", "敬具", "草々", "取り急ぎ"})


def _is_surname(token: Token) -> bool:
    return ("人名-姓" in token.tag_ or "人名-一般" in token.tag_) and token.text not in _NOT_NAMES


def _is_given_name(token: Token) -> bool:
    return "人名-名" in token.tag_ and token.text not in _NOT_NAMES


def _is_space(token: Token) -> bool:
    return token.tag_ == "空白" or token.text.isspace()


def _is_noun(token: Token) -> bool:
    return token.tag_.startswith("名詞") and token.text not in _NOT_NAMES


def _next_word(doc: Doc, index: int) -> int | None:
    """Index of the next token after `index`, skipping one run of spaces (not newlines)."""
    following = index + 1
    while following < len(doc) and _is_space(doc[following]) and "\n" not in doc[following].text:
        following += 1
    return following if following < len(doc) else None


def _followed_by_honorific(doc: Doc, index: int) -> bool:
    return index + 1 < len(doc) and doc[index + 1].text in _HONORIFICS


def _alone_on_line(doc: Doc, first: int, last: int) -> bool:
    before = doc.text[: doc[first].idx].rsplit("\n", 1)[-1]
    after = doc.text[doc[last].idx + len(doc[last].text) :].split("\n", 1)[0]
    return not before.strip() and not after.strip()


def find_names(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of personal names in a tokenized Japanese document."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(doc):
        token = doc[index]
        last = _name_end(doc, index)
        if last is not None and (last + 1 >= len(doc) or doc[last + 1].text not in _NOT_NAME_FOLLOWERS):
            spans.append((token.idx, doc[last].idx + len(doc[last].text)))
            index = last + 1
        else:
            index += 1
    return spans


def _name_end(doc: Doc, index: int) -> int | None:
    """Index of the last token of a name starting at `index`, or None."""
    token = doc[index]
    following = _next_word(doc, index)
    if _introduces_self(doc, index):
        return index
    if _is_surname(token) or "地名" in token.tag_:
        if following is not None and _is_given_name(doc[following]):
            return following
        if _is_surname(token) and following is not None and _short_given_name(doc, index, following):
            return following
        if _is_surname(token) or _followed_by_honorific(doc, index):
            return index
        return None
    if _is_given_name(token):
        if (
            _followed_by_honorific(doc, index)
            or _alone_on_line(doc, index, index)
            or _signs_off(doc, index)
            or (index + 1 < len(doc) and doc[index + 1].text in _PERSON_PARTICLES)
        ):
            return index
        return None
    if _is_noun(token) and (_followed_by_honorific(doc, index) or _signs_off(doc, index)):
        return index
    if _is_noun(token) and len(token.text) <= 2 and following is not None and _spaced_apart(doc, index, following):
        return following if _is_given_name(doc[following]) else None
    return None


def _signs_off(doc: Doc, index: int) -> bool:
    """`X より` alone on its line: the writer's name closing a letter (not 本日より:
    nouns that work as adverbs are times)."""
    if "副詞可能" in doc[index].tag_ or index + 1 >= len(doc) or doc[index + 1].text != "より":
        return False
    closes_quote = index + 2 < len(doc) and doc[index + 2].text in {"」", "』", "\"", "”"}
    return closes_quote or _alone_on_line(doc, index, index + 1)


def _spaced_apart(doc: Doc, index: int, following: int) -> bool:
    return bool(doc[index].whitespace_) or following > index + 1


def _introduces_self(doc: Doc, index: int) -> bool:
    """`X と申します`: X is the writer's name when it is a proper noun."""
    return (
        "固有名詞" in doc[index].tag_
        and index + 2 < len(doc)
        and doc[index + 1].text == "と"
        and doc[index + 2].text.startswith("申")
    )


def _short_given_name(doc: Doc, surname: int, index: int) -> bool:
    """A common word standing where a given name stands: right after a surname and a
    space, short, and ending the name (honorific, line end or punctuation next)."""
    token = doc[index]
    after = index + 1
    if _is_noun(token) and len(token.text) <= 2 and after < len(doc) and doc[after].text in _HONORIFICS:
        return True  # 高橋零様
    longest = 6 if all("ァ" <= ch <= "ヺ" or ch == "ー" for ch in token.text) else 4  # イケダ キョウスケ
    if not _is_noun(token) or len(token.text) > longest or not _spaced_apart(doc, surname, index):
        return False
    return after >= len(doc) or doc[after].text in _HONORIFICS or doc[after].tag_.startswith(("空白", "補助記号", "助"))


class JapanesePersonRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="ja")

    def load(self) -> None:
        """Nothing to load: the tags come with the NLP artifacts."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        spans = joined_parts(text, [_with_kanji_before(doc, span) for span in find_names(doc)])
        spans += _readings(text, spans)
        spans += [m.span("value") for m in _LABELLED.finditer(text)]
        spans += [m.span() for m in _HANGUL_NAME.finditer(text)]
        spans += _closing_name(doc)
        return [RecognizerResult("PERSON", start, end, _SCORE) for start, end in spans]


def _with_kanji_before(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """A name before an honorific with the kanji nouns before it, up to four characters:
    Chinese names fall into several tokens (黃玉 + 梅さん, 陈秀 + 兰さん)."""
    start, end = span
    first = next((t for t in doc if t.idx == start), None)
    if first is None or not any(t.idx == end and t.text in _HONORIFICS for t in doc):
        return span
    index = first.i
    while index > 0:
        before = doc[index - 1]
        if not (_is_noun(before) or before.tag_.startswith("補助記号")) or not _all_kanji(before.text):
            break
        if end - before.idx > 4:
            break
        index -= 1
    return doc[index].idx, end


def _all_kanji(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def _readings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for _, end in spans:
        reading = _READING.match(text, end)
        if reading is not None:
            found.append((reading.start() + reading[0].index(reading[0].strip(" \u3000（()）")[0]), reading.end() - 1))
    return found


def _closing_name(doc: Doc) -> list[tuple[int, int]]:
    """The writer's name closing a message: the last line, or what follows its last 。,
    when it is one to three nouns of at most eight characters (…お願いします。林)."""
    tokens = [t for t in doc if not t.text.isspace()]
    tail: list[Token] = []
    for token in reversed(tokens):
        if token.text in {"。", "！", "!"} or "\n" in doc.text[token.idx + len(token.text) : (tail[0].idx if tail else len(doc.text))]:
            break
        tail.insert(0, token)
    if not tail or len(tail) > 3 or sum(len(t.text) for t in tail) > 8:
        return []
    if not all(t.tag_.startswith("名詞") and t.text not in _NOT_NAMES and t.text not in _CLOSING_WORDS for t in tail):
        return []
    return [(tail[0].idx, tail[-1].idx + len(tail[-1].text))]


def joined_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name parts joined by ・, ＝ or a space as one span, with the katakana parts next to
    them: ジョン + ・ + ワトソン → ジョン・ワトソン."""
    extended = []
    for start, end in spans:
        while (after := _KATAKANA_PART_AFTER.match(text, end)) is not None:
            end = after.end()
        while (before := _KATAKANA_PART_BEFORE.search(text, 0, start)) is not None:
            start = before.start()
        extended.append((start, end))
    joined: list[tuple[int, int]] = []
    for start, end in sorted(extended):
        if joined and (start <= joined[-1][1] or _only_joiners(text[joined[-1][1] : start])):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _only_joiners(gap: str) -> bool:
    return 0 < len(gap) <= 2 and all(ch in _JOINER for ch in gap) and gap.strip(" \u3000") != ""
