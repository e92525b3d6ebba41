from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from draftdesk.adapters.order_files import load_orders_file
from draftdesk.domain import Order, OrderStatus
from draftdesk.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "orders"
PERSONAL_VALUES = ("taro@example.jp", "jiro@example.jp", "山田", "090-1234-5678", "東京都", "4242424242424242")

ITEM = {"sku": "TEA-01", "name": "煎茶 100g", "quantity": 2, "unit_price": 1200}
ORDER = {
    "number": "HM-24-00001",
    "placed_at": "2026-11-15T10:02:00+09:00",
    "status": "shipped",
    "customer": {"name": "山田 太郎", "email": "taro@example.jp", "phone": "090-1234-5678"},
    "items": [ITEM],
    "total": 2400,
}
HEADER = (
    "number,placed_at,status,total,customer.name,customer.email,customer.phone,"
    "items.sku,items.name,items.quantity,items.unit_price"
)
ROW = "HM-24-00001,2026-11-15T10:02:00+09:00,shipped,2400,山田 太郎,taro@example.jp,090-1234-5678,TEA-01,煎茶 100g"


def order(**changes: object) -> dict:
    return {**ORDER, **changes}


def orders_json(*orders: dict) -> str:
    return json.dumps(list(orders), ensure_ascii=False)


def orders_csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def test_json_and_csv_hold_the_same_orders() -> None:
    from_json = load_orders_file(FIXTURES / "orders.json")
    assert [o.number for o in from_json] == ["HM-24-00123", "HM-24-00124", "HM-24-00125"]
    assert load_orders_file(FIXTURES / "orders.csv") == from_json
    first = from_json[0]
    assert [i.sku for i in first.items] == ["TEA-01", "CUP-02"]
    assert first.notes == ["gift wrapping", "leave at the door"]
    assert first.shipment is not None and first.shipment.delivered_at is None
    assert from_json[2].subscription is not None and from_json[2].subscription.interval_days == 30
    assert from_json[1].shipment is None and from_json[1].status == OrderStatus.BACKORDERED


def test_csv_with_bom_crlf_and_order_fields_repeated_on_every_row(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO((FIXTURES / "orders.csv").read_text(encoding="utf-8"), newline="")))
    header, first, second = rows[0], rows[1], rows[2]
    item_columns = {i for i, name in enumerate(header) if name.startswith("items.")}
    rows[2] = [cell if i in item_columns else first[i] for i, cell in enumerate(second)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "export.CSV"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
    assert load_orders_file(path) == load_orders_file(FIXTURES / "orders.json")


def test_csv_rows_may_end_in_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(ROW + ",2,1200,,,"), encoding="utf-8")
    assert load_orders_file(path) == [Order.model_validate(ORDER)]


def test_empty_lists(tmp_path: Path) -> None:
    (tmp_path / "none.json").write_text("[]", encoding="utf-8")
    (tmp_path / "none.csv").write_text(HEADER + "\n\n", encoding="utf-8")
    assert load_orders_file(tmp_path / "none.json") == []
    assert load_orders_file(tmp_path / "none.csv") == []


