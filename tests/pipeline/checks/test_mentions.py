"""Mentions and sentences: what the grounding and estimate rules compare, with spans."""

from __future__ import annotations

from datetime import date

import pytest

from draftdesk.text.mentions import find_durations, find_mentions
from draftdesk.text.sentences import split_sentences

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2026年11月25日にお届け", "date", "2026-11-25"),
        ("11月25日(水)にお届け", "date", "2026-11-25"),
        ("お届けは11/25頃", "date", "2026-11-25"),
        ("arrives Nov 25", "date", "2026-11-25"),
        ("arrives November 25 (Wed)", "date", "2026-11-25"),
        ("arrives 25 November", "date", "2026-11-25"),
        ("shipped 2026-11-25", "date", "2026-11-25"),
        ("ご注文番号 HM-24-00012 について", "order_number", "HM2400012"),
        ("伝票番号は 4512-3456-7890 です", "tracking_number", "451234567890"),
        ("合計 ¥1,200 です", "amount", "1200"),
        ("合計 1,200円 です", "amount", "1200"),
        ("a refund of $12.00", "amount", "12"),
        ("煎茶を2点", "quantity", "2"),
        ("Sencha 100g × 2", "quantity", "2"),
        ("2 items", "quantity", "2"),
        ("it arrives on the 25th", "day", "25"),  # English's bare day of the month
        ("dispatched 25/11", "date", "2026-11-25"),  # day first: no month 25
        ("by the 3rd, please", "day", "3"),
        ("午後3時までにお届け", "time", "15:00"),  # a time of day, on a 24-hour clock
        ("ready by 3:30 pm", "time", "15:30"),
        ("13時半までのご注文", "time", "13:30"),
        ("70℃のお湯", "measure", "70"),
        ("refund of 18.3 for the tin", "amount", "18.30"),  # no currency: still money
        ("返金額は25.5米ドルです", "amount", "25.50"),
        ("Tokoname teapot x 4, shipped", "quantity", "4"),  # the quantity closes a clause
        ("急須を二十点", "quantity", "20"),
        ("two packs of sencha", "quantity", "2"),
    ],
)
def test_each_written_form_is_found_with_its_span_and_normalised(text, kind, value):
    [mention] = [m for m in find_mentions(text, today=TODAY) if m.kind == kind]
    assert text[mention.start : mention.end] == mention.text
    assert mention.value.replace("-", "") == value.replace("-", "") if kind != "date" else mention.value == value


def test_a_date_in_january_written_in_november_is_next_year():
    [mention] = [m for m in find_mentions("1月5日に入荷予定", today=TODAY) if m.kind == "date"]
    assert mention.value == "2027-01-05"


@pytest.mark.parametrize(
    ("text", "days", "lengths"),
    [
        ("お届け間隔を45日または60日に変更できます。", [], ["45日", "60日"]),  # no month has them
        ("18日に到着、31日に発送", ["18日", "31日"], []),
        ("90日ごとにお届けします。", [], []),  # 〜ごと is an interval the duration pattern leaves out
    ],
)
def test_a_bare_day_past_31_is_a_length_not_a_day_of_the_month(text, days, lengths):
    mentions = find_mentions(text, today=TODAY)
    assert [m.text for m in mentions if m.kind == "day"] == days
    assert [m.text for m in find_durations(text, besides=mentions)] == lengths


@pytest.mark.parametrize(
    ("text", "language", "sentences"),
    [
        ("発送いたしました。お届けは明日です！ご確認ください", "ja", ["発送いたしました。", "お届けは明日です！", "ご確認ください"]),
        ("一行目\n二行目", "ja", ["一行目", "二行目"]),
        ("It shipped on Nov. 16. It arrives soon! Thanks", "en", ["It shipped on Nov. 16.", "It arrives soon!", "Thanks"]),
    ],
)
def test_sentences_split_with_offsets(text, language, sentences):
    spans = split_sentences(text, language, offset=10)
    assert [s.text.strip() for s in spans] == sentences
    assert all(text[s.start - 10 : s.end - 10] == s.text for s in spans)


@pytest.mark.parametrize("text", ["the 2nd time we asked", "the 3rd item in the box", "on the 1st floor", "the 4th of the month"])
def test_an_ordinal_that_counts_something_else_is_no_day(text):
    assert [m for m in find_mentions(text, today=TODAY) if m.kind == "day"] == []
