"""Names in Latin script that the small English model misses, in English and Japanese mail.

spaCy's small English model tags well-known Western names in well-formed sentences.
Support mail is not that: names from every country, lower-case chat, names in capitals
on a card, a name alone on the last line. The rules, each with its reason to believe:
- the lexicon (`lexicons.first_names`) and capitalisation together: a known first name
  followed by one or two capitalised words (Priya Raman, Jürgen Müller, Ana de Souza),
  or a known first name alone followed by a verb (Magnus is now asking…);
- the words before it: a role, kinship word, greeting, sign-off or gift line ("my
  neighbour bob", "Love, Oni", "Happy birthday Haroldo") admits any word; "to/for/from"
  admits a known first name with its surname;
- a label (Name:, Name on card:, Recipient:) admits the rest of its line;
- the place: a line of one to three name words alone (a signature), or the last one or
  two words of a message after its last sentence (chat: "… 4 days. edward");
- Japanese honorifics: capitalised Latin words right before 様/さん/氏… (Emily Clarkさん).
A sentence word (`lexicons.sentence_words`) is never a name here.
"""

from __future__ import annotations

import re

from draftdesk.adapters.recognizers.base import SpanRecognizer
from draftdesk.adapters.recognizers.lexicons import family_names_first, first_names, rare_english_word, sentence_words
from draftdesk.adapters.recognizers.places import a_place
from draftdesk.adapters.recognizers.things import a_thing, things

# Capitals of Latin-1, Latin Extended-A/B and Latin Extended Additional (Vietnamese: Đỗ, Nguyễn, Lê Văn Tâm).
_UPPER = "A-ZÀ-ÖØ-Þ" + "".join(ch for code in (*range(0x100, 0x250), *range(0x1E00, 0x1F00)) if (ch := chr(code)).isupper())
_LOWER = "a-zß-öø-ÿ\u0100-\u024f\u1e00-\u1eff"
# Smith, O'Connor, McGinnitty, Smith-Jones, Hsiu-Ling
_CAPITALISED = rf"[{_UPPER}](?:[{_LOWER}]+|'[{_UPPER}][{_LOWER}]+)(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}]?[{_LOWER}]+)*"
# Particles inside a name: van der, dos, binti (Malay), e / y (Portuguese, Spanish: da Costa e Silva)
_PARTICLE = r"(?:van\s(?:der|den|de)|von|van|de|del|della|da|das|di|do|dos|du|la|le|bin|binti|binte|bint|ibn|al|el|ter|zu|e|y)"
_SURNAME = rf"(?:{_PARTICLE}\s)?{_CAPITALISED}"
_ANY_CASE = rf"[{_UPPER}{_LOWER}](?:[{_LOWER}]+|'[{_UPPER}{_LOWER}][{_LOWER}]+)(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}{_LOWER}]?[{_LOWER}]+)*"
_UPPER_WORD = rf"[{_UPPER}]{{2,}}(?:['-][{_UPPER}]+)*"
_INITIAL = rf"[{_UPPER}{_LOWER}]\."
# Word edges in Latin letters only: Japanese text stands right next to names (友人のMark).
_START = rf"(?<![{_UPPER}{_LOWER}0-9'])"
_END = rf"(?![{_UPPER}{_LOWER}0-9'])"

