"""The product as a shop installs it: a wheel that carries its data and serves the demo
shop from any working directory, and `draftdesk init` copying that shop out to edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from draftdesk.cli import app
from draftdesk.config import PACKAGE_DIR, PROJECT_ROOT, Settings, shop_data_dir
from draftdesk.domain import ShopProfile
from draftdesk.files import load_yaml_model
from draftdesk.testing.processes import free_port, wait_until_answering
from typer.testing import CliRunner

from tests.conftest import DEMO_NOW

SHOP_FOLDERS = ("knowledge", "prompts")
NOT_SHIPPED = "testing"  # the model stub and loopback server: tests and evals only


def _files_under(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


# --- draftdesk init: a shop's own copy ---------------------------------------------------


def test_init_copies_the_demo_shop_and_prints_the_settings_that_use_it(tmp_path: Path) -> None:
    shop = tmp_path / "midoriya"
    result = CliRunner().invoke(app, ["init", str(shop)])
    assert result.exit_code == 0, result.output
    for folder in SHOP_FOLDERS:
        assert _files_under(shop / folder) == _files_under(shop_data_dir() / folder)
    exports = dict(line.removeprefix("export ").split("=", 1) for line in result.output.splitlines() if line.startswith("export "))
    assert exports == {
        "DRAFTDESK_KNOWLEDGE_DIR": str(shop.resolve() / "knowledge"),
        "DRAFTDESK_PROMPTS_DIR": str(shop.resolve() / "prompts"),
        "DRAFTDESK_VAR_DIR": str(shop.resolve() / "var"),
    }
    settings = Settings(knowledge_dir=exports["DRAFTDESK_KNOWLEDGE_DIR"], prompts_dir=exports["DRAFTDESK_PROMPTS_DIR"])
    assert load_yaml_model(settings.knowledge_dir / "shop.yaml", ShopProfile).name.ja


def test_init_never_overwrites_a_shop(tmp_path: Path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "mine.j2").write_text("edited by the shop", encoding="utf-8")
    result = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert not (tmp_path / "knowledge").exists()
    assert _files_under(tmp_path / "prompts") == {"mine.j2"}


def test_settings_default_to_the_shipped_shop_and_a_var_folder_where_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("DRAFTDESK_VAR_DIR", "DRAFTDESK_KNOWLEDGE_DIR", "DRAFTDESK_PROMPTS_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.var_dir == tmp_path / "var"
    assert settings.knowledge_dir == shop_data_dir() / "knowledge"
    assert settings.prompts_dir == shop_data_dir() / "prompts"
    assert (settings.knowledge_dir / "shop.yaml").is_file()


# --- the wheel ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from this checkout by the venv's own setuptools: no network, no build isolation."""
    out = tmp_path_factory.mktemp("wheel")
    # From a copy: setuptools reuses a checkout's build/ folder, files of deleted modules included.
    source = tmp_path_factory.mktemp("source") / "draftdesk"
    shutil.copytree(
        PROJECT_ROOT, source,
        ignore=shutil.ignore_patterns(".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"),
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(out), "."],
        cwd=source, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    [built] = out.glob("draftdesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_the_shop_data_and_every_package_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in SHOP_FOLDERS:
        expected = {f"draftdesk/demo_shop/{folder}/{name}" for name in _files_under(PROJECT_ROOT / folder)}
        assert expected <= names, sorted(expected - names)[:5]
    assert "draftdesk/demo_shop/knowledge/demo/tickets/T-JA-001.json" in names
    product = {f"draftdesk/{name}" for name in _files_under(PACKAGE_DIR) if not name.startswith(f"{NOT_SHIPPED}/")}
    assert product <= names, sorted(product - names)[:5]  # recognizer data, report template, console pages
    assert {"draftdesk/adapters/recognizers/data/ja_prefectures.txt", "draftdesk/evals/report.html.j2"} <= names
    assert not {name for name in names if name.startswith(f"draftdesk/{NOT_SHIPPED}/")}


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return target


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`draftdesk serve` from the installed copy (this venv's dependencies), started in an
    empty folder: the URL and that folder."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DRAFTDESK_")}
    env |= {"PYTHONPATH": str(installed), "DRAFTDESK_NOW": DEMO_NOW}
    where = subprocess.run(
        [sys.executable, "-c", "import draftdesk.config as c; print(c.shop_data_dir())"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    assert Path(where) == installed / "draftdesk" / "demo_shop"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (elsewhere / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "draftdesk.cli", "serve", "--port", str(port)],
            cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            try:  # the first start loads the NLP models and indexes the policies
                wait_until_answering(server, f"{url}/readyz", timeout_s=180, poll_s=0.5)
            except RuntimeError as failed:
                pytest.fail(f"{failed}\n" + (elsewhere / "serve.log").read_text(errors="replace")[-3000:])
            yield url, elsewhere
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.slow
def test_the_installed_wheel_serves_the_demo_shop_from_any_folder(served: tuple[str, Path], installed: Path) -> None:
    url, elsewhere = served
    ticket = (installed / "draftdesk" / "demo_shop" / "knowledge" / "demo" / "tickets" / "T-JA-001.json").read_text("utf-8")
    response = httpx.post(
        f"{url}/v1/drafts", content=f'{{"ticket": {ticket}}}', headers={"content-type": "application/json"}, timeout=60
    )
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["ticket_id"] == "T-JA-001" and draft["model"]["name"] == "template"
    assert any(fact["key"] == "order.number" for fact in draft["facts"])  # the demo orders were loaded
    assert draft["citations"]  # the bundled policies were indexed
    assert not [f for f in draft["findings"] if f["severity"] == "error"]
    assert (elsewhere / "var" / "draftdesk.sqlite3").is_file()  # the store went where the service was started
    assert "T-JA-001" in httpx.get(url, timeout=10).text  # the console offers the bundled demo tickets


@pytest.mark.slow
def test_eval_from_the_installed_wheel_says_it_needs_a_checkout(installed: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DRAFTDESK_")}
    result = subprocess.run(
        [sys.executable, "-m", "draftdesk.cli", "eval", "--only", "style"],
        cwd=tmp_path, env=env | {"PYTHONPATH": str(installed)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "checkout" in lines[0] and "Traceback" not in result.stderr
