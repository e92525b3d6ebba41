"""HS006 on the greeting line: the name on record, whatever the spacing; any other
name, spelling or form of address is a finding."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
GOOD = {case.context: case.text for case in CASES if case.id in ("ja-good-shipped", "en-good-shipped")}


def _greets(context: str, greeting: str, *, name: str | None = None) -> bool:
    base = GOOD[context]
    recorded = "山田 太郎 様" if context == "shipped_ja" else "Dear Emily Carter,"
    changes = {"customer_name": name} if name else {}
    ctx = CONTEXTS[context].model_copy(update=changes)
    findings = check(base.replace(recorded, greeting, 1), context=ctx, rules=RULES)
    return not any(f.rule == "HS006" for f in findings)


@pytest.mark.parametrize(
    ("greeting", "name"),
    [
        ("山田太郎様", None),
        ("山田 太郎様", None),
        ("山田　太郎　様", None),  # full-width spaces
        ("山田太郎 様", None),
        ("佐藤 花子 様", "佐藤花子"),  # the record without a space, the greeting with one
        ("渡辺　直樹様", "渡辺 直樹"),
    ],
)
def test_a_difference_only_in_spacing_is_the_same_name(greeting, name):
    assert _greets("shipped_ja", greeting, name=name)


@pytest.mark.parametrize(
    ("greeting", "name"),
    [
        ("渡邊 直樹 様", "渡辺 直樹"),  # variant kanji
        ("山田 たろう 様", None),  # kana for kanji
        ("ヤマダ タロウ 様", None),
        ("山田 様", None),  # a missing part
        ("太郎 様", None),
        ("お客様", None),  # generic, though the order names the customer
        ("山田 太郎", None),  # no 様
        ("山田 次郎 様", None),
    ],
)
def test_another_spelling_or_form_of_the_name_is_a_finding(greeting, name):
    assert not _greets("shipped_ja", greeting, name=name)


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Dear Emily  Carter,", True),
        ("Dear  Ms. Emily Carter,", True),  # a title before the whole name
        ("Dear Ms. Carter,", False),  # a title does not stand in for the given name: not the name on record
        ("Dear Mr Carter,", False),
        ("Dear EmilyCarter,", False),  # Latin parts need their space: that is a typo, not spacing
        ("Dear Em Carter,", False),  # a nickname
        ("Dear Emily,", False),
        ("Dear Customer,", False),
    ],
)
def test_english_greetings_allow_spacing_not_other_names(greeting, same):
    assert _greets("shipped_en", greeting) is same


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Hi Emily Carter,", True),  # an informal salutation with the full name on record
        ("Hello Emily Carter!", True),
        ("Good morning Emily Carter,", True),
        ("Hi Emily,", False),  # the register may change, the name may not
        ("Hello Em Carter,", False),
        ("Hey there,", False),
    ],
)
def test_the_salutation_is_free_the_name_is_not(greeting, same):
    assert _greets("shipped_en", greeting) is same


def test_a_greeting_with_an_honorific_is_judged_in_its_own_form_whatever_the_reply_is_written_in():
    english_body = GOOD["shipped_en"].replace("Dear Emily Carter,", "山田 太郎 様", 1)
    findings = check(english_body, context=CONTEXTS["shipped_ja"], rules=RULES)
    assert not any(f.rule == "HS006" for f in findings)
    assert any(f.rule == "HS018" for f in findings)  # the language is HS018's to judge
    misnamed = check(english_body.replace("山田 太郎 様", "山田 様", 1), context=CONTEXTS["shipped_ja"], rules=RULES)
    assert any(f.rule == "HS006" for f in misnamed)


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("山田 太郎 さま", True),  # the shop's honorifics are equally correct after the exact name
        ("山田太郎さま", True),
        ("山田 太郎 殿", True),
        ("山田太郎殿", True),
        ("山田 さま", False),  # the honorific may vary, the name may not
        ("山田 太朗 殿", False),
        ("太郎 さま", False),
    ],
)
def test_any_honorific_of_the_shop_follows_the_exact_name(greeting, same):
    assert _greets("shipped_ja", greeting) is same


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Dear 山田 太郎 様,", True),  # a Japanese name on record, kept in its own form in an English reply
        ("Hello 山田太郎さま", True),
        ("Dear 山田 様,", False),
        ("Dear 太郎 様,", False),
    ],
)
def test_an_english_greeting_may_keep_the_japanese_honorific_after_the_exact_name(greeting, same):
    english_body = GOOD["shipped_en"].replace("Dear Emily Carter,", greeting, 1)
    ctx = CONTEXTS["shipped_en"].model_copy(update={"customer_name": "山田 太郎"})
    findings = check(english_body, context=ctx, rules=RULES)
    assert (not any(f.rule == "HS006" for f in findings)) is same


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Hi there Emily Carter,", True),  # "there" stretches the salutation; the name is the record's
        ("Hello there Emily Carter!", True),
        ("Hey there Emily Carter,", True),
        ("Greetings Emily Carter,", True),
        ("Hi there Emily,", False),  # still only the name on record
        ("Hello there Ms. Carter,", False),
        ("Hey there,", False),
    ],
)
def test_a_salutation_stretched_with_there_greets_by_the_name_after_it(greeting, same):
    assert _greets("shipped_en", greeting) is same


@pytest.mark.parametrize(
    ("address", "same"),
    [
        # a letter's address block: the addressee's organisation on short lines above the name
        ("有限会社やまだ商店\n山田 太郎 様", True),
        ("山田工務店株式会社 経理部\n部長\n山田太郎様", True),
        ("やまだ保育園 事務室\n山田 太郎 殿", True),
        ("有限会社やまだ商店\n山田 様", False),  # under the block, the name is still judged
        ("有限会社やまだ商店 御中", False),  # the company alone greets no one
        ("有限会社やまだ商店\n\n山田 太郎 様", False),  # a blank line: the block has ended, no greeting opens the reply
        ("先日はお問い合わせありがとうございました。\n山田 太郎 様", False),  # a sentence is no address line
    ],
)
def test_the_name_line_under_an_address_block_is_the_greeting(address, same):
    assert _greets("shipped_ja", address) is same


@pytest.mark.parametrize(
    ("address", "same"),
    [
        ("Harbour Lane Bakery Ltd.\nAccounts Department\nDear Emily Carter,", True),
        ("Harbour Lane Bakery Ltd.\nDear Ms. Carter,", False),
    ],
)
def test_an_english_address_block_above_the_salutation(address, same):
    assert _greets("shipped_en", address) is same
