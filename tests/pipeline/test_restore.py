"""restore: placeholders back to values; greeting, house order and signature from the
record and the shop, whatever the sections say."""

from __future__ import annotations

import pytest

from draftdesk.domain import Agent, Language, Sections
from draftdesk.pipeline.redact import Vault
from draftdesk.pipeline.restore import Reply, restore_reply
from tests.support.desks import prompts, shop

SATO = Agent(name="佐藤")


def vault_with(*values: tuple[str, str]) -> Vault:
    vault = Vault()
    for entity_type, value in values:
        vault.placeholder(entity_type, value)
    return vault


def restore(
    sections: Sections,
    *,
    vault: Vault | None = None,
    language: Language = "ja",
    customer_name: str | None = "山田 太郎",
    agent: Agent = SATO,
) -> Reply:
    return restore_reply(
        sections, vault=vault or Vault(), env=prompts(), language=language, customer_name=customer_name,
        shop=shop(), agent=agent,
    )


def test_every_section_gets_its_values_back():
    vault = vault_with(("PERSON", "山田 太郎"), ("PHONE_NUMBER", "090-1234-5678"))
    reply = restore(
        Sections(subject="<PERSON_1>様のご注文", facts="<PERSON_1>様、＜PHONE_NUMBER_1＞にお電話します。", closing="PERSON_1様"),
        vault=vault,
    )
    assert reply.subject == "山田 太郎様のご注文"
    assert "山田 太郎様、090-1234-5678にお電話します。" in reply.body and "\n山田 太郎様\n" in reply.body
    assert "PERSON_1" not in reply.body and reply.unknown_placeholders == ()


def test_a_placeholder_nobody_issued_stays_and_is_reported():
    reply = restore(Sections(facts="<PERSON_1>様と<PERSON_2>様、[EMAIL_ADDRESS_1]"), vault=vault_with(("PERSON", "山田 太郎")))
    assert "山田 太郎様と<PERSON_2>様、[EMAIL_ADDRESS_1]" in reply.body
    assert reply.unknown_placeholders == ("<PERSON_2>", "[EMAIL_ADDRESS_1]")


def test_facts_come_before_the_apology_whatever_the_model_wrote_first():
    reply = restore(Sections(apology="申し訳ございません。", facts="11月16日に発送いたしました。", resolution="本日再送します。"))
    body = reply.body
    assert body.index("11月16日に発送") < body.index("本日再送") < body.index("申し訳ございません")


@pytest.mark.parametrize(
    ("language", "customer_name", "greeting"),
    [("ja", "山田 太郎", "山田 太郎 様\n"), ("ja", None, "お客様\n"), ("en", "Jane Doe", "Dear Jane Doe,\n"), ("en", None, "Dear Customer,\n")],
)
def test_the_greeting_is_the_name_on_record(language, customer_name, greeting):
    assert restore(Sections(facts="x"), language=language, customer_name=customer_name).body.startswith(greeting)


def test_the_signature_is_the_agent_and_the_shop():
    reply = restore(Sections(facts="x"), agent=Agent(name="鈴木", department="物流担当"))
    signature = reply.body.split("――――――――――――――――")[1]
    assert "茶舗みどり屋 物流担当" in signature and "担当：鈴木" in signature
    assert "support@midoriya.example.jp / 0120-000-123" in signature
    assert "カスタマーサポート" in restore(Sections(facts="x")).body.split("――――――――――――――――")[1]  # the shop's department


def test_empty_sections_leave_no_blank_runs_and_the_body_ends_with_one_newline():
    reply = restore(Sections(opening="  \n", facts="発送済みです。\n\n\n", apology=""))
    assert "\n\n\n" not in reply.body and reply.body.endswith("\n") and not reply.body.endswith("\n\n")
