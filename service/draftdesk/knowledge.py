"""Policy documents (knowledge/policies/{ja,en}/*.md) → passages with stable ids.

Format (knowledge/README.md): YAML front matter with `id`, `topic`, `intents`; one
passage per `##` heading, whose `{#slug}` gives the id `<doc id>#<slug>`; optional
`<!-- allows: … [when: …] -->` and `<!-- intents: … -->` lines under a heading, and an
`<!-- asks:` … `-->` block of customer questions, one per line. The `when:` of an
`allows` line is a condition in the language of `draftdesk.conditions`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from draftdesk.adapters.lexical_index import Synonyms, load_synonyms
from draftdesk.conditions import Case, ConditionError, parse_condition
from draftdesk.domain import LANGUAGES, Frozen, Intent, Passage
from draftdesk.errors import ConfigurationError, describe_validation_error
from draftdesk.files import parse_yaml, read_yaml

# What a passage may allow staff to offer. `gift` covers any compensation in kind or
# money; `delivery_date` is a delivery date stated as certain.
OFFERS = frozenset({
    "refund", "partial_refund", "coupon", "discount", "free_shipping", "gift",
    "reshipment", "exchange", "delivery_date",
})
_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*\{#(?P<slug>[a-z0-9][a-z0-9-]*)\}\s*$")
_LOOSE_HEADING = re.compile(r"^##\s+\S")
_DIRECTIVE = re.compile(r"^<!--\s*(?P<name>allows|intents)\s*:\s*(?P<values>.*?)\s*-->\s*$")
_WHEN = re.compile(r"(?:^|\s+)when\s*:", re.IGNORECASE)
_ASKS_OPEN = re.compile(r"^<!--\s*asks\s*:\s*$")
_COMMENT_CLOSE = "-->"
_KNOWN_INTENTS = frozenset(intent.value for intent in Intent)


class Grant(Frozen):
    """One `allows` line: these offers, when the condition holds ("" = always)."""

    offers: tuple[str, ...]
    when: str = ""

    @model_validator(mode="after")
    def _known(self) -> Grant:
        unknown = sorted(set(self.offers) - OFFERS)
        if unknown or not self.offers:
            raise ValueError(f"offers: unknown {unknown}; known: {sorted(OFFERS)}" if unknown else "offers: none named")
        if self.when:
            try:
                parse_condition(self.when)
            except ConditionError as exc:
                raise ValueError(f"when: {exc}") from None
        return self


class PolicyPassage(Passage):
    """A passage with the conditions of what it allows. `allows` stays the plain list
    of offers (every reader of a Passage knows it); `grants` says when each applies."""

    grants: tuple[Grant, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _allows_from_grants(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("grants"):
            grants = [g if isinstance(g, Grant) else Grant.model_validate(g) for g in data["grants"]]
            return {**data, "grants": tuple(grants), "allows": _union(g.offers for g in grants)}
        return data


def grants_of(passage: Passage) -> tuple[Grant, ...]:
    """What a passage allows and when; a plain Passage allows its offers always."""
    if isinstance(passage, PolicyPassage) and passage.grants:
        return passage.grants
    return (Grant(offers=passage.allows),) if passage.allows else ()


def permits(passage: Passage, offers: set[str], case: Case) -> bool:
    """Whether the passage allows one of `offers` in this case (its condition is true)."""
    return any(
        offers & set(grant.offers) and (not grant.when or parse_condition(grant.when).evaluate(case) is True)
        for grant in grants_of(passage)
    )


def _union(groups) -> tuple[str, ...]:  # noqa: ANN001
    return tuple(dict.fromkeys(kind for group in groups for kind in group))


def parse_grant(values: str, *, where: str) -> Grant:
    """`refund, exchange when: intent in [damaged]` → a Grant; errors name `where`."""
    offers_text, *rest = _WHEN.split(values, maxsplit=1)
    offers = tuple(v.strip() for v in offers_text.split(",") if v.strip())
    if not offers:
        raise ConfigurationError(f"{where}: name at least one offer (before 'when:')")
    _check_values(offers, OFFERS, where=where)
    condition = rest[0].strip() if rest else ""
    if rest:
        try:
            parse_condition(condition)
        except ConditionError as exc:
            raise ConfigurationError(f"{where}: when: {exc}") from None
    return Grant(offers=offers, when=condition)


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+-(ja|en)$")
    topic: str = Field(min_length=1)
    intents: list[str] = Field(default_factory=list)


def load_passages(policies_dir: Path) -> list[Passage]:
    if not policies_dir.is_dir():
        raise ConfigurationError(f"{policies_dir}: no policy folder")
    passages: list[Passage] = []
    for language in LANGUAGES:
        for path in sorted((policies_dir / language).glob("*.md")):
            source = path.relative_to(policies_dir.parent)
            passages += parse_policy(path.read_text(encoding="utf-8"), source=source, language=language)
    seen: set[str] = set()
    for passage in passages:
        if passage.id in seen:
            raise ConfigurationError(f"{passage.source}:{passage.line}: passage id {passage.id} is used twice")
        seen.add(passage.id)
    return passages


def parse_policy(text: str, *, source: Path, language: str) -> list[Passage]:
    lines = text.splitlines()
    front, body_start = _front_matter(lines, source)
    if not front.id.endswith(f"-{language}"):
        raise ConfigurationError(f"{source}: id {front.id} does not end in -{language}")
    _check_values(front.intents, _KNOWN_INTENTS, where=f"{source}: intents")
    doc_title = next((ln[2:].strip() for ln in lines[body_start:] if ln.startswith("# ")), front.topic)

    passages: list[Passage] = []
    current: dict | None = None
    asks_opened_at: int | None = None
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        if asks_opened_at is not None:
            if line.strip() == _COMMENT_CLOSE:
                asks_opened_at = None
            elif _COMMENT_CLOSE in line or line.startswith("#"):
                raise _unclosed_asks(source, asks_opened_at)
            elif line.strip():
                current["asks"] += (line.strip(),)
            continue
        heading = _HEADING.match(line)
        if heading:
            if current:
                passages.append(_passage(current, front, language, doc_title, source))
            current = {"title": heading["title"], "slug": heading["slug"], "line": number,
                       "grants": (), "intents": tuple(front.intents), "asks": (), "text": []}
            continue
        if _ASKS_OPEN.match(line.strip()) and current is not None:
            asks_opened_at = number
            continue
        if _LOOSE_HEADING.match(line):
            raise ConfigurationError(f"{source}:{number}: a '##' heading needs a stable id: '## Title {{#slug}}'")
        directive = _DIRECTIVE.match(line.strip())
        if directive and current is not None and directive["name"] == "allows":
            # Each allows line is one grant; several lines add up (one condition each).
            current["grants"] += (parse_grant(directive["values"], where=f"{source}:{number}: allows"),)
        elif directive and current is not None:
            values = tuple(v.strip() for v in directive["values"].split(",") if v.strip())
            _check_values(values, _KNOWN_INTENTS, where=f"{source}:{number}: intents")
            current["intents"] = values
        elif current is not None:
            current["text"].append(line)
    if asks_opened_at is not None:
        raise _unclosed_asks(source, asks_opened_at)
    if current:
        passages.append(_passage(current, front, language, doc_title, source))
    if not passages:
        raise ConfigurationError(f"{source}: no '## Title {{#slug}}' sections")
    return passages


def _unclosed_asks(source: Path, line: int) -> ConfigurationError:
    return ConfigurationError(f"{source}:{line}: the asks block is not closed with '-->' on a line of its own")


def _front_matter(lines: list[str], source: Path) -> tuple[_FrontMatter, int]:
    if not lines or lines[0].strip() != "---":
        raise ConfigurationError(f"{source}:1: a policy document starts with '---' front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ConfigurationError(f"{source}: the front matter is not closed with '---'") from None
    try:
        raw = parse_yaml("\n".join(lines[1:end])) or {}
        return _FrontMatter.model_validate(raw), end + 1
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source}: invalid front matter: {exc}") from None
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc, where=f"{source}: front matter")) from None


def _check_values(values: object, allowed: frozenset[str], *, where: str) -> None:
    unknown = sorted(set(values) - allowed)  # type: ignore[arg-type]
    if unknown:
        raise ConfigurationError(f"{where}: unknown {unknown}; known: {sorted(allowed)}")


def _passage(current: dict, front: _FrontMatter, language: str, doc_title: str, source: Path) -> Passage:
    text = "\n".join(current["text"]).strip()
    return PolicyPassage(
        id=f"{front.id}#{current['slug']}",
        title=f"{doc_title} > {current['title']}",
        text=text,
        language=language,  # type: ignore[arg-type]
        topic=front.topic,
        intents=current["intents"],
        allows=_union(grant.offers for grant in current["grants"]),
        grants=current["grants"],
        asks=current["asks"],
        source=str(source),
        line=current["line"],
    )


def load_synonyms_file(path: Path) -> Synonyms:
    """knowledge/synonyms.yaml, if the shop has one: {ja: [[word, …], …], en: …}."""
    if not path.is_file():
        return {}
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{path}: a mapping of languages (ja, en) to word lists is expected")
    for language, groups in raw.items():
        if language not in LANGUAGES or not isinstance(groups, list) or not all(
            isinstance(group, list) and all(isinstance(word, str) for word in group) for group in groups
        ):
            raise ConfigurationError(f"{path}: {language}: a list of word lists per language (ja, en) is expected")
    return load_synonyms(raw)


def content_hash(passage: Passage) -> str:
    """Changes whenever anything that is embedded or filtered on changes."""
    material = "\x1f".join([passage.title, passage.text, passage.language, ",".join(passage.intents), *passage.asks])
    return hashlib.sha256(material.encode()).hexdigest()[:32]
