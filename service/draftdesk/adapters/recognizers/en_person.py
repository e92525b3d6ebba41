"""English names: spaCy's NER, plus the ones the small model misses (after a title,
in a sign-off, after "my name is", in a gift message)."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from draftdesk.adapters.recognizers.base import RegexRecognizer, rule
from draftdesk.adapters.recognizers.lexicons import sentence_words
from draftdesk.adapters.recognizers.places import a_place
from draftdesk.adapters.recognizers.things import a_thing, things

_WORD = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z]?[a-z]+)*"  # Smith, O'Connor, Smith-Jones
_NAME = rf"(?P<value>{_WORD}(?:\s(?:[A-Z]\.\s)?{_WORD}){{0,2}})"
_SIGN_OFF = (
    r"(?:Regards|Best\sregards|Kind\sregards|Warm\sregards|Best|Thanks|Thank\syou|Many\sthanks|Cheers"
    r"|Sincerely|Yours\ssincerely|Yours\struly|Respectfully)"
)

_GREETING = re.compile(rf"(?:{_SIGN_OFF}|Dear|Hi|Hello|Hey|Team)[,.!]?", re.IGNORECASE)
# Words of forms and letters the small model takes for people ("Postcode:", "Dear Sirs", "Form submission").
_FORM_WORDS = frozenset({"sirs", "dr", "postcode", "form", "submission", "query", "fax", "tel"})


class EnglishPersonRecognizer(RegexRecognizer):
    ENTITY = "PERSON"
    RULES = (
        rule(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s" + _NAME, score=0.85),
        rule(r"(?m)" + _SIGN_OFF + r"[,.!]?[ \t]*\n[ \t]*(?:-{1,2}\s?)?" + _NAME + r"[ \t]*$", score=0.85),
        rule(r"(?i:my\sname\sis|this\sis|I\sam|I'm|name:)\s" + _NAME, score=0.6),
        rule(r"(?m)^[ \t]*-{1,2}\s?" + _NAME + r"[ \t]*$", score=0.7),
        rule(r"(?:Happy\s(?:Birthday|Anniversary)|Congratulations|Love\sfrom)[,!]?\s" + _NAME, score=0.7),
    )


class SpacyPersonRecognizer(SpacyRecognizer):
    """spaCy's PERSON entities, minus places (Okinawa, Abu Dhabi) and the ones holding digits, greetings or sign-offs, or only
    words of the sentence or a form: the small English model reads "Order AB-24-01234",
    "Cheers,", "Madam" and "Tel" as people (and "Utrecht\nTel" as one)."""

    def __init__(self) -> None:
        super().__init__(supported_language="en", supported_entities=["PERSON"])

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        kept = []
        results = super().analyze(text, entities, nlp_artifacts)
        found_things = things(text, [(r.start, r.end) for r in results])
        for result in results:
            if a_thing(text, result.start, result.end, found_things) or a_place(text, result.start, result.end):
                continue
            value = text[result.start : result.end]
            # "Utrecht\nTel": a label on the next line is no part of the name
            while "\n" in value and _only_sentence_words(value.rsplit("\n", 1)[1]):
                value = value.rsplit("\n", 1)[0].rstrip()
                result.end = result.start + len(value)
            if any(ch.isdigit() for ch in value) or _GREETING.fullmatch(value) or _only_sentence_words(value):
                continue
            kept.append(result)
        return kept


def _only_sentence_words(value: str) -> bool:
    """Tel, Madam, Full, Gift, Postcode: no word of a name."""
    words = [w.casefold() for w in re.split(r"[\s.,:;!?]+", value) if w]
    return bool(words) and all(w in sentence_words() or w in _FORM_WORDS for w in words)
