"""What kind of edit an agent made to a drafted reply before approving it.

    classify_edit(drafted, approved, today=date(2026, 11, 20)) -> {facts_changed, wording_changed}

- `facts_changed`: the dates, amounts, order and tracking numbers, quantities and
  lengths of time the two texts state differ (as values: "11/18" and "11月18日" are
  the same date, "¥2,400" and "2,400円" the same amount).
- `wording_changed`: other text of a paragraph that both versions have changed.
- `sections_added` / `sections_removed`: a paragraph with nothing of the other
  version in it was added / one was taken out. The drafter's sections (opening, facts,
  resolution, apology, closing) are rendered as paragraphs and a stored draft keeps
  only its text, so paragraphs stand for sections.

No class at all means no edit: only white space, line breaks or full- and half-width
forms changed (or a value was written another way). `evals/edits/` holds labelled
pairs; `draftdesk eval` reports the agreement.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from enum import StrEnum

from draftdesk.text.diffs import tokens
from draftdesk.text.mentions import Mention, find_durations, find_mentions


class EditClass(StrEnum):
    FACTS_CHANGED = "facts_changed"
    WORDING_CHANGED = "wording_changed"
    SECTIONS_ADDED = "sections_added"
    SECTIONS_REMOVED = "sections_removed"


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SPACE = re.compile(r"\s+")
_SPACE_BESIDE_WIDE = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")  # 「ご注文 について」 = 「ご注文について」
_VALUE = "\ufffc"  # where a mention stood: paragraphs that differ only in values have the same wording
# Two paragraphs are akin (one is the other, edited) when runs of two or more tokens
# (words, or characters of Japanese) they have in common make up this share of the
# shorter one: "for the" alone does not make two English sentences one.
_KINSHIP = 0.4


def classify_edit(before: str, after: str, *, today: date) -> frozenset[EditClass]:
    """`today` resolves dates written without a year, the same way for both texts."""
    if _canonical(before) == _canonical(after):
        return frozenset()
    classes: set[EditClass] = set()
    if _values(before, today) != _values(after, today):
        classes.add(EditClass.FACTS_CHANGED)
    old, new = _paragraphs(before, today), _paragraphs(after, today)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            classes.add(EditClass.SECTIONS_REMOVED)
        elif tag == "insert":
            classes.add(EditClass.SECTIONS_ADDED)
        elif tag == "replace":
            classes |= _replaced(old[i1:i2], new[j1:j2])
    return frozenset(classes)


def _replaced(old: list[str], new: list[str]) -> set[EditClass]:
    """Paragraphs of one version replaced by paragraphs of the other: those akin to
    none on the other side were removed or added; those akin to some were reworded,
    unless the akin ones say the same thing split or joined differently."""
    kin = {(i, j) for i, p in enumerate(old) for j, q in enumerate(new) if _akin(p, q)}
    classes = set()
    if len({i for i, _ in kin}) < len(old):
        classes.add(EditClass.SECTIONS_REMOVED)
    if len({j for _, j in kin}) < len(new):
        classes.add(EditClass.SECTIONS_ADDED)
    kept_old = "".join(p for i, p in enumerate(old) if any(i == k for k, _ in kin))
    kept_new = "".join(q for j, q in enumerate(new) if any(j == k for _, k in kin))
    if _SPACE.sub("", kept_old) != _SPACE.sub("", kept_new):
        classes.add(EditClass.WORDING_CHANGED)
    return classes


def _akin(p: str, q: str) -> bool:
    words_p, words_q = _words(p), _words(q)
    matcher = difflib.SequenceMatcher(a=words_p, b=words_q, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks() if block.size >= 2)
    return shared >= _KINSHIP * min(len(words_p), len(words_q))


def _words(paragraph: str) -> list[str]:
    return [token for token in tokens(paragraph) if not token.isspace()]


def _spaced(text: str) -> str:
    """Full- and half-width forms made one, white space made single spaces (values are read here)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _canonical(text: str) -> str:
    return _SPACE_BESIDE_WIDE.sub("", _spaced(text))


def _stated(text: str, today: date) -> list[Mention]:
    mentions = find_mentions(text, today=today)
    return [*mentions, *find_durations(text, besides=mentions)]


def _values(text: str, today: date) -> set[tuple[str, str]]:
    """(kind, value): "2 days" is not the quantity "× 2"."""
    return {(m.kind, m.value) for m in _stated(_spaced(text), today)}


def _paragraphs(text: str, today: date) -> list[str]:
    """Each paragraph in canonical form, its values masked."""
    found = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        spaced = _spaced(paragraph)
        for mention in sorted(_stated(spaced, today), key=lambda m: m.start, reverse=True):
            spaced = spaced[: mention.start] + _VALUE + spaced[mention.end :]
        if spaced:
            found.append(_SPACE_BESIDE_WIDE.sub("", spaced))
    return found
