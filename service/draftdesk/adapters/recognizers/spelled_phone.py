"""Phone numbers spelled out in words, kana or kanji numerals.

A chat box that refuses digits, a number read aloud or a vertical delivery slip:
"zero nine zero, four four one two, …", "oh seven seven double-oh, nine hundred, …",
ゼロハチゼロ、よんよんいちに、…, 〇九〇‐三三一二‐七七四八. The words are data
(data/digit_words.txt). A run of digit words is a phone number only when its digits
are one (the same verdict as written digits: `phone.py`), so "one or two", 三丁目 or
いちご stay: no run of ordinary text spells ten digits or more that a region dials.
The span runs from the first digit word to the last, separators included.
"""

from __future__ import annotations

import re
from functools import cache

from draftdesk.adapters.recognizers.base import SpanRecognizer
from draftdesk.adapters.recognizers.lexicons import DATA
from draftdesk.adapters.recognizers.phone import spelled_number_is_phone

# Katakana read as hiragana and ASCII capitals as lower case: one character for one, so offsets hold.
_READING = str.maketrans(
    {**{chr(code): chr(code - 0x60) for code in range(0x30A1, 0x30F7)}, **{chr(code): chr(code + 32) for code in range(65, 91)}}
)
_SEPARATOR = r"[ \t,、，.\-‐‑–—－ー・]{0,3}"
# A number spelled out is a whole one: ten digits or more (Japan's lines, most mobiles),
# or eight after "plus" (+48 601 772 405); a local number of fewer digits is no run.
_MIN_DIGITS, _MIN_DIGITS_INTERNATIONAL = 10, 8


@cache
def _digit_words() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    words: dict[str, str] = {}
    for line in (DATA / "digit_words.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, value = line.split()
            words[word] = value
    # Latin words need word edges; kana and kanji stand next to each other (よんよんいちに). The
    # edge before a word is checked after the match (`_inside_a_word`): a pattern that opens
    # with a lookbehind is tried at every character, one with words first is searched for fast.
    alternatives = sorted(words, key=len, reverse=True)
    token = "|".join(rf"{re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in alternatives)
    # Ten digits take four words at least (nine hundred is three digits from two words).
    return words, re.compile(token), re.compile(rf"(?:{token})(?:{_SEPARATOR}(?:{token})){{3,}}")


def spelled_phone_spans(text: str) -> list[tuple[int, int]]:
    words, token_pattern, run_pattern = _digit_words()
    reading = text.translate(_READING)
    spans = []
    for run in run_pattern.finditer(reading):
        tokens = [m.span() for m in token_pattern.finditer(reading, run.start(), run.end())]
        if tokens and _inside_a_word(reading, tokens[0]):  # "someone two …": "one" is no digit word there
            tokens = tokens[1:]
        # A word of the sentence may touch the run (番号はゼロ…, …きゅうです): the longest
        # stretch of tokens whose digits make a number wins.
        found = _longest_number(reading, tokens, words)
        if found is not None:
            spans.append(found)
    return spans


def _longest_number(reading: str, tokens: list[tuple[int, int]], words: dict[str, str]) -> tuple[int, int] | None:
    for size in range(len(tokens), 1, -1):
        for first in range(len(tokens) - size + 1):
            chosen = tokens[first : first + size]
            digits = _digits(reading, chosen, words)
            if digits is not None and _long_enough(digits) and spelled_number_is_phone(digits):
                return chosen[0][0], chosen[-1][1]
    return None


def _inside_a_word(reading: str, token: tuple[int, int]) -> bool:
    start = token[0]
    return reading[start].isascii() and start > 0 and "a" <= reading[start - 1] <= "z"


def _long_enough(digits: str) -> bool:
    return sum(ch.isdigit() for ch in digits) >= (_MIN_DIGITS_INTERNATIONAL if digits.startswith("+") else _MIN_DIGITS)


def _digits(reading: str, tokens: list[tuple[int, int]], words: dict[str, str]) -> str | None:
    """The digits the words spell, or None when they spell nothing whole ("double" last)."""
    out, repeat = "", 1
    for start, end in tokens:
        value = words[reading[start:end]]
        if value.startswith("×"):
            repeat = int(value[1:])
            continue
        if value == "+" and out:
            return None
        if value == "00" and (not out or repeat > 1):  # "hundred" needs a digit before it
            return None
        out += value * repeat
        repeat = 1
    return None if repeat > 1 else out


class SpelledPhoneRecognizer(SpanRecognizer):
    ENTITIES = ("PHONE_NUMBER",)
    SCORE = 0.7

    def prepare(self) -> None:
        _digit_words()

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("PHONE_NUMBER", start, end) for start, end in spelled_phone_spans(text)]
