"""`draftdesk keys create|list|revoke`: the key on stdout once, only its hash on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from draftdesk.cli import app
from typer.testing import CliRunner

from tests.conftest import DEMO_NOW
from tests.test_cli import one_clean_line


@pytest.fixture()
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture()
def keys(var_dir: Path):
    environment = {"DRAFTDESK_VAR_DIR": str(var_dir), "DRAFTDESK_NOW": DEMO_NOW, "DRAFTDESK_DATABASE_URL": ""}

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, ["keys", *args], env=environment, catch_exceptions=False)

    return run


def test_create_prints_the_key_once_and_stores_only_its_hash(keys, var_dir: Path) -> None:
    created = keys("create", "--role", "agent", "--owner", "佐藤 一郎")
    assert created.exit_code == 0, created.stderr
    key = created.stdout.strip()
    # nothing else on stdout: KEY=$(draftdesk keys create …) works
    assert created.stdout == key + "\n" and key.startswith("dd_")
    assert "佐藤 一郎 (agent)" in one_clean_line(created.stderr) and key not in created.stderr
    stored = b"".join(path.read_bytes() for path in var_dir.glob("draftdesk.sqlite3*"))
    assert stored and key.encode() not in stored and key[3:].encode() not in stored

    listed = keys("list")
    assert listed.exit_code == 0 and key not in listed.stdout
    (line,) = listed.stdout.splitlines()
    key_id, owner, role, created_at, state = line.split("\t")
    assert (owner, role, state) == ("佐藤 一郎", "agent", "active") and key_id.startswith("key_")
    assert created_at.startswith("created ")


def test_revoke_marks_the_key_revoked_and_keeps_it_listed(keys) -> None:
    keys("create", "--role", "integrator", "--owner", "shop-backend")
    (entry,) = json.loads(keys("list", "--json").stdout)
    assert set(entry) == {"id", "owner", "role", "created_at", "revoked_at"} and entry["revoked_at"] is None
    revoked = keys("revoke", entry["id"])
    assert revoked.exit_code == 0 and revoked.stdout.strip() == f"revoked {entry['id']} (shop-backend, integrator)"
    (after,) = json.loads(keys("list", "--json").stdout)
    assert after["revoked_at"] is not None and "revoked" in keys("list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "--role", "superuser", "--owner", "x"), "role: 'superuser' is not a role a key can have"),
        (("create", "--role", "env_key", "--owner", "x"), "choose agent, integrator, admin"),
        (("create", "--role", "agent", "--owner", " "), "owner: the name shows nothing"),
        (("revoke", "key_nope"), "no API key with id key_nope"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(keys, args: tuple[str, ...], message: str) -> None:
    result = keys(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in one_clean_line(result.stderr)
    assert json.loads(keys("list", "--json").stdout) == []

