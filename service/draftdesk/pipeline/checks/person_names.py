"""People a reply names: in Japanese a name with an honorific (伊藤 さくら様, 田中さん),
in English a name after a title (Ms. Tanaka) or a full name after words that introduce
a person (an order for Grace Kim). HS016 holds them against the names
the ticket and the order hold: another customer's name is personal data.

A Japanese name is the run of nouns just before 様 / さま / さん / 殿 / 氏, from the first of
them that is a family or given name to Sudachi (so お客様, ご担当者様, 佐川急便様 and
ヤマト運輸様 name no person) or a capitalised word in Latin script followed by another
(Claire Moreau様; one Latin word, Amazon様, is a business), or a foreign name in katakana
whose parts are set apart (エミリー・マーフィー様; one katakana run, アスクル様, is a business).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from draftdesk.pipeline.checks.words import Token

_HONORIFICS = frozenset({"様", "さん", "殿", "氏"})  # lemmas: さま is 様
_NAME_WORDS = 4  # 高橋 優 斗: no name runs longer
_NAME_JOINERS = frozenset("・･＝=")  # エミリー・マーフィー: a foreign name's parts, in katakana
_KATAKANA_WORD = re.compile(r"[ァ-ヶー]{2,}")
_LATIN_NAME = re.compile(r"[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?")  # Moreau, O'Brien, Smith-Jones
_EN_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+([A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z](?:['’][A-Z])?[a-z]+)?)")


@dataclass(frozen=True)
class PersonName:
    text: str
    start: int
    end: int


def japanese_names(tokens: list[Token], text: str) -> list[PersonName]:
    """`tokens` of `text` (their offsets index it): each honorific's name, if it names a person."""
    found = []
    for index, token in enumerate(tokens):
        if token.pos != "接尾辞" or token.lemma not in _HONORIFICS:
            continue
        first = index
        while first > 0 and index - first < _NAME_WORDS:
            previous = tokens[first - 1]
            if (previous.pos != "名詞" and previous.text not in _NAME_JOINERS) or text[previous.end : tokens[first].start].strip():
                break
            first -= 1
        # The name starts at its first name word: 口座名義 イケダ アケミ様 names イケダ アケミ;
        # a name in Latin script (Claire Moreau様) at its first capitalised word.
        first = next((i for i in range(first, index) if tokens[i].person or _LATIN_NAME.fullmatch(tokens[i].text)), index)
        latin = [i for i in range(first, index) if _LATIN_NAME.fullmatch(tokens[i].text)]
        if first == index or not (tokens[first].person or len(latin) >= 2):
            # one Latin word with 様 is a business (Amazon様); a person's is given and family name,
            # in katakana too when set apart (エミリー・マーフィー様, not カスタマーサポート様)
            first = _katakana_full_name(tokens, text, index)
        if first < index:
            start, end = tokens[first].start, tokens[index - 1].end
            found.append(PersonName(text[start:end], start, end))
    return found


def _katakana_full_name(tokens: list[Token], text: str, index: int) -> int:
    """Where a foreign name in katakana ends its run before tokens[index] (the honorific):
    two katakana words or more, set apart by ・ or a space; else `index` (no name)."""
    first, words, apart = index, 0, False
    while first > 0 and index - first < _NAME_WORDS:
        previous = tokens[first - 1]
        if previous.text in _NAME_JOINERS:
            apart = True
        elif _KATAKANA_WORD.fullmatch(previous.text) and previous.pos == "名詞":
            words += 1
            apart = apart or (first < index and previous.end < tokens[first].start)
        else:
            break
        first -= 1
    while first < index and tokens[first].text in _NAME_JOINERS:
        first += 1
    return first if words >= 2 and apart else index


def english_names(
    text: str, *, offset: int = 0, lead_ins: list[str] = (), connectors: list[str] = ()
) -> list[PersonName]:
    """Names after a title (Ms. Tanaka), and full names (first and last) after words that
    introduce a person (`lead_ins`: an order for Grace Kim, your colleague Tom Baker): without
    such a word, two capitalised words are as often a place or a company (New York). Between
    the word and the name may stand a comma, a bracket or one of `connectors` (customers,
    for example Grace Kim; another customer (Grace Kim))."""
    found = [PersonName(m.group(1), offset + m.start(1), offset + m.end(1)) for m in _EN_TITLED.finditer(text)]
    if lead_ins:
        # As written (lower case: "Customer Support" is a department) and on one line (a
        # signature's name stands on the line below its department).
        words = "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in sorted(lead_ins, key=len, reverse=True))
        joins = "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in sorted(connectors, key=len, reverse=True))
        between = rf"[ \t]*,?[ \t]+(?:(?:{joins})[ \t,]+)?[(（]?" if joins else r"[ \t]*,?[ \t]+[(（]?"
        introduced = re.compile(rf"\b(?:{words}){between}({_LATIN_NAME.pattern}[ \t]+{_LATIN_NAME.pattern})\b")
        taken = {(n.start, n.end) for n in found}
        found += [
            PersonName(m.group(1), offset + m.start(1), offset + m.end(1))
            for m in introduced.finditer(text)
            if (offset + m.start(1), offset + m.end(1)) not in taken
        ]
    return found


def known_name(name: str, known: list[str]) -> bool:
    """The name (or a part of it: 山田様 for 山田 太郎) is one the ticket or order holds,
    whatever the spacing."""
    wanted = re.sub(r"\s+", "", name).casefold()
    return any(wanted in re.sub(r"\s+", "", value).casefold() for value in known if value)
