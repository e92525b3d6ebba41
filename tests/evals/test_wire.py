"""The wire check: personal values, normalised matching, and the recording proxy."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
import pytest

from draftdesk.domain import Customer, Item, Order, OrderStatus, Ticket
from draftdesk.testing.model_stub import ModelStub
from draftdesk.evals.wire import RecordingProxy, address_parts, body_text, count_leaks, normalise, personal_values

ORDER = Order(
    number="HM-24-00123",
    placed_at=datetime(2026, 11, 15, tzinfo=timezone.utc),
    status=OrderStatus.SHIPPED,
    customer=Customer(
        name="山田 太郎", email="taro@example.jp", phone="090-1234-5678",
        address="〒150-0001 東京都渋谷区神宮前1-2-3 メゾン神宮前201", name_kana="ヤマダ タロウ",
    ),
    items=[Item(sku="TEA-01", name="煎茶 100g", quantity=1, unit_price=1200)],
    total=1200,
)  # fmt: skip
TICKET = Ticket.model_validate(
    {
        "id": "T-1",
        "subject": "まだ届きません",
        "body": "カード 4111 1111 1111 1111 で払いました。携帯は０８０−９８７６−５４３２、別アドレス yamada.t@example.com です。",
        "from": {"email": "taro@example.jp", "name": "山田 太郎"},
    }
)
VALUES = personal_values("T-1", TICKET, ORDER)


def kinds_of(text: str) -> set[str]:
    return {leak.kind for leak in count_leaks(VALUES, [text])}


@pytest.mark.parametrize(
    ("body", "kinds"),
    [
        ('{"content": "<PERSON_1>様 ご注文 HM-24-00123 は発送済みです"}', set()),
        ('{"content": "山田 太郎様"}', {"PERSON"}),
        ('{"content": "山田太郎様"}', {"PERSON"}),
        ('{"content": "山田様"}', {"PERSON"}),
        ('{"content": "ﾔﾏﾀﾞ ﾀﾛｳ"}', {"PERSON"}),  # half-width kana: NFKC
        ('{"content": "\\u5c71\\u7530\\u592a\\u90ce"}', {"PERSON"}),  # JSON escapes
        ('{"content": "TARO@EXAMPLE.JP"}', {"EMAIL_ADDRESS"}),
        ('{"content": "０９０-１２３４-５６７８"}', {"PHONE_NUMBER"}),
        ('{"content": "080-9876-5432"}', {"PHONE_NUMBER"}),
        ('{"content": "4111111111111111"}', {"CREDIT_CARD"}),
        ('{"content": "渋谷区神宮前1-2-3"}', {"ADDRESS"}),
        ('{"content": "メゾン神宮前 201"}', {"ADDRESS"}),
        ('{"content": "150-0001"}', {"ADDRESS"}),
        ('{"content": "yamada.t@example.com"}', {"EMAIL_ADDRESS"}),
        ('{"content": "お電話 (090) 1234.5678"}', {"PHONE_NUMBER"}),
        ('{"content": "追跡番号 40901234567812"}', set()),  # digits inside a longer number
    ],
)
def test_every_spelling_of_a_personal_value_counts_as_a_leak(body, kinds):
    assert kinds_of(body_text(body.encode())) == kinds


def test_a_leak_names_case_type_and_hash_never_the_value():
    [leak] = count_leaks([v for v in VALUES if v.kind == "EMAIL_ADDRESS" and "taro" in v.value], ["taro@example.jp", "x"])
    dumped = leak.model_dump_json()
    assert leak.case_id == "T-1" and leak.requests == 1 and len(leak.digest) == 12
    assert "taro" not in dumped


def test_normalise_folds_width_dashes_and_spaces():
    assert normalise("Ｔａｒｏ　Yamada\n０９０－１２３４") == "TaroYamada090-1234"


@pytest.mark.parametrize(
    ("name", "body", "leaked"),
    [
        ("Tom Baker", "Dear <PERSON_1>, thank you, valued customer", False),
        ("Tom Baker", "Dear Tom, thank you", True),
        ("Tom Baker", "Dear T o m B a k e r", True),
        ("Rose Miller", "Our rose hip tea is back", False),
        ("Rose Miller", "Hello Rose", True),
    ],
)
def test_latin_names_are_whole_words_and_case_counts(name, body, leaked):
    ticket = Ticket.model_validate({"id": "T-2", "body": "hi", "from": {"name": name}})
    assert bool(count_leaks(personal_values("T-2", ticket, None), [body])) is leaked


def test_address_parts_include_the_pieces_a_customer_writes_alone():
    parts = {normalise(part) for part in address_parts("〒150-0001 東京都渋谷区神宮前1-2-3 メゾン201")}
    assert {"150-0001", "東京都渋谷区神宮前1-2-3", "渋谷区神宮前1-2-3", "神宮前1-2-3", "メゾン201"} <= parts
    assert "東京都" not in parts


def test_a_short_house_number_alone_is_not_a_leak():
    parts = {normalise(part) for part in address_parts("〒231-0023 神奈川県横浜市中区山下町10")}
    assert {"山下町10", "中区山下町10", "231-0023"} <= parts
    assert "10" not in parts and "神奈川県横浜市" not in parts


def test_latin_addresses_are_cut_at_commas_and_need_a_number():
    parts = {normalise(part) for part in address_parts("12 Baker Street, Flat 4, London NW1 6XE")}
    assert {"12BakerStreet", "Flat4", "LondonNW16XE"} <= parts
    assert "London" not in parts and "BakerStreet" not in parts


def test_the_proxy_records_each_body_and_forwards_it_unchanged():
    with ModelStub() as stub, RecordingProxy(stub.base_url) as proxy:
        payload = {"model": "stub-model", "messages": [{"role": "user", "content": "<PERSON_1>様 山田"}]}
        response = httpx.post(f"{proxy.base_url}/chat/completions", json=payload, timeout=10)
        assert response.status_code == 200
        assert json.loads(response.json()["choices"][0]["message"]["content"])  # the stub's answer, passed back
        assert stub.chat_requests()[0].body == payload
        assert proxy.bodies == [json.dumps(payload, ensure_ascii=False)]
        assert kinds_of(proxy.bodies[0]) == {"PERSON"}
