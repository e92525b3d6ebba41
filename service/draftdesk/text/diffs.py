"""What changed between two texts: a unified diff by line for people and logs, and
changes over tokens for the console, which marks them inline.

Tokens: a run of Latin letters and digits (with the `.`, `,`, `'` or `-` inside it:
`2,400`, `AB-24-00012`, `don't`) is one token, a run of white space is one, and every
other character — each kana and kanji, each punctuation mark — is one of its own.
Japanese puts no spaces between words, so splitting on spaces would make a whole
sentence one token and a changed particle would replace all of it; by character, the
change is the particle. English and numbers stay whole words, so `2,400` → `3,400`
is one number replaced, not one digit. One rule covers both languages and the mix a
Japanese reply carries (order numbers, product names in Latin letters); a Japanese
word splitter (Sudachi) would need its dictionary loaded for no better diff than
what Japanese editors show by character.

An unchanged piece of at most one character between two changes (a particle, a space
between two replaced words) is folded into them, so a rewritten phrase reads as one
change rather than a comb of single characters.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

from draftdesk.domain import Frozen

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,'’\-][A-Za-z0-9]+)*|\s+|.", re.DOTALL)

ChangeOp = Literal["equal", "insert", "delete", "replace"]


class Change(Frozen):
    op: ChangeOp
    from_text: str
    to_text: str


class TextDiff(Frozen):
    unified: str
    changes: list[Change]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_texts(before: str, after: str, *, from_name: str = "before", to_name: str = "after") -> TextDiff:
    """`changes` concatenated give `before` (equal and from texts) and `after` (equal and to texts)."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=from_name, tofile=to_name, lineterm=""
    )
    return TextDiff(unified="\n".join(lines), changes=token_changes(before, after))


def token_changes(before: str, after: str) -> list[Change]:
    old, new = tokens(before), tokens(after)
    # autojunk off: in a Japanese text every common kana is "popular" and would be ignored.
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces: list[tuple[bool, str, str]] = []  # (unchanged, from text, to text)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        from_text, to_text = "".join(old[i1:i2]), "".join(new[j1:j2])
        unchanged = tag == "equal"
        if not unchanged and pieces and not pieces[-1][0]:
            _, earlier_from, earlier_to = pieces.pop()
            from_text, to_text = earlier_from + from_text, earlier_to + to_text
        elif not unchanged and len(pieces) >= 2 and _slight(pieces[-1]) and not pieces[-2][0]:
            (_, gap, _), (_, earlier_from, earlier_to) = pieces.pop(), pieces.pop()
            from_text, to_text = earlier_from + gap + from_text, earlier_to + gap + to_text
        pieces.append((unchanged, from_text, to_text))
    return [Change(op=_op(unchanged, a, b), from_text=a, to_text=b) for unchanged, a, b in pieces]


def _slight(piece: tuple[bool, str, str]) -> bool:
    unchanged, text, _ = piece
    return unchanged and len(text.strip()) <= 1


def _op(unchanged: bool, from_text: str, to_text: str) -> ChangeOp:
    if unchanged:
        return "equal"
    if not from_text:
        return "insert"
    return "delete" if not to_text else "replace"