# Lookaheads, so that every word is tried as a first name ("Hi Priya Raman").
_KNOWN_FIRST_THEN_SURNAME = re.compile(
    rf"{_START}(?=(?P<first>{_CAPITALISED})(?P<rest>(?:[ \t](?:{_INITIAL}[ \t])?{_SURNAME}){{1,3}}){_END})"
)
_KNOWN_FIRST_THEN_VERB = re.compile(
    rf"{_START}(?P<first>{_CAPITALISED})(?=[ \t](?:is|was|has|had|will|would|can|could|said|says|asked|asks|wants"
    r"|needs|told|tells|received|signed|picked|took|got|lives|works|ordered|loves|likes)\b|'s\b)"
)
_BEFORE_HONORIFIC = re.compile(
    rf"{_START}(?:{_CAPITALISED}|{_UPPER_WORD}|[{_UPPER}]\.)(?:[ \t](?:{_SURNAME}|{_UPPER_WORD}|[{_UPPER}]\.)){{0,3}}"
    r"(?=[ \t]?(?:様|さま|さん|氏|殿|くん|君|ちゃん|先生))"
)
# Any-case words after a cue; "and" carries a cue over to a second name ("To Frederik and Arnaude").
_AFTER_CUE = re.compile(rf"{_START}(?=(?P<first>{_ANY_CASE})(?P<rest>[ \t](?:{_INITIAL}[ \t])?{_ANY_CASE})?{_END})")
_PERSON_CUE = re.compile(
    r"(?:\b(?:name\sis|name's|this\sis|i\sam|i'm|im|it's|signed\sby|signed\sfor\sby|recipient|attn|c/o|ask\sfor|called|named"
    r"|wife|husband|partner|son|daughter|mum|mom|dad|father|mother|sister|brother|aunt|uncle|grandma|grandpa|grandson"
    r"|granddaughter|neighbou?r|friend|mate|colleague|boss|flatmate|roommate|landlord|cousin|niece|nephew|fianc[ée]e?|teacher"
    r"|thanks|thank\syou|cheers|regards|best|love|hi|hello|hey|dear|gift\sfor|present\sfor|birthday|anniversary"
    r"|congratulations|congrats|happy\sbirthday|to|from|its|name|go\sby|goes\sby|known\sas|surname|(?:first|last|given|family)\sname"
    r"|(?:mother|father|sister|brother|son|daughter)[\s-]in[\s-]law)[,:.!]?\s+|\band\s)$"
)
_GIFT_OR_KIN = re.compile(
    r"\b(?:wife|husband|partner|son|daughter|mum|mom|dad|father|mother|sister|brother|aunt|uncle|grandma|grandpa"
    r"|grandson|granddaughter|neighbou?r|friend|mate|colleague|boss|flatmate|roommate|landlord|cousin|niece|nephew"
    r"|fianc[ée]e?|teacher|gift\sfor|present\sfor|birthday|anniversary|congratulations|congrats|love|name\sis"
    r"|surname|(?:first|last|given|family)\sname"
    r"|signed\sby|signed\sfor\sby|recipient|attn|c/o|go\sby|goes\sby|known\sas"
    r"|(?:mother|father|sister|brother|son|daughter)[\s-]in[\s-]law)[,:.!]?\s+$"
)
_WEAK_CUE = re.compile(
    r"\b(?:to|from|and|it's|its|this\sis|i\sam|i'm|im|hi|hello|hey|dear|thanks|cheers|best|regards|name)[,:.!]?\s+$"
)
_PREPOSITION_CUE = re.compile(r"\b(?:to|for|from|by|with|and)\s+$")
_LABEL = re.compile(
    r"(?im)^[ \t]*(?:(?:full\s|first\s|last\s|sur|delivery\s|billing\s|shipping\s|recipient'?s?\s|customer\s|contact\s)?name(?:\son\s(?:the\s)?card)?|card\s?holder|recipient|attn|attention"
    r"|contact(?:\sperson)?|customer|sender|from|to|signed|fao|c/o|nom|pr[ée]nom|nombre|apellidos?|vorname|nachname|nome|cognome|sobrenome|naam|imi[eę]|nazwisko)[ \t]*:[ \t]*(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+)?(?P<value>[^\n:@0-9,|]{2,60}?)[ \t]*(?:$|[,|])"
    r"|(?:account\sname|name\son\s(?:the\s)?card|card\s?holder(?:\sname)?)[ \t]+(?P<unlabelled>[^\n:@0-9,|]{2,60}?)[ \t]*(?:$|[,|])"
)
# A signature line: one to three words, or two to three in capitals (not "GB").
_NAME_LINE = re.compile(
    rf"(?m)^[ \t]*(?:[-–—~]+[ \t]*)?(?P<value>{_ANY_CASE}(?:[ \t](?:{_INITIAL}[ \t])?{_ANY_CASE}){{0,3}}"
    rf"|{_UPPER_WORD}(?:[ \t]{_UPPER_WORD}){{1,2}})[ \t]*[.!]?[ \t]*$"
)
# The last words of a message: after its last sentence, a dash, a slash ("… @telia.se / Sara") or
# a short sign-off and a comma ("Ta, Chloe", "Grazie mille, Francesca", "Thx, Callum").
_LAST_WORDS = re.compile(
    rf"(?:^|[.!?/][ \t]+|(?:^|[.!?][ \t]+)[{_UPPER}{_LOWER}]{{2,12}}(?:[ \t][{_UPPER}{_LOWER}]{{2,12}})?,[ \t]+)"
    rf"(?:[-–—~][ \t]*)?(?P<value>{_ANY_CASE}(?:[ \t](?:{_PARTICLE}[ \t])?{_ANY_CASE}){{0,2}})[ \t]*[.!]?\s*$"
)
# Two people sharing a surname: "Takeshi & Olga Nishikawa", "Tiago and Beatriz Lima": the first is a name too.
_FIRST_AND_FIRST = re.compile(
    rf"{_START}(?P<first>{_CAPITALISED})[ \t]*(?:&|and|und|et|y|e)[ \t]+(?=(?P<second>{_CAPITALISED})[ \t]{_SURNAME}{_END})"
)
# A family name written first (Nguyễn Thị Thu Hà, Lê Văn Tâm, Wang Xiuying, Kim Min-jun), then one to
# three capitalised words of no common English (so not "Park Avenue", "Lee Street").
_FAMILY_NAME_FIRST = re.compile(
    rf"{_START}(?P<family>{_CAPITALISED})(?P<rest>(?:[ \t]{_CAPITALISED}){{1,3}}){_END}"
)
# Context around a name: "(Linh, his daughter)", "Grace from your team", "the Wickramasinghe family".
_NAME_IN_CONTEXT = re.compile(
    rf"{_START}(?P<apposed>{_CAPITALISED}),[ \t]+(?:my|his|her|our|their)[ \t]+(?:wife|husband|partner|son|daughter|mum"
    r"|mom|dad|father|mother|sister|brother|aunt|uncle|grandma|grandpa|grandson|granddaughter|neighbou?r|friend"
    r"|colleague|boss|cousin|niece|nephew)\b"
    rf"|{_START}(?P<staff>{_CAPITALISED})[ \t]+(?:from|at|in)[ \t]+(?:your|the)[ \t]+(?:team|support|customer|shop|store|office)\b"
    rf"|\b[Tt]he[ \t]+(?P<family>{_CAPITALISED})[ \t]+family\b"
)
# A name quoted after what shows or says it: the buzzer says "MacLeod", delivered to "R. Sandhu",
# the slip said "Precious" (not a product: "Earl Grey", "Jasmine Pearl" hold common words).
_QUOTED_NAME = re.compile(
    r"\b(?:says?|said|reads?|shows?|showed|to|name(?:\s(?:is|was))?|called|signed|spelt|spelled|addressed\sto|not|slip|label|buzzer)"
    rf"[ \t]*[:,–—-]?[ \t]*[\"“](?P<value>(?:{_INITIAL}[ \t]?)*{_CAPITALISED}(?:[ \t](?:{_PARTICLE}[ \t])?{_CAPITALISED}){{0,3}})[\"”]"
)
# A rare word after "this is", "it's", "hi": in chat, the writer's or the addressee's name
# (this is yunqi, hi its tulio again): `rare_english_word`.


