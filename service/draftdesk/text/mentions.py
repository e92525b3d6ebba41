"""Dates, order and tracking numbers, amounts and quantities written in a text.

Each mention carries its span and a normalised value, so the checker can compare
"11月25日(水)", "Nov 25" and "2026-11-25" with the fact `2026-11-25`, or "¥2,400"
and "2,400円" with `2400`.
"""

from __future__ import annotations

import bisect
import calendar
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from draftdesk.text.keys import number_key
from draftdesk.text.order_numbers import OrderNumberFormat, fold_identifier_text, order_number_format

Kind = Literal[
    "date", "day", "period", "order_number", "tracking_number", "amount", "quantity", "duration", "time", "measure"
]

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_PATTERNS = [
    re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:\s*[（(][月火水木金土日][）)])?"),
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
    re.compile(r"(?<![\d/])(?:(?P<y>\d{4})/)?(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y2>\d{4}))?(?![\d/])"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?(?:\s*\((?:mon|tue|wed|thu|fri|sat|sun)\))?", re.I),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<y>\d{4}))?", re.I),
]
# A part of a month is a date too, only coarser: 12月上旬 (the 1st to the 10th), 11月末, 12月中,
# early December, mid-December, the end of November. Value: "first/last" as ISO dates.
_JA_PART = {"上旬": (1, 10), "初旬": (1, 10), "初め": (1, 10), "はじめ": (1, 10), "始め": (1, 10), "頭": (1, 10),
            "中旬": (11, 20), "半ば": (11, 20), "下旬": (21, 31), "末": (21, 31), "終わり": (21, 31),
            "前半": (1, 15), "後半": (16, 31), "中": (1, 31), "いっぱい": (1, 31)}  # fmt: skip
_EN_PART = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "first half": (1, 15), "mid": (11, 20),
            "middle": (11, 20), "second half": (16, 31), "late": (21, 31), "end": (21, 31)}  # fmt: skip
_JA_PERIOD = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:の)?(?P<part>" + "|".join(sorted(_JA_PART, key=len, reverse=True)) + ")"
)
_EN_PERIOD = re.compile(
    r"\b(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end|first\s+half|second\s+half)\s+of)[\s-]+(?:the\s+month\s+of\s+)?"
    + _MONTH + r"(?![a-z])(?![\s.]*\d{1,2}(?!\d))(?:,?\s+(?P<y>\d{4}))?",
    re.I,
)
# Every kind but an order number (the shop's pattern may be anything) is written with a digit.
_ANY_DIGIT = re.compile(r"\d")
_DAY_ONLY = re.compile(r"(?<![月\d])(?P<d>\d{1,2})日(?:\s*[（(][月火水木金土日][）)])?(?!間|ごと|以内|以上|前|後|分|程度|から|まで以内)")
# English's bare day of the month: "on the 17th", "by the 3rd" (not "the 3rd item", "the 2nd time")
_EN_DAY_ONLY = re.compile(
    r"(?<![A-Za-z\d])the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+(?:the\s+)?)?(?:month|item|time|box|parcel|order|tin|bag|pack|one|attempt|delivery|day|week|floor)s?\b)",
    re.I,
)
# Bounded by Latin letters and digits only: Japanese writes 伝票番号は4512-3456-7890です without spaces.
_TRACKING = re.compile(r"(?<![A-Za-z0-9_-])(?:\d{4}-\d{4}-\d{4}|[A-Z]{2}\d{9}[A-Z]{2}|\d{12})(?![A-Za-z0-9_-])")
_AMOUNT = re.compile(
    r"(?:[¥￥$€£]\s?(?P<a>\d[\d,]*(?:\.\d+)?))"
    r"|(?:(?<![\d,.])(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?:円|(?:米|US|豪|カナダ)?ドル|ユーロ|ポンド|yen\b|dollars?\b|euros?\b|pounds?\b|usd\b|jpy\b|eur\b|gbp\b))"  # from a run's first digit: linear
    r"|(?:(?:USD|JPY|EUR|GBP)\s?(?P<c>\d[\d,]*(?:\.\d+)?))",
    re.I,
)
# A number written with decimals and no unit is money (the total was 43.8, a refund of 25.5 — a
# writer leaves the currency to the order); not a part of a date (25.11.2026) or a version.
_DECIMAL_AMOUNT = re.compile(r"(?<![\d.,/:A-Za-z])(?P<n>\d{1,3}(?:,\d{3})*\.\d{1,2})(?![\d.]*\d|[.,]?[A-Za-z])")
# A time of day: 15:00, 3 p.m., 午後3時, 13時半 (not 13時間, a length).
_TIMES = [
    re.compile(r"(?<![\d:.,])(?P<h>\d{1,2})[:：](?P<mi>[0-5]\d)(?![\d:])(?:\s?(?P<ap>[ap])\.?m\b\.?)?", re.I),
    re.compile(r"(?P<ap>午前|午後)?(?<![\d.,])(?P<h>\d{1,2})時(?:(?P<mi>\d{1,2})分|(?P<half>半))?(?!間)"),
    re.compile(r"(?<![\d:.,])(?P<h>\d{1,2})\s?(?P<ap>[ap])\.?m\b\.?", re.I),
]
# A measure with its unit: a temperature, a volume, minutes or seconds (60度のお湯, 2分, 150 ml).
# Weights are left out: they name the products (玉露 50g); so is a count of times (もう1度, 2度目):
# a temperature has two digits; and a share (50% off): an offer's size, HS013's to judge.
_MEASURE = re.compile(
    r"(?<![\d.,])(?:(?P<t>[1-9]\d{1,2}(?:\.\d+)?)\s?(?:度|℃|°C?|°F|degrees?\b)"
    r"|(?P<n>\d+(?:\.\d+)?)\s?(?:(?:℃|°C?|°F|ミリリットル|ml|mL|cc|秒|分)(?!の)"
    r"|(?:minutes?|mins?|seconds?|secs?)\b))",
    re.I,
)


