"""Another shop under eval: `draftdesk eval --shop DIR`.

DIR is laid out like `knowledge/`: `shop.yaml`, `policies/`, `demo/orders.json`,
`demo/tickets/*.json` and the cases' `expectations.yaml`. What it leaves out of the
shop's rules (`house_style.yaml`, `intents.yaml` and the labelled tickets its scorer
learns from, `intent_examples.jsonl`, `synonyms.yaml`) comes from the default
knowledge folder. The two are put together in a scratch folder, so the
service reads one knowledge folder as it always does.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from draftdesk.errors import InvalidInput

REQUIRED = ("shop.yaml", "policies", "demo/orders.json", "demo/tickets", "expectations.yaml")
DEFAULTED = ("house_style.yaml", "intents.yaml", "intent_examples.jsonl", "synonyms.yaml")


@dataclass(frozen=True)
class ShopUnderEval:
    knowledge_dir: Path  # the shop's own files and the defaulted ones
    cases_dir: Path  # where expectations.yaml is
    tickets_dir: Path


def shop_under_eval(shop_dir: Path, *, defaults: Path, scratch: Path) -> ShopUnderEval:
    """The shop of `shop_dir` as one knowledge folder under `scratch`, its missing rule
    files taken from `defaults`. Raises InvalidInput naming what DIR lacks."""
    missing = [name for name in REQUIRED if not (shop_dir / name).exists()]
    if missing:
        raise InvalidInput(f"{shop_dir}: not a shop folder: {', '.join(missing)} missing (it needs {', '.join(REQUIRED)})")
    knowledge = scratch / "knowledge"
    shutil.copytree(shop_dir, knowledge)
    for name in DEFAULTED:
        if not (knowledge / name).exists() and (defaults / name).is_file():
            shutil.copy2(defaults / name, knowledge / name)
    return ShopUnderEval(knowledge_dir=knowledge, cases_dir=shop_dir, tickets_dir=shop_dir / "demo" / "tickets")
