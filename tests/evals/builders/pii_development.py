"""The development snippets (`evals/pii/<language>[_holdout].src`) → `.jsonl` beside them.

`ja.src`/`en.src` are the development sets the recognizers were tuned on;
`*_holdout.src` were written afterwards and are reported separately, never tuned on.

    python -m tests.evals.builders.pii_development [SET_DIR]
"""

from __future__ import annotations

import json
import sys

from tests.evals.builders import EVALS, set_dir
from tests.evals.builders.marked_text import MarkError, snippets


def main() -> int:
    folder = set_dir(EVALS / "pii")
    try:
        for source in sorted(folder.glob("*.src")):
            language = source.stem.split("_")[0]
            cases = [{"text": text, "spans": spans, "language": language} for text, spans in snippets(source)]
            with source.with_suffix(".jsonl").open("w", encoding="utf-8") as out:
                for case in cases:
                    out.write(json.dumps(case, ensure_ascii=False) + "\n")
            print(f"{source.stem}: {len(cases)} snippets, {sum(len(c['spans']) for c in cases)} spans")
    except MarkError as error:
        sys.exit(f"ERROR {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
