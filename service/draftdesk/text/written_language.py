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
