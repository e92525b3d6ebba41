from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.errors import ConfigurationError
from draftdesk.knowledge import content_hash, load_passages, parse_policy

FIXTURES = Path(__file__).parent / "fixtures" / "policies"


def test_each_second_level_heading_is_a_passage_with_a_stable_id_and_metadata():
    passages = {p.id: p for p in load_passages(FIXTURES)}
    assert set(passages) == {
        "shipping-ja#fees", "shipping-ja#free-shipping", "shipping-ja#tracking",
        "returns-ja#window", "returns-ja#how-to",
        "shipping-en#fees", "shipping-en#free-shipping", "shipping-en#tracking",
        "returns-en#window", "returns-en#how-to",
    }
    free = passages["shipping-ja#free-shipping"]
    assert free.title == "配送について > 送料無料"
    assert free.allows == ("free_shipping",)
    assert free.intents == ("where_is_my_order", "delay")
    assert free.language == "ja" and free.topic == "shipping"
    assert free.source == "policies/ja/shipping.md" and free.line == 11
    assert "allows" not in free.text and free.text.startswith("5,000円")


def test_an_asks_block_gives_the_customer_questions_and_stays_out_of_the_text():
    text = (
        "---\nid: t-ja\ntopic: t\n---\n# 配送\n## 送料 {#fees}\n<!-- allows: coupon -->\n<!-- asks:\n"
        "送料はいくら？\n\n  北海道だと高い？  \n-->\n送料は660円です。\n## 追跡 {#tracking}\n伝票番号をお送りします。"
    )
    fees, tracking = parse_policy(text, source=Path("p.md"), language="ja")
    assert fees.asks == ("送料はいくら？", "北海道だと高い？")
    assert fees.text == "送料は660円です。" and fees.allows == ("coupon",)
    assert tracking.asks == () and tracking.text == "伝票番号をお送りします。"


def test_the_hash_changes_with_what_is_embedded_only():
    passage = load_passages(FIXTURES)[0]
    assert content_hash(passage) == content_hash(passage.model_copy())
    assert content_hash(passage) != content_hash(passage.model_copy(update={"text": passage.text + "。"}))
    assert content_hash(passage) != content_hash(passage.model_copy(update={"asks": ("送料はいくら？",)}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter\n## a {#a}\nx", "starts with '---'"),
        ("---\nid: x-ja\ntopic: t\n", "not closed"),
        ("---\nid: Bad Id\ntopic: t\n---\n## a {#a}\nx", "front matter: id"),
        ("---\nid: t-en\ntopic: t\n---\n## a {#a}\nx", "does not end in -ja"),
        ("---\nid: t-ja\ntopic: t\nintents: [shopping]\n---\n## a {#a}\nx", "unknown ['shopping']"),
        ("---\nid: t-ja\ntopic: t\n---\n## no slug\nx", ":5: a '##' heading needs a stable id"),
        ("---\nid: t-ja\ntopic: t\n---\n## a {#a}\n<!-- allows: cash -->\nx", ":6: allows: unknown ['cash']"),
        ("---\nid: t-ja\ntopic: t\n---\n# only a title\n", "no '## Title"),
        ("---\nid: t-ja\ntopic: t\n---\n## a {#a}\n<!-- asks:\nいくら？\n## b {#b}\nx", ":6: the asks block is not closed"),
        ("---\nid: t-ja\ntopic: t\n---\n## a {#a}\n<!-- asks:\nいくら？ -->\nx", ":6: the asks block is not closed"),
        ("---\nid: t-ja\ntopic: t\n---\n## a {#a}\n<!-- asks:\nいくら？\n", ":6: the asks block is not closed"),
    ],
)
def test_a_malformed_document_is_a_configuration_error_naming_file_and_line(text, message):
    with pytest.raises(ConfigurationError) as error:
        parse_policy(text, source=Path("p.md"), language="ja")
    assert message in error.value.detail and "p.md" in error.value.detail


def test_a_duplicated_id_is_refused(tmp_path):
    (tmp_path / "ja").mkdir()
    for name in ("a.md", "b.md"):
        (tmp_path / "ja" / name).write_text("---\nid: t-ja\ntopic: t\n---\n## a {#a}\nx", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="used twice"):
        load_passages(tmp_path)


def test_the_real_policies_parse_and_share_slugs_across_languages():
    root = Path(__file__).parent.parent / "knowledge" / "policies"
    passages = load_passages(root)
    slugs = {lang: {p.id.replace(f"-{lang}#", "#") for p in passages if p.language == lang} for lang in ("ja", "en")}
    assert slugs["ja"] == slugs["en"]
    assert len(passages) >= 40
