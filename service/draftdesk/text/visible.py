"""What counts as writing: a name or a reason made only of white space, control
characters or invisible ones (zero-width space, Hangul filler, Braille blank, BOM)
says nothing, and an agent must not be able to pass one off as an override reason."""

from __future__ import annotations

import re

# Characters that show nothing: every str.isspace() character, C0/C1 controls, and the
# invisible letters and formats people paste (U+200B-U+200F, U+2060-U+2064, U+FEFF,
# U+3164, U+2800, U+115F, U+1160, U+FFA0, U+00AD). Written for both Python and ECMA-262.
BLANK = (
    r"\x00-\x20\x7f-\xa0\xad\u115f\u1160\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2800\u3000\u3164"
    r"\ufeff\uffa0"
)
_VISIBLE = re.compile(f"[^{BLANK}]")


def visible_length(text: str) -> int:
    """How many characters of `text` show something."""
    return len(_VISIBLE.findall(text))
