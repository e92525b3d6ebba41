"""The blind hand-written tickets (`evals/pii/blind/{ja,en}.src`) → `ja.jsonl`, `en.jsonl`
beside them, each ticket tagged `"source": "blind-handwritten"`.

    python -m tests.evals.builders.pii_blind [SET_DIR]
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from tests.evals.builders import EVALS, set_dir
from tests.evals.builders.marked_text import MarkError, snippets


def main() -> int:
    folder = set_dir(EVALS / "pii" / "blind")
    try:
        for language in ("ja", "en"):
            records = [
                {"text": text, "language": language, "spans": spans, "source": "blind-handwritten"}
                for text, spans in snippets(folder / f"{language}.src")
            ]
            with (folder / f"{language}.jsonl").open("w", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts = Counter(span["type"] for record in records for span in record["spans"])
            print(f"{language}.jsonl: {len(records)} tickets, {counts.total()} spans "
                  + ", ".join(f"{kind}={counts[kind]}" for kind in sorted(counts)))
    except MarkError as error:
        sys.exit(f"ERROR {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