def latin_name_spans(text: str) -> list[tuple[int, int]]:
    names = first_names()
    spans = [m.span() for m in _BEFORE_HONORIFIC.finditer(text)]
    for match in _KNOWN_FIRST_THEN_SURNAME.finditer(text):
        if _known_first_name(match["first"], names) and not _all_sentence_words(match["rest"]):
            spans.append((match.start(), match.end("rest")))
    spans += [m.span("first") for m in _KNOWN_FIRST_THEN_VERB.finditer(text) if m["first"].casefold() in names]
    spans += [
        m.span("first") for m in _FIRST_AND_FIRST.finditer(text)
        if _known_first_name(m["first"], names) and _known_first_name(m["second"], names)
    ]
    spans += _after_cues(text, names)
    for match in _FAMILY_NAME_FIRST.finditer(text):
        rest = match["rest"].split()
        if match["family"].casefold() in family_names_first() and all(
            rare_english_word(word) and word.casefold() not in sentence_words() for word in rest
        ):
            spans.append(match.span())
    for match in _QUOTED_NAME.finditer(text):
        words = [w for w in re.split(r"[ \t]+", match["value"]) if not re.fullmatch(_INITIAL, w) and w not in _PARTICLE_WORDS]
        first, rest = words[0], words[1:]
        if all(rare_english_word(w) for w in words) or (_known_first_name(first, names) and all(rare_english_word(w) for w in rest)):
            spans.append(match.span("value"))
    for match in _NAME_IN_CONTEXT.finditer(text):
        group = next(name for name in ("apposed", "staff", "family") if match[name])
        if match[group].casefold() not in sentence_words():
            spans.append(match.span(group))
    for match in _LABEL.finditer(text):
        group = "value" if match["value"] else "unlabelled"
        if _name_words(match[group]):
            spans.append(match.span(group))
    spans += _chat_speakers(text)
    spans += [m.span("value") for m in _NAME_LINE.finditer(text) if _name_words(m["value"], first_only=True)]
    last = _LAST_WORDS.search(text)
    if last and _name_words(last["value"]) and "\n" not in last["value"]:
        spans.append(last.span("value"))
    spans += _beside_names(text, spans, names)
    spans += [m.span("name") for m in _VOCATIVE.finditer(text) if _known_or_rare(m["name"], names)]
    spans += [m.span("name") for m in _ROLE_IN_BRACKETS.finditer(text) if _known_or_rare(m["name"], names)]
    for match in _CARD_HOLDER.finditer(text):
        group = "holder" if match["holder"] else "slashed"
        if not _all_sentence_words(match[group].replace(".", " ")):
            spans.append(match.span(group))
    for match in _SAID_TO_BE_A_NAME.finditer(text):
        group = "value" if match["value"] else "under"
        words = match[group].split()
        if group == "value" or words[0].isupper() or (not _all_sentence_words(match[group]) and any(_known_or_rare(w, names) for w in words)):
            spans.append(match.span(group))
    found_things = things(text, spans)
    return [
        (start, end) for start, end in spans
        if not a_thing(text, start, end, found_things) and not _mailbox(text, start, end, names) and not a_place(text, start, end)
    ]


