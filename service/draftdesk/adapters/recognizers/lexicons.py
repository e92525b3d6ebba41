"""Word lists the name and address recognizers share, loaded once.

- `first_names()`: the international first-name list shipped with `gender-guesser`
  (Jörg Michael's nam_dict, ~46,000 names of many countries), a source of its own,
  not the generators the PII challenge sets are built from; plus data/first_names_more.txt
  (faker locales neither generated set drew names from: tests/evals/builders/name_lexicon.py)
  and data/first_names_world.txt (common names of cultures both lists barely cover,
  written from general knowledge).
- `rare_english_word()`: below `RARE_ENGLISH_ZIPF` on wordfreq's Zipf scale (0 for
  unknown, ~7 for the commonest): a rare word where a name may stand is a name.
- `common_japanese_words()`: the Japanese words at least `COMMON_JAPANESE_ZIPF` on
  that scale: a phrase of common words where a name may stand is not a name.
- `family_names_first()`: family names written first (Vietnamese, Chinese, Korean):
  data/family_names_first.txt.
- `sentence_words()`: words that belong to the sentence, never to a name or a street
  address: spaCy's English stop words plus data/en_sentence_words.txt, less the few
  that name streets (First Avenue, Top Road).

Of wordfreq's lists (~320,000 English and ~215,000 Japanese words, each with its
frequency) only the entries that can make a word common are kept: wordfreq's own look-up
holds both whole lists for the life of the process.

Building the first names and wordfreq's entries reads ~7 MB of files at every start; a
process that prepares the shared state keeps them in the var folder (`keep_lexicons`),
under a key of every file and version they are built from, and a later start reads them
back in a fraction of that time.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import math
import sys
import threading
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from draftdesk.stored import read_back_or_build


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
_NAM_DICT = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
RARE_ENGLISH_ZIPF = 3.0
# An English word of several tokens is rarer than each of them, so a token below this
# cannot make a word common however the look-up rounds (to 3 significant digits, then 0.01).
_RARE_ENGLISH_TOKEN_ZIPF = RARE_ENGLISH_ZIPF - 0.1
COMMON_JAPANESE_ZIPF = 3.5  # wordfreq's scale: 名前 5.4, 上司 4.6, 折り返し 3.8; 海野 3.0, 銭形 2.8
_STREET_NAMING_STOP_WORDS = frozenset(
    {"first", "third", "top", "bottom", "front", "back", "side", "upper", "lower", "via", "over", "under"}
)


# The lists `keep_lexicons` read back, each taken by the first call that would build it.
_read_back: dict[str, Any] = {}


def words_of(name: str) -> list[str]:
    """The words of a data file under data/, `#` comment lines left out."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


def words_of_lines(name: str) -> list[str]:
    """The lines of a data file under data/ (an entry may hold spaces: Abu Dhabi), `#` comment lines left out."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def sentence_words() -> frozenset[str]:
    return frozenset((STOP_WORDS | set(words_of("en_sentence_words.txt"))) - _STREET_NAMING_STOP_WORDS)


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names (one a line in nam_dict, columns 4–29; `+` joins the
    parts of a compound name), less the words a sentence needs (Will, May, April)."""
    if "first_names" in _read_back:
        return _read_back.pop("first_names")
    text = _NAM_DICT.read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-").casefold()
        if len(name) >= 2 and name not in sentence_words():
            names.add(name)
    for extra in ("first_names_more.txt", "first_names_world.txt"):
        names |= {name for name in words_of(extra) if len(name) >= 2 and name not in sentence_words()}
    return frozenset(names)


@cache
def family_names_first() -> frozenset[str]:
    """Family names written before the given name (data/family_names_first.txt)."""
    return frozenset(words_of("family_names_first.txt"))


