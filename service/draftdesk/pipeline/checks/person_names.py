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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from draftdesk.pipeline.checks.words import Token

_HONORIFICS = frozenset({"様", "さん", "殿", "氏"})  # lemmas: さま is 様
_NOUN_HONORIFICS = frozenset({"様", "さま", "殿"})  # as written, where Sudachi reads them as nouns
_NAME_WORDS = 4  # 高橋 優 斗: no name runs longer
_NAME_JOINERS = frozenset("・･＝=")  # エミリー・マーフィー: a foreign name's parts, in katakana
_KATAKANA_WORD = re.compile(r"[ァ-ヶー]{2,}")
_LATIN_NAME = re.compile(r"[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?")  # Moreau, O'Brien, Smith-Jones
# A title is no first name: "a gift for Mrs Margaret Taylor" names Margaret Taylor, not "Mrs Margaret".
_EN_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b")
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
        if not _honorific(tokens, index, text):
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


def _honorific(tokens: list[Token], index: int, text: str) -> bool:
    """様, さん, 殿 after a name; Sudachi reads 様 at a line's end (佐藤 花子 様⏎) as a noun
    of its own, still the honorific when it follows a noun with at most a space between."""
    token = tokens[index]
    if token.pos == "接尾辞":
        return token.lemma in _HONORIFICS
    return (
        token.pos == "名詞" and token.text in _NOUN_HONORIFICS and index > 0 and tokens[index - 1].pos == "名詞"
        and not text[tokens[index - 1].end : token.start].strip()
    )


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
    text: str, *, offset: int = 0, lead_ins: list[str] = (), connectors: list[str] = (), trailers: list[str] = ()
) -> list[PersonName]:
    """Names after a title (Ms. Tanaka), and full names (first and last) after words that
    introduce a person (`lead_ins`: an order for Grace Kim, your colleague Tom Baker): without
    such a word, two capitalised words are as often a place or a company (New York). Between
    the word and the name may stand a comma, a bracket or one of `connectors` (customers,
    for example Grace Kim; another customer (Grace Kim)). Or a full name before words only a
    person takes (`trailers`: Grace Kim, who ordered …; Grace Kim's order)."""
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
            if (offset + m.start(1), offset + m.end(1)) not in taken and not _EN_TITLE.match(m.group(1))
        ]
    if trailers:
        after = "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in sorted(trailers, key=len, reverse=True))
        followed = re.compile(rf"\b({_LATIN_NAME.pattern}[ \t]+{_LATIN_NAME.pattern})(?:{after})\b")
        taken = {(n.start, n.end) for n in found}
        found += [
            PersonName(m.group(1), offset + m.start(1), offset + m.end(1))
            for m in followed.finditer(text)
            if (offset + m.start(1), offset + m.end(1)) not in taken and not _EN_TITLE.match(m.group(1))
        ]
    return found


_EN_FULL_NAME = re.compile(rf"(?<![\w'’-])({_LATIN_NAME.pattern})[ \t]+({_LATIN_NAME.pattern})(?![\w'’-])")
_EN_DETERMINER = re.compile(r"\b(?:the|a|an|our|your|this|that|these|those|their|its)[ \t]+$", re.IGNORECASE)


def lexicon_full_names(
    text: str, *, offset: int = 0, first_names: frozenset[str], sentence_words: frozenset[str],
    trades: Sequence[str] = (), introductions: Sequence[str] = (),
) -> list[PersonName]:
    """Full names in running text whatever introduces them (our customer Grace Kim, a request
    from Isabella Rossi): a first name of the lexicon, then a capitalised word that belongs to
    no sentence. Not a thing (our Earl Grey: after a determiner), not a firm (Yamato Transport:
    its second word a trade, `trades`), and not the writer's own (My name is Emma Hughes:
    after `introductions`)."""
    trade = {t.casefold() for t in trades}
    introduced = (
        re.compile(r"(?:" + "|".join(re.escape(i).replace(r"\ ", r"[ \t]+") for i in introductions) + r")[ \t,:]*$", re.I)
        if introductions else None
    )
    found = []
    for match in _EN_FULL_NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        # a trade's word is no first name either (Tea Canisters, a tin of the shop's own)
        if first.casefold() not in first_names or first.casefold() in trade or last.casefold() in sentence_words or last.casefold() in trade:
            continue
        before = text[max(0, match.start() - 24) : match.start()]
        if _EN_TITLE.fullmatch(first) or _EN_DETERMINER.search(before) or (introduced and introduced.search(before)):
            continue
        found.append(PersonName(match.group(), offset + match.start(), offset + match.end()))
    return found


