"""The Presidio detector: built once, offline, thread-safe, and good enough on the labelled set."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import spacy
from spacy.language import Language

from draftdesk.adapters.presidio_redactor import PresidioDetector, build_presidio_detector, without_nested
from draftdesk.errors import RedactionFailed
from draftdesk.evals.pii import DEFAULT_DATASET, PiiReport, evaluate_pii, load_cases
from draftdesk.pipeline.redact import KnownValues, PiiSpan, Vault, redact

ALWAYS_FOUND = ("EMAIL_ADDRESS", "PHONE_NUMBER", "POSTAL_CODE", "CREDIT_CARD", "MY_NUMBER")
MOSTLY_FOUND = ("PERSON", "ADDRESS")


@pytest.fixture(scope="session")
def detector() -> PresidioDetector:
    return build_presidio_detector()


@pytest.fixture(scope="session")
def report(detector: PresidioDetector) -> PiiReport:
    return evaluate_pii(DEFAULT_DATASET, detector)


def test_the_detector_is_built_once(detector: PresidioDetector) -> None:
    assert build_presidio_detector() is detector


def test_only_the_components_ner_needs_are_loaded(detector: PresidioDetector) -> None:
    assert detector.nlp_engine.get_nlp("ja").pipe_names == []
    assert detector.nlp_engine.get_nlp("en").pipe_names == ["ner"]


def test_the_japanese_tokenizer_alone_tokenizes_as_the_whole_model_does(detector: PresidioDetector) -> None:
    """ja_ginza is loaded without its vocabulary (nothing reads its strings or vectors):
    every token, tag and lemma of the labelled Japanese texts is what the model gives."""
    config = next(spacy.util.get_package_path("ja_ginza").glob("*/config.cfg"))
    whole = spacy.load("ja_ginza", exclude=spacy.util.load_config(config)["nlp"]["pipeline"])
    alone = detector.nlp_engine.get_nlp("ja")
    assert len(alone.vocab.strings) < len(whole.vocab.strings) / 10
    texts = [case.text for case in load_cases(DEFAULT_DATASET) if case.language == "ja"]
    assert len(texts) > 100

    def tokens(nlp: Language, text: str) -> list[tuple[object, ...]]:
        return [(t.text, t.idx, t.whitespace_, t.tag_, t.pos_, t.lemma_, t.norm_, str(t.morph), t.is_stop)
                for t in nlp(text)]  # fmt: skip

    assert [tokens(alone, text) for text in texts] == [tokens(whole, text) for text in texts]
    assert "sub_tokens" not in alone(texts[0]).user_data  # no recognizer reads Sudachi's finer splits


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ja",
            "山田 太郎です。〒150-0001 東京都渋谷区神宮前1-2-3\n電話０９０－１２３４－５６７８ taro@example.jp",
            [("PERSON", "山田 太郎"), ("POSTAL_CODE", "150-0001"), ("ADDRESS", "東京都渋谷区神宮前1-2-3"),
             ("PHONE_NUMBER", "０９０－１２３４－５６７８"), ("EMAIL_ADDRESS", "taro@example.jp")],
        ),
        ("ja", "注文番号HM-24-00123、追跡番号4512-3456-7890、合計2,400円、11月18日着予定", []),
        (
            "en",
            "Thanks,\nSarah Connor\n(415) 555-0132\nIBAN GB82WEST12345698765432",
            [("PERSON", "Sarah Connor"), ("PHONE_NUMBER", "(415) 555-0132"), ("IBAN_CODE", "GB82WEST12345698765432")],
        ),
        ("en", "Order HM-24-00777 (SKU TEA-01), $48.00, shipped 2026-11-16, tracking 4512-3456-7890.", []),
    ],
)
def test_detector_finds_personal_data_and_nothing_else(
    detector: PresidioDetector, language: str, text: str, expected: list[tuple[str, str]]
) -> None:
    spans = detector.analyze(text, language=language)
    assert [(s.entity_type, text[s.start : s.end]) for s in spans] == expected


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        ([("ADDRESS", 0, 40, 0.85), ("POSTAL_CODE", 30, 40, 0.6)], [("ADDRESS", 0, 40)]),
        ([("PHONE_NUMBER", 5, 18, 0.4), ("PHONE_NUMBER", 5, 18, 0.85)], [("PHONE_NUMBER", 5, 18)]),
        ([("PERSON", 0, 5, 0.85), ("ADDRESS", 3, 20, 0.9)], [("PERSON", 0, 5), ("ADDRESS", 3, 20)]),
    ],
)
def test_nested_spans_are_dropped(spans: list[tuple[str, int, int, float]], kept: list[tuple[str, int, int]]) -> None:
    result = without_nested([PiiSpan(entity_type=t, start=s, end=e, score=p) for t, s, e, p in spans])
    assert [(r.entity_type, r.start, r.end) for r in result] == kept


def test_an_unsupported_language_fails_closed(detector: PresidioDetector) -> None:
    with pytest.raises(RedactionFailed, match="fr text"):
        redact("Bonjour", language="fr", known=KnownValues(), vault=Vault(), detector=detector)  # type: ignore[arg-type]


def test_the_shared_detector_gives_the_same_answer_from_many_threads(detector: PresidioDetector) -> None:
    texts = [("ja", "山田 太郎です。電話090-1234-5678"), ("ja", "佐藤 花子、〒530-0001 大阪府大阪市北区梅田2-4-9"),
             ("en", "Thanks,\nSarah Connor\nsarah@example.com")] * 8
    sequential = [detector.analyze(text, language=language) for language, text in texts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        concurrent = list(pool.map(lambda item: detector.analyze(item[1], language=item[0]), texts))
    assert concurrent == sequential


def test_labelled_set_has_the_promised_size(report: PiiReport) -> None:
    assert report.cases["ja"] >= 150 and report.cases["en"] >= 100


@pytest.mark.parametrize("entity_type", ALWAYS_FOUND)
def test_recall_is_perfect_for_identifiers(report: PiiReport, entity_type: str) -> None:
    assert report.ours.by_type[entity_type].recall == 1.0


@pytest.mark.parametrize("entity_type", MOSTLY_FOUND)
def test_recall_for_names_and_addresses(report: PiiReport, entity_type: str) -> None:
    assert report.ours.by_type[entity_type].recall >= 0.95


def test_precision_per_type(report: PiiReport) -> None:
    low = {t: round(s.precision, 3) for t, s in report.ours.by_type.items() if s.precision < 0.90}
    assert low == {}
