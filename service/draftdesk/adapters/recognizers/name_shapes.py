"""Names known by how they are written where scripts and naming systems cross.

Each shape has its own reason to believe:
- capitals as on a passport or a card (OHNO KENTA, VAN DER BERG PIETER, MCALLISTER, RORY J):
  two to five capitalised words, none a word of the sentence, with a known first or family
  name among them (`lexicons`), or after a card's or passport's cue;
- a mail header's "Surname, Given <address>" (From: Okafor, Chinedu <…>);
- a Japanese honorific joined by a hyphen (Yūko-san);
- initials before a surname with its particle (M. J. de la Cruz);
- a romanisation in brackets after a name in katakana (シボーン・オニール（Siobhán O'Neill）);
- a Latin name in a Japanese form field (ローマ字：Nguyen Van Nam, 受取人：Sofía Martínez de la Fuente,
  名前 shunsuke ito) or in 「quotes」 with a known first name (「Ōba Shinji」);
- katakana names holding a particle (デ・ラ・クルス, ファン・デル・ベルフ) before an honorific;
- half-width katakana in two words, as banks print transfer names (ﾐﾄﾞﾘｶﾜ ｹﾝｼﾞ), not a
  company's (ｶ)ﾐﾄﾞﾘｼｮｳｼﾞ: the bracket marks its legal form);
- a hangul word of two or three syllables standing alone, opening with a common family name.
Products and firms are left out as elsewhere (`things.a_thing`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from draftdesk.adapters.recognizers.base import SpanRecognizer
from draftdesk.adapters.recognizers.latin_names import _LOWER, _UPPER
from draftdesk.adapters.recognizers.places import world_places
from draftdesk.adapters.recognizers.lexicons import family_names_first, first_names, rare_english_word, sentence_words, words_of
from draftdesk.adapters.recognizers.things import a_thing, things

_LATIN = f"{_UPPER}{_LOWER}"
_START = rf"(?<![{_LATIN}0-9'’])"
_END = rf"(?![{_LATIN}0-9'’])"
_CAPS_WORD = rf"[{_UPPER}]{{2,}}(?:['’\-][{_UPPER}]+)*"
_CAPS_TOKEN = rf"(?:{_CAPS_WORD}|[{_UPPER}]\.?)"
_CAPS_RUN = re.compile(rf"{_START}{_CAPS_TOKEN}(?:(?:,?[ \t]){_CAPS_TOKEN}){{1,6}}{_END}")
_PARTICLES = frozenset(
    "van der den de del della da das di do dos du la le bin binti bint ibn al el ter von y e mac ni nic".split()
)
# A cue that the capitals are a name as a document prints it.
_CAPS_CUE = re.compile(
    r"(?:passport|card|printed|holder|spells?|spelled|spelt|bank|account|name|label|reads|says|as|on\sit"
    r"|パスポート|カード|名義|ローマ字|銀行|航空券|表記)[^\n.!?]{0,12}$",
    re.IGNORECASE,
)
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:['’\-][{_UPPER}]?[{_LOWER}]+)*"
_ANY_WORD = rf"[{_LATIN}][{_LOWER}]*(?:['’\-][{_LATIN}][{_LOWER}]+)*"
_PARTICLE = r"(?:van\s(?:der|den|de)|de\sla|de\slos|von|van|de|del|della|da|das|di|do|dos|du|la|le|bin|binti|ibn|al-|el-)"
_LATIN_NAME = rf"(?:[{_UPPER}]\.[ \t]?)*{_ANY_WORD}(?:[ \t](?:{_PARTICLE}[ \t]?)*{_ANY_WORD}){{0,4}}"
_HEADER_NAME = re.compile(rf"(?im)^[ \t>]*(?:from|to|cc|von|de)[ \t]*:[ \t]*(?P<value>{_WORD},[ \t]{_WORD}(?:[ \t](?:{_WORD}|[{_UPPER}]\.))?)[ \t]*<")
_HYPHEN_HONORIFIC = re.compile(rf"{_START}(?P<value>{_WORD}(?:[ \t]{_WORD})?)(?=-(?:san|sama|kun|chan|sensei)(?![{_LATIN}0-9]))")
_INITIALS_AND_PARTICLE = re.compile(rf"{_START}(?P<value>(?:[{_UPPER}]\.[ \t]?){{1,3}}{_PARTICLE}[ \t]?(?:{_PARTICLE}[ \t]?)?{_WORD}){_END}")
# A name in katakana (or a kanji name with an honorific), then its romanisation in brackets.
_READING_PAIR = re.compile(
    rf"[ァ-ヺー]+(?:[・＝=][ァ-ヺー]+)+(?:様|さん|氏)?[（(](?P<value>{_LATIN_NAME})[)）]"
    rf"|[ァ-ヺー一-龠]+(?:様|さん|氏)[（(](?P<honoured>{_LATIN_NAME})[)）]"
)
_JA_LABEL = re.compile(
    rf"(?m)(?:お名前|名前|氏名|宛名|受取人|依頼主|ローマ字|英字|名義|送り主|差出人)(?:[（(][^）)\n]{{0,12}}[）)])?"
    rf"[ \t]*[:：]?[ \t]*(?P<value>{_LATIN_NAME})(?=[ \t]*(?:$|[、。（(]|[ \t](?:住所|電話|様|さん)))"
)
_QUOTED = re.compile(rf"「(?P<value>{_LATIN_NAME})」")
# What says the quoted words are a name: 注文者名が「…」, 正しくは「…」, ローマ字表記 (not 商品名).
_QUOTED_CUE = re.compile(r"(?:(?<!商品)(?<!品)名|正しくは|表記|スペル|綴り)[^「」\n]{0,6}$")
# A family name in capitals, then the given name as written (WANG Xiuying, KIM Min-jun)
_CAPS_FAMILY_FIRST = re.compile(rf"{_START}(?P<family>[{_UPPER}]{{2,}})(?P<rest>(?:[ \t]{_WORD}){{1,2}}){_END}")
_KATAKANA_CHAIN = re.compile(r"[ァ-ヺー]+(?:[・＝=][ァ-ヺー]+){1,6}(?=[ \u3000]?(?:様|さん|氏|」|（|\(|[ \u3000][一-龠]))")
_HALF_WIDTH_PAIR = re.compile(r"(?<![ｦ-ﾟ)）])[ｦ-ﾟ]{2,10}[ \u3000][ｦ-ﾟ]{2,10}(?![ｦ-ﾟ(（])")
_HANGUL_ALONE = re.compile(r"(?<![가-힣][ \t])(?<![가-힣])(?P<value>[가-힣]{2,3})(?![가-힣])(?![ \t][가-힣])")


@cache
def _katakana_particles() -> frozenset[str]:
    return frozenset(words_of("name_particles_katakana.txt"))


@cache
def _korean_family_names() -> frozenset[str]:
    return frozenset(words_of("korean_family_names.txt"))


# What each shape needs somewhere in the text: patterns that open with a lookbehind are tried
# at every character, so a shape whose mark is absent is not searched for at all.
_TWO_CAPITALS = re.compile(rf"[{_UPPER}]{{2}}")
_HYPHENATED_HONORIFIC = re.compile(r"-(?:san|sama|kun|chan|sensei)")
_AN_INITIAL = re.compile(rf"[{_UPPER}]\.")
_HALF_WIDTH = re.compile(r"[ｦ-ﾟ]")
_HANGUL = re.compile(r"[가-힣]")


def name_shape_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    if _TWO_CAPITALS.search(text):
        spans += _capitals(text)
        spans += [m.span() for m in _CAPS_FAMILY_FIRST.finditer(text)
                  if m["family"].casefold() in family_names_first() and all(rare_english_word(w) for w in m["rest"].split())]
    spans += [m.span("value") for m in _HEADER_NAME.finditer(text)]
    if _HYPHENATED_HONORIFIC.search(text):
        spans += [m.span("value") for m in _HYPHEN_HONORIFIC.finditer(text) if _not_sentence_words(m["value"])]
    if _AN_INITIAL.search(text):
        spans += [m.span("value") for m in _INITIALS_AND_PARTICLE.finditer(text)]
    # the romanisation of a name: a known name or a particle in it, or an honorific before it
    # (not ダージリン・キャッスルトン（Darjeeling Castleton）)
    spans += [m.span("value" if m["value"] else "honoured") for m in _READING_PAIR.finditer(text)
              if not _all_sentence_words(m["value"] or m["honoured"])  # Jan (a month's word) van der Berg
              and (m["honoured"] or re.search(r"[様氏]|さん", m[0]) or _known_name_among(m["value"]) or _with_particle(m["value"]))]
    spans += [m.span("value") for m in _JA_LABEL.finditer(text) if _not_sentence_words(m["value"])]
    spans += [m.span("value") for m in _QUOTED.finditer(text)
              if _known_name_among(m["value"]) and _QUOTED_CUE.search(text, max(0, m.start() - 12), m.start())]
    spans += [m.span() for m in _KATAKANA_CHAIN.finditer(text)
              if any(part in _katakana_particles() for part in re.split(r"[・＝=]", m[0])[1:-1])]
    if _HALF_WIDTH.search(text):
        spans += [m.span() for m in _HALF_WIDTH_PAIR.finditer(text)]
    if _HANGUL.search(text):
        spans += [m.span("value") for m in _HANGUL_ALONE.finditer(text) if m["value"][0] in _korean_family_names()]
    found_things = things(text, spans)
    return [(start, end) for start, end in spans if not a_thing(text, start, end, found_things)]


def _capitals(text: str) -> list[tuple[int, int]]:
    """Runs of capitals, cut at words of the sentence (ORDER FOR MCALLISTER, RORY J)."""
    spans = []
    for run in _CAPS_RUN.finditer(text):
        pieces: list[list[re.Match[str]]] = [[]]
        for token in re.finditer(_CAPS_TOKEN, run[0]):
            word = token[0].rstrip(".").casefold()
            # a word of the sentence, or the letters of a code (SKU TEA-01, ROOM 12)
            code = re.match(r"-?[ \t]?[0-9]", text[run.start() + token.end() : run.start() + token.end() + 3]) is not None
            if code or (len(word) > 1 and word in sentence_words() and word not in _PARTICLES):
                pieces.append([])
            else:
                pieces[-1].append(token)
        for piece in pieces:
            if _a_name_in_capitals(text, run.start(), [t[0] for t in piece]):
                spans.append((run.start() + piece[0].start(), run.start() + piece[-1].end()))
    return spans


def _a_name_in_capitals(text: str, run_start: int, tokens: list[str]) -> bool:
    words = [t.casefold() for t in tokens if len(t.rstrip(".")) > 2 and t.casefold() not in _PARTICLES]
    if len(tokens) < 2 or not words or len(words) > 5:
        return False
    known = [w for w in words if _known_name(w)]
    common = [w for w in words if not _known_name(w) and not rare_english_word(w)]
    if known and len(common) <= 1:
        return True
    return not common and _CAPS_CUE.search(text, max(0, run_start - 30), run_start) is not None


def _known_name(word: str) -> bool:
    """In the lexicons as written, or without its accents (Siobhán, Ōba), or its first part (Pieter-Jan)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    return any(
        form in first_names() or form in family_names_first() or re.split(r"['’\-]", form)[0] in first_names()
        for form in {word, plain}
    )


def _known_name_among(value: str) -> bool:
    words = [w.strip(".") for w in value.split()]
    return _not_sentence_words(value) and any(_known_name(w.casefold()) for w in words if len(w) > 2)


def _with_particle(value: str) -> bool:
    return any(w.casefold().rstrip("-") in _PARTICLES or re.match(r"(?:al|el)-", w) for w in value.split())


def _all_sentence_words(value: str) -> bool:
    return all(w.casefold() in sentence_words() or w.casefold() in _PARTICLES for w in value.replace(".", " ").split())


def _not_sentence_words(value: str) -> bool:
    return not any(w.casefold() in sentence_words() and w.casefold() not in _PARTICLES for w in value.replace(".", " ").split())


class NameShapeRecognizer(SpanRecognizer):
    ENTITIES = ("PERSON",)
    SCORE = 0.7

    def prepare(self) -> None:
        first_names()
        family_names_first()
        _katakana_particles()
        _korean_family_names()
        world_places()  # for every name recognizer's `a_place`, loaded at start-up

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("PERSON", start, end) for start, end in name_shape_spans(text)]
