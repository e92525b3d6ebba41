"""The builders of the labelled sets in evals/: seeded generators and the converter of
hand-marked text. They need the test extras (faker, mimesis, …), so they live with the
tests, not in the product. Run one from the repository's top level; it writes its set
into the set's folder under evals/, or into SET_DIR:

    python -m tests.evals.builders.pii_challenge [SET_DIR]

tests/evals/test_pii_sets.py and test_style_set.py rebuild every set and compare it
with the committed files byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

EVALS = Path(__file__).resolve().parents[3] / "evals"


def set_dir(default: Path) -> Path:
    """The folder named on the command line, else the set's own folder under evals/."""
    return Path(sys.argv[1]) if len(sys.argv) > 1 else default
