"""intake: from a raw ticket to what later stages read.

Plain text from HTML mail, quoted history and signature stripped, language detected,
intent guessed by transparent keyword rules (`knowledge/intents.yaml`), order number
and phone candidates collected for the context stage, abusive-claimer signals flagged.
Everything here is a pure function of the ticket and the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated

from pydantic import Field

from service.domain import Frozen, Intent, Language, Ticket
from service.errors import ConfigurationError, InvalidInput
from service.files import load_yaml_model


class Intake(Frozen):
    """The ticket as later stages read it. `text` is the customer's own words (no
    quoted history, no signature); the evidence fields say why intent and abuse were
    decided, so an agent can see it and a shop can tune `knowledge/intents.yaml`."""

    subject: str
    text: str
    language: Language
    intent: Intent
    intent_evidence: tuple[str, ...] = ()
    order_numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    abusive: bool = False
    abusive_evidence: tuple[str, ...] = ()


def intake(ticket: Ticket, *, rules: IntentRules) -> Intake:
    body = _normalise_lines(ticket.body)
    if not body.strip():
        raise InvalidInput("ticket body is empty")
    if _looks_like_html(body):
        body = html_to_text(body)
        if not body:
            raise InvalidInput("ticket body has no text once the HTML markup is removed")
    own = _drop_history(body)
    text = _tidy(_drop_signature(own))
    if not text:
        raise InvalidInput("ticket body is empty after removing quoted history and signature")
    subject = _clean_subject(ticket.subject)
    language = ticket.language or detect_language(f"{subject}\n{text}")
    intent, evidence = _classify(_match_key(subject), _match_key(text), language=language, rules=rules)
    abuse = rules.abusive.found_in(_match_key(f"{subject}\n{text}"))
    return Intake(
        subject=subject,
        text=text,
        language=language,
        intent=intent,
        intent_evidence=evidence,
        # The shop's own replies quoted below carry the order number (useful) but also
        # the shop's phone (useless for a look-up), so numbers come from the whole mail
        # and phones only from the customer's own part, signature included.
        order_numbers=find_order_numbers(f"{ticket.subject}\n{body}"),
        phones=find_phones(own),
        abusive=bool(abuse),
        abusive_evidence=abuse,
    )


# --- rules ----------------------------------------------------------------------

_Weight = Annotated[float, Field(gt=0)]


class _IntentSpec(Frozen):
    outranks: tuple[Intent, ...] = ()
    ja: dict[str, _Weight] = Field(default_factory=dict)
    en: dict[str, _Weight] = Field(default_factory=dict)


class _AbusiveSpec(Frozen):
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class _RulesFile(Frozen):
    subject_weight: float = Field(default=2.0, ge=1)
    min_score: float = Field(default=2.0, gt=0)
    intents: dict[Intent, _IntentSpec]
    abusive: _AbusiveSpec


@dataclass(frozen=True)
class _Phrase:
    """A keyword as written in the YAML and the pattern that finds it in a match key."""

    text: str
    weight: float
    pattern: re.Pattern[str]

    @classmethod
    def compile(cls, text: str, weight: float, *, where: str) -> _Phrase:
        key = _match_key(text)
        if not key.rstrip("*"):
            raise ConfigurationError(f"{where}: empty phrase")
        if "*" in key.rstrip("*"):
            raise ConfigurationError(f"{where}: {text!r}: '*' is only allowed at the end of a phrase")
        wildcard = key.endswith("*")
        core = key.rstrip("*")
        # English words match whole (late ≠ chocolate, sue ≠ issue); `refund*` also
        # matches refunded. Japanese has no spaces, so its phrases match anywhere.
        start = r"(?<![a-z0-9])" if core[0].isascii() and core[0].isalnum() else ""
        end = r"[a-z0-9]*" if wildcard else (r"(?![a-z0-9])" if core[-1].isascii() and core[-1].isalnum() else "")
        return cls(text, weight, re.compile(start + re.escape(core) + end))


@dataclass(frozen=True)
class _PhraseList:
    phrases: tuple[_Phrase, ...]

    def found_in(self, key: str) -> tuple[str, ...]:
        return tuple(p.text for p in self.phrases if p.pattern.search(key))


@dataclass(frozen=True)
class _IntentRule:
    intent: Intent
    outranks: frozenset[Intent]
    phrases: dict[Language, tuple[_Phrase, ...]]


@dataclass(frozen=True)
class IntentRules:
    """Compiled `knowledge/intents.yaml`; build it with `load_intent_rules`."""

    subject_weight: float
    min_score: float
    intents: tuple[_IntentRule, ...]  # YAML order: the first listed wins a tie
    abusive: _PhraseList


def load_intent_rules(path: Path) -> IntentRules:
    raw = load_yaml_model(path, _RulesFile)
    missing = [i.value for i in Intent if i is not Intent.OTHER and i not in raw.intents]
    if missing:
        raise ConfigurationError(f"{path}: intents: no rules for {', '.join(missing)}")
    compiled = []
    for intent, spec in raw.intents.items():
        where = f"{path}: intents.{intent.value}"
        if intent is Intent.OTHER:
            raise ConfigurationError(f"{where}: 'other' is the fallback and takes no keywords")
        if intent in spec.outranks:
            raise ConfigurationError(f"{where}.outranks: an intent cannot outrank itself")
        phrases = {
            language: tuple(
                _Phrase.compile(text, weight, where=f"{where}.{language}")
                for text, weight in getattr(spec, language).items()
            )
            for language in ("ja", "en")
        }
        for language, compiled_phrases in phrases.items():
            if not compiled_phrases:
                raise ConfigurationError(f"{where}.{language}: no keywords")
        compiled.append(_IntentRule(intent=intent, outranks=frozenset(spec.outranks), phrases=phrases))
    abusive = tuple(
        _Phrase.compile(text, 1.0, where=f"{path}: abusive.{language}")
        for language in ("ja", "en")
        for text in getattr(raw.abusive, language)
    )
    return IntentRules(
        subject_weight=raw.subject_weight,
        min_score=raw.min_score,
        intents=tuple(compiled),
        abusive=_PhraseList(abusive),
    )


def _classify(
    subject: str, text: str, *, language: Language, rules: IntentRules
) -> tuple[Intent, tuple[str, ...]]:
    scores: dict[Intent, float] = {}
    evidence: dict[Intent, list[tuple[float, str]]] = {}
    for rule in rules.intents:
        found = []
        for phrase in rule.phrases[language]:
            gained = phrase.weight * (
                rules.subject_weight * bool(phrase.pattern.search(subject)) + bool(phrase.pattern.search(text))
            )
            if gained:
                found.append((gained, phrase.text))
        scores[rule.intent] = sum(gained for gained, _ in found)
        evidence[rule.intent] = sorted(found, key=lambda item: -item[0])
    # A decided intent silences the ones it outranks: "cancel my subscription" is a
    # subscription change, "where is it, it's late" a delay, "damaged, refund me" damage.
    outranked = {
        lower for rule in rules.intents if scores[rule.intent] >= rules.min_score for lower in rule.outranks
    }
    contenders = [rule.intent for rule in rules.intents if rule.intent not in outranked]
    best = max(contenders, key=lambda intent: scores[intent], default=Intent.OTHER)
    if scores.get(best, 0) < rules.min_score:
        return Intent.OTHER, ()
    return best, tuple(text for _, text in evidence[best])


def _match_key(text: str) -> str:
    """Text as keywords are matched: NFKC, case-folded, one space, no breaks inside Japanese."""
    key = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    key = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", key)
    return re.sub(r"\s+", " ", key)


# --- language -------------------------------------------------------------------

_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_OTHER_JAPANESE = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HIRAGANA_WEIGHT = 4


def detect_language(text: str, *, default: Language = "ja") -> Language:
    """ja or en by script, no model: hiragana carries Japanese grammar (particles,
    endings), so it weighs most; kanji and katakana alone are usually a product name
    quoted in an English mail, and Latin letters in Japanese mail a brand name."""
    text = unicodedata.normalize("NFKC", text)
    japanese = _HIRAGANA_WEIGHT * len(_HIRAGANA.findall(text)) + len(_OTHER_JAPANESE.findall(text))
    latin = len(_LATIN.findall(text))
    if japanese == latin == 0:
        return default
    return "ja" if japanese >= latin else "en"


# --- HTML -----------------------------------------------------------------------

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
_BLANK_RUNS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_lines(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _drop_history(text: str) -> str:
    """Quoted lines go; at a reply header, everything below goes too, unless the
    header introduces `>` quotes (inline or bottom posting keeps the answers)."""
    lines = text.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        header_length = _reply_header_length(lines, index)
        if header_length:
            index += header_length
            next_text = next((rest for rest in lines[index:] if rest.strip()), "")
            if not _QUOTED.match(next_text):
                break
        elif not _QUOTED.match(lines[index]):
            kept.append(lines[index])
            index += 1
        else:
            index += 1
    return "\n".join(kept)


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


def _clean_subject(subject: str) -> str:
    return _REPLY_PREFIX.sub("", " ".join(_normalise_lines(subject).split()))


# --- order numbers and phones ---------------------------------------------------

# Hyphen look-alikes count as hyphens only between letters and digits, so that
# katakana (オーダー) keeps its long vowel mark.
_HYPHEN_LIKE = re.compile(r"(?<=[A-Za-z0-9])[ー‐‑−–—―](?=[A-Za-z0-9])")
_ORDER_LABEL = r"(?:ご?注文(?:番号|no\.?|#)|受注番号|オーダー番号|(?<![a-z])order\s*(?:number|num\.?|no\.?|#|id)?)"
_AMOUNT_UNIT = r"\s*(?:円|yen|jpy|usd|dollars?|ドル)"
_LABELLED = re.compile(
    _ORDER_LABEL + r"(?:\s|[:#、,は「『【(\[])*"
    r"(?P<token>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?![A-Za-z0-9-])(?!" + _AMOUNT_UNIT + ")",
    re.IGNORECASE,
)
_UNLABELLED = re.compile(r"(?<![A-Za-z0-9-])(?P<token>[A-Za-z]{2,4}(?:-?\d+)+)(?![A-Za-z0-9-])")
_NOT_ORDER_PREFIXES = frozenset({"TEL", "FAX", "JPY", "USD", "EUR", "YEN", "ZIP", "NO"})
_NOT_ORDER_SHAPES = (
    re.compile(r"^\d{3}-\d{4}$"),  # postal code
    re.compile(r"^(?:19|20)\d{2}-?\d{1,2}-?\d{1,2}$"),  # date
)
_MIN_ORDER_DIGITS = 5


def _identifier_text(text: str) -> str:
    return _HYPHEN_LIKE.sub("-", unicodedata.normalize("NFKC", text))


def find_order_numbers(text: str) -> tuple[str, ...]:
    """Order number candidates in order of appearance, ASCII and upper case."""
    text = _identifier_text(text)
    found: list[tuple[int, int, str]] = []
    for pattern in (_LABELLED, _UNLABELLED):
        for match in pattern.finditer(text):
            token = match.group("token").upper()
            if _is_order_number(token, labelled=pattern is _LABELLED):
                found.append((match.start("token"), match.end("token"), token))
    return _in_order_of_appearance(found)


def _in_order_of_appearance(found: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """Values by position; of overlapping matches (+1 415… read also as 415…) the longest."""
    kept: list[str] = []
    covered_to = -1
    for start, end, value in sorted(found, key=lambda item: (item[0], -item[1])):
        if start >= covered_to:
            kept.append(value)
        covered_to = max(covered_to, end)
    return tuple(dict.fromkeys(kept))


def _is_order_number(token: str, *, labelled: bool) -> bool:
    digits = re.sub(r"\D", "", token)
    if len(digits) < _MIN_ORDER_DIGITS or _phone_digits(token) is not None:
        return False
    if any(shape.match(token) for shape in _NOT_ORDER_SHAPES):
        return False
    prefix = re.match(r"[A-Z]*", token).group()
    if prefix in _NOT_ORDER_PREFIXES:
        return False
    return labelled or 2 <= len(prefix) <= 4


# Boundaries are ASCII-only: Japanese text runs straight into numbers (携帯090…です).
_JAPANESE_PHONE = re.compile(
    r"(?<![A-Za-z0-9+-])(?:\+81[ -]?(?:\(0\))?|\(?0)\d{1,4}\)?[ -]?\d{1,4}[ -]?\d{3,4}(?![A-Za-z0-9-])"
)
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![A-Za-z0-9+])\+(?!81)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}(?![A-Za-z0-9-])"
)
_NORTH_AMERICAN_PHONE = re.compile(r"(?<![A-Za-z0-9+-])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?![A-Za-z0-9-])")


def find_phones(text: str) -> tuple[str, ...]:
    """Phone numbers as ASCII digits: Japanese ones in domestic form (09012345678,
    +81 too), others with their country code (+14155550123) or as written."""
    text = _identifier_text(text)
    found: list[tuple[int, int, str]] = []
    for match in _JAPANESE_PHONE.finditer(text):
        if (digits := _phone_digits(match.group())) is not None:
            found.append((match.start(), match.end(), digits))
    for pattern in (_INTERNATIONAL_PHONE, _NORTH_AMERICAN_PHONE):
        for match in pattern.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 8 <= len(digits) <= 15:
                found.append((match.start(), match.end(), ("+" if match.group().startswith("+") else "") + digits))
    return _in_order_of_appearance(found)


def _phone_digits(token: str) -> str | None:
    """Domestic digits when `token` is shaped like a Japanese phone number, else None."""
    digits = re.sub(r"\D", "", token.replace("(0)", ""))
    if token.startswith("+81"):
        digits = "0" + digits[2:]
    if re.fullmatch(r"0[1-9]\d{8,9}", digits) and not re.search(r"[A-Za-z]", token):
        return digits
    return None
