"""The learned intent scorer: naive Bayes on its own, the examples file, and how intake
blends it with the keyword rules and the order's state."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest
import yaml

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Intent, Sender, Ticket
from draftdesk.errors import ConfigurationError
from draftdesk.pipeline.intake import IntentRules, intake, load_intent_rules, trained_on, with_order_state
from draftdesk.pipeline.intent_model import INTENTS, IntentScorer, load_intent_examples, word_features
from tests.support.desks import intent_rules

RULES_FILE = PROJECT_ROOT / "knowledge" / "intents.yaml"


@pytest.fixture(scope="module")
def rules() -> IntentRules:
    return intent_rules()


def fitted(*samples: tuple[dict[str, int], Intent, str | None]) -> IntentScorer:
    return IntentScorer.fit(
        ((Counter(features), intent, state) for features, intent, state in samples), smoothing=0.3, state_smoothing=1.0
    )


# --- naive Bayes ------------------------------------------------------------------


def test_the_words_of_an_intent_make_it_likely_and_the_scores_are_probabilities():
    scorer = fitted(
        ({"入荷": 1, "予定": 1}, Intent.RESTOCK, "backordered"),
        ({"入荷": 1, "いつ": 1}, Intent.RESTOCK, "backordered"),
        ({"割れる": 2}, Intent.DAMAGED, "delivered"),
        ({"返品": 1, "予定": 1}, Intent.RETURN, "delivered"),
    )
    scores = scorer.score({"入荷": 1})
    assert len(scores) == len(INTENTS)
    assert math.isclose(sum(math.exp(value) for value in scores), 1.0)
    assert max(INTENTS, key=lambda intent: scores[INTENTS.index(intent)]) is Intent.RESTOCK
    assert scorer.telling_features({"入荷": 1, "予定": 1}, Intent.RESTOCK) == ("入荷",)  # 予定 is in a return too


def test_a_word_no_example_had_changes_nothing():
    scorer = fitted(({"lid": 1}, Intent.DAMAGED, None), ({"refund": 1}, Intent.REFUND, None))
    assert scorer.score({"lid": 1, "zeppelin": 5}) == scorer.score({"lid": 1})
    assert scorer.telling_features({"zeppelin": 1}, Intent.DAMAGED) == ()


def test_the_state_prior_is_learned_per_state_and_none_for_a_state_never_seen():
    scorer = fitted(
        ({"a": 1}, Intent.RESTOCK, "backordered"),
        ({"b": 1}, Intent.RESTOCK, "backordered"),
        ({"c": 1}, Intent.CANCEL, "backordered"),
        ({"d": 1}, Intent.OTHER, None),
    )
    backordered = scorer.state_prior("backordered")
    assert backordered is not None
    assert backordered[INTENTS.index(Intent.RESTOCK)] > backordered[INTENTS.index(Intent.CANCEL)]
    assert backordered[INTENTS.index(Intent.CANCEL)] > backordered[INTENTS.index(Intent.DAMAGED)]
    no_order = scorer.state_prior(None)
    assert no_order is not None and max(no_order) == no_order[INTENTS.index(Intent.OTHER)]
    assert scorer.state_prior("refunded") is None


def test_no_examples_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="no examples"):
        IntentScorer.fit([], smoothing=0.3, state_smoothing=1.0)


def test_features_are_lemmas_and_pairs_within_a_sentence_the_subject_counting_twice():
    features = word_features(["返品"], [["サイズ", "合う", "ず"], ["返送", "料"]], ignore={"料"})
    assert features == Counter({
        "返品": 2, "サイズ": 1, "合う": 1, "ず": 1, "サイズ 合う": 1, "合う ず": 1, "返送": 1,
    })


# --- the examples file ------------------------------------------------------------


def _line(**overrides: object) -> str:
    row = {"source": "written", "ticket": {"id": "W-1", "body": "割れていました"}, "intent": "damaged"}
    return json.dumps({**row, **overrides}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_line() + "\n{oops\n", "examples.jsonl:2: not JSON"),
        (_line(intent="broken"), "examples.jsonl:1: intent"),
        (_line(ticket={"id": "W-1"}), "examples.jsonl:1: ticket.body"),
        (_line(source=""), "examples.jsonl:1: source"),
        ("\n\n", "no intent examples"),
    ],
)
def test_a_bad_examples_file_names_the_line_and_field(tmp_path: Path, text: str, message: str):
    path = tmp_path / "examples.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        load_intent_examples(path)


def test_the_rules_name_a_missing_examples_file_at_start_up(tmp_path: Path):
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    raw["learned"]["examples"] = "absent.jsonl"
    path = tmp_path / "intents.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="absent.jsonl: intent examples file not found"):
        load_intent_rules(path)


def test_an_example_that_intake_would_refuse_fails_at_start_up(tmp_path: Path, rules: IntentRules):
    path = tmp_path / "examples.jsonl"
    path.write_text(_line(ticket={"id": "W-EMPTY", "body": "> only a quote"}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="W-EMPTY"):
        trained_on(rules, load_intent_examples(path))


def test_without_a_learned_section_the_rules_decide_alone(tmp_path: Path):
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    del raw["learned"]
    path = tmp_path / "intents.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    alone = load_intent_rules(path)
    assert alone.scorer is None
    lid = intake(Ticket(id="T-1", body="The teapot lid came in two pieces."), rules=alone)
    assert (lid.intent, lid.intent_evidence) == (Intent.OTHER, ())  # no keyword: the rules see nothing
    late = intake(Ticket(id="T-2", body="My parcel is late."), rules=alone)
    assert (late.intent, late.intent_evidence) == (Intent.DELAY, ("late",))


# --- blended with the rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "body", "intent"),
    [
        # No keyword of intents.yaml names these intents (荷物 hints at a parcel chase): the scorer reads them.
        ("", "The teapot lid came in two pieces.", Intent.DAMAGED),
        ("", "荷物の宛名を旧姓から新しい苗字に直してもらえますか。", Intent.ADDRESS_CHANGE),
    ],
)
def test_a_ticket_no_keyword_fits_is_read_by_the_scorer_with_its_words_as_evidence(
    rules: IntentRules, subject: str, body: str, intent: Intent
):
    received = intake(Ticket(id="T-1", subject=subject, body=body), rules=rules)
    assert received.intent_reading is not None and received.intent_reading.rule_scores[intent] == 0
    assert received.intent is intent
    assert len(received.intent_evidence) == 1 and received.intent_evidence[0].startswith("learned p=")


@pytest.mark.parametrize(
    "body",
    ["お茶の美味しい淹れ方を教えてください。", "Do you sell gift cards?", "Is your shop open on Sundays?"],
)
def test_other_when_nothing_fits(rules: IntentRules, body: str):
    received = intake(Ticket(id="T-1", body=body), rules=rules)
    assert (received.intent, received.intent_evidence) == (Intent.OTHER, ())


def test_the_sender_s_name_is_never_a_feature_nor_evidence(rules: IntentRules):
    ticket = Ticket.model_validate({
        "id": "T-1", "body": "Where is my parcel, Isabella here, isabella rossi",
        "from": Sender(name="Isabella Rossi", email="i@example.com").model_dump(),
    })
    received = intake(ticket, rules=rules)
    assert received.intent_reading is not None
    assert not [feature for feature in received.intent_reading.features if "isabella" in feature or "rossi" in feature]
    assert "isabella" not in " ".join(received.intent_evidence).casefold()


def test_the_state_weighs_the_intents_of_a_ticket_but_never_makes_one_of_a_ticket_that_fits_none(rules: IntentRules):
    store = "I would love to know whether you plan to open a physical store in Osaka next year."
    received = intake(Ticket(id="T-1", body=store), rules=rules)
    for state in ("shipped", "backordered", "delivered", "refunded"):
        assert with_order_state(received, state=state, rules=rules).intent is Intent.OTHER
    # The same prior makes a refund of what reads like a return on an order already refunded.
    returned = intake(Ticket(id="T-2", body="I sent the mug back last week."), rules=rules)
    assert with_order_state(returned, state="refunded", rules=rules).intent is Intent.REFUND


# --- kept between starts ------------------------------------------------------------


def _knowledge_copy(folder: Path) -> Path:
    """intents.yaml and the examples it names, in `folder`; the path of intents.yaml."""
    folder.mkdir()
    for name in ("intents.yaml", "intent_examples.jsonl"):
        (folder / name).write_bytes((RULES_FILE.parent / name).read_bytes())
    return folder / "intents.yaml"


def _no_training(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> IntentScorer:
        raise AssertionError("trained, though a stored scorer was expected")

    monkeypatch.setattr(IntentScorer, "fit", refuse)


def test_a_stored_scorer_is_read_back_and_is_the_trained_one(
    tmp_path: Path, rules: IntentRules, monkeypatch: pytest.MonkeyPatch
):
    path, stored = _knowledge_copy(tmp_path / "knowledge"), tmp_path / "var" / "intent-scorer.json"
    first = load_intent_rules(path, scorer_file=stored)
    assert stored.is_file()
    assert first.scorer == rules.scorer  # trained as without a file
    _no_training(monkeypatch)
    again = load_intent_rules(path, scorer_file=stored)
    assert again.scorer == rules.scorer and again.ignored == rules.ignored
    ticket = Ticket(id="T-1", subject="Re: order", body="The lid of my teapot arrived cracked, what can you do?")
    assert intake(ticket, rules=again) == intake(ticket, rules=rules)


def test_the_scorer_is_trained_again_when_its_examples_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path, stored = _knowledge_copy(tmp_path / "knowledge"), tmp_path / "var" / "intent-scorer.json"
    before = load_intent_rules(path, scorer_file=stored).scorer
    assert before is not None
    examples = path.parent / "intent_examples.jsonl"
    examples.write_text(examples.read_text(encoding="utf-8") + _line() + "\n", encoding="utf-8")
    after = load_intent_rules(path, scorer_file=stored).scorer
    assert after is not None and after.examples == before.examples + 1
    _no_training(monkeypatch)  # the new scorer was stored in place of the old one
    assert load_intent_rules(path, scorer_file=stored).scorer == after


def test_the_scorer_is_trained_again_when_the_rules_change(tmp_path: Path):
    path, stored = _knowledge_copy(tmp_path / "knowledge"), tmp_path / "var" / "intent-scorer.json"
    load_intent_rules(path, scorer_file=stored)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["learned"]["smoothing"] = raw["learned"]["smoothing"] * 2
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    changed = load_intent_rules(path, scorer_file=stored).scorer
    assert changed is not None and changed.smoothing == raw["learned"]["smoothing"]


def test_an_unreadable_stored_scorer_is_replaced(tmp_path: Path, rules: IntentRules):
    path, stored = _knowledge_copy(tmp_path / "knowledge"), tmp_path / "var" / "intent-scorer.json"
    stored.parent.mkdir()
    stored.write_text('{"key": "', encoding="utf-8")
    assert load_intent_rules(path, scorer_file=stored).scorer == rules.scorer
    assert IntentScorer.from_json(json.loads(stored.read_text(encoding="utf-8"))["scorer"]) == rules.scorer


def test_a_scorer_that_cannot_be_stored_is_still_used(tmp_path: Path, rules: IntentRules):
    path = _knowledge_copy(tmp_path / "knowledge")
    (tmp_path / "var").write_text("a file where the var folder should be", encoding="utf-8")
    assert load_intent_rules(path, scorer_file=tmp_path / "var" / "intent-scorer.json").scorer == rules.scorer
