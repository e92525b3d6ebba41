"""Names in Latin script that the small English model misses, in English and in Japanese mail.

The lexicon is the international first-name list shipped with `gender-guesser`
(Jörg Michael's nam_dict, ~46,000 names of many countries): a source of its own, not
the generators the challenge sets are built from. A name is:
- a lexicon first name followed by one or two capitalised words (Priya Raman,
  Jürgen Müller, Ana de Souza): capitalisation and the lexicon together;
- a run of capitalised Latin words before a Japanese honorific (Emily Clarkさん);
- a lexicon first name (and the word after it), in any case, where the words before
  it say a person comes next: "send it to mary jones", "my neighbour Bob".
Words a sentence needs (stop words, months, days) are never first names here, even
when somebody somewhere is called April or Will.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿā-ž"
_CAPITALISED = rf"[{_UPPER}](?:[{_LOWER}]+|'[{_UPPER}][{_LOWER}]+)(?:-[{_UPPER}]?[{_LOWER}]+)*"
_PARTICLE = r"(?:van\s(?:der|den|de)|von|van|de|del|della|da|di|do|dos|du|la|le|bin|al|el|ter|zu)"
_SURNAME = rf"(?:{_PARTICLE}\s)?{_CAPITALISED}"
# Lookaheads, so that every word is tried as a first name ("Hi Priya Raman").
_LATIN = re.compile(rf"(?<![\w'])(?=(?P<first>{_CAPITALISED})(?P<rest>(?:[ \t]{_SURNAME}){{1,2}})(?![\w']))")
_BEFORE_HONORIFIC = re.compile(
    rf"(?<![\w'])(?:{_CAPITALISED}|[{_UPPER}]\.)(?:[ \t](?:{_SURNAME}|[{_UPPER}]\.)){{0,3}}(?=[ \t]?(?:様|さま|さん|氏|殿|くん|君|ちゃん|先生))"
)
_WORD = rf"[{_UPPER}{_LOWER}][{_LOWER}]+(?:['-][{_UPPER}{_LOWER}]?[{_LOWER}]+)*"
# Words after which a person's name comes: a role or kinship word, an introduction,
# a greeting or sign-off (one word will do), or a preposition (first name and surname).
_PERSON_CUE = re.compile(
    r"(?:\b(?:name\sis|name's|this\sis|i\sam|i'm|im|it's|signed\sby|signed\sfor\sby|recipient|attn|c/o|ask\sfor|called|named"
    r"|wife|husband|partner|son|daughter|mum|mom|dad|father|mother|sister|brother|aunt|uncle|grandma|grandpa"
    r"|neighbou?r|friend|colleague|boss|flatmate|roommate|landlord|cousin|niece|nephew|fianc[ée]e?"
    r"|thanks|thank\syou|cheers|regards|best|love|hi|hello|hey|dear)[,:.!]?\s+)$"
)
_PREPOSITION_CUE = re.compile(r"\b(?:to|for|from|by|with)\s+$")
_AFTER_CUE = re.compile(rf"(?<![\w'])(?=(?P<first>{_WORD})(?P<rest>[ \t]{_WORD})?(?![\w']))")
_NOT_FIRST_NAMES = frozenset(
    {*STOP_WORDS, "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "hi", "hey", "dear", "hello", "thanks", "please", "order", "tea", "sir", "madam", "team",
     "customer"}
)  # fmt: skip


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names from gender-guesser's nam_dict (one name a line, in
    columns 4–29; `+` joins the parts of a compound name)."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-").casefold()
        if len(name) >= 2 and name not in _NOT_FIRST_NAMES:
            names.add(name)
    return frozenset(names)


def latin_name_spans(text: str) -> list[tuple[int, int]]:
    names = first_names()
    spans = [m.span() for m in _BEFORE_HONORIFIC.finditer(text)]
    for match in _LATIN.finditer(text):
        if match["first"].casefold() in names and not _all_stop_words(match["rest"]):
            spans.append((match.start(), match.end("rest")))
    for match in _AFTER_CUE.finditer(text):
        if match["first"].casefold() not in names:
            continue
        before = text[max(0, match.start() - 30) : match.start()].lower()
        rest = match["rest"]
        surname = bool(rest) and rest.strip().casefold() not in _NOT_FIRST_NAMES
        if _PERSON_CUE.search(before):
            spans.append((match.start(), match.end("rest") if surname else match.end("first")))
        elif surname and _PREPOSITION_CUE.search(before):
            spans.append((match.start(), match.end("rest")))
    return spans


def _all_stop_words(words: str) -> bool:
    return all(word.casefold() in _NOT_FIRST_NAMES for word in words.split())


class LatinNameRecognizer(LocalRecognizer):
    def __init__(self, *, language: str) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language=language)

    def load(self) -> None:
        first_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [RecognizerResult("PERSON", start, end, 0.7) for start, end in latin_name_spans(text)]
