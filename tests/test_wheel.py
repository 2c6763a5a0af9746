"""reqspec as a wheel installs it: the JSON Schemas and the spec travel inside the package, and
the commands that need them work without the repository around them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

SCHEMAS = ("chat_completion_request.schema.json", "chat_completion_request.draft07.schema.json",
           "chat_completion_request.openapi.json")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, unpacked as pip would put it in site-packages (a folder with no checkout)."""
    builders = pytest.importorskip("hatchling.builders.wheel")
    out = tmp_path_factory.mktemp("wheel")
    wheel = next(builders.WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_the_wheel_holds_the_spec_and_every_schema(installed):
    bundled = installed / "reqspec" / "_builtin"
    assert (bundled / "chat_completion_request.yaml").is_file()
    for name in SCHEMAS:
        assert (bundled / name).read_text(encoding="utf-8") == (ROOT / "schema" / name).read_text(encoding="utf-8")


def test_json_schema_works_from_the_wheel(installed, tmp_path):
    code = ("import reqspec, json; s = reqspec.json_schema(); print(reqspec.__file__); "
            "print(s['title']); print(reqspec.json_schema('openapi')['openapi'])")
    result = run(installed, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    where, title, openapi = result.stdout.splitlines()
    assert where.startswith(str(installed))
    assert title == "Create Chat Completion request body" and openapi == "3.1.0"


def test_schema_command_works_from_the_wheel(installed, tmp_path):
    result = run(installed, "-m", "reqspec", "schema", "--dialect", "draft-07", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads((ROOT / "schema" / SCHEMAS[1]).read_text(encoding="utf-8"))


def test_generate_in_an_install_needs_out_and_says_so_in_one_line(installed, tmp_path):
    result = run(installed, "-m", "reqspec", "generate", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--out" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_generate_with_out_writes_the_bundled_spec_artifacts(installed, tmp_path):
    pytest.importorskip("yaml")
    out = tmp_path / "generated"
    result = run(installed, "-m", "reqspec", "generate", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert "chat_completion_request.schema.json" in written and "chat_completion_request_validator.py" in written
    assert json.loads((out / "chat_completion_request.schema.json").read_text()) == json.loads(
        (ROOT / "schema" / SCHEMAS[0]).read_text())


def test_version_from_the_wheel(installed, tmp_path):
    result = run(installed, "-m", "reqspec", "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("reqspec ")
