"""Word lists the Latin-script recognizers share, loaded once.

- `first_names()`: the international first-name list shipped with `gender-guesser`
  (Jörg Michael's nam_dict, ~46,000 names of many countries), a source of its own,
  not the generators the PII challenge sets are built from.
- `english_zipf()`: how common a word is (wordfreq's Zipf scale, 0 for unknown, ~7 for
  the commonest): a rare word where a name may stand is a name.
- `common_japanese_words()`: the Japanese words at least `COMMON_JAPANESE_ZIPF` on
  that scale: a phrase of common words where a name may stand is not a name.
- `sentence_words()`: words that belong to the sentence, never to a name or a street
  address: spaCy's English stop words plus data/en_sentence_words.txt, less the few
  that name streets (First Avenue, Top Road).
"""

from __future__ import annotations

import importlib
import math
import threading
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

from spacy.lang.en.stop_words import STOP_WORDS


def _import_on_a_short_stack(name: str) -> ModuleType:
    """`import name` done by a thread of its own, whose stack is a few frames deep.

    wordfreq finds its data folder with `locate.this_dir()`, that is `inspect.stack()`,
    which reads the source of every frame on the stack and looks each frame's file up
    among all loaded modules: imported at the bottom of a server's import chain (some 50
    frames, 2,000 modules loaded) that took 0.2–0.3 s of CPU, measured; on a new thread it
    takes a few milliseconds. A failed import fails again here, on the caller's stack."""

    def load() -> None:
        try:
            importlib.import_module(name)
        except ImportError:
            pass

    loader = threading.Thread(target=load, name=f"import {name}", daemon=True)
    loader.start()
    loader.join()
    return importlib.import_module(name)


wordfreq = _import_on_a_short_stack("wordfreq")

DATA = Path(__file__).parent / "data"
COMMON_JAPANESE_ZIPF = 3.5  # wordfreq's scale: 名前 5.4, 上司 4.6, 折り返し 3.8; 海野 3.0, 銭形 2.8
_STREET_NAMING_STOP_WORDS = frozenset(
    {"first", "third", "top", "bottom", "front", "back", "side", "upper", "lower", "via", "over", "under"}
)


def words_of(name: str) -> list[str]:
    """The words of a data file under data/, `#` comment lines left out."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


@cache
def sentence_words() -> frozenset[str]:
    return frozenset((STOP_WORDS | set(words_of("en_sentence_words.txt"))) - _STREET_NAMING_STOP_WORDS)


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names (one a line in nam_dict, columns 4–29; `+` joins the
    parts of a compound name), less the words a sentence needs (Will, May, April)."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-").casefold()
        if len(name) >= 2 and name not in sentence_words():
            names.add(name)
    return frozenset(names)


def english_zipf(word: str) -> float:
    return wordfreq.zipf_frequency(word.casefold(), "en")


@cache
def common_japanese_words() -> frozenset[str]:
    """Each entry of wordfreq's Japanese list whose Zipf value (log10 of its frequency
    + 9) is at least COMMON_JAPANESE_ZIPF, looked up as one entry (wordfreq's own
    tokenizer would need MeCab). Only these are kept, not the list with a frequency for
    each of its ~215,000 words. The list holds a word under each
    frequency it rounds to; wordfreq's `get_frequency_dict` keeps the last, so here too."""
    common: set[str] = set()
    buckets = wordfreq.read_cBpack(wordfreq.available_languages()["ja"])
    for index, bucket in enumerate(buckets):  # bucket i: the words of frequency 10 ** (-i / 100)
        if math.log10(wordfreq.cB_to_freq(-index)) + 9 >= COMMON_JAPANESE_ZIPF:
            common.update(bucket)
        else:
            common.difference_update(bucket)
    return frozenset(common)


def load_lexicons() -> None:
    """Every list now (a detector built at start-up), not inside the first request that
    meets a word of one: wordfreq reads its lists on first use (~0.5 s for the two)."""
    first_names()
    english_zipf("the")
    common_japanese_words()
