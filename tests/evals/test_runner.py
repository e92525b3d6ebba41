"""The suite end to end, as CI runs it: real SQLite, Chroma, Presidio; the template
drafter and the recording model stub; thresholds, reports, repeats, comparisons."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from draftdesk.cli import app
from draftdesk.errors import ConfigurationError, InvalidInput
from draftdesk.evals.report import load_report, write_report
from draftdesk.evals.runner import CASES_DIR, SECTIONS, EvalOptions, model_wire, run_eval
from draftdesk.evals.thresholds import THRESHOLDS_FILE

pytestmark = pytest.mark.slow  # every section of the eval: the NLP models, Chroma, the labelled sets


def a_few_cases(folder: Path, ticket_ids: tuple[str, ...]) -> Path:
    """A cases folder holding only the expectations of `ticket_ids` (the tickets are the demo shop's)."""
    expectations = yaml.safe_load((CASES_DIR / "expectations.yaml").read_text(encoding="utf-8"))
    folder.mkdir(parents=True)
    chosen = {ticket_id: expectations[ticket_id] for ticket_id in ticket_ids}
    (folder / "expectations.yaml").write_text(yaml.safe_dump(chosen, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def template_run(demo_services, tmp_path_factory):
    # Every section but plain Presidio's, which gates nothing and would take most of the run
    # (tests/evals/test_runner_pii.py scores it on a sample), and our detector's, the longest:
    # tests/evals/test_runner_pii.py runs it, on the other xdist worker while this one runs.
    sections = tuple(section for section in SECTIONS if section not in ("pii-baseline", "pii"))
    report = run_eval(demo_services, options=EvalOptions(sections=sections))
    out = tmp_path_factory.mktemp("template-run")
    write_report(report, out)
    return report, out


@pytest.fixture(scope="session")
def stub_run(demo_services, template_run, tmp_path_factory):
    # A few cases, one per language: what is proved is the runner's wire section (recording,
    # leak count, comparison); tests/test_wire.py sends every demo ticket through the stub.
    _, template_out = template_run
    cases = a_few_cases(tmp_path_factory.mktemp("stub-cases") / "cases", ("T-JA-001", "T-EN-001"))
    options = EvalOptions(model="stub", sections=("cases",), cases_dir=cases, compare=template_out)
    return run_eval(demo_services, options=options)


def test_the_template_drafter_clears_every_bar(template_run):
    report, _ = template_run
    # The blind replies' bar is not met by every rule yet: tests/evals/test_style_blind.py
    # tracks it rule by rule (xfail strict with the numbers); every other bar must pass.
    failed = [v for v in report.verdicts if not v.passed]
    assert [v for v in failed if v.section not in ("style_blind", "style_blind2")] == []
    assert report.passed == (failed == [])
    assert report.run.cases >= 60 and len(report.cases) == report.run.cases
    assert {"cases", "style", "retrieval", "timings", "model"} <= set(report.run.sections)
    assert report.run.recorded_requests is None and "wire" not in report.run.sections  # no model was called
    for name in ("cases.order_found", "retrieval.hit@1",
                 "timings.draft.p95_ms", "timings.redact.p50_ms", "model.cost_usd"):  # fmt: skip
        assert name in report.metrics, name


def test_the_report_files_exist_and_validate(template_run):
    report, out = template_run
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert load_report(out) == report


def test_the_recording_stub_sees_every_draft_and_no_personal_value(stub_run):
    # The stub's canned answers are not good replies (judged by the case bars); the wire is what is proved here.
    wire = [v for v in stub_run.verdicts if v.section == "wire"]
    assert wire and all(v.passed for v in wire)
    assert {"cases.order_found", "cases.facts_before_apology"} <= {v.metric for v in stub_run.verdicts if v.passed}
    assert stub_run.run.recorded_requests >= stub_run.run.cases
    assert stub_run.metrics["wire.leaks"].max == 0 and stub_run.leaks == []
    assert stub_run.metrics["model.prompt_tokens"].mean > 0
    assert {case.model for case in stub_run.cases} == {"openai/stub-model"}


def test_compare_lists_what_changed_against_the_baseline(stub_run, template_run):
    _, template_out = template_run
    comparison = stub_run.comparison
    assert comparison is not None and comparison.baseline == str(template_out)
    changed = {d.metric: d for d in comparison.metrics}
    assert changed["model.prompt_tokens"].before == 0 and changed["model.prompt_tokens"].after > 0
    assert "style.recall.ALL" in changed and changed["style.recall.ALL"].after is None  # not run this time


def test_repeat_reports_mean_and_spread(demo_services, tmp_path):
    # Two cases suffice: what is measured is how runs combine, not the drafts.
    cases = a_few_cases(tmp_path / "cases", ("T-JA-001", "T-EN-001"))
    report = run_eval(demo_services, options=EvalOptions(repeat=2, sections=("cases",), cases_dir=cases))
    assert report.run.cases == 2 and len(report.cases) == 2 * report.run.cases
    timing = report.metrics["timings.check.p50_ms"]
    assert timing.runs == 2 and timing.min <= timing.mean <= timing.max and timing.stdev >= 0
    assert report.metrics["cases.facts_before_apology"].runs == 2


def test_a_broken_threshold_file_exits_1_and_names_the_bar(tmp_path):
    # The style section: the quickest to run, and it needs no store or index of its own.
    broken = tmp_path / "thresholds.yaml"
    broken.write_text(
        THRESHOLDS_FILE.read_text(encoding="utf-8") + "  - {metric: style.recall.ALL, min: 1.01, why: impossible}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", "--only", "style", "--thresholds", str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "FAIL style.recall.ALL" in result.output
    assert load_report(tmp_path / "out").passed is False


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (EvalOptions(sections=("cases", "vibes")), InvalidInput, "unknown eval sections vibes"),
        (EvalOptions(sections=("pii",), compare=THRESHOLDS_FILE.parent), InvalidInput, "no eval report"),
    ],
)
def test_bad_options_are_refused_before_anything_runs(demo_services, options, error, message):
    with pytest.raises(error, match=message):
        run_eval(demo_services, options=options)


def test_recording_a_real_provider_needs_its_api_base():
    with pytest.raises(ConfigurationError, match="DRAFTDESK_MODEL_API_BASE"), model_wire("openai/gpt-4o-mini", record=True, upstream=None):
        pass


def test_a_real_model_goes_through_the_recording_proxy():
    with model_wire("openai/gpt-4o-mini", record=True, upstream="http://127.0.0.1:9/v1") as wire:
        assert wire.model == "openai/gpt-4o-mini" and wire.api_base.startswith("http://127.0.0.1:")
        assert wire.bodies() == []


def test_the_edits_section_reports_the_edit_rates_of_the_configured_store(tmp_path, monkeypatch):
    """The eval approves nothing itself: the edit rates by class, intent, language and
    model are those of the approvals in the store the settings point at, over --since/--until."""
    from draftdesk.adapters.database import create_database
    from draftdesk.adapters.sql_edits import SqlEditStore
    from draftdesk.domain import Intent
    from draftdesk.edits import DraftedRecord, EditRecord
    from draftdesk.pipeline.edit_classes import EditClass

    database = create_database(f"sqlite:///{tmp_path / 'var' / 'draftdesk.sqlite3'}")
    database.create_schema()
    store, at = SqlEditStore(database), datetime.fromisoformat("2026-11-19T12:00:00+09:00")
    for draft_id, classes in (("d_1", [EditClass.FACTS_CHANGED]), ("d_2", [])):
        store.add_drafted(DraftedRecord(
            draft_id=draft_id, ticket_id=draft_id, at=at, intent=Intent.DELAY, language="ja", model="template",
            fallback_used=False, findings={},
        ))  # fmt: skip
        store.add_edit(EditRecord(
            draft_id=draft_id, ticket_id=draft_id, version=2, at=at, approved_by="佐藤", intent=Intent.DELAY,
            language="ja", model="template", classes=classes, diff="",
        ))  # fmt: skip
    database.dispose()
    monkeypatch.setenv("DRAFTDESK_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DRAFTDESK_DATABASE_URL", "")
    monkeypatch.setenv("DRAFTDESK_NOW", "2026-11-20T12:00:00+09:00")
    result = CliRunner().invoke(
        app, ["eval", "--only", "edits", "--since", "2026-11-19", "--until", "2026-11-20", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    metrics = load_report(tmp_path / "out").metrics
    assert metrics["edits.live.approved"].mean == 2 and metrics["edits.live.rate"].mean == 0.5
    assert metrics["edits.live.by_class.facts_changed.rate"].mean == 0.5
    assert metrics["edits.live.by_intent.delay.rate"].mean == 0.5 and metrics["edits.live.by_language.ja.rate"].mean == 0.5
    assert metrics["edits.live.by_model.template.rate"].mean == 0.5
    outside = CliRunner().invoke(
        app, ["eval", "--only", "edits", "--since", "2026-11-01", "--until", "2026-11-10", "--out", str(tmp_path / "o2")]
    )
    assert outside.exit_code == 0 and load_report(tmp_path / "o2").metrics["edits.live.approved"].mean == 0
