"""Card numbers and My Numbers masked at rest, one character for one, the last four kept."""

from __future__ import annotations

import io
import logging

import pytest

from draftdesk.adapters.database import Database
from draftdesk.adapters.masking import (
    PersonalNumberFilter,
    mask_personal_numbers,
    masked_draft,
    mask_personal_numbers_in_logs,
    personal_numbers,
)
from draftdesk.adapters.sql_orders import SqlOrderStore
from draftdesk.domain import Claim, Draft, Finding, Intent, ModelInfo, Severity
from tests.support.orders import make_order


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("カード番号4111 1111 1111 1111で", "カード番号**** **** **** 1111で"),
        ("4111111111111111", "************1111"),
        ("5555-5555-5555-4444", "****-****-****-4444"),
        ("４２４２４２４２４２４２４２４２", "************４２４２"),  # full-width digits
        ("Amex 3782 822463 10005", "Amex **** ****** *0005"),  # 4-6-5
        ("4111 1111 1111 1112", "**** **** **** 1112"),  # fails Luhn: masked all the same
        ("4111 1111 1111 1111 123", "**** **** **** ***1 123"),  # 19 digits
        ("my card 6759 6498 2643", "my card **** **** 2643"),  # 12 digits after a card word
        ("マイナンバー1234 5678 9018です", "マイナンバー**** **** 9018です"),
        ("個人番号：987654321093", "個人番号：********1093"),
        ("My Number 1234-5678-9017", "My Number ****-****-9017"),  # check digit wrong: still theirs
        ("Visa 4111111111111111 and マイナンバー 1234 5678 9018", "Visa ************1111 and マイナンバー **** **** 9018"),
    ],
)
def test_masked(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked
    assert len(mask_personal_numbers(text)) == len(text)
    assert mask_personal_numbers(masked) == masked  # masking again changes nothing


@pytest.mark.parametrize(
    "text",
    [
        "追跡番号4512-3456-7890",  # a Yamato tracking number
        "1234 5678 9018",  # 12 digits nobody called a My Number
        "tracking 123456789012345",  # FedEx, after a tracking word
        "注文番号 HM-24-00123、2026-11-20T09:12:00+09:00、¥12,345,678",
        "お問い合わせ番号 1234567890123",
        "下4桁1111のカード",
        "",
    ],
)
def test_left_alone(text: str) -> None:
    assert mask_personal_numbers(text) == text


def test_numbers_known_from_the_ticket_are_masked_wherever_they_stand() -> None:
    ticket = "マイナンバーは１２３４－５６７８－９０１８、カードは4111 1111 1111 1111です。"
    known = personal_numbers(ticket)
    assert known == ("4111111111111111", "123456789018")
    reply = "ご連絡の番号（1234 5678 9018）と 123456789018、4111111111111111 を確認しました。21234 5678 9018 は別物です。"
    assert mask_personal_numbers(reply, known=known) == (
        "ご連絡の番号（**** **** 9018）と ********9018、************1111 を確認しました。21234 5678 9018 は別物です。"
    )
    assert mask_personal_numbers(reply) == reply.replace("4111111111111111", "************1111")


def test_a_drafts_claims_and_replacements_are_masked_as_its_body_is() -> None:
    body = "マイナンバー 1234-5678-9018 を確認しました。カード 4111 1111 1111 1111 です。"
    start = body.index("1234")
    draft = Draft(
        id="d_1", ticket_id="T-1", language="ja", intent=Intent.OTHER, subject="s", body=body, model=ModelInfo(name="t"),
        claims=[Claim(start=start, end=start + 14, text="1234-5678-9018", kind="tracking_number")],
        findings=[Finding(rule="X", severity=Severity.WARNING, message="m", start=0, end=1, excerpt="マ",
                          replacement="4111 1111 1111 1111")],
    )  # fmt: skip
    stored = masked_draft(draft)
    assert stored.claims[0].text == "****-****-9018" == stored.body[start : start + 14]
    assert stored.findings[0].replacement == "**** **** **** 1111"


def test_log_records_are_masked_message_arguments_and_traceback(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.masking")
    caplog.handler.addFilter(PersonalNumberFilter())
    try:
        logger.warning("ticket says %s", "カード 4111 1111 1111 1111")
        try:
            raise ValueError("bad card 4111111111111111")
        except ValueError:
            logger.exception("failed")
    finally:
        caplog.handler.removeFilter(caplog.handler.filters[-1])
    assert caplog.records[0].getMessage() == "ticket says カード **** **** **** 1111"
    assert "4111111111111111" not in caplog.text and "4111 1111 1111 1111" not in caplog.text
    assert "************1111" in caplog.text


def test_order_notes_are_masked_in_the_order_store(database: Database) -> None:
    orders = SqlOrderStore(database)
    notes = ["カード 4111 1111 1111 1111 で決済エラー", "追跡番号4512-3456-7890"]
    orders.upsert([make_order().model_copy(update={"notes": notes})])
    (stored,) = orders.by_email("taro@example.jp")
    assert stored.notes == ["カード **** **** **** 1111 で決済エラー", "追跡番号4512-3456-7890"]


def test_every_configured_handler_masks_once_installed() -> None:
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    logger = logging.getLogger("tests.masking.installed")
    logger.addHandler(handler)
    logger.propagate = False
    installed = mask_personal_numbers_in_logs()
    try:
        assert mask_personal_numbers_in_logs() == []  # twice is once
        logger.error("ticket: マイナンバー 1234 5678 9018, card 4111-1111-1111-1111")
        assert written.getvalue() == "ticket: マイナンバー **** **** 9018, card ****-****-****-1111\n"
        assert handler in installed
    finally:
        logger.removeHandler(handler)
        for each in installed:
            for added in [f for f in each.filters if isinstance(f, PersonalNumberFilter)]:
                each.removeFilter(added)


def test_the_log_filter_keeps_the_arguments_a_formatter_reads_by_position() -> None:
    """uvicorn's access formatter unpacks record.args: a filter that dropped them made
    every access line with a card-shaped number a traceback full of request data."""
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/healthz?ref=4111111111111111", "1.1", 200), None,
    )
    assert PersonalNumberFilter().filter(record)
    line = AccessFormatter(fmt="%(message)s", use_colors=False).format(record)
    assert "4111111111111111" not in line and "1111" in line and "GET" in line and "200" in line
