"""What a serving process does before it serves (draftdesk.startup): the intent scorer
trained at the first start is stored in the var folder and read back at the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.config import Settings
from draftdesk.pipeline.intake import load_intent_rules
from draftdesk.pipeline.intent_model import IntentScorer
from draftdesk.startup import prepare_shared_state
from draftdesk.wiring import INTENT_SCORER_FILE, Services


def test_a_later_start_reads_the_scorer_the_first_start_trained(
    tmp_path: Path, demo_now: str, monkeypatch: pytest.MonkeyPatch
):
    settings = Settings(var_dir=tmp_path, now=demo_now, database_url="", chroma_url="", model="template")
    first = Services(settings)
    prepare_shared_state(first)
    assert (tmp_path / INTENT_SCORER_FILE).is_file()
    trained = load_intent_rules(settings.knowledge_dir / "intents.yaml").scorer
    assert first.intent_rules.scorer == trained

    def refuse(*_args: object, **_kwargs: object) -> IntentScorer:
        raise AssertionError("trained again at a later start")

    monkeypatch.setattr(IntentScorer, "fit", refuse)
    later = Services(settings)
    prepare_shared_state(later)
    assert later.intent_rules.scorer == trained
    assert later.rules.intent_rules is later.intent_rules  # the checker reads intents with the same rules