# A length of time: 7日以内, 3営業日, 2週間, 14 days, 2 business days (a bare 14日 is a day of the
# month, a bare 60日 a length).
_DURATION = re.compile(
    r"(?<![\d.,])(?P<n>\d+)\s?(?:(?:営業日|日間|日以内|日以上|日程度|日前|日後|週間|か月|ヶ月|カ月|ヵ月|時間)"
    r"|-?(?:(?:business|working|calendar)[ -])?(?:days?|weeks?|months?|hours?)\b)",
    re.I,
)
# Counters: 点, 個, 袋, 缶, パック; items, packs, tins, bags, boxes, bottles, jars. A count that makes
# up one item (羊羹 3本セット, 湯呑み 2客組, ティーバッグ 20袋入り, a 3-piece set) names the product,
# not how many were ordered.
_QUANTITY = re.compile(
    r"(?:[×x]\s?(?P<a>\d+)(?!\d|[.,]\d))|(?:(?<!\d)(?P<b>\d+)\s?(?:(?:点|個|客|本|箱|袋|缶|パック)(?!\s?(?:セット|組|入り|入|詰め|詰))|"
    r"(?:items?|pieces?|units?|packs?|packets?|tins?|bags?|box(?:es)?|bottles?|jars?)\b(?![ -]?(?:set|pack)\b)))",
    re.I,
)


# The same counts and lengths written in words: 三点, 二袋, 三日以内, 二営業日; two packs, three
# business days. A count that means "each" (一点ごとに, 一つずつ, 一点一点) counts nothing.
_JA_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_JA_NUMBER = r"(?<![一二三四五六七八九十百千万])(?P<j>[一二三四五六七八九]?十?[一二三四五六七八九]?)(?<=[一二三四五六七八九十])"
_EN_NUMBERS = {word: n for n, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), start=1)}
_EN_NUMBER = r"\b(?P<e>" + "|".join(_EN_NUMBERS) + r")\s"
_WORD_QUANTITY = re.compile(
    _JA_NUMBER + r"(?:点|個|客|箱|袋|缶|パック)(?!\s?(?:セット|組|入り|入|詰め|詰|ごと|ずつ|一|二))"
    r"|(?i:" + _EN_NUMBER + r"(?:items?|pieces?|units?|packs?|packets?|tins?|bags?|box(?:es)?|bottles?|jars?)\b(?![ -]?(?:set|pack)\b))"
)
_WORD_DURATION = re.compile(
    _JA_NUMBER + r"(?:営業日|日間|日以内|週間|か月|ヶ月|カ月|ヵ月)"
    r"|(?i:" + _EN_NUMBER + r"(?:(?:business|working|calendar)[ -])?(?:days?|weeks?|months?)\b)"
)


def _word_number(written: str) -> int:
    """三 is 3, 十二 is 12, 二十 is 20; "three" is 3."""
    if written.lower() in _EN_NUMBERS:
        return _EN_NUMBERS[written.lower()]
    tens, _, ones = written.rpartition("十")
    if "十" not in written:
        return _JA_DIGITS[written]
    return (_JA_DIGITS.get(tens, 1) if tens else 1) * 10 + _JA_DIGITS.get(ones, 0)


@dataclass(frozen=True)
class Mention:
    kind: Kind
    start: int
    end: int
    text: str
    value: str  # ISO date, day number, identifier without separators, or a plain number


def is_card_number(digits: str) -> bool:
    """13–19 digits that pass the Luhn check: what a payment card number looks like."""
    if not (13 <= len(digits) <= 19 and digits.isdigit()):
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_identifier(value: str) -> str:
    return number_key(value)


def normalise_number(value: str) -> str:
    number = float(value.replace(",", ""))
    return str(int(number)) if number.is_integer() else f"{number:.2f}"


def find_mentions(text: str, *, today: date, order_numbers: OrderNumberFormat | None = None) -> list[Mention]:
    """`order_numbers`: the shop's format (`order_number_format(shop)`); the common shapes without one."""
    numbers = (order_numbers or order_number_format()).find(text)
    normal = unicodedata.normalize("NFKC", text)
    text = normal if len(normal) == len(text) else text  # offsets must stay those of the original
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping: a bisect finds a clash in log time

    def add(kind: Kind, start: int, end: int, value: str) -> None:
        at = bisect.bisect_left(taken, (start, end))
        if (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end):
            return
        taken.insert(at, (start, end))
        found.append(Mention(kind, start, end, text[start:end], value))

    for number in numbers:
        add("order_number", number.start, number.end, number.key)
    for match in _WORD_QUANTITY.finditer(text):  # 三点, two packs: no digit
        add("quantity", *match.span(), str(_word_number(match["j"] or match["e"])))
    if _ANY_DIGIT.search(text) is None:
        for match in _EN_PERIOD.finditer(text):  # early December: no digit
            add("period", *_period_span(match), _resolve_period(match, today))
        return sorted(found, key=lambda m: m.start)
    for match in _TRACKING.finditer(text):
        add("tracking_number", *match.span(), normalise_identifier(match.group()))
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            resolved = _resolve_date(match, today)
            if resolved:
                add("date", *match.span(), resolved.isoformat())
    for pattern in (_JA_PERIOD, _EN_PERIOD):
        for match in pattern.finditer(text):
            add("period", *_period_span(match), _resolve_period(match, today))
    for pattern in (_DAY_ONLY, _EN_DAY_ONLY):
        for match in pattern.finditer(text):
            if _day_of_month(match):
                add("day", *match.span(), str(int(match["d"])))
    for match in _AMOUNT.finditer(text):
        add("amount", *match.span(), normalise_number(match["a"] or match["b"] or match["c"]))
    for pattern in _TIMES:
        for match in pattern.finditer(text):
            clock = _clock(match)
            if clock:
                add("time", *match.span(), clock)
    for match in _MEASURE.finditer(text):
        add("measure", *match.span(), normalise_number(match["t"] or match["n"]))
    for match in _DECIMAL_AMOUNT.finditer(text):
        add("amount", *match.span(), normalise_number(match["n"]))
    for match in _QUANTITY.finditer(text):
        add("quantity", *match.span(), str(int(match["a"] or match["b"])))
    return sorted(found, key=lambda m: m.start)


