"""signature: shop name, department, agent name and a contact close the reply (HS007); with
no agent on record, a line of the signature still names the person who wrote it. Each is
looked for as written, not as typed: 茶舗 さくら堂 is the shop's name, (0120) 000-123 its phone."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding, Language
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.words import tokenize
from draftdesk.text.written_language import written_language


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    last_lines: int = 8
    # Slots left unfilled (担当：[担当者名]): a signature with one is not complete.
    unfilled: list[str] = []
    # With no agent on record, a line of the signature still names the person who wrote:
    # after these labels (担当：高木), or as a name of its own (Kenji Ono, 高木 健).
    agent_labels: PerLanguage = PerLanguage()
    sign_offs: PerLanguage = PerLanguage()  # Cheers, Best wishes, The Team: capitalised, and no one's name


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    unfilled = re.compile("|".join(f"(?:{p})" for p in params.unfilled)) if params.unfilled else None

    def run(reply: CheckedText) -> list[Finding]:
        shop, agent, language = reply.context.shop, reply.context.agent, reply.language
        postscript = reply.parts.postscript
        closing = reply.text[: postscript.start if postscript else len(reply.text)].rstrip()  # a P.S. follows the name
        greeting = reply.parts.greeting
        # A short reply's last lines reach its greeting: the customer it names wrote no signature.
        lines = closing[greeting.end if greeting else 0 :].splitlines()
        tail = "\n".join(lines[-params.last_lines :])
        start = len(closing) - len(tail)
        # A slot names no one and reaches no one (担当：[担当者名]); one beside a complete
        # signature (a direct line still to fill in) is HS009's alone.
        slot = unfilled.search(_signature_block(reply)) if unfilled is not None else None
        # The body's closing sentences among those lines (今後とも茶舗さくら堂をよろしくお願いいたします。)
        # name the shop in passing: the signature starts at the first line that is no sentence.
        kept = tail.splitlines()
        while kept and (not kept[0].strip() or _a_sentence(kept[0], language)):
            kept.pop(0)
        tail = "\n".join(kept)
        searched = unfilled.sub(" ", tail) if unfilled is not None else tail
        needed: dict[str, list[str]] = {}
        if shop is not None:
            # The shop signs in either of its languages: a Japanese signature under a body in
            # English is complete, the body's language HS018's fault alone.
            needed["shop name"] = [shop.name(lang) for lang in _LANGUAGES]
            needed["department"] = (
                [agent.department] if agent and agent.department else [shop.department(lang) for lang in _LANGUAGES]
            )
            needed["contact"] = [c for c in (shop.email, shop.phone) if c]
        if agent is not None:
            needed["agent name"] = [agent.name]
        missing = [what for what, options in needed.items() if not any(o and _written_in(o, searched) for o in options)]
        if agent is None and shop is not None and not _names_a_person(searched, reply, params):
            missing.append("agent name")
        if not missing:
            return []
        if slot is not None:
            missing.append(f"a slot left unfilled: {slot.group()}")
        return [reply.finding(rule, max(start, 0), len(closing), detail="missing: " + ", ".join(missing))]

    return run


_LANGUAGES: tuple[Language, ...] = ("ja", "en")
_JA_SENTENCE_CHARACTERS = 12
_EN_SENTENCE_WORDS = 4  # "I am sorry for the wait." is a sentence; "Sakura Tea." a name line


def _a_sentence(line: str, language: str) -> bool:
    """A line of the body's prose, not of the signature: in Japanese one ending with 。,
    in English a line of several words ending with a full stop, ! or ?."""
    line = line.strip()
    if language == "ja":  # 担当の佐藤でした。 is short enough to sign
        return line.endswith(("。", "！", "？")) and len(line) >= _JA_SENTENCE_CHARACTERS
    return line.endswith((".", "!", "?")) and len(line.split()) >= _EN_SENTENCE_WORDS


_PHONE_DIGITS = 9  # the subscriber's digits: 0120-000-123 and +81 120-000-123 end alike


def _written_in(value: str, block: str) -> bool:
    """The value in the block as written there, whatever its typography: spacing, width and
    case (茶舗 さくら堂, SUPPORT@…), and a phone number in any grouping or with its country code."""
    if re.fullmatch(r"[\d\s()+\-.]+", value):
        digits = re.sub(r"\D", "", value)[-_PHONE_DIGITS:]
        return digits in re.sub(r"\D", "", unicodedata.normalize("NFKC", block))
    return _compact(value) in _compact(block)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


_EN_WORD = r"[A-Z][a-z]*(?:['’][A-Z]?[a-z]+)*(?:-[A-Z][a-z]+)*\.?"  # Kenji, O'Neill-Ono, J.
_EN_NAME = re.compile(rf"{_EN_WORD}(?:\s+{_EN_WORD}){{0,2}}")
_EN_NAME_LINE_WORDS = 6  # a longer line is a sentence of the body, not a name line
# Kenji Ono (Support), Kind regards, Kenji; Sato · Support, Sato @ Example Tea (an e-mail address is gone by then)
_EN_PARTS = re.compile(r"[,(){}\[\]|/–—·•・@]+")
_EMAIL_ADDRESS = re.compile(r"\S+@\S+\.\w+")


def _names_a_person(block: str, reply: CheckedText, params: Params) -> bool:
    """A line of the signature, the shop's name, department and contacts set aside, names
    someone: after an agent label (担当：高木), as a family or given name to Sudachi, or in
    English as one to three capitalised words between a line's separators (Kenji Ono,
    Kind regards, Kenji; Kenji Ono (Support))."""
    shop = reply.context.shop
    for line in block.splitlines():
        rest = line
        for known in (*(shop.name(lang) for lang in _LANGUAGES), *(shop.department(lang) for lang in _LANGUAGES), shop.email, shop.phone):
            if known:
                rest = re.sub(r"\s*".join(map(re.escape, known.split())), " ", rest, flags=re.IGNORECASE)
        rest = _EMAIL_ADDRESS.sub(" ", rest).strip(" \t　/／|｜-–—,、·•・")
        if not rest:
            continue
        # what is left of the line, in the language it is written in (担当：佐藤 under an English body)
        language = written_language(rest) or reply.language
        labels = getattr(params.agent_labels, language)
        sign_offs = {" ".join(w.split()).casefold() for w in getattr(params.sign_offs, language)}
        if any(rest.split(label, 1)[1].strip(" \t　:：") for label in labels if label in rest):
            return True  # 担当：高木; a label with no one after it (担当：) names no one
        if language == "ja" and any(t.person for t in tokenize(rest, "ja")):
            return True
        if language == "en" and len(rest.split()) <= _EN_NAME_LINE_WORDS and any(
            _EN_NAME.fullmatch(part.strip()) and " ".join(part.split()).casefold() not in sign_offs for part in _EN_PARTS.split(rest)
        ):
            return True
    return False


def signature_span(reply: CheckedText) -> tuple[int, int] | None:
    """Where the writer signs: the signature after its rule line or sign-off, else a last
    paragraph of which no line is a sentence (茶舗さくら堂 カスタマーサポート / 担当：高木 / TEL …);
    None when the reply ends in prose."""
    if reply.parts.signature is not None:
        return reply.parts.signature.start, reply.parts.signature.end
    end = reply.parts.postscript.start if reply.parts.postscript else len(reply.text)
    closing = reply.text[:end].rstrip()
    blanks = list(re.finditer(r"\n[ \t\u3000]*\n", closing))
    start = blanks[-1].end() if blanks else 0
    lines = [line for line in closing[start:].splitlines() if line.strip()]
    if not lines or start == 0 or any(_a_sentence(line, written_language(line) or reply.language) for line in lines):
        return None
    return start, len(closing)


def _signature_block(reply: CheckedText) -> str:
    """The signature: after its rule line or sign-off, else the reply's last paragraph."""
    if reply.parts.signature is not None:
        return reply.parts.signature.text
    return re.split(r"\n\s*\n", reply.text.strip())[-1]
