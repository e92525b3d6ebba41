from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text

from draftdesk.adapters.database import Database, create_database
from draftdesk.adapters.order_files import load_orders_file
from draftdesk.adapters.sql_orders import OrderRow, SqlOrderStore
from draftdesk.domain import Order, OrderStatus
from draftdesk.errors import ConfigurationError, InvalidInput, StoreUnavailable
from tests.adapters.conftest import sqlite_database
from tests.support.orders import JST, make_order

FIXTURE_ORDERS = Path(__file__).resolve().parent.parent / "fixtures" / "orders" / "orders.json"
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"


@pytest.fixture()
def store(database: Database) -> SqlOrderStore:
    orders = SqlOrderStore(database)
    orders.upsert(load_orders_file(FIXTURE_ORDERS))
    return orders


def test_upsert_counts_inserts_and_updates(database: Database) -> None:
    orders = SqlOrderStore(database)
    assert orders.upsert([make_order("HM-24-00001"), make_order("HM-24-00002")]) == (2, 0)
    changed = make_order("HM-24-00002", status=OrderStatus.DELIVERED)
    assert orders.upsert([changed, make_order("HM-24-00003")]) == (1, 1)
    assert orders.count() == 3
    assert orders.by_number("HM-24-00002") == changed


def test_a_large_import_counts_updates_across_lookup_batches(database: Database) -> None:
    orders = SqlOrderStore(database)
    batch = [make_order(f"HM-24-{i:05d}") for i in range(2100)]
    assert orders.upsert(batch[::2]) == (1050, 0)
    assert orders.upsert(batch) == (1050, 1050)
    assert orders.count() == 2100


def test_numbers_that_normalise_alike_are_one_order_and_the_last_wins(database: Database) -> None:
    orders = SqlOrderStore(database)
    last = make_order("hm2400001", status=OrderStatus.CANCELLED)
    assert orders.upsert([make_order("HM-24-00001"), last]) == (1, 0)
    assert orders.by_number("HM-24-00001") == last


def test_a_stored_order_comes_back_whole(store: SqlOrderStore) -> None:
    for order in load_orders_file(FIXTURE_ORDERS):
        assert store.by_number(order.number) == order


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("HM-24-00123", "HM-24-00123"),
        ("HM2400123", "HM-24-00123"),
        ("hm-24-00123", "HM-24-00123"),
        ("ＨＭ－２４－００１２３", "HM-24-00123"),
        ("HM 24 00123", "HM-24-00123"),
        ("HMー24ー00123", "HM-24-00123"),
        (" HM-24-00124\u3000", "HM-24-00124"),
        ("HM-24-00999", None),
        ("---", None),
        ("", None),
    ],
)
def test_by_number(store: SqlOrderStore, typed: str, found: str | None) -> None:
    order = store.by_number(typed)
    assert (order.number if order else None) == found


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("taro@example.jp", ["HM-24-00123"]),
        ("TARO@Example.JP", ["HM-24-00123"]),
        (" taro@example.jp ", ["HM-24-00123"]),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", ["HM-24-00123"]),
        ("emily.carter@example.com", ["HM-24-00124"]),
        ("jiro@example.jp", []),
        ("", []),
    ],
)
def test_by_email(store: SqlOrderStore, typed: str, found: list[str]) -> None:
    assert [o.number for o in store.by_email(typed)] == found


@pytest.mark.parametrize(
    ("name", "phone", "found"),
    [
        ("山田 太郎", "090-1234-5678", ["HM-24-00123"]),
        ("山田太郎", "09012345678", ["HM-24-00123"]),
        ("山田\u3000太郎", "０９０－１２３４－５６７８", ["HM-24-00123"]),
        ("山田 太郎", "+81 90-1234-5678", ["HM-24-00123"]),
        ("山田 太郎", "+81 (0)90 1234 5678", ["HM-24-00123"]),
        ("emily carter", "080-9876-5432", ["HM-24-00124"]),
        ("Emily  Carter", "+818098765432", ["HM-24-00124"]),
        ("山田 太郎", "090-1234-0000", []),
        ("山田 次郎", "090-1234-5678", []),
        ("佐藤 花子", "", []),  # no phone on record: a name alone finds nothing
        ("", "090-1234-5678", []),
    ],
)
def test_by_name_and_phone(store: SqlOrderStore, name: str, phone: str, found: list[str]) -> None:
    assert [o.number for o in store.by_name_and_phone(name, phone)] == found


def test_a_customers_orders_come_most_recent_first(database: Database) -> None:
    orders = SqlOrderStore(database)
    placed = datetime(2026, 11, 10, 9, 0, tzinfo=JST)
    orders.upsert(
        [
            make_order("HM-24-00001", placed=placed),
            # 01:00 UTC on the 10th is 10:00 in Tokyo: an hour after HM-24-00001.
            make_order("HM-24-00002", placed=datetime(2026, 11, 10, 1, 0, tzinfo=timezone.utc)),
            make_order("HM-24-00003", placed=placed - timedelta(days=30)),
            make_order("HM-24-00004", placed=placed + timedelta(days=5)),
        ]
    )
    newest_first = ["HM-24-00004", "HM-24-00002", "HM-24-00001", "HM-24-00003"]
    assert [o.number for o in orders.by_email("taro@example.jp")] == newest_first
    assert [o.number for o in orders.by_name_and_phone("山田太郎", "09012345678")] == newest_first
    assert orders.by_email("taro@example.jp")[1].placed_at == datetime(2026, 11, 10, 1, 0, tzinfo=timezone.utc)


