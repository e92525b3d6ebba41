"""Long text in pieces that tokenizers accept and whose cost stays bounded."""

from __future__ import annotations

SUDACHI_SAFE_CHARS = 8_000  # Sudachi refuses input over 49,149 bytes; 8,000 characters are at most 32,000


def chunks(text: str, *, limit: int = SUDACHI_SAFE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters, cut after a line break,
    a 。 or a sentence end where the piece has one."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n"), window.rfind("。"), window.rfind(". "))
        end = start + (cut + 1 if cut > 0 else limit)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces
