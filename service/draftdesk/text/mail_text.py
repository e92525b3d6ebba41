"""Mail as customers send it → the customer's own words.

Plain text from HTML, quoted reply history and signatures stripped, reply prefixes
dropped from the subject. Pure functions of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from draftdesk.errors import InvalidInput
from draftdesk.text.visible import visible_length

_HTML_TAG = re.compile(
    r"</?(?:html|head|body|p|br|div|span|a|b|i|u|strong|em|font|table|tbody|tr|td|th|ul|ol|li"
    r"|blockquote|h[1-6]|img|hr|style|script|meta|pre|center)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p br div li ul ol tr table h1 h2 h3 h4 h5 h6 hr pre blockquote section article header footer dt dd".split()
)
_HIDDEN_TAGS = frozenset({"style", "script", "head", "title", "template"})


def _looks_like_html(body: str) -> bool:
    return _HTML_TAG.search(body) is not None


class _TextExtractor(HTMLParser):
    """Visible text with block tags as line breaks; `<blockquote>` lines come out
    prefixed with `> `, so quoted history is stripped the same way as in plain mail."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._line_depth = 0
        self._quote_depth = 0
        self._hidden_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open_or_close(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br":
            self._open_or_close(tag, -1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open_or_close(tag, +1)

    def handle_data(self, data: str) -> None:
        if self._hidden_depth:
            return
        if self._pre_depth:
            first, *rest = data.split("\n")
            self._add(first)
            for part in rest:
                self.break_line(hard=True)
                self._add(part)
        else:
            self._add(re.sub(r"\s+", " ", data))

    def break_line(self, *, hard: bool) -> None:
        """A soft break only ends a line that has text; `<br>` and paragraphs break hard."""
        line = "".join(self._line).replace("\xa0", " ").strip()
        if line or hard:
            self.lines.append("> " * self._line_depth + line if line else "")
        self._line, self._line_depth = [], self._quote_depth

    def _open_or_close(self, tag: str, step: int) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth + step)
        elif tag == "br":
            self.break_line(hard=True)
        elif tag in _BLOCK_TAGS:
            self.break_line(hard=False)
            if tag == "p" and step < 0:
                self.break_line(hard=True)
            elif tag == "blockquote":
                self._quote_depth = self._line_depth = max(0, self._quote_depth + step)
            elif tag == "pre":
                self._pre_depth = max(0, self._pre_depth + step)

    def _add(self, data: str) -> None:
        if data.strip():
            self._line_depth = max(self._line_depth, self._quote_depth)
        self._line.append(data)


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    extractor.break_line(hard=False)
    return _tidy("\n".join(extractor.lines))


# --- quoted history and signature -----------------------------------------------

_QUOTED = re.compile(r"^\s*[>＞]")
_WROTE = re.compile(r"^On\s.+\swrote:\s*$", re.IGNORECASE)
_JA_REPLY_HEADER = re.compile(
    r"^\d{4}[年/.-]\d{1,2}[月/.-]\d{1,2}.*\d{1,2}:\d{2}.*(?::|wrote:?|書きました[。:]?|のメッセージ:?|のメール:?)$"
)
_SEPARATED_HEADER = re.compile(
    r"^-{2,}\s*(?:original message|元のメッセージ|forwarded message|転送されたメッセージ|返信元のメッセージ)\s*-{2,}$",
    re.IGNORECASE,
)
_FROM_LINE = re.compile(r"^(?:from|差出人|送信者)\s*:", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^(?:sent|date|to|subject|送信日時|日時|宛先|件名)\s*:", re.IGNORECASE)
_SIGNATURE_DASHES = re.compile(r"^--\s*$")
_SENT_FROM = re.compile(
    r"^(?:sent from (?:my|mail for) \S.{0,30}|get outlook for \S.{0,20}|\S{1,20}\s?から送信)$", re.IGNORECASE
)
_SEPARATOR = re.compile(r"^\s*(?:[━─―—=*_~\-ー・■□◆◇◎☆★●○]\s*){3,}$")
_MAX_SIGNATURE_LINES = 7
_SENTENCE_END = re.compile(r"[。？！?!]\s*$")
# A line ended as a sentence, by a full stop too: outside a fenced block, the customer's
# own words (a form's fields and a bare name end in none of these).
_OWN_SENTENCE = re.compile(r"[。．.？！?!]\s*$")
_BLANK_RUNS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_lines(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _split_history(text: str) -> tuple[str, str]:
    """(the customer's own lines, the quoted history). Quoted lines are history; at a
    reply header, everything below is too, unless the header introduces `>` quotes
    (inline or bottom posting keeps the answers)."""
    lines = text.split("\n")
    kept: list[str] = []
    quoted: list[str] = []
    index = 0
    while index < len(lines):
        header_length = _reply_header_length(lines, index)
        if header_length:
            next_text = next((rest for rest in lines[index + header_length :] if rest.strip()), "")
            if not _QUOTED.match(next_text):
                quoted.extend(lines[index:])
                break
            quoted.extend(lines[index : index + header_length])
            index += header_length
        elif not _QUOTED.match(lines[index]):
            kept.append(lines[index])
            index += 1
        else:
            quoted.append(lines[index])
            index += 1
    return "\n".join(kept), "\n".join(quoted)


def _reply_header_length(lines: list[str], index: int) -> int:
    """How many lines the reply header starting at `index` spans (0: none there)."""
    line, *following = (unicodedata.normalize("NFKC", text).strip() for text in lines[index : index + 5])
    if _WROTE.match(line) or _JA_REPLY_HEADER.match(line) or _SEPARATED_HEADER.match(line):
        return 1
    if line.startswith("On ") and following and _WROTE.match(f"{line} {following[0]}"):
        return 2  # a header wrapped over two lines
    if _FROM_LINE.match(line) and any(_HEADER_FIELD.match(rest) for rest in following):
        return 1
    return 0


def _drop_signature(text: str) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _SIGNATURE_DASHES.match(line) or _SENT_FROM.match(unicodedata.normalize("NFKC", line).strip()):
            lines = lines[:index]
            break
    content = [index for index, line in enumerate(lines) if line.strip()]
    for index in content[-(_MAX_SIGNATURE_LINES + 1) :]:  # a signature's separator is near the end
        if _is_separator(lines[index]) and _is_signature(lines[index + 1 :]) and any(
            before.strip() and not _is_separator(before) for before in lines[:index]
        ):
            return "\n".join(lines[:index])
    return "\n".join(lines)


def _is_separator(line: str) -> bool:
    return _SEPARATOR.match(unicodedata.normalize("NFKC", line)) is not None


def _is_signature(lines: list[str]) -> bool:
    """A short block of name, company, address, contact lines: no sentences in it."""
    content = [line for line in lines if line.strip()]
    return len(content) <= _MAX_SIGNATURE_LINES and not any(_SENTENCE_END.search(line) for line in content)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (not lines[-1] or _is_separator(lines[-1])):
        lines.pop()
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|返信|転送)\s*(?:\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)


def clean_subject(subject: str) -> str:
    return _REPLY_PREFIX.sub("", " ".join(_normalise_lines(subject).split()))


def carried_subject(subject: str) -> bool:
    """True when the subject was carried over from an earlier mail (Re:, Fwd:, 返信:):
    it names what that mail was about, not necessarily what this one asks."""
    return _REPLY_PREFIX.match(" ".join(_normalise_lines(subject).split())) is not None


# --- the whole mail -------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """`body` is the plain text with history; `own` the customer's part, signature
    included; `text` their words alone; `quoted` the history (quoted lines, and a reply
    header with everything below it)."""

    body: str
    own: str
    text: str
    quoted: str


def read_mail(raw: str, *, may_be_empty: bool = False) -> Mail:
    """`may_be_empty`: a body that is only a signature ("Sent from my iPhone" under a
    subject that asks) gives a `Mail` with no `text` instead of a refusal. One that is only
    quoted history is refused all the same: the customer wrote nothing new, and a subject
    carried over from the thread would be answered again."""
    body = _normalise_lines(raw)
    if visible_length(body) == 0:  # zero-width spaces and fillers are no message either
        raise InvalidInput("ticket body is empty")
    if _looks_like_html(body):
        body = html_to_text(body)
        if not body:
            raise InvalidInput("ticket body has no text once the HTML markup is removed")
    own, quoted = _split_history(body)
    text = _tidy(_drop_signature(own))
    if visible_length(text) == 0 and (not may_be_empty or visible_length(own) == 0):
        raise InvalidInput("ticket body is empty after removing quoted history and signature")
    return Mail(body=body, own=own, text=text, quoted=_tidy(quoted))


def unfenced(text: str) -> str:
    """`text` (a mail's own words) without the blocks set between two separator lines
    (`-----` … `-----`) when a sentence of the customer's stands outside them: a notice of
    the shop pasted as it came (【発送完了のお知らせ】 …, no `>` before its lines) or the
    order's details copied in show what the customer's line is about, not what it asks.
    What a mail asks is read from this; the mail's `text` keeps the block for drafting. A
    mail whose only sentences are fenced keeps them."""
    lines = text.split("\n")
    fences = [index for index, line in enumerate(lines) if _is_separator(line)]
    fenced = {
        index
        for start, end in zip(fences[::2], fences[1::2], strict=False)
        for index in range(start, end + 1)
    }
    if not fenced:
        return text
    outside = [line for index, line in enumerate(lines) if index not in fenced]
    if not any(_OWN_SENTENCE.search(line) for line in outside):
        return text
    return "\n".join(outside)