# A word joined to a name by "&", "and" or "or": "Lily & Rose", "Hamish or Precious", "kay & tom"
_JOINED_AFTER = re.compile(rf"[ \t]*(?:&|and|or)[ \t]+(?P<name>{_ANY_CASE}){_END}")
_JOINED_BEFORE = re.compile(rf"{_START}(?P<name>{_ANY_CASE})[ \t]*(?:&|and|or)[ \t]+$")
# A name called at the start of a line: "> Summer, can you re-send …"
_VOCATIVE = re.compile(
    rf"(?m)^[ \t>]*(?P<name>{_CAPITALISED}),[ \t]+(?=(?:can|could|would|will|please|pls|thanks|thank|just|did|do|are|is|have)\b)"
)
# A role with its holder's name in brackets: "the DPD driver (Stuart)", "our doorman (Luis)"
_ROLE_IN_BRACKETS = re.compile(
    rf"\b(?:driver|postman|postwoman|doorman|concierge|receptionist|agent|neighbou?r|assistant|colleague|manager)[ \t]*\((?P<name>{_CAPITALISED})\)"
)
# The name on a card, in capitals after "name" or between the number and the expiry: "name R J MALHOTRA", "/ R. Castellanos /"
_CARD_HOLDER = re.compile(
    rf"(?i:\bname)[ \t:]+(?P<holder>(?:[{_UPPER}]\.?[ \t]+){{0,2}}{_UPPER_WORD}(?:[ \t]{_UPPER_WORD}){{0,2}}){_END}"
    rf"|[0-9][ \t]*/[ \t]*(?P<slashed>(?:{_INITIAL}[ \t]*)?{_CAPITALISED})[ \t]*/[ \t]*[0-9]"
)
# A quoted word the text says is a name: '"Sydney" in my last message was my name', 'under "DIAZ-MORENO"', 'to "river hart"'
_SAID_TO_BE_A_NAME = re.compile(
    rf"[\"“](?P<value>{_ANY_CASE}(?:[ \t]{_ANY_CASE}){{0,2}}|{_UPPER_WORD})[\"”](?=[^.!?\n]{{0,30}}\b(?:is|was)\s(?:my|his|her|their|our)\s(?:real\s|actual\s)?name)"
    rf"|\b(?:under|delivered\sto|addressed\sto)[ \t]+[\"“](?P<under>{_UPPER_WORD}|[{_LOWER}]+(?:[ \t][{_LOWER}]+){{1,2}})[\"”]"
)


