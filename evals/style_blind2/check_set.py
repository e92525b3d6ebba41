"""Sanity checks for the blind reply set (replies.yaml); no Draftdesk code is used.

Run from the worktree's top folder:
    /work/main/.venv/bin/python evals/style_blind2/check_set.py
Exit status 1 when a check fails. Checks: the YAML parses; ids are unique; every
order exists and customer_name is its record's name exactly; labels cover exactly
the error-level rules; every true label has spans and every span is a substring
of the body; every cited policy section exists; each rule is violated at least
MIN_VIOLATIONS times. Prints counts per rule and language.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
# The error-level rules of the "House-style rules" table in the shared DESIGN.md.
ERROR_RULES = ("HS001", "HS002", "HS003", "HS004", "HS006",
               "HS007", "HS009", "HS013", "HS016", "HS018")
MIN_VIOLATIONS = 10
ID_PATTERN = re.compile(r"^B2-(JA|EN)-\d{3}$")


def policy_sections() -> set[str]:
    """Every 'file-id#anchor' found in knowledge/policies (front-matter id + {#anchor})."""
    sections = set()
    for path in (TOP / "knowledge" / "policies").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        doc_id = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
        sections.update(f"{doc_id}#{anchor}" for anchor in re.findall(r"\{#([\w-]+)\}", text))
    return sections


def problems_of(entry: dict, orders: dict, sections: set[str]) -> list[str]:
    found = []
    if not ID_PATTERN.match(entry.get("id", "")):
        found.append("bad id")
    elif entry["id"][3:5].lower() != entry.get("language"):
        found.append("id prefix and language differ")
    if entry.get("language") not in ("ja", "en"):
        found.append("language must be ja or en")
    number = entry.get("order")
    if number is not None:
        if number not in orders:
            found.append(f"unknown order {number}")
        elif orders[number]["customer"]["name"] != entry.get("customer_name"):
            found.append(f"customer_name {entry.get('customer_name')!r} is not the record's "
                         f"{orders[number]['customer']['name']!r}")
    elif not entry.get("customer_name"):
        found.append("customer_name missing")
    for key in ("ticket", "subject", "body", "note"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            found.append(f"{key} missing")
    labels = entry.get("labels") or {}
    if tuple(sorted(labels)) != ERROR_RULES or not all(isinstance(v, bool) for v in labels.values()):
        found.append("labels must give true/false for exactly the error-level rules")
    spans = entry.get("spans") or {}
    true_rules = {rule for rule, value in labels.items() if value}
    if set(spans) != true_rules:
        found.append(f"spans {sorted(spans)} do not match true labels {sorted(true_rules)}")
    for rule, texts in spans.items():
        for text in texts or []:
            if text not in entry.get("body", ""):
                found.append(f"{rule} span not in body: {text!r}")
        if not texts:
            found.append(f"{rule} has no span")
    for section in entry.get("cited_policies") or []:
        if section not in sections:
            found.append(f"unknown policy section {section}")
    for rule in entry.get("tricky") or []:
        if rule not in ERROR_RULES:
            found.append(f"tricky names a non-error rule {rule}")
    return found


def main() -> int:
    entries = yaml.safe_load((HERE / "replies.yaml").read_text(encoding="utf-8"))
    orders = {o["number"]: o for o in json.loads(
        (TOP / "knowledge" / "demo" / "orders.json").read_text(encoding="utf-8"))}
    sections = policy_sections()
    failed = False
    ids = Counter(e.get("id") for e in entries)
    for dup in [i for i, n in ids.items() if n > 1]:
        print(f"duplicate id {dup}")
        failed = True
    for entry in entries:
        for problem in problems_of(entry, orders, sections):
            print(f"{entry.get('id')}: {problem}")
            failed = True

    by_language = Counter(e["language"] for e in entries)
    correct = Counter(e["language"] for e in entries if not any(e["labels"].values()))
    print(f"\n{len(entries)} replies; ja {by_language['ja']}, en {by_language['en']}; "
          f"correct (all labels false) {sum(correct.values())} "
          f"({100 * sum(correct.values()) / len(entries):.0f} %; ja {correct['ja']}, en {correct['en']})")
    print(f"{'rule':6} {'true':>5} {'ja':>4} {'en':>4} {'tricky-false':>13}")
    for rule in ERROR_RULES:
        true_in = Counter(e["language"] for e in entries if e["labels"][rule])
        tricky_false = sum(1 for e in entries
                           if not e["labels"][rule] and rule in (e.get("tricky") or []))
        print(f"{rule:6} {sum(true_in.values()):>5} {true_in['ja']:>4} {true_in['en']:>4} {tricky_false:>13}")
        if sum(true_in.values()) < MIN_VIOLATIONS:
            print(f"  {rule} is violated fewer than {MIN_VIOLATIONS} times")
            failed = True
    per_reply = Counter(sum(e["labels"].values()) for e in entries)
    print("violated rules per reply:", dict(sorted(per_reply.items())))
    if any(n > 2 for n in per_reply):
        print("a reply violates more than two rules")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
