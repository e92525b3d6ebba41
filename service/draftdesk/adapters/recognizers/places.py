"""Place names the recognizers share.

The prefectures are a fixed list, read once from data/ja_prefectures.txt (the address and
postal-code recognizers). Countries and large cities of the world (data/places_world.txt)
keep the name recognizers from reading a place as a person (`a_place`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from draftdesk.adapters.recognizers.lexicons import first_names, sentence_words, words_of_lines

_DATA = Path(__file__).parent / "data"

PREFECTURES: tuple[str, ...] = tuple(
    line.strip() for line in (_DATA / "ja_prefectures.txt").read_text(encoding="utf-8").splitlines() if line.strip()
)
PREFECTURE = "(?:" + "|".join(PREFECTURES) + ")"


@cache
def world_places() -> frozenset[str]:
    """Countries and large cities in English and katakana (data/places_world.txt), case-folded,
    less the ones that are also first names (Florence, Victoria, Georgia: possibly people)."""
    return frozenset(place.casefold() for place in words_of_lines("places_world.txt")) - first_names()


def a_place(text: str, start: int, end: int) -> bool:
    """A name recognizer's hit that names a place: the words themselves (Okinawa, Da Nang,
    "Kraków old" without the sentence's word), or a word of a longer place written around
    it ("Aviv" of Tel Aviv, "Nang" of Da Nang), or places joined by a middle dot."""
    words = text[start:end].split()
    while words and (words[-1][:1].islower() or words[-1].casefold() in sentence_words()):  # "Mumbai hub"
        words.pop()
    value = " ".join(words).casefold()
    before = text[max(0, start - 20) : start].split()[-1:]
    after = text[end : end + 20].split()[:1]
    candidates = {value, " ".join([*before, value]).casefold(), " ".join([value, *after]).casefold()}
    places = world_places()
    # インド・ムンバイ, アフリカ・ケープタウン: a country and its city joined by a middle dot
    joined = "・" in value and all(part in places for part in value.split("・"))
    return bool(value) and (joined or any(candidate.strip(".,;:!?()") in places for candidate in candidates))
