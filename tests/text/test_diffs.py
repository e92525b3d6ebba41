"""Diffs between versions: the changes put the two texts back together exactly, by
word in English and by character in Japanese; the unified diff is by line."""

from __future__ import annotations

import pytest

from draftdesk.text.diffs import diff_texts, token_changes, tokens


def ops(before: str, after: str) -> list[tuple[str, str, str]]:
    return [(c.op, c.from_text, c.to_text) for c in token_changes(before, after)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a refund of ¥2,400.", ["a", " ", "refund", " ", "of", " ", "¥", "2,400", "."]),
        ("注文HM-24-00012を確認", ["注", "文", "HM-24-00012", "を", "確", "認"]),
        ("don't  stop", ["don't", "  ", "stop"]),
    ],
)
def test_latin_words_and_numbers_are_tokens_and_japanese_is_by_character(text, expected):
    assert tokens(text) == expected and "".join(tokens(text)) == text


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "お荷物は11月18日に届きます。", "お荷物は11月20日にお届けします。",
            [("equal", "お荷物は11月", "お荷物は11月"), ("replace", "18", "20"), ("equal", "日に", "日に"),
             ("replace", "届き", "お届けし"), ("equal", "ます。", "ます。")],
        ),
        (
            "The quick brown fox costs ¥2,400.", "The slow red fox costs ¥3,400.",
            [("equal", "The ", "The "), ("replace", "quick brown", "slow red"), ("equal", " fox costs ¥", " fox costs ¥"),
             ("replace", "2,400", "3,400"), ("equal", ".", ".")],
        ),
        ("Thanks.", "Thanks. See you.", [("equal", "Thanks.", "Thanks."), ("insert", "", " See you.")]),
        ("申し訳ございません。以上です。", "以上です。", [("delete", "申し訳ございません。", ""), ("equal", "以上です。", "以上です。")]),
        ("same", "same", [("equal", "same", "same")]),
    ],
    ids=["japanese-by-character", "english-by-word", "insert", "delete", "equal"],
)
def test_changes_are_by_token_with_one_character_gaps_folded_in(before, after, expected):
    assert ops(before, after) == expected


def test_the_changes_rebuild_both_texts_and_the_unified_diff_is_by_line():
    before = "件名\n\n山田 太郎 様\n\nお届けは11月18日頃の見込みです。\n何卒よろしくお願い申し上げます。"
    after = "件名\n\n山田 太郎 様\n\nお届けは11月19日頃の予定です。\n何卒よろしくお願い申し上げます。"
    diff = diff_texts(before, after, from_name="v1", to_name="v2")
    assert "".join(c.from_text for c in diff.changes) == before
    assert "".join(c.to_text for c in diff.changes) == after
    lines = diff.unified.splitlines()
    assert lines[:3] == ["--- v1", "+++ v2", "@@ -2,5 +2,5 @@"]
    assert [line for line in lines[3:] if line[0] != " "] == ["-お届けは11月18日頃の見込みです。", "+お届けは11月19日頃の予定です。"]
