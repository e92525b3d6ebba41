"""Reading a shop's order export for `draftdesk import-orders`: `.json` or `.csv`.

JSON is a list of orders in the format of DESIGN.md ("Orders").

CSV (UTF-8, comma-separated, a header row) has **one row per item**; the order's
own fields are repeated on each of its rows or left empty after its first row, the
way shop systems export line items. Columns are the JSON field paths with dots:

- order: `number` (required; rows with the same number are one order), `placed_at`,
  `status`, `currency`, `total`, `refund_amount`, `notes` (one note per line of the cell);
- `customer.name`, `customer.email`, `customer.phone`, `customer.address`, `customer.name_kana`;
- the row's item: `items.sku`, `items.name`, `items.quantity`, `items.unit_price`;
- optional parts, any of their fields: `shipment.*`, `backorder.*`, `subscription.*`,
  `payment.*` (a part whose cells are all empty is absent).

An empty cell is an absent value. Row numbers in messages count the header as row 1,
as a spreadsheet shows them. Messages name the file, the order and the field, and
never quote a cell: the cells hold customers' personal data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pydantic import BaseModel, ValidationError

from draftdesk.text.keys import number_key
from draftdesk.domain import Backorder, Customer, Item, Order, Payment, Shipment, Subscription
from draftdesk.errors import InvalidInput, describe_validation_error

# The nested parts of an order, by the column prefix that fills them.
_PARTS: dict[str, type[BaseModel]] = {
    "customer": Customer,
    "items": Item,
    "shipment": Shipment,
    "backorder": Backorder,
    "subscription": Subscription,
    "payment": Payment,
}
_ORDER_COLUMNS = tuple(name for name in Order.model_fields if name not in _PARTS)
_PART_COLUMNS = tuple(f"{part}.{name}" for part, model in _PARTS.items() for name in model.model_fields)
KNOWN_COLUMNS = frozenset(_ORDER_COLUMNS + _PART_COLUMNS)
_ITEM_COLUMNS = tuple(c for c in _PART_COLUMNS if c.startswith("items."))
_COLUMN_GUIDE = "; ".join(
    [", ".join(_ORDER_COLUMNS)] + [f"{part}.{{{','.join(model.model_fields)}}}" for part, model in _PARTS.items()]
)


def load_orders_file(path: Path) -> list[Order]:
    """The orders in `path` (.json or .csv), or InvalidInput naming what is wrong where."""
    loaders = {".json": _orders_from_json, ".csv": _orders_from_csv}
    loader = loaders.get(path.suffix.lower())
    if loader is None:
        raise InvalidInput(f"{path}: unknown file type '{path.suffix}'; orders are read from .json or .csv")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not valid UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    return loader(text, where=str(path))


# --- JSON ---------------------------------------------------------------------------


def _orders_from_json(text: str, *, where: str) -> list[Order]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(raw, list):
        raise InvalidInput(f"{where}: expected a JSON list of orders, found {_json_kind(raw)}")
    orders: list[Order] = []
    labels: dict[str, str] = {}  # number key → the first order that has it
    for index, entry in enumerate(raw, start=1):
        label = f"order {index}"
        if not isinstance(entry, dict):
            raise InvalidInput(f"{where}: {label}: expected an object, found {_json_kind(entry)}")
        if isinstance(entry.get("number"), str):
            label += f" ({entry['number']})"
        at = f"{where}: {label}"
        order = _validated(entry, where=at, describe=partial(describe_validation_error, where=at))
        first = labels.setdefault(number_key(order.number), label)
        if first != label:
            raise InvalidInput(f"{at}: the same order number as {first}")
        orders.append(order)
    return orders


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), "a number")


# --- CSV ----------------------------------------------------------------------------


@dataclass
class _CsvOrder:
    """The rows of one order: its fields, its first row and each item with its row."""

    number: str
    first_row: int
    fields: dict[str, str] = field(default_factory=dict)
    field_rows: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, str]] = field(default_factory=list)
    item_rows: list[int] = field(default_factory=list)


def _orders_from_csv(text: str, *, where: str) -> list[Order]:
    grouped: dict[str, _CsvOrder] = {}
    for row_number, cells in _csv_rows(text, where=where):
        number = cells.get("number", "")
        if not number:
            raise InvalidInput(f"{where}: row {row_number}: number: missing; every row names its order")
        group = grouped.setdefault(number_key(number), _CsvOrder(number=number, first_row=row_number))
        _add_row(group, row_number, cells, where=where)
    return [_order_from_rows(group, where=where) for group in grouped.values()]


def _csv_rows(text: str, *, where: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        _check_header(header, where=where)
        for row_number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells[len(header) :]):
                raise InvalidInput(f"{where}: row {row_number}: {len(cells)} cells but {len(header)} columns")
            values = {name: value.strip() for name, value in zip(header, cells) if value.strip()}
            if values:
                yield row_number, values
    except csv.Error as exc:
        raise InvalidInput(f"{where}: line {reader.line_num}: unreadable CSV: {exc}") from None


def _check_header(header: list[str], *, where: str) -> None:
    if not any(header):
        raise InvalidInput(f"{where}: no header row; the first row names the columns")
    unknown = sorted(set(header) - KNOWN_COLUMNS)
    if unknown:
        raise InvalidInput(f"{where}: unknown columns {', '.join(map(repr, unknown))}; the columns are {_COLUMN_GUIDE}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidInput(f"{where}: columns named twice: {', '.join(repeated)}")
    if "number" not in header:
        raise InvalidInput(f"{where}: no 'number' column; every row names its order")


def _add_row(group: _CsvOrder, row_number: int, cells: dict[str, str], *, where: str) -> None:
    for column, value in cells.items():
        if column in _ITEM_COLUMNS:
            continue
        if column in group.fields and group.fields[column] != value:
            raise InvalidInput(
                f"{where}: row {row_number} ({group.number}): {column}: differs from row "
                f"{group.field_rows[column]} of the same order; leave it empty or repeat it exactly"
            )
        group.fields.setdefault(column, value)
        group.field_rows.setdefault(column, row_number)
    item = {column.removeprefix("items."): value for column, value in cells.items() if column in _ITEM_COLUMNS}
    if item:
        group.items.append(item)
        group.item_rows.append(row_number)


def _order_from_rows(group: _CsvOrder, *, where: str) -> Order:
    raw: dict[str, object] = {"items": group.items}
    for column, value in group.fields.items():
        part, _, name = column.partition(".")
        if not name:
            raw[column] = _notes(value) if column == "notes" else value
        else:
            raw.setdefault(part, {})[name] = value  # type: ignore[index]
    placed_row = group.field_rows.get("placed_at", group.first_row)
    return _validated(
        raw,
        where=f"{where}: row {placed_row} ({group.number})",
        describe=partial(_describe_csv_errors, group=group, where=where),
    )


def _notes(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _describe_csv_errors(error: ValidationError, group: _CsvOrder, *, where: str) -> str:
    """Each failing field with the row it came from (an item's own row, else the order's)."""
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        location = list(item["loc"])
        row = group.first_row
        if location[:1] == ["items"] and len(location) > 1 and isinstance(location[1], int):
            row = group.item_rows[location[1]] if location[1] < len(group.item_rows) else row
            del location[1]
        column = ".".join(map(str, location))
        row = group.field_rows.get(column, row)
        problems.append(f"row {row} ({group.number}): {column}: {item['msg']}")
    return f"{where}: " + "; ".join(problems)


# --- both ---------------------------------------------------------------------------


def _validated(raw: dict[str, object], *, where: str, describe: Callable[[ValidationError], str]) -> Order:
    """The order, or InvalidInput: `describe` words pydantic's errors, `where` the missing offset."""
    try:
        order = Order.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from None
    if order.placed_at.tzinfo is None:
        raise InvalidInput(f"{where}: placed_at: needs a UTC offset, e.g. 2026-11-15T10:02:00+09:00")
    return order

