"""The redact stage: placeholders, the vault, known values, keep-strings, failing closed."""

from __future__ import annotations

import logging
import _sre
import re
import sys
import threading
from datetime import datetime

import pytest

from draftdesk.adapters.presidio_redactor import PresidioDetector, build_presidio_detector
from draftdesk.domain import Customer, Item, Language, Order, OrderStatus, Payment, Sender
from draftdesk.errors import RedactionFailed
from draftdesk.pipeline.redact import KnownValues, PiiSpan, Vault, merge_spans, redact
from draftdesk.text.known_values import _ASCII_CASE_PARTNERS


class SilentDetector:
    """Finds nothing: whatever is redacted came from the known values."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        self.calls.append(language)
        return []


class BrokenDetector:
    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        raise RuntimeError(f"analyzer crashed on {text}")


@pytest.fixture(scope="session")
def detector() -> PresidioDetector:
    return build_presidio_detector()


def _order(**customer: str) -> Order:
    return Order(
        number="HM-24-00123",
        placed_at=datetime.fromisoformat("2026-11-15T10:02:00+09:00"),
        status=OrderStatus.SHIPPED,
        customer=Customer(**({"name": "山田 太郎"} | customer)),
        items=[Item(sku="TEA-01", name="山田錦 純米酒 720ml", quantity=1, unit_price=2400)],
        total=2400,
        payment=Payment(method="card", card_last4="1111"),
    )


# --- the vault ------------------------------------------------------------------


def test_vault_numbers_per_type_and_reuses_placeholders() -> None:
    vault = Vault()
    assert vault.placeholder("PERSON", "山田 太郎") == "<PERSON_1>"
    assert vault.placeholder("PHONE_NUMBER", "090-1234-5678") == "<PHONE_NUMBER_1>"
    assert vault.placeholder("PERSON", "佐藤 花子") == "<PERSON_2>"
    assert vault.placeholder("PERSON", "山田太郎") == "<PERSON_1>"  # same person, other spacing
    assert vault.placeholder("PHONE_NUMBER", "０９０－１２３４－５６７８") == "<PHONE_NUMBER_1>"
    assert vault.counts() == {"PERSON": 2, "PHONE_NUMBER": 1}


def test_vault_never_shows_values() -> None:
    vault = Vault()
    vault.placeholder("EMAIL_ADDRESS", "taro@example.jp")
    assert "taro" not in repr(vault) and "taro" not in str(vault)


def test_vault_refuses_a_malformed_type() -> None:
    with pytest.raises(RedactionFailed, match="upper-case"):
        Vault().placeholder("person name", "x")


@pytest.mark.parametrize(
    ("model_text", "restored", "unknown"),
    [
        ("<PERSON_1>様", "山田 太郎様", ()),
        ("＜PERSON_1＞様", "山田 太郎様", ()),
        ("< PERSON_1 >様", "山田 太郎様", ()),
        ("<PERSON 1>様", "山田 太郎様", ()),
        ("[PERSON_1]様", "山田 太郎様", ()),
        ("PERSON_1様、<EMAIL_ADDRESS_1>", "山田 太郎様、taro@example.jp", ()),
        ("<PERSON_2>様", "<PERSON_2>様", ("<PERSON_2>",)),
        ("<NAME_1>様", "<NAME_1>様", ("<NAME_1>",)),
        ("PHONE_NUMBER_3 まで", "PHONE_NUMBER_3 まで", ("PHONE_NUMBER_3",)),
        ("SKU TEA_01 と HM-24-00123", "SKU TEA_01 と HM-24-00123", ()),
        ("<H1>見出し</H1>", "<H1>見出し</H1>", ()),
    ],
)
def test_restore_handles_garbled_and_unknown_placeholders(
    model_text: str, restored: str, unknown: tuple[str, ...]
) -> None:
    vault = Vault()
    vault.placeholder("PERSON", "山田 太郎")
    vault.placeholder("EMAIL_ADDRESS", "taro@example.jp")
    result = vault.restore(model_text)
    assert (result.text, result.unknown) == (restored, unknown)


# --- redact → restore -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "personal", "kept"),
    [
        (
            "ja",
            "山田 太郎です。注文番号HM-24-00123の煎茶 100gが届きません。電話090-1234-5678",
            ["山田 太郎", "090-1234-5678"],
            ["HM-24-00123", "煎茶 100g"],
        ),
        (
            "ja",
            "お届け先は〒150-0001 東京都渋谷区神宮前1-2-3 メゾン神宮前502号室です。11月18日着の予定でした。",
            ["150-0001", "東京都渋谷区神宮前1-2-3 メゾン神宮前502号室"],
            ["11月18日"],
        ),
        (
            "ja",
            "返信は ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ まで。追跡番号4512-3456-7890、合計2,400円です。",
            ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"],
            ["4512-3456-7890", "2,400円"],
        ),
        (
            "ja",
            "カード番号4111 1111 1111 1111で支払いました。マイナンバー1234 5678 9018。生年月日：1985年4月3日",
            ["4111 1111 1111 1111", "1234 5678 9018", "1985年4月3日"],
            ["マイナンバー"],
        ),
        (
            "en",
            "Hi, this is Sarah Connor. Order HM-24-00777 (SKU TEA-01, $24.00) shipped on 2026-11-16.\n"
            "Send it to 742 Evergreen Terrace, Springfield, IL 62704 or call (415) 555-0132.",
            ["Sarah Connor", "742 Evergreen Terrace, Springfield, IL 62704", "(415) 555-0132"],
            ["HM-24-00777", "TEA-01", "$24.00", "2026-11-16"],
        ),
        (
            "en",
            "Refund to GB82 WEST 1234 5698 7654 32 please.\nThanks,\nEmily Clarke\nemily.clarke@example.co.uk",
            ["GB82 WEST 1234 5698 7654 32", "Emily Clarke", "emily.clarke@example.co.uk"],
            ["Refund"],
        ),
    ],
)
def test_redact_then_restore_round_trips(
    detector: PresidioDetector, language: Language, text: str, personal: list[str], kept: list[str]
) -> None:
    vault = Vault()
    redacted = redact(text, language=language, known=KnownValues(), vault=vault, detector=detector)
    assert all(value not in redacted for value in personal)
    assert all(value in redacted for value in kept)
    assert vault.restore(redacted) == vault.restore(text).model_copy(update={"text": text})


def test_keep_strings_survive_name_detection(detector: PresidioDetector) -> None:
    text = "山田錦 純米酒 720mlを注文した山田です。"
    vault = Vault()
    redacted = redact(
        text, language="ja", known=KnownValues(), vault=vault, detector=detector, keep=["山田錦 純米酒 720ml"]
    )
    assert redacted == "山田錦 純米酒 720mlを注文した<PERSON_1>です。"


def test_nothing_personal_reaches_the_logs(detector: PresidioDetector, caplog: pytest.LogCaptureFixture) -> None:
    text = "山田 太郎です。電話090-1234-5678、taro@example.jp"
    with caplog.at_level(logging.DEBUG):
        redact(text, language="ja", known=KnownValues(), vault=Vault(), detector=detector)
        redact("Thanks,\nSarah Connor\nsarah@example.com", language="en", known=KnownValues(), vault=Vault(), detector=detector)
    assert not any(value in caplog.text for value in ("山田", "090-1234-5678", "taro@", "Sarah", "sarah@"))


def test_placeholders_already_in_the_text_are_left_alone(detector: PresidioDetector) -> None:
    vault = Vault()
    assert redact("<PERSON_1>様", language="ja", known=KnownValues(), vault=vault, detector=detector) == "<PERSON_1>様"


# --- known values -------------------------------------------------------------------


def test_known_values_from_the_order_and_sender() -> None:
    known = KnownValues.from_order(
        _order(
            name_kana="ヤマダ タロウ",
            email="taro@example.jp",
            phone="090-1234-5678",
            address="〒150-0001 東京都渋谷区神宮前1-2-3 メゾン神宮前502号室",
        ),
        Sender(email="t.yamada@example.com", name="Taro Yamada"),
    )
    assert known.names == ("山田 太郎", "Taro Yamada", "ヤマダ タロウ", "やまだ たろう")
    assert {"山田", "太郎", "Yamada"} <= set(known.name_parts)
    assert known.emails == ("taro@example.jp", "t.yamada@example.com")
    assert known.postal_codes == ("150-0001",)
    assert {"東京都渋谷区神宮前1-2-3 メゾン神宮前502号室", "渋谷区神宮前1-2-3 メゾン神宮前502号室", "メゾン神宮前502号室"} <= set(
        known.addresses
    )
    assert known.card_last4 == ("1111",)


def test_no_order_and_no_sender_means_no_known_values() -> None:
    assert KnownValues.from_order(None, None) == KnownValues()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田太郎です", "<PERSON_1>です"),
        ("山田　太郎", "<PERSON_1>"),
        ("山田様へ", "<PERSON_2>様へ"),
        ("やまだ たろう", "<PERSON_2>"),  # another spelling: its own placeholder
        ("Dear Mr. Yamada,", "Dear Mr. <PERSON_2>,"),
        ("連絡は０９０１２３４５６７８へ", "連絡は<PHONE_NUMBER_1>へ"),
        ("+81 90-1234-5678", "<PHONE_NUMBER_1>"),
        ("TARO@EXAMPLE.JP", "<EMAIL_ADDRESS_1>"),
        ("〒1500001", "〒<POSTAL_CODE_1>"),
        ("渋谷区神宮前1丁目2番3号 メゾン神宮前502号室", "<ADDRESS_1>"),
        ("メゾン神宮前502号室です", "<ADDRESS_1>です"),
        ("カード下4桁1111で支払い", "カード下4桁<CREDIT_CARD_1>で支払い"),
        ("煎茶を1111円で", "煎茶を1111円で"),  # four digits that are not the card
        ("山田錦を注文", "山田錦を注文"),  # a surname alone only counts next to an honorific
        ("太郎より", "<PERSON_2>より"),  # a given name signing off
        ("神宮前1-2-3に届けて", "<ADDRESS_1>に届けて"),  # without prefecture and ward
        ("渋谷区神宮前1-2-3です", "<ADDRESS_1>です"),  # without the building
        ("東京都渋谷区\n神宮前1-2-3", "<ADDRESS_1>"),  # split over two lines
    ],
)
def test_known_values_are_found_whatever_the_detector_says(text: str, expected: str) -> None:
    known = KnownValues.from_order(
        _order(
            name_kana="ヤマダ タロウ",
            email="taro@example.jp",
            phone="090-1234-5678",
            address="〒150-0001 東京都渋谷区神宮前1-2-3 メゾン神宮前502号室",
        ),
        Sender(name="Taro Yamada"),
    )
    detector = SilentDetector()
    vault = Vault()
    vault.placeholder("PERSON", "山田 太郎")
    assert redact(text, language="ja", known=known, vault=vault, detector=detector) == expected
    assert detector.calls == ["ja"]


@pytest.mark.parametrize("text", ["415-555-0132", "(415) 555 0132", "+1 415 555 0132", "4155550132"])
def test_an_international_phone_on_record_is_found_without_its_country_code(text: str) -> None:
    known = KnownValues.from_order(_order(name="Emily Clarke", phone="+1 415-555-0132"), None)
    assert redact(text, language="en", known=known, vault=Vault(), detector=SilentDetector()) == "<PHONE_NUMBER_1>"


# --- merging, failing closed, concurrency --------------------------------------------


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([("PERSON", 0, 5, 0.8), ("PERSON", 10, 12, 0.8)], [("PERSON", 0, 5), ("PERSON", 10, 12)]),
        ([("ADDRESS", 0, 10, 0.9), ("PERSON", 6, 14, 0.85)], [("ADDRESS", 0, 14)]),
        ([("PERSON", 0, 4, 0.85), ("PERSON", 0, 6, 1.0)], [("PERSON", 0, 6)]),
        ([("LOCATION", 0, 8, 0.5), ("ADDRESS", 2, 8, 1.0)], [("ADDRESS", 0, 8)]),
    ],
)
def test_overlapping_spans_merge_into_their_union(
    spans: list[tuple[str, int, int, float]], expected: list[tuple[str, int, int]]
) -> None:
    merged = merge_spans(PiiSpan(entity_type=t, start=s, end=e, score=p) for t, s, e, p in spans)
    assert [(m.entity_type, m.start, m.end) for m in merged] == expected


def test_a_failing_detector_fails_closed_without_echoing_the_text() -> None:
    with pytest.raises(RedactionFailed) as failure:
        redact("山田 太郎 090-1234-5678", language="ja", known=KnownValues(), vault=Vault(), detector=BrokenDetector())
    assert "RuntimeError" in failure.value.detail
    assert "山田" not in failure.value.detail and "090" not in failure.value.detail


def test_concurrent_requests_never_share_placeholders(detector: PresidioDetector) -> None:
    tickets = {
        "a": ("ja", "山田 太郎です。電話090-1234-5678、taro@example.jp"),
        "b": ("ja", "佐藤 花子です。電話080-9876-5432、hanako@example.jp"),
        "c": ("en", "Thanks,\nSarah Connor\n(415) 555-0132\nsarah@example.com"),
    }
    vaults = {key: Vault() for key in tickets}
    outputs: dict[str, list[str]] = {key: [] for key in tickets}
    start = threading.Barrier(len(tickets))

    def work(key: str) -> None:
        language, text = tickets[key]
        start.wait()
        for _ in range(15):
            outputs[key].append(redact(text, language=language, known=KnownValues(), vault=vaults[key], detector=detector))

    threads = [threading.Thread(target=work, args=(key,)) for key in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for key, (_, text) in tickets.items():
        assert len(set(outputs[key])) == 1  # same text, same vault → same placeholders every time
        assert vaults[key].restore(outputs[key][0]).text == text
        assert vaults[key].counts() == {"PERSON": 1, "PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20に届く予定です", []),  # the address part 1-20 inside a date is no address
        ("番地は1-20です", ["1-20"]),
        ("浜ノ町1-20に住んでいます", ["1-20", "浜ノ町1-20"]),  # both spellings; redact merges them
    ],
)
def test_a_known_address_part_never_matches_inside_a_longer_number(text: str, expected: list[str]) -> None:
    known = KnownValues(addresses=("浜ノ町1-20", "1-20"))
    assert sorted({text[s.start : s.end] for s in known.spans(text)}) == sorted(expected)


def test_a_number_bearing_value_is_compiled_only_for_a_text_holding_its_digits() -> None:
    known = KnownValues(phones=("090-1234-5678",), addresses=("東京都渋谷区神宮前1-2-3",), postal_codes=("150-0001",),
                        card_last4=("4242",))  # fmt: skip
    assert known.spans("商品がまだ届きません。11月15日に注文しました。") == []
    assert not any("pattern" in vars(lookup) for lookup in known.lookups)  # nothing compiled
    written = "電話は＋８１ ９０（１２３４）５６７８、住所は〒150-0001 東京都渋谷区\n神宮前１丁目2番3号です。カード末尾 4242"
    found = {span.entity_type: written[span.start : span.end].strip() for span in known.spans(written)}
    assert found == {"PHONE_NUMBER": "＋８１ ９０（１２３４）５６７８", "POSTAL_CODE": "150-0001",
                     "ADDRESS": "東京都渋谷区\n神宮前１丁目2番3号", "CREDIT_CARD": "4242"}  # fmt: skip


def test_a_name_or_e_mail_is_compiled_only_for_a_text_that_can_hold_it() -> None:
    known = KnownValues(names=("山田 太郎", "Taro Yamada"), name_parts=("山田", "やまだ", "Yamada", "Müller"),
                        emails=("taro@example.jp",))  # fmt: skip
    assert known.spans("<PERSON_1>様\nご注文の商品は本日発送いたしました。") == []
    compiled = [lookup.needles for lookup in known.lookups if "pattern" in vars(lookup)]
    assert compiled == [()]  # only Müller: a cased letter beyond ASCII has no needle
    written = "Dear Mr. YAMADA,\nやまだ様、TARO@example.JP、山田　太郎、taro  yamada"
    found = sorted(written[span.start : span.end] for span in known.spans(written))
    assert found == ["TARO@example.JP", "YAMADA", "taro  yamada", "やまだ", "山田　太郎"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear Mr. Kılıc,", ["Kılıc"]),  # ı matches i in any case: the text is searched whatever its lower case says
        ("Mr. \u212aim", ["\u212aim"]),  # the Kelvin sign is a k in any case
        ("Dear Mr. Kim,", ["Kim"]),
        ("Dear Mr. Lee,", []),
    ],
)
def test_a_case_partner_of_an_ascii_letter_still_finds_the_value(text: str, expected: list[str]) -> None:
    known = KnownValues(name_parts=("Kilic", "Kim"))
    assert sorted(text[span.start : span.end] for span in known.spans(text)) == expected


def test_every_character_a_letter_matches_in_any_case_is_a_listed_partner() -> None:
    """The needles of `known_values` rest on two facts of `re`, checked over all of Unicode:
    besides A–Z and a–z only the listed partners match an ASCII letter case-insensitively,
    and a character that str's lower and upper leave alone is one `re` compiles as a plain
    literal (matching only itself) under IGNORECASE."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    partners = {found for letter in "abcdefghijklmnopqrstuvwxyz" for found in re.findall(letter, everything, re.IGNORECASE)}
    assert {c for c in partners if not c.isascii()} == set(_ASCII_CASE_PARTNERS.pattern.strip("[]"))
    assert not any(_sre.unicode_iscased(ord(c)) for c in everything if c.lower() == c == c.upper())
