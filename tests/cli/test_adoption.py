"""What a new user meets first: the version, runs that lint nothing, closed pipes, settings in
pyproject.toml as on the command line, colour, and the JSON Schema on the command line."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, fake_key, reqspec

VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'
INVALID = '{"model": "gpt-4", "messages": []}'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the version, read from one place ------------------------------------------------------------------

def test_version_prints_the_package_version():
    result = reqspec("--version")
    assert result.code == 0
    assert result.out == f"reqspec {importlib.metadata.version('reqspec')}\n"
    import reqspec as package

    assert result.out == f"reqspec {package.__version__}\n"


def test_pyproject_reads_the_version_from_the_package():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "reqspec/__init__.py"


def test_sarif_and_json_reports_carry_the_version(tmp_path):
    path = write(tmp_path, "bad.json", INVALID)
    version = importlib.metadata.version("reqspec")
    sarif = json.loads(reqspec("lint", "--format", "sarif", str(path)).out)
    assert sarif["runs"][0]["tool"]["driver"]["version"] == version
    report = json.loads(reqspec("lint", "--format", "json", str(path)).out)
    assert report["tool"] == {"name": "reqspec", "version": version}


# -- a run that lints nothing is not green -----------------------------------------------------------------

def test_an_empty_folder_says_so_and_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = reqspec("lint", "empty", cwd=tmp_path)
    assert result.code == 2
    assert "no file to lint in empty" in result.err


def test_a_folder_without_prompt_files_exits_2(tmp_path):
    write(tmp_path, "docs/notes.txt", "hello")
    write(tmp_path, "docs/data.csv", "a,b")
    result = reqspec("lint", "--format", "json", "docs", cwd=tmp_path)
    assert result.code == 2 and "no file to lint" in result.err
    assert json.loads(result.out)["summary"]["files"] == 0


def test_a_missing_path_outranks_findings_and_every_other_path_is_still_linted(tmp_path):
    write(tmp_path, "bad.json", INVALID)
    result = reqspec("lint", "bad.json", "gone.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "bad.json:1:" in result.out and "gone.yaml:1:1: error unreadable" in result.out
    assert result.err.strip() == "reqspec lint: no such file or folder: gone.yaml"


def test_exit_codes_keep_their_precedence():
    from reqspec import exit_codes

    assert exit_codes.worst(0, 1) == 1
    assert exit_codes.worst(1, 2, 0) == 2
    assert exit_codes.worst(2, 3, 1) == 3
    assert exit_codes.worst(3, 2) == 3
    assert exit_codes.worst(0) == 0


# -- standard output closing early ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_reader_that_stops_early_leaves_the_exit_code_of_the_findings(fmt):
    command = f"set -o pipefail; {sys.executable} -m reqspec lint --format {fmt} examples/prompts | head -1"
    run = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    assert len(run.stdout.splitlines()) == 1


def test_a_reader_that_stops_early_on_a_clean_run_leaves_exit_0(tmp_path):
    for i in range(300):
        write(tmp_path, f"p/{i:03}.json", VALID)
    command = f"set -o pipefail; {sys.executable} -m reqspec lint --format json p | head -c 10"
    run = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stderr == ""


# -- [tool.reqspec] takes what the options take ------------------------------------------------------------------

@pytest.mark.parametrize("setting, value", [
    ("max-file-size", '"10M"'), ("max-file-size", "10485760"), ("max-file-size", '"512KiB"'), ("max-file-size", "10240.5"),
    ("select", '"min-items,unknown-field"'), ("select", '["min-items"]'), ("ignore", '"secret"'),
    ("max-depth", '"64"'), ("max-findings", "5"), ("jobs", '"2"'), ("fail-on", '"warning"'), ("format", '"json"'),
])
def test_every_setting_takes_in_the_config_what_it_takes_on_the_command_line(tmp_path, setting, value):
    write(tmp_path, "pyproject.toml", f"[tool.reqspec]\n{setting} = {value}\n")
    write(tmp_path, "bad.json", INVALID)
    result = reqspec("lint", "bad.json", cwd=tmp_path)
    assert result.code == 1, result.err
    assert "min-items" in result.out


@pytest.mark.parametrize("text", ["10.5", "10240.5", "1.5", "1048576"])
def test_a_size_is_the_same_written_as_a_toml_number_or_as_text(text):
    from reqspec.linter.options import parse_size

    number = float(text) if "." in text else int(text)
    assert parse_size(number) == parse_size(text)


def test_a_size_in_the_config_is_applied(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.reqspec]\nmax-file-size = "1K"\n')
    write(tmp_path, "big.json", '{"model": "gpt-4", "messages": [{"role": "user", "content": "' + "x" * 2000 + '"}]}')
    result = reqspec("lint", "big.json", cwd=tmp_path)
    assert result.code == 1 and "file-too-large" in result.out and "1024 bytes" in result.out


@pytest.mark.parametrize("setting, value, accepts", [
    ("max-file-size", '"ten"', "a size from 1 byte to 1T"),
    ("max-file-size", "100000000000000000000", "a size from 1 byte to 1T"),
    ("max-file-size", "true", "a size from 1 byte to 1T"),
    ("max-depth", "0", "a whole number from 1"),
    ("max-findings", "-5", "a whole number from 1"),
    ("fail-on", '"never"', "one of error, warning"),
    ("select", "5", "rule ids"),
])
def test_a_wrong_config_value_names_the_file_the_key_and_what_it_accepts(tmp_path, setting, value, accepts):
    config = write(tmp_path, "pyproject.toml", f"[tool.reqspec]\n{setting} = {value}\n")
    write(tmp_path, "ok.json", VALID)
    result = reqspec("lint", "ok.json", cwd=tmp_path)
    assert result.code == 2
    assert str(config) in result.err and f"[tool.reqspec] {setting}" in result.err and accepts in result.err
    assert "Traceback" not in result.err


def test_a_secret_in_a_config_value_is_never_echoed(tmp_path):
    key = fake_key("C")
    write(tmp_path, "pyproject.toml", f'[tool.reqspec]\nformat = "{key}"\n')
    write(tmp_path, "ok.json", VALID)
    result = reqspec("lint", "ok.json", cwd=tmp_path)
    assert result.code == 2 and key[:12] not in result.err and "sk-[redacted]" in result.err


# -- colour ---------------------------------------------------------------------------------------------------

def test_force_color_turns_colour_on_when_piped_and_no_color_wins(tmp_path):
    path = write(tmp_path, "bad.json", INVALID)
    forced = reqspec("lint", str(path), env={"FORCE_COLOR": "1"})
    assert "\033[31merror\033[0m" in forced.out
    piped = reqspec("lint", str(path))
    assert "\033[" not in piped.out
    both = reqspec("lint", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\033[" not in both.out


# -- the JSON Schema on the command line --------------------------------------------------------------------------

@pytest.mark.parametrize("dialect, file", [("2020-12", "chat_completion_request.schema.json"),
                                           ("draft-07", "chat_completion_request.draft07.schema.json"),
                                           ("openapi", "chat_completion_request.openapi.json")])
def test_schema_prints_the_committed_schema_of_each_dialect(dialect, file):
    result = reqspec("schema", "--dialect", dialect)
    assert result.code == 0
    assert result.out == (ROOT / "schema" / file).read_text(encoding="utf-8")


def test_schema_defaults_to_2020_12_and_json_schema_is_a_fresh_dict():
    import reqspec as package

    result = reqspec("schema")
    assert json.loads(result.out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    first = package.json_schema()
    first["title"] = "changed"
    assert package.json_schema()["title"] != "changed"
    assert package.json_schema("draft-07")["$schema"] == "http://json-schema.org/draft-07/schema#"
    with pytest.raises(ValueError, match="dialect"):
        package.json_schema("draft-04")


# -- layout ------------------------------------------------------------------------------------------------------

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
            found.update("." * node.level + alias.name for alias in node.names if not node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_commands_share_exit_codes_from_one_module_and_the_cli_imports_no_command_eagerly():
    package = ROOT / "reqspec"
    assert ".cli" not in _imports(package / "lint_command.py")
    assert not any(name.endswith("lint_command") for name in _imports(package / "linter" / "engine.py"))
    for command in ("lint_command.py", "generate_command.py", "schema_command.py", "cli.py"):
        source = (package / command).read_text(encoding="utf-8")
        assert "exit_codes" in source, command
        assert not any(f"return {n}" in source for n in ("0", "1", "2", "3")), command


def test_usage_errors_of_every_option_redact_a_secret(tmp_path):
    key = fake_key("D")
    write(tmp_path, "ok.json", VALID)
    for args in (["--format", key], ["-j", key], ["--max-depth", key], ["--fail-on", key],
                 ["--stdin-format", key], [f"--api-key={key}"], ["--max-file-size", key],
                 ["--max-findings", key], ["--select", key], ["--ignore", key]):
        result = reqspec("lint", *args, "ok.json", cwd=tmp_path)
        assert result.code == 2, args
        for text in (result.out, result.err, result.err.lower()):
            assert key[3:15] not in text and key[3:15].lower() not in text, (args, result.err)


def test_lint_of_the_examples_needs_no_environment_variable():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REQSPEC", "PYTHON"))}
    run = subprocess.run([sys.executable, "-m", "reqspec", "lint", "examples/prompts"], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1 and "error(s)" in run.stdout
