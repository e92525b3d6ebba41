"""One Sudachi dictionary per process.

Each `Dictionary()` maps the system dictionary and builds its tables again (~60 MB
resident each, measured); the retrieval index, the checker and the Japanese PII
tokenizer each used one. Tokenizers created from the one dictionary share it; each
tokenizer is still used by one thread at a time (Sudachi's tokenizers are not
thread-safe, its dictionary is).
"""

from __future__ import annotations

from functools import cache

from sudachipy import Tokenizer, dictionary

SplitMode = Tokenizer.SplitMode


@cache
def sudachi_dictionary() -> dictionary.Dictionary:
    return dictionary.Dictionary()


def sudachi_tokenizer(mode: SplitMode | None = None) -> Tokenizer:
    """A new tokenizer over the shared dictionary (`mode`: its default split mode)."""
    return sudachi_dictionary().create() if mode is None else sudachi_dictionary().create(mode=mode)