def _known_or_rare(word: str, names: frozenset[str]) -> bool:
    return word.casefold() not in sentence_words() and (word.casefold() in names or rare_english_word(word))


def _beside_names(text: str, spans: list[tuple[int, int]], names: frozenset[str]) -> list[tuple[int, int]]:
    """A known first name joined by "&", "and" or "or" to a name found: "Love, Lily & Rose"."""
    found = []
    for start, end in set(spans):
        after = _JOINED_AFTER.match(text, end)
        if after is not None and _known_or_rare(after["name"], names) and after["name"][:1].isupper() == text[start:start + 1].isupper():
            found.append(after.span("name"))
        before = _JOINED_BEFORE.search(text, max(0, start - 20), start)
        if before is not None and _known_or_rare(before["name"], names) and before["name"][:1].isupper() == text[start:start + 1].isupper():
            found.append(before.span("name"))
    return found


def _mailbox(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """A mail header's To:/From: naming a desk or a mailbox in common words (To: Accounts, To: Front Desk)."""
    return _HEADER_BEFORE.search(text, max(0, start - 12), start) is not None and _common_words_only(text[start:end], names)


# A mail header's To:/From: may name a mailbox or a desk (To: Accounts, To: Front Desk), not a person
_HEADER_BEFORE = re.compile(r"(?im)^[ \t>]*(?:from|to|cc|sent\sto|sender|customer|contact)[ \t]*:[ \t]*$")
# A chat line's speaker: "agent Priyanka:", "Agent Olivia:", "Marcus (agent):"
_CHAT_SPEAKER = re.compile(
    rf"(?im)^[ \t]*(?:(?:agent|operator|advisor|adviser|support|rep)[ \t]+(?P<after>{_ANY_CASE})"
    rf"|(?P<before>{_ANY_CASE})[ \t]*\((?:agent|operator|support|advisor|adviser|staff)\))[ \t]*:"
)


def _common_words_only(value: str, names: frozenset[str]) -> bool:
    words = re.findall(rf"[{_UPPER}{_LOWER}']+", value)
    return bool(words) and not any(w.casefold() in names or rare_english_word(w) for w in words)


def _chat_speakers(text: str) -> list[tuple[int, int]]:
    """The agent's name in a chat's speaker labels, and wherever the chat says it again ("thanks, Marcus")."""
    spans = []
    for name in {m["after"] or m["before"] for m in _CHAT_SPEAKER.finditer(text)}:
        if name.casefold() in {"chat", "team", "bot", "here", "name"}:
            continue
        spans += [m.span() for m in re.finditer(rf"{_START}{re.escape(name)}{_END}", text, re.IGNORECASE)]
    return spans


_PARTICLE_WORDS = frozenset(re.sub(r"\\s|[()?:]", " ", _PARTICLE).replace("|", " ").split())


def _known_first_name(word: str, names: frozenset[str]) -> bool:
    """In the lexicon, or the first part of a hyphenated name is: Pieter-Jan, Mai-Linh, Jean-Baptiste."""
    folded = word.casefold()
    return folded in names or ("-" in folded and folded.split("-", 1)[0] in names)


def _after_cues(text: str, names: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    for match in _AFTER_CUE.finditer(text):
        first, rest = match["first"], match["rest"]
        if first.casefold() in sentence_words():
            # after a strong cue, a capitalised word with a surname: "I go by May Dang", "my wife April Stone"
            before = text[max(0, match.start() - 30) : match.start()].lower()
            rest = match["rest"]
            if first[:1].isupper() and rest and rest.strip()[:1].isupper() and _name_words(rest) and _gift_or_kin(before):
                spans.append((match.start(), match.end("rest")))
            continue
        before = text[max(0, match.start() - 30) : match.start()].lower()
        surname = bool(rest) and _name_words(rest)
        end = match.end("rest") if surname else match.end("first")
        if _PERSON_CUE.search(before) and (_gift_or_kin(before) or not _weak_cue(before)):
            spans.append((match.start(), end))
        elif _PERSON_CUE.search(before):
            # "to London by Friday", "it's free shipping": after a weak cue, a word that could
            # be a name (known, rare or capitalised) ends the phrase or has a surname with it.
            after = text[match.end("first") :]
            closes = after[:1] in {",", "!", ".", "\n", "", '"', "”"} or re.match(r" (?:and|again|here|&)(?:\s|$)", after) is not None
            # "delivered to Deepak at front door": a known first name before "at"
            closes = closes or (first.casefold() in names and re.match(r" at\s", after) is not None)
            # "… with Gareth on Monday and Anjali on Tuesday": a capitalised first name mid-sentence after "and"
            closes = closes or (before.endswith("and ") and first[:1].isupper() and first.casefold() in names)
            if (first.casefold() in names or first[0].isupper() or rare_english_word(first)) and (closes or surname):
                spans.append((match.start(), end))
        elif surname and first.casefold() in names and _PREPOSITION_CUE.search(before):
            spans.append((match.start(), match.end("rest")))
    return spans


def _gift_or_kin(before: str) -> bool:
    """Cues strong enough for a word of no lexicon: "a gift for arpağ", "my daughter rakide"."""
    return _GIFT_OR_KIN.search(before) is not None


def _weak_cue(before: str) -> bool:
    """Cues after which a capitalised word may be a place or a product ("to India",
    "it's Hojicha"): only a known first name will do."""
    return _WEAK_CUE.search(before) is not None


def _name_words(value: str, *, first_only: bool = False) -> bool:
    """One to four words, none a sentence word; with `first_only`, a short capitalised
    word after the first may be (Yimeng An, Ji O-yun)."""
    words = value.replace(".", " ").split()
    checked = [w for n, w in enumerate(words) if not (first_only and n and w[:1].isupper() and len(w) <= 3)]
    return bool(words) and len(words) <= 4 and not any(w.casefold().strip("'-") in sentence_words() for w in checked if len(w) > 1)


def _all_sentence_words(words: str) -> bool:
    return all(word.casefold() in sentence_words() for word in words.split())


class LatinNameRecognizer(SpanRecognizer):
    ENTITIES = ("PERSON",)
    SCORE = 0.7

    def prepare(self) -> None:
        first_names()
        family_names_first()

    def find(self, text: str) -> list[tuple[str, int, int]]:
        return [("PERSON", start, end) for start, end in latin_name_spans(text)]
