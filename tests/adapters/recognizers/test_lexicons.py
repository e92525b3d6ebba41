"""The word lists the recognizers share keep only part of wordfreq's lists, and decide
as wordfreq's own look-ups would: the same common Japanese words, the same rare English ones."""

from __future__ import annotations

import json
import marshal
import math
from pathlib import Path

import pytest
import wordfreq

from draftdesk.adapters.recognizers import lexicons
from draftdesk.adapters.recognizers.lexicons import (
    COMMON_JAPANESE_ZIPF,
    RARE_ENGLISH_ZIPF,
    _english_token_frequencies,
    common_japanese_words,
    first_names,
    keep_lexicons,
    rare_english_word,
)


def test_the_common_japanese_words_are_those_wordfreq_rates_common():
    frequencies = wordfreq.get_frequency_dict("ja")
    rated = {word for word, frequency in frequencies.items() if math.log10(frequency) + 9 >= COMMON_JAPANESE_ZIPF}
    common = common_japanese_words()
    assert common == rated
    assert {"名前", "上司", "折り返し"} <= common  # 5.4, 4.6, 3.8
    assert not {"海野", "銭形", "竜門"} & common  # 3.0, 2.8, not listed


def _english_samples() -> list[str]:
    """Words around the line (every listed word from Zipf 2.5 to 3.5), compounds of
    common and rare tokens, numbers, and every word of the labelled English PII texts."""
    frequencies = wordfreq.get_frequency_dict("en")
    near = [word for word, frequency in frequencies.items() if 2.5 <= math.log10(frequency) + 9 <= 3.5]
    made = ["", "   ", "the", "The", "Tulio", "yunqi", "o'brien", "jean-luc", "mary-kate", "don't", "can't",
            "2024", "1999", "room 404", "ab12", "x7", "12345", "new york", "ice-cream", "e-mail", "öztürk",
            "café", "naïve", "hello world again", "zzzzqx", "mcdonald's", "st.", "3rd", "100%", "$5"]
    labelled = Path(__file__).resolve().parents[3] / "evals" / "pii" / "en.jsonl"
    texts = [json.loads(line)["text"] for line in labelled.read_text(encoding="utf-8").splitlines() if line.strip()]
    return near + made + [word for text in texts for word in text.split()]


def test_a_rare_english_word_is_one_wordfreq_rates_below_the_line():
    samples = _english_samples()
    assert len(samples) > 10_000
    differing = [w for w in samples if rare_english_word(w) != (wordfreq.zipf_frequency(w.casefold(), "en") < RARE_ENGLISH_ZIPF)]
    assert differing == []
    assert not rare_english_word("Again") and rare_english_word("Tulio")


def test_first_names_of_more_cultures_and_no_common_words() -> None:
    from draftdesk.adapters.recognizers.lexicons import first_names

    names = first_names()
    # Ethiopian, Yoruba, Igbo, Akan, Zulu, Thai, Mongolian, Balinese, Maori, Kenyan, Lithuanian, Icelandic
    for name in ("tewodros", "olumide", "chinonso", "kwabena", "sibusiso", "somsak", "ganbaatar", "ketut",
                 "wiremu", "wanjiku", "aistis", "sigurður"):  # fmt: skip
        assert name in names, name
    for word in ("made", "blessing"):  # common English words of the added lists stay out
        assert word not in names, word


def _built_fresh() -> tuple[frozenset[str], dict[str, float], frozenset[str]]:
    for lexicon in (first_names, _english_token_frequencies, common_japanese_words):
        lexicon.cache_clear()
    return first_names(), _english_token_frequencies(), common_japanese_words()


def test_kept_lexicons_are_read_back_as_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built_fresh()
    stored = tmp_path / "var" / "lexicons.marshal"
    keep_lexicons(stored)  # stored from the lists already built
    assert stored.is_file()

    def refuse(*_args: object) -> None:
        raise AssertionError("built again, though kept lists were expected")

    monkeypatch.setattr(lexicons, "_entries_at_least", refuse)
    monkeypatch.setattr(lexicons, "words_of", refuse)
    for lexicon in (first_names, _english_token_frequencies, common_japanese_words):
        lexicon.cache_clear()
    keep_lexicons(stored)
    again = first_names(), _english_token_frequencies(), common_japanese_words()
    assert again == built and list(again[1].items()) == list(built[1].items())


def test_lexicons_kept_under_another_key_or_unreadable_are_built_again(tmp_path: Path) -> None:
    built = _built_fresh()
    stored = tmp_path / "lexicons.marshal"
    stored.write_bytes(marshal.dumps({"key": "another", "first_names": frozenset({"nobody"})}))
    keep_lexicons(stored)
    assert first_names() == built[0] and marshal.loads(stored.read_bytes())["first_names"] == built[0]
    stored.write_bytes(b"\x00half a file")
    _built_fresh()
    keep_lexicons(stored)
    assert (first_names(), _english_token_frequencies(), common_japanese_words()) == built
