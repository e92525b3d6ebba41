"""greeting_name: the greeting uses the customer's name as recorded (HS006).

"Exactly" is about the name, not its typography: 山田太郎様, 山田 太郎 様 and 山田　太郎様
(a full-width space) all greet 山田 太郎, and "Dear Emily  Carter," greets Emily Carter.
Every other difference is another name and stays a finding: variant kanji (渡邊 for
渡辺), kana for kanji, a missing part, a nickname, a generic お客様.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from draftdesk.domain import Finding
from draftdesk.pipeline.check import CheckedText, Rule, RuleCheck

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titles: list[str] = ["Mr.", "Ms.", "Mrs.", "Mx.", "Dr."]


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

    def run(reply: CheckedText) -> list[Finding]:
        name = (reply.context.customer_name or "").strip()
        greeting = reply.parts.greeting
        if not name:
            return []
        written = _name_pattern(name)
        if reply.language == "ja":
            expected = f"{name} 様"
            good = greeting is not None and re.fullmatch(rf"{written}\s*様", greeting.text) is not None
        else:
            expected = f"Dear {name},"
            family = re.escape(name.split()[-1])
            titled = "|".join(re.escape(t) for t in params.titles)
            good = greeting is not None and re.fullmatch(
                rf"Dear\s+(?:{written}|(?:{titled})\s+{family}),?", greeting.text
            ) is not None
        if good:
            return []
        if greeting is None:  # the greeting goes in first, on a line of its own
            return [reply.finding(rule, 0, 0, suggestion=expected, replacement=f"{expected}\n\n")]
        return [reply.finding(rule, greeting.start, greeting.end, suggestion=expected, replacement=expected)]

    return run
