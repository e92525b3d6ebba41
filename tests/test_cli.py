"""`draftdesk` as a user runs it: exit codes, the output, one line on stderr.

The commands run in this process (Typer's runner, the settings from the environment
as a shell would give them), sharing the stack other tests load already: starting a
process per command would load Presidio, spaCy and Chroma each time. What only a
real process shows (the console script's exit status, nothing on stderr but one
line) is checked once at the end, on a refusal that comes before anything heavy loads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from draftdesk.cli import app
from draftdesk.config import PROJECT_ROOT
from tests.conftest import DEMO_NOW, DEMO_TICKETS

TICKET = DEMO_TICKETS / "T-JA-001.json"
BAD_TICKETS = [
    (b'{"id": "T-1", "body": ', "invalid JSON"),
    (b'{"id": "T-1"}', "body: Field required"),
    (b'{"id": "T-1", "body": "  "}', "empty"),
    (b"\xff\xfe\xfd", "not valid UTF-8"),
]

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        "DRAFTDESK_VAR_DIR": str(tmp_path_factory.mktemp("cli-var")),
        "DRAFTDESK_NOW": DEMO_NOW,
        "DRAFTDESK_DATABASE_URL": "",
        "DRAFTDESK_CHROMA_URL": "",
        "DRAFTDESK_MODEL": "template",
    }


@pytest.fixture(scope="module")
def run(environment: dict[str, str]) -> Run:
    def run_cli(*args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=environment, catch_exceptions=False)

    return run_cli


def one_clean_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_draft_prints_the_draft_object(run: Run, tmp_path: Path) -> None:
    result = run("draft", str(TICKET), "--json", "--agent", "佐藤")
    assert result.exit_code == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["ticket_id"] == "T-JA-001" and draft["model"]["name"] == "template"
    assert draft["facts"] and draft["citations"]
    reply = tmp_path / "reply.txt"
    reply.write_text(draft["body"], encoding="utf-8")
    checked = run("check", str(reply), "--ticket", str(TICKET), "--agent", "佐藤", "--json")
    assert checked.exit_code == 0, checked.stdout
    assert not [f for f in json.loads(checked.stdout) if f["severity"] == "error"]


def test_check_exits_1_on_an_error_finding(run: Run, tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("申し訳ございません。たぶん週明けには届くと思います。", encoding="utf-8")
    result = run("check", str(reply), "--json")
    assert result.exit_code == 1
    assert {"HS001", "HS004"} <= {f["rule"] for f in json.loads(result.stdout)}


@pytest.mark.parametrize(("content", "message"), BAD_TICKETS)
def test_draft_refuses_bad_tickets_with_one_line(run: Run, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run("draft", str(path))
    assert result.exit_code == 2
    assert message in one_clean_line(result.stderr)


def test_redact_prints_placeholders_and_counts_never_the_values(run: Run, tmp_path: Path) -> None:
    text = tmp_path / "mail.txt"
    text.write_text("山田太郎です。電話は090-1234-5678、メールは taro@example.jp です。注文番号はHM-24-00012です。", encoding="utf-8")
    result = run("redact", str(text), "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert "090-1234-5678" not in result.stdout and "taro@example.jp" not in result.stdout
    assert "HM-24-00012" in payload["text"]
    assert payload["entities"].get("PHONE_NUMBER") == 1 and payload["entities"].get("EMAIL_ADDRESS") == 1


def test_import_orders_loads_a_file_and_refuses_a_broken_one(run: Run, tmp_path: Path) -> None:
    orders = json.loads((PROJECT_ROOT / "knowledge" / "demo" / "orders.json").read_text(encoding="utf-8"))[:3]
    good = tmp_path / "orders.json"
    good.write_text(json.dumps(orders, ensure_ascii=False), encoding="utf-8")
    result = run("import-orders", str(good))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 orders" in result.stdout
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{**orders[0], "items": []}], ensure_ascii=False), encoding="utf-8")
    refused = run("import-orders", str(broken))
    assert refused.exit_code == 2
    assert "items" in one_clean_line(refused.stderr)


def test_ingest_is_idempotent(run: Run) -> None:
    first = run("ingest")
    assert first.exit_code == 0, first.stderr
    again = run("ingest")
    assert again.exit_code == 0
    assert again.stdout.startswith("added 0, updated 0, removed 0")


def test_serve_refuses_a_public_host_without_api_keys(run: Run) -> None:
    result = run("serve", "--host", "0.0.0.0", "--port", "1")
    assert result.exit_code == 2
    assert "DRAFTDESK_API_KEYS" in one_clean_line(result.stderr)


def test_tickets_add_stores_a_ticket_and_tickets_list_shows_the_inbox(run: Run, tmp_path: Path) -> None:
    ticket = tmp_path / "ticket.json"
    ticket.write_text(json.dumps(json.loads(TICKET.read_text("utf-8")) | {"id": "T-CLI-1"}, ensure_ascii=False), "utf-8")
    added = run("tickets", "add", str(ticket))
    assert added.exit_code == 0, added.stderr
    assert added.stdout.rstrip("\n").split("\t") == ["T-CLI-1", "none", "due", "168 min", "まだ届きません"]
    assert run("draft", str(TICKET)).exit_code == 0  # `draft` puts its ticket in the inbox too

    waiting = run("tickets", "list", "--state", "none")
    assert "T-CLI-1\tnone" in waiting.stdout and "T-JA-001" not in waiting.stdout
    assert one_clean_line(waiting.stderr).startswith("none ")  # the counts
    page = json.loads(run("tickets", "list", "--json", "--sort", "age").stdout)
    states = {item["ticket_id"]: item["draft_state"] for item in page["tickets"]}
    assert states["T-CLI-1"] == "none" and states["T-JA-001"] in ("needs_review", "blocked")
    assert page["counts"]["none"] >= 1 and page["target"] == {"fast_minutes": 60, "limit_minutes": 180}


@pytest.mark.parametrize(("content", "message"), BAD_TICKETS)
def test_tickets_add_refuses_bad_tickets_with_one_line(run: Run, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run("tickets", "add", str(path))
    assert result.exit_code == 2
    assert message in one_clean_line(result.stderr)


# --- the console script in a process of its own --------------------------------------


def test_the_console_script_exits_2_with_one_line_and_no_traceback(environment: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "orders.json"
    broken.write_text('[{"number": ', encoding="utf-8")
    executable = shutil.which("draftdesk", path=str(Path(sys.executable).parent))
    command = [executable] if executable else [sys.executable, "-c", "from draftdesk.cli import main; main()"]
    result = subprocess.run(
        [*command, "import-orders", str(broken)],
        capture_output=True, text=True, env={**os.environ, **environment}, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert "invalid JSON" in one_clean_line(result.stderr)
    assert result.stdout == ""
