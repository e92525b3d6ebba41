"""The shop's order-number format: the common shapes, a shop's own pattern, how
customers write numbers (full width, #, spaces, no hyphens, without the prefix)."""

from __future__ import annotations

import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import OrderNumberSpec, ShopProfile
from draftdesk.errors import ConfigurationError
from draftdesk.files import load_yaml_model
from draftdesk.text.keys import number_key
from draftdesk.text.order_numbers import OrderNumberFormat, order_number_format

KUMO_SHOP = load_yaml_model(PROJECT_ROOT / "evals" / "shops" / "kumo" / "shop.yaml", ShopProfile)
KUMO = order_number_format(KUMO_SHOP)
COMMON = order_number_format()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("ご注文番号 AB-24-00123 の件", ("AB-24-00123",)),
        ("Order #1001 has not arrived", ("1001",)),
        ("order 250-1234567-1234567 please", ("250-1234567-1234567",)),
        ("注文番号：123456-20261122-0000012345", ("123456-20261122-0000012345",)),
        ("楽天の 123456-20261122-0000012345 です", ("123456-20261122-0000012345",)),
        ("Order number: 1234567", ("1234567",)),
        ("注文番号は１２３４５６です", ("123456",)),
        ("KZ-7710-0074 also has the common shape", ("KZ-7710-0074",)),
        # not order numbers: a bare number, a short #, phones, postal codes, dates, tracking
        ("I paid 1234567 yen", ()),
        ("see item #12", ()),
        ("注文番号 090-1234-5678", ()),
        ("注文番号 150-0001", ()),
        ("Order 2026-11-18 placed", ()),
        ("order: 4512-3456-7890", ()),
        ("TEL 0120-000-123", ()),
    ],
)
def test_the_common_shapes_without_a_shop_pattern(text, numbers):
    assert COMMON.numbers(text) == numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("注文番号 KZ-7710-0074 です", "KZ-7710-0074"),
        ("注文番号はKZ77100090です", "KZ77100090"),
        ("Order #KZ-7710-0095 - any news?", "KZ-7710-0095"),
        ("I placed order KZ 7711 0062 last week", "KZ 7711 0062"),
        ("注文番号ＫＺ－７７１１－０００３の件です", "KZ-7711-0003"),
        ("kz-7711-0003 in lower case", "KZ-7711-0003"),
        ("注文番号 7711-0012 の件です", "KZ-7711-0012"),
        ("order no. 77110012", "KZ77110012"),
    ],
)
def test_the_kumo_pattern_and_how_customers_write_it(text, number):
    [match] = KUMO.find(text)
    assert match.number == number
    assert match.key == number_key(number) and match.key.startswith("KZ")
    assert text[match.start : match.end] == match.text  # the span is the text as written


def test_spans_of_full_width_numbers_are_those_of_the_text_as_written():
    text = "件名：ＫＺ－７７１１－０００３について"
    [match] = KUMO.find(text)
    assert match.text == "ＫＺ－７７１１－０００３" and match.key == "KZ77110003"


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        # digits alone, without an order label, could be anything
        (KUMO_SHOP.order_number, "7711-0012 の件です"),
        # the examples do not agree on a prefix: which one would it be?
        (OrderNumberSpec(pattern="(?:KZ|KY)-[0-9]{4}-[0-9]{4}", examples=("KZ-7710-0074", "KY-7710-0074")), "注文番号 7711-0012"),
        # the digits do not fit the pattern even with the prefix
        (KUMO_SHOP.order_number, "注文番号 771-10012"),
    ],
)
def test_a_number_without_its_prefix_is_completed_only_when_unambiguous(spec, text):
    assert not any(number.startswith("KZ") or number.startswith("KY") for number in OrderNumberFormat(spec).numbers(text))


def test_each_number_once_in_order_of_appearance():
    text = "Re: KZ-7711-0060\n> 以前の KZ77110060 と KZ-7710-0074 について"
    assert KUMO.numbers(text) == ("KZ-7711-0060", "KZ-7710-0074")


def test_a_shopify_number_and_its_key_compare_without_the_hash():
    assert number_key("#1001") == number_key("1001") == "1001"
    assert COMMON.find("order #1001")[0].key == "1001"


@pytest.mark.parametrize(
    ("order_number", "message"),
    [
        ({"pattern": "KZ-[0-9{4}"}, "is not a regular expression"),
        ({"pattern": "KZ-[0-9]{4}", "examples": ["KZ-771"]}, "does not match the examples KZ-771"),
        ({"pattern": "[0-9]*"}, "matches an empty string"),
        ({"examples": ["KZ-7710-0074"]}, "examples need a pattern"),
    ],
)
def test_a_bad_order_number_format_in_shop_yaml_is_refused_with_its_reason(tmp_path, order_number, message):
    import yaml

    raw = yaml.safe_load((PROJECT_ROOT / "knowledge" / "shop.yaml").read_text("utf-8"))
    path = tmp_path / "shop.yaml"
    path.write_text(yaml.safe_dump({**raw, "order_number": order_number}, allow_unicode=True), "utf-8")
    with pytest.raises(ConfigurationError, match="order_number") as error:
        load_yaml_model(path, ShopProfile)
    assert message in str(error.value)


def test_the_demo_shop_file_without_a_format_gets_the_common_shapes():
    demo = load_yaml_model(PROJECT_ROOT / "knowledge" / "shop.yaml", ShopProfile)
    assert order_number_format(demo) is COMMON
