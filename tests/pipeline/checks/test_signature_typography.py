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
