"""The agent's workplace in a real browser: `draftdesk serve` in a process of its own on
127.0.0.1, drafting through litellm with the local model stub, keys of the roles agent
and admin in its key store (made as `draftdesk keys create` makes them, without two more
processes); Debian's headless Chromium at 1280×800,
every request it makes routed through Playwright so that nothing leaves 127.0.0.1.

An agent works a Japanese ticket with an agent's key (inbox → ticket → a streamed draft
whose estimate is stated as a certainty → its replacement applied in one click → the
reply broken on purpose → approved only with an override reason → the audit trail, read
with the admin key, names the key's owner). The shop's lead works an English one with
the admin key, which also holds `check`, so the text is checked as it is typed (rewritten
shorter, the versions and their diff, what the model saw, a claim without a source,
approved clean, the language switched and kept). An agent's key has no `check`: its page
checks on save, and says so. And an agent works by keyboard alone, and is told plainly
when the drafter cannot rewrite; and the marks' span arithmetic is checked in the browser.
Screenshots go to var/test-artifacts/workplace/ (the path is printed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.errors import CannotRewrite
from draftdesk.testing.model_stub import ModelStub, unmarked_estimate
from draftdesk.testing.processes import ServeProcess, var_environment
from draftdesk.wiring import Services
from tests.api.conftest import demo_ticket, settings_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts" / "workplace"
VIEWPORT = {"width": 1280, "height": 800}
AGENT_OWNER = "佐藤 一郎（サポート）"
ADMIN_OWNER = "山本 店長"
AGENT_NAME = "佐藤"
OVERRIDE = "配送業者に電話で確認済みのため承認します"
INBOX_TICKETS = ("T-JA-001", "T-JA-002", "T-EN-001", "T-EN-002")


@dataclass
class Workplace:
    url: str
    stub: ModelStub
    agent_key: str
    admin_key: str


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workplace]:
    var_dir = tmp_path_factory.mktemp("workplace-var")
    with ModelStub() as stub:
        settings = var_environment(
            var_dir, model="openai/stub-model", model_api_base=stub.base_url, model_api_key="stub-key", model_retries="0",
            warm_up="false",  # tests/api/test_warm_up.py has the warm-up
        )
        keys = Services(settings_for(var_dir)).keys  # the store `draftdesk keys create` writes to
        agent_key = keys.create(owner=AGENT_OWNER, role="agent").key
        admin_key = keys.create(owner=ADMIN_OWNER, role="admin").key
        with (var_dir / "serve.log").open("ab") as log:
            serve = ServeProcess(env=settings, log=log)
            serve.start()
            try:
                for ticket_id in INBOX_TICKETS:
                    stored = httpx.post(
                        f"{serve.url}/v1/tickets",
                        json={"ticket": demo_ticket(ticket_id)},
                        headers={"Authorization": f"Bearer {agent_key}"},
                        timeout=60,
                    )
                    assert stored.status_code == 201, stored.text
                yield Workplace(serve.url, stub, agent_key, admin_key)
            finally:
                serve.stop()


def api(workplace: Workplace, method: str, path: str, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {workplace.admin_key}"}
    return httpx.request(method, workplace.url + path, headers=headers, timeout=60, **kwargs)  # type: ignore[arg-type]


@dataclass
class Traffic:
    """Every request the browser made: answered on 127.0.0.1, or refused."""

    local: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname == "127.0.0.1":
            self.local.append(url)
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.refused.append(url)
            route.abort()  # type: ignore[attr-defined]


def browser_context(chromium: object, *, locale: str) -> tuple[object, Traffic]:
    context = chromium.new_context(locale=locale, timezone_id="Asia/Tokyo", viewport=VIEWPORT)  # type: ignore[attr-defined]
    traffic = Traffic()
    context.route("**/*", traffic.route)
    return context, traffic


@pytest.fixture()
def japanese(chromium: object) -> Iterator[tuple[object, Traffic]]:
    context, traffic = browser_context(chromium, locale="ja-JP")
    yield context, traffic
    context.close()


@pytest.fixture()
def english(chromium: object) -> Iterator[tuple[object, Traffic]]:
    context, traffic = browser_context(chromium, locale="en-US")
    yield context, traffic
    context.close()


def screenshot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    print(f"screenshot: {path}")


def sign_in(page: object, key: str, *, name: str | None = None) -> None:
    """The key as an agent gives it: typed into the header, kept in this tab only."""
    if name is not None:
        page.fill("#agent-name", name)  # type: ignore[attr-defined]
        page.press("#agent-name", "Tab")  # type: ignore[attr-defined]
    page.fill("#api-key", key)  # type: ignore[attr-defined]
    page.press("#api-key", "Tab")  # type: ignore[attr-defined]


def put_caret(page: object, offset: int) -> None:
    page.locator("#draft-body").focus()  # type: ignore[attr-defined]
    page.locator("#draft-body").evaluate("(body, at) => body.setSelectionRange(at, at)", offset)  # type: ignore[attr-defined]


def test_an_agent_drafts_fixes_and_approves_a_japanese_reply_and_the_admin_reads_the_audit(
    workplace: Workplace, japanese: tuple[object, Traffic]
) -> None:
    context, traffic = japanese
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(workplace.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    sign_in(page, workplace.agent_key, name=AGENT_NAME)

    # The inbox: each ticket's wait against the target, in words and a mark, not colour alone.
    row = page.locator('#tickets tr[data-ticket-id="T-JA-001"]')
    row.wait_for()
    assert row.locator(".response").inner_text().startswith("◆ 対応期限内 · 2時間48分")  # 09:12 → 12:00, target 3 h
    assert row.locator(".state").inner_text() == "返信案なし"
    assert page.locator('#state-filter [data-state="none"] .count').inner_text() == str(len(INBOX_TICKETS))
    screenshot(page, "ja-inbox")

    # A ticket pasted into the form joins the inbox; its quoted history is folded.
    page.keyboard.press("c")
    pasted = demo_ticket("T-JA-007")
    page.fill("#ticket-form [name=id]", pasted["id"])
    page.fill("#ticket-form [name=email]", pasted["from"]["email"])
    page.fill("#ticket-form [name=name]", pasted["from"]["name"])
    page.fill("#ticket-form [name=subject]", pasted["subject"])
    page.fill("#ticket-form [name=body]", pasted["body"])
    page.click('#ticket-form button[value="store"]')
    page.locator('#tickets tr[data-ticket-id="T-JA-007"]').wait_for()
    page.click('#tickets tr[data-ticket-id="T-JA-007"] td.subject a')
    page.locator("#message:not(:empty)").wait_for()
    assert "1客が割れていました" in page.locator("#message").inner_text()
    assert page.locator("#quoted").get_attribute("open") is None
    assert "ご注文の商品を発送いたしました" in page.locator("#quoted-text").text_content()
    page.keyboard.press("i")

    # Open a ticket, draft: the sections stream in, then the checked draft.
    page.click('#tickets tr[data-ticket-id="T-JA-001"] td.subject a')
    page.locator("#message:not(:empty)").wait_for()
    assert "11月18日頃に届く" in page.locator("#message").inner_text()
    workplace.stub.script(unmarked_estimate())  # the carrier's estimate, stated as a certainty
    with page.expect_response(lambda response: "/v1/drafts?stream=true" in response.url) as streamed:
        page.keyboard.press("d")
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    page.locator("#editor:not([hidden])").wait_for(timeout=60_000)
    sections = [item.get_attribute("data-section") for item in page.locator("#stream li").all()]
    assert sections == ["subject", "opening", "facts", "resolution", "apology", "closing"]
    estimate = page.locator('#facts tr.estimated[data-key="shipment.estimated_delivery"]')
    assert "目安" in estimate.locator(".badge").inner_text()

    # HS002 marked at its span; approval refused while it stands.
    draft = api(workplace, "GET", "/v1/tickets/T-JA-001/draft").json()
    [unmarked] = [f for f in draft["findings"] if f["rule"] == "HS002"]
    assert unmarked["replacement"] is not None
    mark = page.locator("#draft-marks mark.finding.error", has_text=unmarked["excerpt"]).first
    assert page.locator("#approve").is_disabled()
    mark.hover()
    page.locator("#card:not([hidden])").wait_for()
    assert "HS002" in page.locator("#card").inner_text()
    screenshot(page, "ja-finding-marked")

    # One click applies its replacement; the agent's edit is re-checked as typed against the
    # draft's own grounds (POST /v1/drafts/{id}/check needs edit, not check), and saving
    # clears the finding for good.
    page.click("#card button.apply")
    page.locator('#findings li[data-rule="HS002"]').wait_for(state="detached")
    fixed = draft["body"][: unmarked["start"]] + unmarked["replacement"] + draft["body"][unmarked["end"] :]
    assert page.locator("#draft-body").input_value() == fixed
    page.locator("#check-state").filter(has_text="入力中の本文をチェックしました：エラー 0 件").wait_for()
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.locator("#notice.ok").filter(has_text="第2版").wait_for()
    assert "HS002" not in page.locator("#findings").inner_text() and page.locator("#approve").is_enabled()

    # Broken on purpose: a hedge. Approving saves it first, and the gate says no (409), with
    # the blocking finding; it is marked, and approving now needs a reason of 10 characters.
    put_caret(page, fixed.index("2026年11月18日"))
    page.keyboard.type("たぶん")
    page.click("#approve")
    page.locator("#blocking:not([hidden])").filter(has_text="HS004").wait_for()
    assert page.locator("#notice").get_attribute("class") == "error"
    hedge = page.locator("#draft-marks mark.finding.error", has_text="たぶん")
    hedge.wait_for()
    assert page.locator("#approve").is_disabled()
    page.keyboard.press("Escape")
    page.keyboard.press("n")  # the first finding: its mark takes the focus and shows its card
    page.locator("#card:not([hidden])").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    page.fill("#override", "確認済み")
    assert page.locator("#approve").is_disabled()
    page.fill("#override", OVERRIDE)
    assert page.locator("#approve").is_enabled()
    screenshot(page, "ja-override")
    page.click("#approve")
    page.locator("#notice.ok").filter(has_text="承認しました").wait_for()
    approved = api(workplace, "GET", f"/v1/drafts/{draft['id']}").json()
    assert approved["status"] == "approved" and "たぶん" in approved["body"]
    assert approved["approval"]["by"] == AGENT_NAME and approved["approval"]["override_reason"] == OVERRIDE
    assert "HS004" in approved["approval"]["overridden_rules"]

    # The audit trail: refused to the agent's key, shown to the admin's, naming the key's owner.
    page.click("#tab-audit")
    page.locator("#audit-message").filter(has_text="管理者の API キーが必要").wait_for()
    sign_in(page, workplace.admin_key)
    last = page.locator("#audit li").last
    last.filter(has_text="理由付きで承認").wait_for()
    assert AGENT_OWNER in last.inner_text() and OVERRIDE in last.inner_text() and AGENT_NAME in last.inner_text()
    screenshot(page, "ja-audit")

    page.keyboard.press("i")
    page.locator('#tickets tr[data-ticket-id="T-JA-001"] .state.approved').wait_for()
    page.click('#state-filter [data-state="approved"]')
    page.locator('#state-filter [data-state="approved"][aria-pressed="true"]').wait_for()
    assert {r.get_attribute("data-ticket-id") for r in page.locator("#tickets tbody tr").all()} == {"T-JA-001"}
    assert traffic.local and traffic.refused == []


def test_the_lead_rewrites_compares_sees_what_the_model_saw_and_approves_in_english(
    workplace: Workplace, english: tuple[object, Traffic]
) -> None:
    context, traffic = english
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(workplace.url + "/tickets/T-EN-001")
    assert page.locator("html").get_attribute("lang") == "en"
    sign_in(page, workplace.admin_key, name="Yamamoto")
    page.locator("#message:not(:empty)").wait_for()
    page.keyboard.press("d")
    page.locator("#editor:not([hidden])").wait_for(timeout=60_000)
    assert page.locator("#findings li.error").count() == 0 and page.locator("#approve").is_enabled()

    # Rewritten shorter by the model: a new version, with a diff against the first.
    page.click('[data-style="shorter"]')
    page.locator("#notice.ok").filter(has_text="Rewritten (shorter), version 2").wait_for(timeout=60_000)
    page.keyboard.press("v")
    page.locator('#versions li[data-version="2"]').wait_for()
    assert "rewritten" in page.locator('#versions li[data-version="2"]').inner_text()
    page.click("#show-diff")
    page.locator("#diff .diff-text").wait_for()
    assert page.locator("#diff ins, #diff del").count() > 0
    screenshot(page, "en-versions-diff")

    # What the model saw: both calls, placeholders where the customer's name was.
    page.keyboard.press("m")
    page.locator(".model-call").nth(1).wait_for()
    calls = page.locator("#model-calls").inner_text()
    assert "openai/stub-model" in calls and "drafting" in calls and "rewrite" in calls
    customer = demo_ticket("T-EN-001")["from"]["name"]
    assert customer not in calls and "<PERSON_" in calls
    screenshot(page, "en-model-calls")

    # A number nobody backs is marked "no source"; taken out again, the draft is clean.
    text = page.locator("#draft-body").input_value()
    after_greeting = text.index("\n\n") + 2  # (the greeting and the signature are not checked)
    put_caret(page, after_greeting)
    unbacked = "We will refund 4,321 yen. "
    page.keyboard.type(unbacked)
    page.locator("#draft-marks mark.no-source").first.wait_for()
    page.click("#tab-claims")
    assert "no source" in page.locator("#claims li.no-source").first.inner_text()
    screenshot(page, "en-claim-without-source")
    put_caret(page, after_greeting + len(unbacked))
    for _ in unbacked:
        page.keyboard.press("Backspace")
    page.locator("#draft-marks mark.no-source").first.wait_for(state="detached")
    page.locator("#check-state").filter(has_text="0 errors").wait_for()

    page.click("#approve")
    page.locator("#notice.ok").filter(has_text="Approved").wait_for()
    draft = api(workplace, "GET", "/v1/tickets/T-EN-001/draft").json()
    assert draft["status"] == "approved" and draft["approval"]["override_reason"] is None

    # The language: switched in the header, kept across pages.
    page.click('[data-language="ja"]')
    assert page.locator("#tab-findings").inner_text() == "指摘" and page.locator("html").get_attribute("lang") == "ja"
    page.reload()
    page.locator("#message:not(:empty)").wait_for()
    assert page.locator("#draft-reply").inner_text() == "返信案を作成"
    page.keyboard.press("?")
    page.locator("#shortcuts[open]").wait_for()
    assert "返信案を作成" in page.locator("#shortcut-list").inner_text()
    screenshot(page, "ja-shortcuts")
    assert page.evaluate("Object.keys(sessionStorage)") == ["draftdesk-key"]
    assert traffic.local and traffic.refused == []


def test_an_agent_works_by_keyboard_and_is_told_when_the_drafter_cannot_rewrite(
    workplace: Workplace, english: tuple[object, Traffic]
) -> None:
    context, traffic = english
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(workplace.url + "/")
    sign_in(page, workplace.agent_key, name="Sato")
    page.locator('#tickets tr[data-ticket-id="T-EN-002"]').wait_for()
    page.keyboard.press("k")  # from nowhere, k goes to the last ticket: the one waiting longest
    assert page.evaluate("document.activeElement.closest('tr').dataset.ticketId") == "T-EN-002"
    page.keyboard.press("Enter")
    page.wait_for_url("**/tickets/T-EN-002")
    page.locator("#message:not(:empty)").wait_for()
    page.keyboard.press("d")
    page.locator("#editor:not([hidden])").wait_for(timeout=60_000)

    # A service on the template drafter answers a rewrite with this problem (the model
    # here would rewrite, so the answer is put in the browser's way): the page says it.
    refusal = CannotRewrite("the template drafter cannot rewrite; set DRAFTDESK_MODEL to a model")
    problem = {"type": refusal.type_uri, "title": refusal.title, "status": refusal.status_code, "detail": refusal.detail}
    page.route(
        "**/rewrite",
        lambda route: route.fulfill(status=409, content_type="application/problem+json", body=json.dumps(problem)),
    )
    page.click('[data-style="warmer"]')
    page.locator("#notice.error").filter(has_text="set DRAFTDESK_MODEL to a model").wait_for()

    page.keyboard.press("a")  # approve: allowed, the draft has no error finding
    page.locator("#notice.ok").filter(has_text="Approved").wait_for()
    approved = api(workplace, "GET", "/v1/tickets/T-EN-002/draft").json()
    assert approved["status"] == "approved" and approved["approval"]["by"] == "Sato"
    assert traffic.local and traffic.refused == []


SHIFTS = [  # (before, after, span [start, end) in before, where it is in after; None: touched, placeless)
    ("今日は11月18日です", "はい、今日は11月18日です", (3, 9), (6, 12)),  # typed before: moves along
    ("今日は11月18日です", "今日は11月18日ですね", (3, 9), (3, 9)),  # typed after: stays
    ("今日は11月18日です", "今日は11月19日です", (3, 9), None),  # changed inside: loses its place
    ("今日は11月18日です", "今日11月18日です", (3, 9), (2, 8)),  # deleted before
    ("at 4,321 yen.", "at 4,321 yen.", (3, 12), (3, 12)),  # no change
    ("ab", "aab", (1, 2), (2, 3)),  # ambiguous insert: the shared prefix decides
]


def test_marks_follow_the_text_as_it_is_edited(workplace: Workplace, english: tuple[object, Traffic]) -> None:
    """The editor's span arithmetic (static/console_spans.js), run where it runs: in the browser."""
    context, _ = english
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(workplace.url + "/")
    moved = page.evaluate(
        """async (cases) => {
            const { shift, spanned } = await import("/static/console_spans.js");
            return cases.map(([before, after, [start, end]]) => {
                const [span] = shift([spanned({ start, end, excerpt: before.slice(start, end) }, before)], before, after);
                return span.start < 0 ? null : [span.start, span.end, after.slice(span.start, span.end)];
            });
        }""",
        [[before, after, list(span)] for before, after, span, _ in SHIFTS],
    )
    expected = [
        None if where is None else [*where, before[span[0] : span[1]]] for before, _, span, where in SHIFTS
    ]
    assert moved == expected
