"""Hand-marked text: one snippet a line, `[[value|T]]` marks a personal value, `⏎` is a
line break inside the snippet, a line starting with `#` is a comment. The offsets are
computed here, so no JSONL label is ever edited by hand; a malformed mark stops the build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

TYPES = {
    "P": "PERSON",
    "E": "EMAIL_ADDRESS",
    "T": "PHONE_NUMBER",
    "Z": "POSTAL_CODE",
    "A": "ADDRESS",
    "C": "CREDIT_CARD",
    "M": "MY_NUMBER",
    "B": "BANK_ACCOUNT",
    "D": "DATE_OF_BIRTH",
    "I": "IBAN_CODE",
    "IP": "IP_ADDRESS",
}
LINE_BREAK = "\u23ce"  # ⏎

Span = dict[str, object]  # {"start", "end", "type"}, in the order the JSONL files keep


class MarkError(ValueError):
    """A malformed mark; the message names the file and line."""


def parse_line(line: str, *, where: str) -> tuple[str, list[Span]]:
    text: list[str] = []
    marked: list[tuple[int, str, str]] = []  # start, value, type
    i = 0
    while i < len(line):
        if line.startswith("]]", i):
            raise MarkError(f"{where}: ']]' without opening '[[' at col {i}")
        if not line.startswith("[[", i):
            text.append("\n" if line[i] == LINE_BREAK else line[i])
            i += 1
            continue
        end = line.find("]]", i + 2)
        if end < 0:
            raise MarkError(f"{where}: '[[' never closed at col {i}")
        inner = line[i + 2 : end]
        if "[[" in inner:
            raise MarkError(f"{where}: nested '[[' at col {i}")
        if inner.count("|") != 1:
            raise MarkError(f"{where}: mark needs exactly one '|': [[{inner}]]")
        value, kind = inner.split("|")
        if kind not in TYPES:
            raise MarkError(f"{where}: unknown type {kind!r} in [[{inner}]]")
        value = value.replace(LINE_BREAK, "\n")
        if not value or value != value.strip():
            raise MarkError(f"{where}: empty or space-padded value [[{inner}]]")
        marked.append((sum(map(len, text)), value, TYPES[kind]))
        text.append(value)
        i = end + 2
    return "".join(text), [{"start": start, "end": start + len(value), "type": kind} for start, value, kind in marked]


def snippets(source: Path) -> Iterator[tuple[str, list[Span]]]:
    """The parsed snippets of a `.src` file, comments and blank lines skipped."""
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield parse_line(line, where=f"{source.name}:{number}")
