"""`draftdesk eval --shop DIR` on the second shop (Kumo Zakka, written blind): its 35
tickets drafted by the template drafter on its own orders, policies and order-number
format, with the demo shop's house style and intents where it brings none."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from draftdesk.cli import app
from draftdesk.config import PROJECT_ROOT
from draftdesk.evals.report import load_report

KUMO = PROJECT_ROOT / "evals" / "shops" / "kumo"


@pytest.fixture(scope="module")
def kumo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("kumo-eval")
    result = CliRunner().invoke(app, ["eval", "--shop", str(KUMO), "--out", str(out)])
    return result, load_report(out)


def test_every_ticket_drafts_without_an_error_finding_on_the_right_order(kumo_report):
    result, report = kumo_report
    assert result.exit_code == 0, result.output
    assert report.run.cases == 35 and report.run.sections[:1] == ["cases"]
    assert [(o.case_id, f.rule) for o in report.cases for f in o.findings if f.severity == "error"] == []
    metrics = {name: stat.mean for name, stat in report.metrics.items()}
    assert metrics["cases.order_found"] == 1.0
    assert metrics["cases.grounded"] == 1.0 and metrics["cases.ungrounded_facts"] == 0
    assert metrics["cases.estimates_marked"] == 1.0 and metrics["cases.unmarked_estimates"] == 0
    assert metrics["cases.facts_before_apology"] == 1.0


def test_the_drafts_are_the_second_shops_not_the_demo_shops(kumo_report):
    _, report = kumo_report
    demo = yaml.safe_load((PROJECT_ROOT / "knowledge" / "shop.yaml").read_text("utf-8"))["name"]
    assert all("くも雑貨店" in o.body or "Kumo Zakka" in o.body for o in report.cases)
    assert not any(demo["ja"] in o.body or demo["en"] in o.body for o in report.cases)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--shop", "evals/shops/nowhere"], "shop.yaml, policies, demo/orders.json, demo/tickets, expectations.yaml missing"),
        (["--shop", str(KUMO), "--only", "cases,pii"], "--shop runs the cases section only"),
    ],
)
def test_a_bad_shop_folder_or_section_is_one_line_and_exit_2(tmp_path, arguments, message):
    result = CliRunner().invoke(app, ["eval", *arguments, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()
