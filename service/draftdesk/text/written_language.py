"""Which language a text is written in, by its letters: Japanese when kana and kanji make
up at least a quarter of its letters, English when it has Latin letters and fewer of those."""

from __future__ import annotations

import re

from draftdesk.domain import Language

_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def written_language(text: str) -> Language | None:
    """None when the text has no letters to tell by."""
    japanese, latin = len(_KANA_KANJI.findall(text)), len(_LATIN.findall(text))
    if not (japanese or latin):
        return None
    return "ja" if japanese * 3 >= latin and japanese > 0 else "en"


_EN_WORD = re.compile(r"[A-Za-z]+")
_EN_SENTENCE_WORDS = 5  # "Please be advised that …" is a sentence; "Tokoname teapot x 1." a product line
_JA_SENTENCE_CHARACTERS = 8


def foreign_sentence(sentence: str, language: Language) -> Language | None:
    """The other language when a sentence of a reply written in `language` is a whole
    sentence of that one (an English script line pasted into a Japanese reply), not a
    product, a name or a heading written in it."""
    written, said = written_language(sentence), sentence.rstrip()
    if written is None or written == language:
        return None
    if written == "en":
        whole = said.endswith((".", "!", "?")) and len(_EN_WORD.findall(said)) >= _EN_SENTENCE_WORDS
    else:
        whole = said.endswith(("。", "！", "？")) and len(_KANA_KANJI.findall(said)) >= _JA_SENTENCE_CHARACTERS
    return written if whole else None
