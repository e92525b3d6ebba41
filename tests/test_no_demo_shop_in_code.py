"""Nothing in the package names the demo shop: its name, its domain and its order-number
prefix live in its data (`knowledge/`), so another shop runs on the same code."""

from __future__ import annotations

import json
import os
import re

import yaml

from draftdesk.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "service" / "draftdesk"
BUILT_COPY = PACKAGE / "demo_shop"  # the demo shop's data, copied in when a wheel is built


def _demo_words() -> set[str]:
    shop = yaml.safe_load((PROJECT_ROOT / "knowledge" / "shop.yaml").read_text("utf-8"))
    numbers = [order["number"] for order in json.loads((PROJECT_ROOT / "knowledge" / "demo" / "orders.json").read_text("utf-8"))]
    prefixes = {re.match(r"[A-Za-z]+[-‐]?", number).group() for number in numbers}
    domain = shop["email"].split("@", 1)[1].split(".")[0]
    return {shop["name"]["ja"], shop["name"]["en"], domain, *prefixes}


def test_the_package_source_never_names_the_demo_shop():
    words = _demo_words()
    assert len(words) >= 4 and all(len(word) >= 3 for word in words)  # name ja/en, domain, prefix such as "AB-"
    found = []
    for folder, _, files in os.walk(PACKAGE):
        if folder.startswith(str(BUILT_COPY)) or "__pycache__" in folder:
            continue
        for name in files:
            path = os.path.join(folder, name)
            try:
                text = open(path, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            lowered = text.casefold()
            found += [f"{os.path.relpath(path, PROJECT_ROOT)}: {word}" for word in words if word.casefold() in lowered]
    assert found == []
