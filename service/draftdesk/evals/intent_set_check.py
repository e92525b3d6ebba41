"""Checks a blind intent set (`evals/intent_fresh/` unless a tickets file is named) for shape
and consistency with the demo orders, and prints counts.

    python -m draftdesk.evals.intent_set_check [TICKETS_JSONL]

Written by the set's writer beside the set. It never looks at what Draftdesk predicts;
it only checks that the labelled data is well formed.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from draftdesk.config import PROJECT_ROOT

HERE = PROJECT_ROOT / "evals" / "intent_fresh"
ORDERS_PATH = PROJECT_ROOT / "knowledge" / "demo" / "orders.json"
INTENTS = ("where_is_my_order", "delay", "wrong_item", "damaged", "return", "refund", "cancel",
           "subscription_change", "address_change", "restock", "payment", "other")
WINDOW = (datetime.fromisoformat("2026-11-19T00:00:00+09:00"),
          datetime.fromisoformat("2026-11-21T00:00:00+09:00"))
KANA = re.compile(r"[\u3040-\u30ff]")


def problems_in(line: str, orders: dict, customer_emails: set) -> tuple[dict | None, list[str]]:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as error:
        return None, [f"not JSON: {error}"]
    ticket, found = case["ticket"], []
    if case["intent"] not in INTENTS:
        found.append(f"unknown intent {case['intent']!r}")
    received = datetime.fromisoformat(ticket["received_at"])
    if not WINDOW[0] <= received < WINDOW[1]:
        found.append("received_at outside 2026-11-19..20")
    language = ticket["id"].split("-")[1]
    # A Japanese ticket must contain kana; an English one must not (the language is labelled by the id).
    if (language == "JA") != bool(KANA.search(ticket["subject"] + ticket["body"])):
        found.append("text language does not match the id")
    number = case["order"]
    if number is None:
        if case["order_status"] is not None:
            found.append("order_status without an order")
        if ticket["from"]["email"] in customer_emails:
            found.append("no order, but the sender is a demo customer")
        return case, found
    order = orders.get(number)
    if order is None:
        return case, found + [f"order {number} not in orders.json"]
    if ticket["from"]["email"] != order["customer"]["email"]:
        found.append("sender e-mail differs from the order's customer")
    if case["order_status"] != order["status"]:
        found.append("order_status differs from the order")
    if received <= datetime.fromisoformat(order["placed_at"]):
        found.append("received before the order was placed")
    return case, found


def main(argv: list[str]) -> int:
    orders = {order["number"]: order for order in json.loads(ORDERS_PATH.read_text(encoding="utf-8"))}
    customer_emails = {order["customer"]["email"] for order in orders.values()}
    ids, counts, failures = Counter(), Counter(), 0
    tickets = Path(argv[0]) if argv else HERE / "tickets.jsonl"
    if not tickets.is_file():
        print(f"no tickets file at {tickets}", file=sys.stderr)
        return 2
    lines = tickets.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        case, found = problems_in(line, orders, customer_emails)
        if case is not None:
            ids[case["ticket"]["id"]] += 1
            counts[(case["intent"], case["ticket"]["id"].split("-")[1])] += 1
        for problem in found:
            failures += 1
            print(f"line {number}: {problem}")
    for duplicate in (ticket_id for ticket_id, seen in ids.items() if seen > 1):
        failures += 1
        print(f"duplicate id {duplicate}")
    print(f"{'intent':<22}{'ja':>4}{'en':>4}{'all':>5}")
    for intent in INTENTS:
        ja, en = counts[(intent, "JA")], counts[(intent, "EN")]
        print(f"{intent:<22}{ja:>4}{en:>4}{ja + en:>5}")
    total_ja = sum(n for (_, language), n in counts.items() if language == "JA")
    total_en = sum(n for (_, language), n in counts.items() if language == "EN")
    print(f"{'total':<22}{total_ja:>4}{total_en:>4}{total_ja + total_en:>5}")
    print("ok" if failures == 0 else f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