def without_identifiers(text: str, *, order_numbers: OrderNumberFormat | None = None) -> str:
    """`text` with its order and tracking numbers blanked out: the numbers left are plain ones."""
    spans = [(m.start, m.end) for m in (order_numbers or order_number_format()).find(text)]
    spans += [m.span() for m in _TRACKING.finditer(fold_identifier_text(text))]
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        if start >= cursor:
            pieces += [text[cursor:start], " "]
            cursor = end
    return "".join([*pieces, text[cursor:]])


def find_durations(text: str, *, besides: Sequence[Mention] = ()) -> list[Mention]:
    """Lengths of time written in `text` (value: the number), leaving out any that
    overlap `besides` (the text's mentions). Not mentions: the rules that read
    mentions (HS001's stated facts, HS003's grounding) predate them."""
    normal = unicodedata.normalize("NFKC", text)
    text = normal if len(normal) == len(text) else text
    found = []
    lengths = [(m, m["n"]) for m in _DURATION.finditer(text)]
    lengths += [(m, str(_word_number(m["j"] or m["e"]))) for m in _WORD_DURATION.finditer(text)]
    lengths += [(m, m["d"]) for m in _DAY_ONLY.finditer(text) if not _day_of_month(m)]  # お届け間隔 60日
    for match, number in sorted(lengths, key=lambda pair: pair[0].start()):
        start, end = match.span()
        if not any(m.start < end and start < m.end for m in besides):
            found.append(Mention("duration", start, end, match.group(), str(int(number))))
    return found


def _clock(match: re.Match[str]) -> str | None:
    """The time as HH:MM on a 24-hour clock (午後3時 and 3 p.m. are 15:00), or None if it is none."""
    groups = match.groupdict()
    hour, minute = int(groups["h"]), 30 if groups.get("half") else int(groups.get("mi") or 0)
    marker = (groups["ap"] or "").lower()
    if marker in ("p", "午後") and hour < 12:
        hour += 12
    elif marker in ("a", "午前") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour <= 24 and minute < 60 else None


def _day_of_month(match: re.Match[str]) -> bool:
    """A bare 14日 is a day of the month; 45日 or 60日 (no month has them) is a length of time."""
    return 1 <= int(match["d"]) <= 31


def _resolve_period(match: re.Match[str], today: date) -> str:
    """"first/last" of the part of the month (12月上旬: 2026-12-01/2026-12-10)."""
    groups = match.groupdict()
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    month = month if 1 <= month <= 12 else 1
    part = " ".join(groups["part"].lower().removeprefix("the ").removesuffix(" of").split())
    first, last = _JA_PART.get(groups["part"]) or _EN_PART[part]
    year = int(groups["y"]) if groups.get("y") else today.year + (1 if month < today.month - 6 else 0)
    days = calendar.monthrange(year, month)[1]
    return f"{date(year, month, first).isoformat()}/{date(year, month, min(last, days)).isoformat()}"


def _period_span(match: re.Match[str]) -> tuple[int, int]:
    """The match without a full stop that ends the sentence (late December.), not an abbreviation's (late Dec.)."""
    start, end = match.span()
    mon = match.groupdict().get("mon")
    if mon and len(mon) > 4 and match.group().endswith(f"{mon}."):
        end -= 1
    return start, end


def within(period: str, day: str) -> bool:
    """Whether the ISO date `day` falls in the period ("first/last")."""
    first, _, last = period.partition("/")
    return first <= day <= last


def _resolve_date(match: re.Match[str], today: date) -> date | None:
    groups = match.groupdict()
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"])
    if groups.get("m") and "/" in match.group() and month > 12 >= day:
        month, day = day, month  # 17/11: day first, as Britain and Australia write it
    year_text = groups.get("y") or groups.get("y2")
    year = int(year_text) if year_text else today.year
    if not year_text and month < today.month - 6:
        year += 1  # "1月5日" written in November means next January
    try:
        return date(year, month, day)
    except ValueError:
        return None
