"""greeting_name: the greeting uses the customer's name as recorded (HS006).

"Exactly" is about the name, not its typography: 山田太郎様, 山田 太郎 様 and 山田　太郎様
(a full-width space) all greet 山田 太郎, and "Dear Emily  Carter," greets Emily Carter.
Every other difference is another name and stays a finding: variant kanji (渡邊 for
渡辺), kana for kanji, a missing part, a nickname, a generic お客様.

The form of address is read from the greeting itself, not from the reply's language: a
greeting ending in 様 is the Japanese form whatever the rest of the reply is written in
(HS018 judges the language), and an English greeting may open with any of the salutations
(Dear, Hi, Hello): the rule is about the name, not the register. For the same reason any of
the shop's honorifics (様, さま, 殿) may follow the name, in an English greeting too: "Dear
木村 拓也 様," greets the name on record, kept in its own form.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # A title may stand before the whole name (Dear Ms. Emily Carter), never for the given name.
    titles: list[str] = ["Mr.", "Ms.", "Mrs.", "Mx.", "Dr.", "Mr", "Ms", "Mrs", "Miss", "Mx", "Dr"]
    salutations: list[str] = ["Dear"]  # the words an English greeting opens with, before the name
    honorifics: list[str] = ["様"]  # a greeting ending in one is the Japanese form: 山田 太郎 様; the first is suggested


def _name_pattern(name: str) -> str:
    """The name as a regular expression that any spacing within it matches: between two
    kanji or kana a space is optional, between Latin parts one (or more) is needed."""
    pattern, previous, spaced = "", "", False
    for char in name.strip():
        if char.isspace():
            spaced = True
            continue
        if previous:
            if _CJK.match(previous) and _CJK.match(char):
                pattern += r"\s*"
            elif spaced:
                pattern += r"\s+"
        pattern += re.escape(char)
        previous, spaced = char, False
    return pattern


def build(rule: Rule) -> RuleCheck:
    params = Params.model_validate(rule.params)
    honorifics = tuple(params.honorifics)
    honorific = "|".join(re.escape(h) for h in params.honorifics)
    salutation = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in params.salutations)
    opening = re.compile(rf"(?i:{salutation})\b")

    def run(reply: CheckedText) -> list[Finding]:
        name = (reply.context.customer_name or "").strip()
        greeting = reply.parts.greeting
        if not name:
            return []
        written = _name_pattern(name)
        japanese_form = reply.language == "ja"
        if greeting is not None and opening.match(greeting.text):
            japanese_form = False  # Dear 木村 拓也 様: an English greeting, whatever it ends with
        elif greeting is not None and greeting.text.endswith(honorifics):
            japanese_form = True
        if japanese_form:
            expected = f"{name} {params.honorifics[0]}"
            good = greeting is not None and re.fullmatch(rf"{written}\s*(?:{honorific})", greeting.text) is not None
        else:
            expected = f"{params.salutations[0]} {name},"
            titled = "|".join(re.escape(t) for t in params.titles)
            good = greeting is not None and re.fullmatch(
                rf"(?i:{salutation})\s+(?:(?:{titled})\s+)?{written}(?:\s*(?:{honorific}))?\s*[,!]?", greeting.text
            ) is not None
        if good:
            return []
        if greeting is None:  # the greeting goes in first, on a line of its own
            return [reply.finding(rule, 0, 0, suggestion=expected, replacement=f"{expected}\n\n")]
        return [reply.finding(rule, greeting.start, greeting.end, suggestion=expected, replacement=expected)]

    return run
