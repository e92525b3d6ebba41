"""The wire guard: what it catches in outgoing text, what it lets through, and proof
that it lets through every real prompt of the demo tickets."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from draftdesk.adapters.drafting_prompt import render_messages
from draftdesk.adapters.litellm_drafter import _not_personal
from draftdesk.adapters.wire_guard import WireGuard, WireKind, _squash_folded, _squashed
from draftdesk.domain import DraftRequest, DraftResult, ModelInfo, Sections, Ticket, Withheld
from draftdesk.wiring import Services
from tests.conftest import DEMO_TICKETS

SHOP_CONTACTS = ("support@midoriya.example.jp", "0120-000-123", "https://midoriya.example.jp")
GUARD = WireGuard(allowed=SHOP_CONTACTS)
YAMADA = Withheld(
    names=("山田 太郎", "ヤマダ タロウ", "やまだ たろう"),
    name_parts=("山田", "太郎", "ヤマダ", "タロウ"),
    emails=("taro.yamada@example.jp",),
    phones=("090-1234-5678",),
    addresses=("〒150-0001 東京都渋谷区神宮前1-2-3", "東京都渋谷区神宮前1-2-3", "神宮前1-2-3"),
    postal_codes=("150-0001",),
)
OLIVIA = Withheld(
    names=("Olivia Taylor",),
    name_parts=("Olivia", "Taylor"),
    emails=("olivia.taylor@example.com",),
    phones=("+61 2 9374 4000",),
    addresses=("45 George Street, Sydney NSW 2000, Australia", "45 George Street"),
)
# What a prompt holds on purpose: the facts' values (order and tracking numbers, dates, amounts).
FACTS = ("HM-24-00012", "4512-3456-7890", "2026-11-18", "2400", "4000 1234 5678 9010")


def caught(text: str, *, withheld: Withheld | None = None) -> dict[WireKind, int]:
    return dict(GUARD.scan([text], withheld=withheld, allowed=FACTS).caught)


# --- (a) the customer's known values ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("連絡先は０９０－１２３４－５６７８です。", "known_phone"),  # full width, full-width hyphens
        ("連絡先は09012345678です。", "known_phone"),
        ("連絡先は090 1234 5678です。", "known_phone"),
        ("連絡先は090.1234.5678です。", "known_phone"),
        ("携帯 +81 90-1234-5678 まで", "known_phone"),
        ("携帯 +81 (0)90 1234 5678 まで", "known_phone"),
        ("携帯 819012345678 まで", "known_phone"),
        ("山田　太郎です。", "known_name"),  # ideographic space
        ("山田太郎です。", "known_name"),
        ("ﾔﾏﾀﾞ ﾀﾛｳと申します。", "known_name"),  # half-width katakana: NFKC folds it
        ("やまだたろう", "known_name"),
        ("山田様、いつもありがとうございます。", "known_name"),  # a surname next to an honorific
        ("よろしくお願いします。\n山田\n", "known_name"),  # a surname alone on a line: a sign-off
        ("TARO.YAMADA@EXAMPLE.JP に返信してください", "known_email"),
        ("ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ に返信してください", "known_email"),
        ("届け先は東京都渋谷区神宮前１－２－３です", "known_address"),
        ("届け先は 東京都 渋谷区 神宮前 1-2-3 です", "known_address"),
        ("〒１５０－０００１", "known_address"),
    ],
)
def test_known_values_are_caught_however_they_are_written(text: str, kind: WireKind) -> None:
    assert caught(text, withheld=YAMADA) == {kind: 1}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Thanks, OLIVIA  TAYLOR", "known_name"),
        ("Dear Ms Taylor,", "known_name"),
        ("Call me on +61 2 9374 4000.", "known_phone"),
        ("Call me on (02) 9374 4000.", "known_phone"),
        ("Olivia.Taylor@Example.com", "known_email"),
        ("Ship it to 45 george street please", "known_address"),
    ],
)
def test_known_values_in_english_are_caught(text: str, kind: WireKind) -> None:
    assert caught(text, withheld=OLIVIA) == {kind: 1}


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        ("春のさくら緑茶 × 2", Withheld(names=("伊藤 さくら",), name_parts=("伊藤", "さくら"))),  # a name part in a product
        ("It was delivered in May.", Withheld(names=("May Chen",), name_parts=("May", "Chen"))),
        ("We will check it today.", Withheld(names=("Will Smith",), name_parts=("Will", "Smith"))),
        ("本日: 2026年11月20日（2026-11-20）", Withheld(addresses=("浜ノ町1-20", "1-20"))),  # 1-20 is in the date
        ("ご注文番号: HM-24-00123", Withheld(postal_codes=("240-0123",))),  # a number inside an order number
        ("<PERSON_1>様、<PHONE_NUMBER_1>、<EMAIL_ADDRESS_1>", YAMADA),
    ],
)
def test_known_values_are_not_found_in_ordinary_words_and_numbers(text: str, withheld: Withheld) -> None:
    assert caught(text, withheld=withheld) == {}


# --- (b) to (d): the shapes of personal data -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("カード番号は4111 1111 1111 1111です", "card_number"),  # passes the Luhn check
        ("カード番号は4111-1111-1111-1112です", "card_number"),  # fails it: a typo is still a card
        ("card 4242424242424242 expired", "card_number"),
        ("card ４２４２４２４２４２４２４２４２ expired", "card_number"),
        ("amex 3782 822463 10005", "card_number"),
        ("a 13-digit one: 4222222222222", "card_number"),
        ("a 19-digit one: 6011 0009 9013 9424 123", "card_number"),
        ("write to someone.else+tag@mail.example.co.uk", "email_address"),
        ("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｎｅ．ｊｐ まで", "email_address"),
        ("自宅 03-1234-5678 まで", "phone_number"),
        ("携帯 090-8765-4321 まで", "phone_number"),
        ("携帯 ０８０ ９８７６ ５４３２ まで", "phone_number"),
        ("携帯 09087654321 まで", "phone_number"),
        ("携帯 090-0000-0000 まで", "phone_number"),  # not a valid number, but the shape of one
        ("+81 3 1234 5678", "phone_number"),
        ("call (212) 555-0123 after 5", "phone_number"),
        ("call 415-555-0134 after 5", "phone_number"),
        ("call +1 415 555 0134 after 5", "phone_number"),
        ("ring 020 7946 0958 today", "phone_number"),
        ("ring +44 20 7946 0958 today", "phone_number"),
        ("ring 07911 123456 today", "phone_number"),
        ("ring +44 7911 123456 today", "phone_number"),
        ("appelez +33 1 23 45 67 89", "phone_number"),
        ("anrufen +49 30 12345678", "phone_number"),
        ("Tel 090-8765-4321 2026-11-20", "phone_number"),
    ],
)
def test_shapes_of_personal_data_are_caught(text: str, kind: WireKind) -> None:
    assert caught(text) == {kind: 1}


@pytest.mark.parametrize(
    "text",
    [
        "<PHONE_NUMBER_1> <EMAIL_ADDRESS_1> <CREDIT_CARD_1> <PERSON_12> <POSTAL_CODE_1>",
        "ご注文番号: HM-24-00123",
        "注文番号：ＨＭ－２４－００１２３",
        "お問い合わせ伝票番号: 4512-3456-7890 ［確定］",
        "tracking 4512 3456 7890",
        "Tracking number: EJ123456789JP",
        "The package with tracking 9400 1000 0000 0000 0000 00 was marked delivered",  # USPS, 22 digits
        "お問い合わせ番号 4455-6677-8899 で追跡できません。",  # read in GB as +44 55…: not a phone
        "配送状況のURL：https://track.example.jp/?no=445566778899",
        "a tracking number that is also a fact: 4000 1234 5678 9010",
        "本日: 2026年11月20日(金)（2026-11-20）",
        "Estimated delivery: November 24 (Tue) (2026-11-24) [ESTIMATE]",
        "12/05/2026, 2026-11-14 09:00",
        "ご注文金額: ¥12,000（税込 13,200円）",
        "Order total: 56.80 USD, 101.60 USD",
        "Matcha 30g × 2, 煎茶 100g × 2",
        "〒160-0022",  # a postal code, but not the customer's
        "当店のお問い合わせ先: 0120-000-123 / support@midoriya.example.jp / https://midoriya.example.jp",
        "Shop phone +81 120 000 123",
        "フリーダイヤル0120-123-456に電話しましたがつながりませんでした。",  # a business's freephone
        "call 1 800 555 0199 or 0800 123 4567",
    ],
)
def test_what_a_request_holds_on_purpose_is_not_flagged(text: str) -> None:
    assert caught(text, withheld=YAMADA) == {}


def test_a_card_shaped_fact_is_allowed_only_as_a_fact() -> None:
    text = "伝票番号 4000 1234 5678 9010"
    assert GUARD.scan([text], allowed=FACTS).clean
    assert dict(GUARD.scan([text]).caught) == {"card_number": 1}


# --- the result -------------------------------------------------------------------------


def test_one_value_is_counted_once_and_every_text_is_read() -> None:
    scan = GUARD.scan(
        ["お名前: 山田 太郎", "電話 090-1234-5678、カード 4111 1111 1111 1111", "hanako@example.ne.jp"], withheld=YAMADA
    )
    assert dict(scan.caught) == {"known_name": 1, "known_phone": 1, "card_number": 1, "email_address": 1}


def test_the_summary_names_kinds_never_values() -> None:
    scan = GUARD.scan(["山田 太郎 4111 1111 1111 1111 taro.yamada@example.jp"], withheld=YAMADA)
    summary = scan.summary()
    assert summary == "card-shaped number, the customer's e-mail address, the customer's name"
    assert "4111" not in summary and "山田" not in summary and "taro" not in summary
    assert "山田" not in repr(scan) and "taro" not in repr(YAMADA) and "山田" not in repr(YAMADA)


def test_check_tells_on_block_where_the_request_was_going() -> None:
    heard: list[tuple[str, dict[WireKind, int]]] = []
    guard = WireGuard(on_block=lambda target, counts: heard.append((target, dict(counts))))
    assert guard.check(["<PERSON_1>の件"], target="model").clean
    assert not guard.check(["4111 1111 1111 1111"], target="embedder").clean
    assert heard == [("embedder", {"card_number": 1})]


def test_the_withheld_values_never_leave_with_the_request() -> None:
    from tests.adapters.test_litellm_drafter import make_request

    request = make_request().model_copy(update={"withheld": YAMADA})
    assert "withheld" not in request.model_dump() and "山田" not in request.model_dump_json()
    assert "山田" not in repr(request) and "taro" not in str(request)


# --- every real prompt of the demo tickets passes ---------------------------------------


class CapturingDrafter:
    """Keeps each request the pipeline would send to a model and answers for it."""

    name = "capturing"

    def __init__(self) -> None:
        self.requests: list[DraftRequest] = []

    async def draft(self, request: DraftRequest, *, on_section: object = None) -> DraftResult:
        self.requests.append(request)
        return DraftResult(sections=Sections(subject="件名", facts="確認しました。"), model=ModelInfo(name=self.name))


def demo_tickets() -> list[Ticket]:
    paths = sorted(DEMO_TICKETS.glob("*.json"))
    return [Ticket.model_validate_json(path.read_text(encoding="utf-8")) for path in paths]


@pytest.fixture(scope="module")
def demo_requests(demo_services: Services) -> Iterator[tuple[Services, list[DraftRequest]]]:
    """The real pipeline (Presidio, SQLite, Chroma, the demo shop) on every demo ticket."""
    services = demo_services
    capturing = CapturingDrafter()
    pipeline = replace(services.desk.pipeline, drafter=capturing)

    async def draft_all() -> None:
        for ticket in demo_tickets():
            await pipeline.draft_reply(ticket, agent=None, now=services.now())

    asyncio.run(draft_all())
    yield services, capturing.requests


def test_every_demo_tickets_real_prompt_passes_the_guard(demo_requests: tuple[Services, list[DraftRequest]]) -> None:
    services, requests = demo_requests
    assert len(requests) == len(demo_tickets()) >= 60
    blocked = []
    for request in requests:
        messages = render_messages(request, prompts=services.env)
        scan = services.wire_guard.scan(
            [m["content"] for m in messages], withheld=request.withheld, allowed=_not_personal(request)
        )
        if not scan.clean:
            blocked.append((request.subject, scan.summary()))
    assert not blocked


def test_the_same_tickets_unredacted_would_be_caught(demo_requests: tuple[Services, list[DraftRequest]]) -> None:
    """The guard is not passing prompts by seeing nothing: the values are there to find."""
    services, requests = demo_requests
    caught_raw = [
        ticket.id
        for ticket, request in zip(demo_tickets(), requests, strict=True)
        if not services.wire_guard.scan([ticket.subject, ticket.body], withheld=request.withheld).clean
    ]
    assert len(caught_raw) >= 40


def test_the_shops_own_policies_pass_the_embedder_guard(demo_requests: tuple[Services, list[DraftRequest]]) -> None:
    """Every passage is embedded at start-up; a remote embedder must accept them all."""
    from draftdesk.adapters.chroma_knowledge import embedded_text

    services, _ = demo_requests
    assert services.passages
    assert services.wire_guard.scan([embedded_text(p) for p in services.passages]).clean


@pytest.mark.parametrize("text", ["4111.1111.1111.1111", "4111/1111/1111/1111", "4111 - 1111 - 1111 - 1111", "4111_1111_1111_1111"])
def test_card_numbers_grouped_by_dots_slashes_or_spaced_hyphens_are_caught(text: str) -> None:
    assert WireGuard().scan([f"my card is {text}"]).caught == {"card_number": 1}


def test_the_quick_squash_is_the_squash_of_every_character() -> None:
    """The look for known values squashes without a character map first (C, not a loop
    per character); it must give exactly the text the map's squash gives."""
    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    for text in (every, "山田 太郎（ﾔﾏﾀﾞ）\n090-1234-5678 Straße İstanbul ǅ ﬁne", every[::-7]):
        assert _squash_folded(text) == _squashed(text)[0]
