"""Japanese place-name fragments the address and postal-code recognizers share.

The prefectures are a fixed list, read once from data/ja_prefectures.txt.
"""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).parent / "data"

PREFECTURES: tuple[str, ...] = tuple(
    line.strip() for line in (_DATA / "ja_prefectures.txt").read_text(encoding="utf-8").splitlines() if line.strip()
)
PREFECTURE = "(?:" + "|".join(PREFECTURES) + ")"