CASES = [
    ("orders.xlsx", "", r"orders\.xlsx: unknown file type '\.xlsx'; orders are read from \.json or \.csv$"),
    ("orders.json", None, r"orders\.json: no such file$"),
    ("orders.json", '[{"number": "HM-24-00001",}]', r"orders\.json: invalid JSON at line 1, column 27: Expecting"),
    ("orders.json", "", r"orders\.json: invalid JSON at line 1, column 1: Expecting value$"),
    ("orders.json", "山田 太郎".encode("cp932"), r"orders\.json: not valid UTF-8 \(byte 0\); save the file as UTF-8$"),
    ("orders.json", json.dumps(ORDER), r"orders\.json: expected a JSON list of orders, found an object$"),
    ("orders.json", f'[{json.dumps(ORDER)}, "taro@example.jp"]', r"orders\.json: order 2: expected an object"),
    (
        "orders.json",
        orders_json(order(), order(number="HM-24-00002"), order(number="HM-24-00003", items=[{**ITEM, "quantity": 0}])),
        r"orders\.json: order 3 \(HM-24-00003\): items\.0\.quantity: Input should be greater than or equal to 1$",
    ),
    (
        "orders.json",
        orders_json(order(status="lost", customer={"email": "taro@example.jp"})),
        r"orders\.json: order 1 \(HM-24-00001\): status: Input should be 'pending_payment', .*; "
        r"customer\.name: Field required$",
    ),
    (
        "orders.json",
        orders_json(order(payment={"method": "card", "card_last4": "4242424242424242"})),
        r"orders\.json: order 1 \(HM-24-00001\): payment\.card_last4: String should match pattern '\^\\d\{4\}\$'$",
    ),
    (
        "orders.json",
        orders_json(order(placed_at="2026-11-15T10:02:00")),
        r"orders\.json: order 1 \(HM-24-00001\): placed_at: needs a UTC offset",
    ),
    (
        "orders.json",
        orders_json(order(), order(number="hm 24 00001")),
        r"orders\.json: order 2 \(hm 24 00001\): the same order number as order 1 \(HM-24-00001\)$",
    ),
    ("orders.csv", "", r"orders\.csv: no header row"),
    ("orders.csv", "山田 太郎".encode("cp932"), r"orders\.csv: not valid UTF-8 \(byte 0\)"),
    (
        "orders.csv",
        orders_csv(ROW + ",1,1200", header=HEADER.replace("status", "colour")),
        r"orders\.csv: unknown columns 'colour'; the columns are number, placed_at, .*payment\.{method,card_last4}$",
    ),
    ("orders.csv", orders_csv(header="placed_at,total"), r"orders\.csv: no 'number' column"),
    ("orders.csv", orders_csv(header=HEADER + ",total"), r"orders\.csv: columns named twice: total$"),
    ("orders.csv", orders_csv(ROW + ",1,1200,taro@example.jp"), r"orders\.csv: row 2: 12 cells but 11 columns$"),
    ("orders.csv", orders_csv(ROW + ",1,1200", ",,,,,,,CUP-02,湯呑み,1,800"), r"orders\.csv: row 3: number: missing"),
    (
        "orders.csv",
        orders_csv(ROW + ",1,1200", "HM-24-00001,,,,,,,CUP-02,湯呑み,0,800"),
        r"orders\.csv: row 3 \(HM-24-00001\): items\.quantity: Input should be greater than or equal to 1$",
    ),
    (
        "orders.csv",
        orders_csv(ROW + ",1,1200", "HM-24-00001,,,,,jiro@example.jp,,CUP-02,湯呑み,1,800"),
        r"orders\.csv: row 3 \(HM-24-00001\): customer\.email: differs from row 2 of the same order",
    ),
    (
        "orders.csv",
        orders_csv(ROW + ",1,1200", "HM-24-00002,2026-11-16T10:00:00+09:00,shipped,100,,,,CUP-02,湯呑み,1,100"),
        r"orders\.csv: row 3 \(HM-24-00002\): customer: Field required$",
    ),
    (
        "orders.csv",
        orders_csv(ROW.replace("+09:00", "") + ",1,1200"),
        r"orders\.csv: row 2 \(HM-24-00001\): placed_at: needs a UTC offset",
    ),
    (
        "orders.csv",
        orders_csv(ROW + ",1,1200", header=HEADER + ",subscription.plan,subscription.interval_days").replace(
            ",1200\n", ",1200,季節のお茶,monthly\n"
        ),
        r"orders\.csv: row 2 \(HM-24-00001\): subscription\.interval_days: Input should be a valid integer",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES)
def test_bad_files_name_the_file_the_order_and_the_field(
    tmp_path: Path, name: str, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_orders_file(path)
    detail = raised.value.detail
    assert detail.startswith(f"{path}: ")
    assert re.search(message, detail), detail
    assert not [value for value in PERSONAL_VALUES if value in detail]
