#!/usr/bin/env python3
"""Convert hand-written blind test tickets (*.src) to JSONL.

.src format: one ticket per line, "⏎" = line break inside the ticket,
personal values marked inline as [[value|T]], lines starting with # are comments.
Standard library only.  Usage: python3 build.py [file.src ...]
"""
import json
import sys
from pathlib import Path

TYPES = {"P": "PERSON", "A": "ADDRESS", "Z": "POSTAL_CODE", "T": "PHONE_NUMBER",
         "E": "EMAIL_ADDRESS", "C": "CREDIT_CARD"}
NL = "\u23ce"  # ⏎


class SrcError(Exception):
    pass


def parse_line(line, where):
    text, spans, i = [], [], 0
    pos = 0  # length of text built so far
    while i < len(line):
        if line.startswith("]]", i):
            raise SrcError(f"{where}: ']]' without opening '[[' at col {i}")
        if line.startswith("[[", i):
            end = line.find("]]", i + 2)
            if end < 0:
                raise SrcError(f"{where}: '[[' never closed at col {i}")
            inner = line[i + 2:end]
            if "[[" in inner:
                raise SrcError(f"{where}: nested '[[' at col {i}")
            if inner.count("|") != 1:
                raise SrcError(f"{where}: mark needs exactly one '|': [[{inner}]]")
            value, t = inner.split("|")
            if t not in TYPES:
                raise SrcError(f"{where}: unknown type {t!r} in [[{inner}]]")
            value = value.replace(NL, "\n")
            if not value or value != value.strip():
                raise SrcError(f"{where}: empty or space-padded value [[{inner}]]")
            spans.append({"start": pos, "end": pos + len(value), "type": TYPES[t], "_v": value})
            text.append(value)
            pos += len(value)
            i = end + 2
        else:
            ch = "\n" if line[i] == NL else line[i]
            text.append(ch)
            pos += 1
            i += 1
    text = "".join(text)
    for s in spans:
        if text[s["start"]:s["end"]] != s.pop("_v"):
            raise SrcError(f"{where}: offset check failed for span {s}")
    return text, spans


def build(src):
    src = Path(src)
    lang = src.stem
    out_path = src.with_suffix(".jsonl")
    records = []
    for n, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, spans = parse_line(line, f"{src.name}:{n}")
        records.append({"text": text, "language": lang, "spans": spans,
                        "source": "blind-handwritten"})
    with open(out_path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in records:
        for s in r["spans"]:
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    total = sum(counts.values())
    print(f"{out_path.name}: {len(records)} tickets, {total} spans "
          + ", ".join(f"{k}={counts[k]}" for k in sorted(counts)))
    return records


def main(argv):
    here = Path(__file__).resolve().parent
    files = argv or [here / "ja.src", here / "en.src"]
    try:
        for f in files:
            build(f)
    except SrcError as e:
        sys.exit(f"ERROR {e}")


if __name__ == "__main__":
    main(sys.argv[1:])
