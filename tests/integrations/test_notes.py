"""The note under a draft: the reply, its findings and cited passages, in the draft's
language; Zendesk's HTML escapes whatever the customer's words put in it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Citation, Draft, Finding, Intent, Language, ModelInfo, Severity
from draftdesk.integrations.notes import NoteRenderer, ordered_findings

RENDERER = NoteRenderer(PROJECT_ROOT / "prompts")
HOSTILE = '<img src=x onerror="alert(1)"> & <script>fetch("//evil")</script>'


def finding(rule: str, severity: Severity, message: str, start: int) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, start=start, end=start + 2, excerpt="…")


def draft(language: Language, **changes: object) -> Draft:
    values: dict[str, object] = {
        "id": "d_7f3a",
        "ticket_id": "zendesk-4812",
        "version": 2,
        "language": language,
        "intent": Intent.DELAY,
        "subject": "ご注文 HM-24-00012 の配送について" if language == "ja" else "Your order HM-24-00040",
        "body": "山田 太郎 様\n\n11月16日に発送いたしました。\n到着は11月22日の見込みです。"
        if language == "ja"
        else "Dear Emily Carter,\n\nWe shipped your order on November 16.\nIt is expected to arrive on November 22.",
        "findings": [
            finding("HS005", Severity.WARNING, "曖昧な時期" if language == "ja" else "vague time", 40),
            finding("HS017", Severity.SUGGESTION, "長さ" if language == "ja" else "length", 5),
            finding("HS002", Severity.ERROR, "目安と明記" if language == "ja" else "mark the estimate", 60),
        ],
        "citations": [Citation(passage_id="shipping-ja#delay", title="配送の遅れ", score=0.81),
                      Citation(passage_id="shipping-en#tracking", title="Tracking", score=0.62)],
        "model": ModelInfo(name="template"),
    }
    return Draft.model_validate(values | changes)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)


def tags_of(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


# --- Zendesk ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_zendesk_note_escapes_everything_the_customer_could_have_written(language: Language) -> None:
    hostile = draft(
        language,
        subject=HOSTILE,
        body=f"{HOSTILE}\nsecond line",
        findings=[finding("HS003", Severity.ERROR, HOSTILE, 0)],
        citations=[Citation(passage_id='x"><b>', title=HOSTILE, score=0.5)],
        flags=["suspected_injection"],
    )
    html = RENDERER.zendesk_html(hostile)
    parsed = tags_of(html)
    assert parsed.tags <= {"p", "strong", "br", "hr", "ul", "li"}
    assert parsed.attributes == []
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;fetch(&#34;//evil&#34;)&lt;/script&gt;" in html
    assert "&amp;" in html


def test_zendesk_note_keeps_the_reply_s_line_breaks() -> None:
    html = RENDERER.zendesk_html(draft("ja"))
    assert "<p>山田 太郎 様<br>\n<br>\n11月16日に発送いたしました。<br>\n到着は11月22日の見込みです。</p>" in html


def test_zendesk_note_in_japanese() -> None:
    html = RENDERER.zendesk_html(draft("ja"))
    assert "Draftdesk の返信案" in html and "下書き d_7f3a 第2版" in html
    assert "<strong>件名:</strong> ご注文 HM-24-00012 の配送について" in html
    findings = [line for line in html.splitlines() if line.startswith("<li>[")]
    assert findings == ["<li>[エラー] HS002: 目安と明記</li>", "<li>[警告] HS005: 曖昧な時期</li>", "<li>[提案] HS017: 長さ</li>"]
    assert "<li>shipping-ja#delay — 配送の遅れ</li>" in html and "<li>shipping-en#tracking — Tracking</li>" in html
    assert "House-style" not in html


def test_zendesk_note_in_english() -> None:
    html = RENDERER.zendesk_html(draft("en"))
    assert "Draftdesk draft reply" in html and "draft d_7f3a, version 2" in html
    findings = [line for line in html.splitlines() if line.startswith("<li>[")]
    assert findings == ["<li>[error] HS002: mark the estimate</li>", "<li>[warning] HS005: vague time</li>",
                        "<li>[suggestion] HS017: length</li>"]
    assert "<strong>Cited policy</strong>" in html
    assert "スタイルチェック" not in html


@pytest.mark.parametrize(("language", "no_findings", "no_citations"),
                         [("ja", "指摘はありません。", "引用はありません。"), ("en", "No findings.", "No passages cited.")])
def test_zendesk_note_says_when_there_is_nothing_to_report(language: Language, no_findings: str, no_citations: str) -> None:
    html = RENDERER.zendesk_html(draft(language, findings=[], citations=[]))
    assert f"<p>{no_findings}</p>" in html and f"<p>{no_citations}</p>" in html
    assert "<ul>" not in html


def test_flags_are_shown_only_when_raised() -> None:
    assert "要確認" not in RENDERER.zendesk_html(draft("ja"))
    flagged = RENDERER.zendesk_html(draft("ja", flags=["sender_mismatch", "pii_in_ticket"]))
    assert "<p><strong>要確認:</strong> sender_mismatch, pii_in_ticket</p>" in flagged


# --- Chatwoot ----------------------------------------------------------------------------


def test_chatwoot_note_keeps_the_reply_verbatim_for_copying() -> None:
    reply = draft("ja", body=f"山田 太郎 様\n{HOSTILE}\n以上")
    note = RENDERER.chatwoot_markdown(reply)
    assert reply.body in note  # Chatwoot renders it as it renders the customer's own message


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("ja", ["**Draftdesk の返信案**(お客様には送信されていません・下書き d_7f3a 第2版)",
                "- [エラー] HS002: 目安と明記", "- [警告] HS005: 曖昧な時期", "- [提案] HS017: 長さ",
                "- shipping-ja#delay — 配送の遅れ", "**件名:** ご注文 HM-24-00012 の配送について"]),
        ("en", ["**Draftdesk draft reply** (not sent to the customer; draft d_7f3a, version 2)",
                "- [error] HS002: mark the estimate", "- [warning] HS005: vague time", "- [suggestion] HS017: length",
                "- shipping-en#tracking — Tracking", "**Subject:** Your order HM-24-00040"]),
    ],
)
def test_chatwoot_note_in_each_language(language: Language, lines: list[str]) -> None:
    note = RENDERER.chatwoot_markdown(draft(language)).splitlines()
    for line in lines:
        assert line in note
    finding_lines = [line for line in note if line.startswith("- [")]
    assert len(finding_lines) == 3 and "HS002" in finding_lines[0]


def test_chatwoot_lists_and_rule_are_separated_by_blank_lines() -> None:
    """Markdown turns "text\\n---" into a heading and glues a list to the line above it."""
    note = RENDERER.chatwoot_markdown(draft("en")).splitlines()
    rule = note.index("---")
    assert note[rule - 1] == "" and note[rule + 1] == ""
    first_item = next(i for i, line in enumerate(note) if line.startswith("- "))
    assert note[first_item - 1] == ""


@pytest.mark.parametrize(("language", "text"), [("ja", "指摘はありません。"), ("en", "No findings.")])
def test_chatwoot_note_without_findings(language: Language, text: str) -> None:
    assert text in RENDERER.chatwoot_markdown(draft(language, findings=[])).splitlines()


# --- the templates are the shop's; mistakes fail loudly -------------------------------------


def test_a_misspelt_variable_fails_instead_of_rendering_blank(tmp_path: Path) -> None:
    (tmp_path / "notes" / "en").mkdir(parents=True)
    (tmp_path / "notes" / "en" / "zendesk.html.j2").write_text("<p>{{ draft.bodyy }}</p>", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        NoteRenderer(tmp_path).zendesk_html(draft("en"))


def test_a_shop_s_own_template_is_used_and_still_escaped(tmp_path: Path) -> None:
    (tmp_path / "notes" / "en").mkdir(parents=True)
    (tmp_path / "notes" / "en" / "zendesk.html.j2").write_text("<p>{{ draft.subject }}</p>", encoding="utf-8")
    assert NoteRenderer(tmp_path).zendesk_html(draft("en", subject="<b>hi</b>")) == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_ordered_findings_errors_first_then_by_position() -> None:
    findings = [finding("B", Severity.WARNING, "", 1), finding("C", Severity.ERROR, "", 9),
                finding("A", Severity.ERROR, "", 3), finding("D", Severity.SUGGESTION, "", 0)]
    assert [f.rule for f in ordered_findings(findings)] == ["A", "C", "B", "D"]