def rare_english_word(word: str) -> bool:
    """`wordfreq.zipf_frequency(word.casefold(), "en") < RARE_ENGLISH_ZIPF`, worked out
    as wordfreq does (its tokens, numbers folded, 1/f = 1/f1 + 1/f2 …, rounded alike)
    over the tokens that are common enough to matter: a word with any other token is rare."""
    total = 0.0
    for token in wordfreq.lossy_tokenize(word.casefold(), "en"):
        smashed = wordfreq.smash_numbers(token)  # digits of a number folded to 0, its frequency apart
        frequency = _english_token_frequencies().get(smashed)
        if frequency is None:
            return True
        total += 1.0 / (frequency * wordfreq.digit_freq(token) if smashed != token else frequency)
    if not total:
        return True
    frequency = 1.0 / total
    rounded = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(wordfreq.freq_to_zipf(rounded), 2) < RARE_ENGLISH_ZIPF


@cache
def _english_token_frequencies() -> dict[str, float]:
    """The frequency of each entry of wordfreq's English list at `_RARE_ENGLISH_TOKEN_ZIPF`
    or above (as `get_frequency_dict`: a word listed twice keeps its last frequency)."""
    if "english_token_frequencies" in _read_back:
        return _read_back.pop("english_token_frequencies")
    return _entries_at_least("en", _RARE_ENGLISH_TOKEN_ZIPF)


@cache
def common_japanese_words() -> frozenset[str]:
    """The entries of wordfreq's Japanese list at COMMON_JAPANESE_ZIPF or above, each
    looked up as one entry (wordfreq's own tokenizer would need MeCab)."""
    if "common_japanese_words" in _read_back:
        return _read_back.pop("common_japanese_words")
    return frozenset(_entries_at_least("ja", COMMON_JAPANESE_ZIPF))


def _entries_at_least(language: str, zipf: float) -> dict[str, float]:
    """Each entry of wordfreq's list for `language` whose frequency is `zipf` or more on
    the Zipf scale (log10 of it + 9), with that frequency. The list holds a word under
    each frequency it rounds to; `get_frequency_dict` keeps the last, and so does this."""
    entries: dict[str, float] = {}
    buckets = wordfreq.read_cBpack(wordfreq.available_languages()[language])
    for index, bucket in enumerate(buckets):  # bucket i: the words of frequency 10 ** (-i / 100)
        frequency = wordfreq.cB_to_freq(-index)
        if math.log10(frequency) + 9 >= zipf:
            entries.update(dict.fromkeys(bucket, frequency))
        else:
            for word in bucket:
                entries.pop(word, None)
    return entries


def load_lexicons() -> None:
    """Every list now (a detector built at start-up), not inside the first request that
    meets a word of one: each is read on first use."""
    first_names()
    family_names_first()
    _english_token_frequencies()
    common_japanese_words()


def keep_lexicons(file: Path) -> None:
    """The lists that take longest to build, read back from `file` when it was stored
    from the same files, versions and code, else built now and stored there."""

    def read(data: bytes) -> dict[str, Any] | None:
        stored = marshal.loads(data)
        return stored if stored["key"] == key else None

    def build() -> dict[str, Any]:
        return {
            "key": key,
            "first_names": first_names(),
            "english_token_frequencies": _english_token_frequencies(),
            "common_japanese_words": common_japanese_words(),
        }

    key = _lexicons_key()
    stored = read_back_or_build(file, read=read, build=build, write=marshal.dumps, what="name lexicons")
    _read_back.update((name, value) for name, value in stored.items() if name != "key")


def _lexicons_key() -> str:
    """A digest of everything the kept lists are built from: this module's code, the
    data files, wordfreq's two lists, the versions of Python (marshal's format), spaCy
    (its stop words) and wordfreq."""
    digest = hashlib.sha256(sys.version.encode())
    for distribution in ("spacy", "wordfreq", "gender-guesser"):
        digest.update(f"\n{distribution} {metadata.version(distribution)}".encode())
    sources = [Path(__file__), *(DATA / name for name in ("en_sentence_words.txt", "first_names_more.txt", "first_names_world.txt"))]
    for source in (*sources, _NAM_DICT, *(Path(wordfreq.available_languages()[language]) for language in ("en", "ja"))):
        data = source.read_bytes()
        digest.update(f"\n{source.name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()
