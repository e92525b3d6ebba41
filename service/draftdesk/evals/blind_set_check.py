"""Structural checks for a blind reply set's file (style_blind3 and every later set's).

Checks only the data, never the house-style checker: the YAML parses, every entry
has the fields, labels cover every error-level rule and agree with the spans, every
span is an exact substring of the body, orders exist and names match the record,
cited policy ids and anchors exist. Prints counts per rule and language.

A set's writer runs it on the file as it grows (the file and its id prefix; style_blind3's
by default), without reading Draftdesk's code:
    python -m draftdesk.evals.blind_set_check
    python -m draftdesk.evals.blind_set_check evals/style_blind5/replies_a.yaml B5A
"""

import collections
import json
import re
import sys
from pathlib import Path

import yaml

from draftdesk.config import PROJECT_ROOT as ROOT

THIRD_SET = ROOT / "evals" / "style_blind3" / "replies.yaml"
# The error-level rules of the "House-style rules" table in /work/shared/DESIGN.md.
ERROR_RULES = ["HS001", "HS002", "HS003", "HS004", "HS006",
               "HS007", "HS009", "HS013", "HS016", "HS018"]
MIN_VIOLATIONS_PER_RULE = 10
FIELDS = ["id", "language", "order", "customer_name", "ticket", "cited_policies",
          "subject", "body", "labels", "spans", "note"]


def policy_anchors():
    """Map each policy document id to the set of its section anchors."""
    anchors = {}
    for path in (ROOT / "knowledge" / "policies").glob("*/*.md"):
        text = path.read_text(encoding="utf-8")
        doc_id = re.search(r"(?m)^id:\s*(\S+)", text).group(1)
        anchors[doc_id] = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
    return anchors


def check(entries, orders, anchors, id_prefix):
    problems = []
    seen = set()
    for e in entries:
        eid = e.get("id", "?")
        e.setdefault("spans", {})  # a correct reply may leave them out (style_blind2)
        missing = [f for f in FIELDS if f not in e]
        if missing:
            problems.append(f"{eid}: missing fields {missing}")
            continue
        if eid in seen:
            problems.append(f"{eid}: duplicate id")
        seen.add(eid)
        prefix = {"ja": f"{id_prefix}-JA-", "en": f"{id_prefix}-EN-"}.get(e["language"])
        if not prefix or not eid.startswith(prefix):
            problems.append(f"{eid}: id does not match language {e['language']}")
        if e["order"] is not None:
            record = orders.get(e["order"])
            if record is None:
                problems.append(f"{eid}: unknown order {e['order']}")
            elif record["customer"]["name"] != e["customer_name"]:
                problems.append(f"{eid}: customer_name differs from the record")
        if sorted(e["labels"]) != sorted(ERROR_RULES):
            problems.append(f"{eid}: labels must list exactly the error-level rules")
        true_rules = {r for r, v in e["labels"].items() if v is True}
        if true_rules != set(e["spans"]):
            problems.append(f"{eid}: true labels {sorted(true_rules)} != span keys {sorted(e['spans'])}")
        # A writer breaks at most two rules a reply; adjudicating a second annotator's label may add a third.
        adjudicated = "adjudicated" in str(e.get("note", ""))
        if len(true_rules) > (3 if adjudicated else 2):
            problems.append(f"{eid}: more than two violated rules")
        for rule, spans in e["spans"].items():
            for span in spans:
                if span not in e["body"]:
                    problems.append(f"{eid}: {rule} span not in body: {span!r}")
        for cited in e["cited_policies"]:
            doc, _, anchor = cited.partition("#")
            if doc not in anchors or (anchor and anchor not in anchors[doc]):
                problems.append(f"{eid}: unknown policy {cited}")
            elif not doc.endswith("-" + e["language"]):
                problems.append(f"{eid}: policy {cited} is not in the ticket's language")
    return problems


def read_and_check(replies, id_prefix):
    """The file's entries, and what is wrong with them."""
    entries = yaml.safe_load(replies.read_text(encoding="utf-8"))
    orders = {o["number"]: o for o in json.loads(
        (ROOT / "knowledge" / "demo" / "orders.json").read_text(encoding="utf-8"))}
    return entries, check(entries, orders, policy_anchors(), id_prefix)


def main(argv):
    replies, id_prefix = (Path(argv[0]), argv[1]) if argv else (THIRD_SET, "B3")
    entries, problems = read_and_check(replies, id_prefix)

    per_rule = collections.Counter()
    per_rule_lang = collections.Counter()
    per_lang = collections.Counter()
    correct = collections.Counter()
    for e in entries:
        per_lang[e["language"]] += 1
        if not e["spans"]:
            correct[e["language"]] += 1
        for rule in e["spans"]:
            per_rule[rule] += 1
            per_rule_lang[rule, e["language"]] += 1
    print(f"replies: {len(entries)}  ja: {per_lang['ja']}  en: {per_lang['en']}")
    print(f"correct (all labels false): {sum(correct.values())}  ja: {correct['ja']}  en: {correct['en']}")
    for rule in ERROR_RULES:
        print(f"{rule}: {per_rule[rule]:3d} violations  (ja {per_rule_lang[rule, 'ja']}, en {per_rule_lang[rule, 'en']})")
        if per_rule[rule] < MIN_VIOLATIONS_PER_RULE:
            problems.append(f"{rule}: only {per_rule[rule]} violations")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
