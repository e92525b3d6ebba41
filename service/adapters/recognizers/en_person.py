"""English names the small spaCy model misses: after a title, in a sign-off, after
"my name is"."""

from __future__ import annotations

from service.adapters.recognizers.base import RegexRecognizer, rule

_NAME = r"(?P<value>[A-Z][a-z'\-]+(?:\s(?:[A-Z]\.\s)?[A-Z][a-z'\-]+){0,2})"
_SIGN_OFF = (
    r"(?:Regards|Best\sregards|Kind\sregards|Warm\sregards|Best|Thanks|Thank\syou|Many\sthanks|Cheers"
    r"|Sincerely|Yours\ssincerely|Yours\struly|Respectfully)"
)


class EnglishPersonRecognizer(RegexRecognizer):
    ENTITY = "PERSON"
    RULES = (
        rule(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s" + _NAME, score=0.85),
        rule(r"(?m)" + _SIGN_OFF + r"[,.!]?[ \t]*\n[ \t]*(?:-{1,2}\s?)?" + _NAME + r"[ \t]*$", score=0.85),
        rule(r"(?i:my\sname\sis|this\sis|I\sam|I'm|name:)\s" + _NAME, score=0.6),
        rule(r"(?m)^[ \t]*-{1,2}\s?" + _NAME + r"[ \t]*$", score=0.7),
    )
