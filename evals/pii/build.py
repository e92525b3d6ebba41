"""Turn the hand-written snippets (<language>[_<part>].src) into labelled JSONL sets.

`ja.src`/`en.src` are the development sets the recognizers were tuned on;
`*_holdout.src` were written afterwards and are reported separately, never tuned on.

    python evals/pii/build.py

Each source line is one snippet: `[[value|TYPE]]` marks a personal value, `⏎` a
line break, `#` starts a comment line. Offsets are computed here and checked
against the text before anything is written, so the JSONL never needs hand edits.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
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
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\]\]")


def parse(line: str) -> dict[str, object]:
    text, spans, cursor = "", [], 0
    for match in MARK.finditer(line):
        text += line[cursor : match.start()].replace("⏎", "\n")
        value = match[1].replace("⏎", "\n")
        spans.append({"start": len(text), "end": len(text) + len(value), "type": TYPES[match[2]], "value": value})
        text += value
        cursor = match.end()
    text += line[cursor:].replace("⏎", "\n")
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced mark in: {line}")
    for span in spans:
        if text[span["start"] : span["end"]] != span.pop("value"):
            raise ValueError(f"offset mismatch in: {line}")
    return {"text": text, "spans": spans}


def main() -> int:
    for source in sorted(HERE.glob("*.src")):
        language = source.stem.split("_")[0]
        lines = source.read_text(encoding="utf-8").splitlines()
        cases = [parse(line) | {"language": language} for line in lines if line.strip() and not line.startswith("#")]
        with source.with_suffix(".jsonl").open("w", encoding="utf-8") as out:
            for case in cases:
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
        print(f"{source.stem}: {len(cases)} snippets, {sum(len(c['spans']) for c in cases)} spans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
