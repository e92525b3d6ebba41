"""HS007 reads the signature as written, not as typed: the shop's name, department and
contact in any spacing, width, case or phone grouping are present; a label with no one
after it names no one."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}


def _signed(context: str, signature: str, *, agent_on_record: bool = True) -> list[str]:
    base = GOOD[context].rstrip()
    body = base[: base.rindex("\n\n")]  # the good reply without its signature block
    ctx = CONTEXTS[context] if agent_on_record else CONTEXTS[context].model_copy(update={"agent": None})
    return [f.message for f in check(f"{body}\n\n{signature}\n", context=ctx, rules=RULES) if f.rule == "HS007"]


@pytest.mark.parametrize(
    ("context", "signature"),
    [
        ("shipped_ja", "茶舗 みどり屋　カスタマー サポート\n担当：佐藤\nTEL（0120）000-123"),
        ("shipped_en", "Sato\nCUSTOMER SUPPORT · Midoriya Tea\nPhone +81 120 000 123"),
        ("shipped_en", "Sato — Customer Support, Midoriya Tea\nSUPPORT@MIDORIYA.EXAMPLE.JP"),
    ],
)
def test_the_shops_details_in_another_typography_are_present(context, signature):
    assert _signed(context, signature) == []


@pytest.mark.parametrize(
    ("context", "signature", "missing"),
    [
        ("shipped_ja", "茶舗みどり屋 カスタマーサポート\n担当：\nsupport@midoriya.example.jp", "agent name"),
        ("shipped_en", "Sato\nMidoriya Tea\nPhone +81 120 000 999", "contact"),  # another number
        ("shipped_en", "Sato\nMidoriya Tea Customer Care\nsupport@midoriya.example.jp", "department"),
    ],
)
def test_a_missing_part_is_still_missing(context, signature, missing):
    [detail] = _signed(context, signature, agent_on_record=False)
    assert missing in detail


@pytest.mark.parametrize(
    ("context", "signature"),
    [
        ("shipped_ja", "今後とも茶舗みどり屋をどうぞよろしくお願い申し上げます。\n\nカスタマーサポート\n担当：佐藤\nsupport@midoriya.example.jp"),
        ("shipped_ja", "茶舗みどり屋をご利用いただき、誠にありがとうございました。\n\n――――――――\nカスタマーサポート 佐藤\n0120-000-123\n――――――――"),
    ],
)
def test_the_shop_named_in_a_closing_sentence_is_not_its_signature(context, signature):
    [detail] = _signed(context, signature)
    assert "shop name" in detail


def test_the_shop_named_in_an_english_closing_sentence_is_not_its_signature():
    text = GOOD["shipped_en"].replace(
        "Kind regards,\n\nSato\nCustomer Support, Midoriya Tea\n",
        "Thank you again for choosing Midoriya Tea.\n\nKind regards,\n\nSato\nCustomer Support\n",
    )
    assert "Thank you again" in text
    [finding] = [f for f in check(text, context=CONTEXTS["shipped_en"], rules=RULES) if f.rule == "HS007"]
    assert "shop name" in finding.message


@pytest.mark.parametrize(
    ("context", "signature"),
    [
        ("shipped_ja", "茶舗みどり屋。\nカスタマーサポート 担当：佐藤\nsupport@midoriya.example.jp"),  # a short line, though it ends with 。
        ("shipped_en", "Sato\nCustomer Support, Midoriya Tea.\nsupport@midoriya.example.jp"),
        # a sentence within the signature, after its first line, is the signature's
        ("shipped_en", "Sato\nCustomer Support, Midoriya Tea — we answer within one business day.\nsupport@midoriya.example.jp"),
    ],
)
def test_a_signature_line_ending_with_a_stop_is_still_the_signature(context, signature):
    assert _signed(context, signature) == []