def test_a_bad_order_leaves_the_store_unchanged(store: SqlOrderStore) -> None:
    before = store.by_number("HM-24-00123")
    batch = [
        make_order("HM-24-00123", status=OrderStatus.REFUNDED),
        make_order("HM-24-00900"),
        make_order("HM-24-00901", placed=datetime(2026, 11, 15, 10, 2)),  # no UTC offset
    ]
    with pytest.raises(InvalidInput, match=r"order HM-24-00901: placed_at: needs a UTC offset"):
        store.upsert(batch)
    assert store.count() == 3
    assert store.by_number("HM-24-00123") == before
    assert store.by_number("HM-24-00900") is None


def test_long_values_are_stored_whole(database: Database) -> None:
    orders = SqlOrderStore(database)
    long_email = "a" * 300 + "@" + "b" * 300 + ".example.jp"
    orders.upsert([make_order("X" * 64, email=long_email, name="山田" * 200, phone="0" * 40)])
    assert [o.number for o in orders.by_email(long_email.upper())] == ["X" * 64]
    assert [o.number for o in orders.by_name_and_phone("山田" * 200, "0" * 40)] == ["X" * 64]


def test_count_of_an_empty_store(database: Database) -> None:
    assert SqlOrderStore(database).count() == 0
    assert SqlOrderStore(database).upsert([]) == (0, 0)


def test_database_errors_name_no_personal_value(store: SqlOrderStore, database: Database) -> None:
    order = store.by_number("HM-24-00123")
    assert isinstance(order, Order)
    duplicate = OrderRow(
        number="HM-24-00123", number_key="HM2400123", email_key="taro@example.jp", name_key="山田太郎",
        phone_key="09012345678", placed_at=order.placed_at, status="shipped", data={}, updated_at=order.placed_at,
    )
    with pytest.raises(StoreUnavailable) as raised:
        with database.session(writes=True) as session:
            session.add(duplicate)
    message = raised.value.detail
    assert "IntegrityError" in message
    assert not any(value in message for value in ("taro", "山田", "0901234", "HM2400123"))
    assert store.count() == 3


def test_workers_starting_together_create_the_schema_once(empty_database_url: str) -> None:
    workers = [create_database(empty_database_url) for _ in range(4)]
    failures: list[Exception] = []

    def start(database: Database) -> None:
        try:
            database.create_schema()
        except Exception as exc:  # collected: an exception in a thread would otherwise vanish
            failures.append(exc)

    threads = [threading.Thread(target=start, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert SqlOrderStore(workers[0]).upsert([make_order()]) == (1, 0)
    assert SqlOrderStore(workers[3]).count() == 1
    for worker in workers:
        worker.dispose()


def test_a_row_an_older_model_wrote_fails_naming_fields_not_values(store: SqlOrderStore, database: Database) -> None:
    with database.session(writes=True) as session:
        row = session.scalars(select(OrderRow).where(OrderRow.number_key == "HM2400123")).one()
        row.data = {**row.data, "customer": {"fullname": "山田 太郎"}}
    with pytest.raises(StoreUnavailable) as raised:
        store.by_email("taro@example.jp")
    assert raised.value.detail == "stored order no longer matches the model (customer.fullname, customer.name)"


def test_ping(database: Database) -> None:
    assert database.ping() is True


def test_an_unreachable_database_is_not_ready_and_fails_as_store_unavailable() -> None:
    unreachable = create_database(UNREACHABLE)
    assert unreachable.ping() is False
    with pytest.raises(StoreUnavailable, match=r"^the database failed while reading: OperationalError"):
        SqlOrderStore(unreachable).count()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", r"DRAFTDESK_DATABASE_URL: not a database URL"),
        ("mysql+nodriver://u:secret@h/db", r"cannot use the 'mysql\+nodriver' driver"),
    ],
)
def test_a_wrong_database_url_is_a_configuration_error(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as raised:
        create_database(url)
    assert "secret" not in raised.value.detail


def test_sqlite_creates_its_folder_and_shares_the_file_in_wal_mode(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path / "new" / "folder")
    assert (tmp_path / "new" / "folder" / "var" / "draftdesk.sqlite3").is_file()
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    database.create_schema()  # idempotent
    second_worker = create_database(str(database.engine.url))
    SqlOrderStore(database).upsert([make_order()])
    assert SqlOrderStore(second_worker).count() == 1


def test_a_look_up_inside_a_transaction_reads_what_it_wrote(database: Database) -> None:
    """Look-ups read on a plain connection, and inside `transaction()` in it, as before."""
    orders = SqlOrderStore(database)
    with database.transaction():
        orders.upsert([make_order("HM-24-00007")])
        assert orders.by_number("HM-24-00007") == make_order("HM-24-00007")
        assert [order.number for order in orders.by_email(make_order("HM-24-00007").customer.email or "")] == ["HM-24-00007"]
    assert orders.by_number("HM-24-00007") == make_order("HM-24-00007")
    assert orders.by_number("HM-24-99999") is None