def known_name(name: str, known: list[str]) -> bool:
    """The name (or a part of it: 山田様 for 山田 太郎) is one the ticket or order holds,
    whatever the spacing."""
    wanted = re.sub(r"\s+", "", name).casefold()
    return any(wanted in re.sub(r"\s+", "", value).casefold() for value in known if value)


# --- the name a greeting addresses ---------------------------------------------------
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_NAME_SPLIT = re.compile(r"[\s・･＝=]+")
_KANA_WORD = re.compile(r"[\u3040-\u30ffー]+")


def greeted_name(
    greeting: str, *, offset: int = 0, salutations: Sequence[str] = (), titles: Sequence[str] = (),
    honorifics: Sequence[str] = (),
) -> PersonName | None:
    """The name a greeting line addresses, its salutation, title, honorific and closing mark
    set aside: Dear Ms. Grace Kim, → Grace Kim; 渡辺 直樹 様 → 渡辺 直樹."""
    salutation = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in salutations) or "(?!)"
    title = "|".join(re.escape(t.rstrip(".")) for t in titles) or "(?!)"
    honorific = "|".join(re.escape(h) for h in honorifics) or "(?!)"
    match = re.fullmatch(
        rf"(?:(?i:{salutation})\b[ \t,]*)?(?:(?:{title})\.?[ \t]+)?(?P<name>.*?)[ \t　]*(?:{honorific})?[ \t　]*[,，、:：!！.]?[ \t]*",
        greeting,
    )
    if match is None or not match.group("name").strip():
        return None
    return PersonName(match.group("name"), offset + match.start("name"), offset + match.end("name"))


def name_parts(name: str, tokens: Sequence[Token] = ()) -> list[str]:
    """A name's parts: as spaced or set apart by ・ (Grace Kim, 渡辺 直樹, マイケル・リー), else
    as Sudachi reads them (`tokens` of the name: 鈴木一朗 is 鈴木 and 一朗)."""
    parts = [p for p in _NAME_SPLIT.split(name.strip()) if p]
    if len(parts) == 1 and _HAN.search(parts[0]) and len(tokens) > 1:
        return [t.text for t in tokens]
    return parts


def _folded(part: str) -> str:
    """One spelling for comparing: width and case folded, hiragana as katakana (いとう is イトウ)."""
    part = unicodedata.normalize("NFKC", part).casefold()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in part)


def _script(name: str) -> str:
    if _HAN.search(name):
        return "kanji"
    if _KANA.search(name):
        return "kana"
    return "latin" if re.search(r"[A-Za-z]", name) else ""


def full_name(parts: Sequence[str], tokens: Sequence[Token], *, not_names: Sequence[str] = ()) -> bool:
    """Two parts or more, each a name's: capitalised Latin words that are no form of address
    (`not_names`: Customer, Team), or Japanese of which Sudachi reads a family or given name,
    or kana alone (シミズ コウジ); not a placeholder (●● ●●, <PERSON_1>, [Customer Name])."""
    if len(parts) < 2:
        return False
    if all(_LATIN_NAME.fullmatch(p) for p in parts):
        generic = {w.casefold() for w in not_names}
        return not any(p.casefold() in generic for p in parts)
    if not all(_HAN.search(p) or _KANA_WORD.fullmatch(p) for p in parts):
        return False
    return any(t.person for t in tokens) or all(_KANA_WORD.fullmatch(p) for p in parts)


def another_persons_name(parts: Sequence[str], records: Sequence[str]) -> bool:
    """The greeted name is someone else's, not the customer's misspelt: it shares no part
    with a name on record written in the same script (渡邊 直樹 for 渡辺 直樹 keeps 直樹: the
    customer's name, wrongly written, HS006's alone). A name in another script than every
    record (Megumi Kato for 加藤 恵, マイケル・リー for Michael Lee) is a rendering of it."""
    script = _script("".join(parts))
    comparable = [r for r in records if r and _script(r) == script]
    if not comparable:
        return False
    greeted = {_folded(p) for p in parts}
    return not any(greeted & {_folded(p) for p in _NAME_SPLIT.split(record.strip()) if p} for record in comparable)
