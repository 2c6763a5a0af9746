"""Stored prompts in the formats they are kept in: Batch API lines, fine-tuning examples, bodies
inside other documents. Each kind is recognised, checked by the body's rules and its own, its
findings point into the whole document at their exact line:column, and the whole-file rules hold,
in every output and with -j."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reqspec
from reqspec.linter.engine import Settings, lint_paths
from reqspec.linter.placing import FileEntry, Placing
from reqspec.strategies import builtin

from .cli.helpers import reqspec as run_cli
from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "prompts"
STRATEGIES = builtin()


def lint(*paths: Path, **options: Any) -> list[tuple[int, int, str, str, str]]:
    """(line, column, pointer, rule, kind) of each finding of a lint run, in output order."""
    run = lint_paths([str(p) for p in paths], Settings(**options))
    return [(f.line, f.column, f.pointer, f.rule, f.kind) for r in run.results() for f in r.findings]


def at(path: Path, line: int, column: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1:]


def jsonl(path: Path, documents: list[Any]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return path


BODY = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "Hi"}]}


def batch_line(i: int, body: Any = BODY, **changes: Any) -> dict[str, Any]:
    return {"custom_id": f"r-{i}", "method": "POST", "url": "/v1/chat/completions", "body": body, **changes}


def example(assistant: dict[str, Any] | None = None) -> dict[str, Any]:
    reply = {"role": "assistant", "content": "Hello", **(assistant or {})}
    return {"messages": [{"role": "user", "content": "Hi"}, reply]}


# -- the bundled examples -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["batch/nightly_faq.jsonl", "finetune/marv.jsonl"])
def test_the_clean_examples_of_each_kind_have_no_finding(name: str) -> None:
    assert lint(EXAMPLES / name) == []


def test_the_batch_example_with_mistakes_is_located_under_its_envelope() -> None:
    path = EXAMPLES / "batch" / "retry_faq.jsonl"
    found = lint(path)
    assert [(pointer, rule, kind) for _, _, pointer, rule, kind in found] == [
        ("/custom_id", "duplicate-id", "batch"), ("/url", "enum", "batch"), ("/body/temperature", "maximum", "batch")]
    assert at(path, *found[0][:2]).startswith('"faq-000"')
    assert at(path, *found[2][:2]).startswith("2.5")


def test_the_finetune_example_with_mistakes_ends_with_the_count_of_the_file() -> None:
    found = lint(EXAMPLES / "finetune" / "marv_draft.jsonl")
    assert [(line, pointer, rule) for line, _, pointer, rule, _ in found] == [
        (2, "/messages/1/weight", "weight-not-assistant"), (3, "/messages", "assistant-message-required"),
        (4, "/temperature", "unknown-field"), (1, "", "too-few-documents")]


def test_the_eval_log_example_is_linted_at_its_body_pointer_by_the_repository_config() -> None:
    out = run_cli("lint", "--format", "json", "examples/prompts/evals/regression.jsonl", cwd=ROOT)
    report = json.loads(out.out)
    assert [(f["line"], f["pointer"], f["rule"]) for f in report["findings"]] == [
        (2, "/request/body/top_p", "maximum"), (3, "", "body-pointer-missing")]


# -- kinds, pointers, line:column in JSONL, JSON and YAML ----------------------------------------------

def test_auto_decides_each_file_from_its_first_document(tmp_path: Path) -> None:
    batch = jsonl(tmp_path / "a.jsonl", [batch_line(1), batch_line(2, url="/v1/embeddings")])
    tune = jsonl(tmp_path / "b.jsonl", [example()] * 10 + [example({"weight": 2})])
    bodies = jsonl(tmp_path / "c.jsonl", [BODY, {**BODY, "temperature": 3}])
    found = lint(batch, tune, bodies)
    assert [(line, p, r, k) for line, _, p, r, k in found] == [
        (2, "/url", "enum", "batch"), (11, "/messages/1/weight", "enum", "finetune"), (2, "/temperature", "maximum", "body")]
    for path, (line, column, *_), text in zip((batch, tune, bodies), found, ('"/v1/embeddings"', "2", "3")):
        assert at(path, line, column).startswith(text)


def test_a_batch_line_in_json_and_in_yaml_is_located(tmp_path: Path) -> None:
    line = batch_line(1, body={**BODY, "n": 2})
    as_json = tmp_path / "one.json"
    as_json.write_text(json.dumps(line, indent=2))
    as_yaml = tmp_path / "one.yaml"
    as_yaml.write_text("custom_id: r-1\nmethod: GET\nurl: /v1/chat/completions\nbody:\n  model: gpt-4\n"
                       "  messages: [{role: user, content: Hi}]\n  n: 2\n")
    found = lint(as_json)
    assert [(p, r) for _, _, p, r, _ in found] == [("/body/n", "excluded-field")]
    assert at(as_json, *found[0][:2]).startswith('"n"')
    found = lint(as_yaml)
    assert [(p, r, k) for _, _, p, r, k in found] == [("/method", "enum", "batch"), ("/body/n", "excluded-field", "batch")]
    assert at(as_yaml, *found[0][:2]).startswith("GET") and at(as_yaml, *found[1][:2]).startswith("n: 2")


def test_a_batch_line_whose_body_is_a_string_of_json_is_a_type_error(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "b.jsonl", [batch_line(1, body=json.dumps(BODY))])
    assert [(p, r) for _, _, p, r, _ in lint(path)] == [("/body", "type")]


def test_kind_given_on_the_command_line_wins_over_what_the_file_looks_like(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "b.jsonl", [batch_line(1)])
    assert [r for *_, r, _ in lint(path, placing=Placing(kind="body"))] == ["required", "required", "unknown-field",
                                                                        "unknown-field", "unknown-field", "unknown-field"]


# -- whole-file rules --------------------------------------------------------------------------------

def test_duplicate_ids_far_apart_name_the_line_of_the_first(tmp_path: Path) -> None:
    lines = [batch_line(i) for i in range(3000)]
    lines[2999]["custom_id"] = "r-7"
    path = jsonl(tmp_path / "b.jsonl", lines)
    run = lint_paths([str(path)], Settings())
    (finding,) = [f for r in run.results() for f in r.findings]
    assert (finding.line, finding.pointer, finding.rule) == (3000, "/custom_id", "duplicate-id")
    assert "line 8" in finding.message and at(path, finding.line, finding.column).startswith('"r-7"')


def test_a_batch_file_of_more_than_50000_requests_is_refused_at_the_first_past_the_limit(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "big.jsonl", [batch_line(i) for i in range(60_000)])
    assert lint(path) == [(50_001, 1, "", "too-many-documents", "batch")]


def test_a_batch_file_over_200_mb_is_refused_at_line_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size comes from the file system before any line is read (a file of 200 MB is not
    written here: its size is what the listing says)."""
    from reqspec.reading import paths

    path = jsonl(tmp_path / "b.jsonl", [batch_line(i) for i in range(3)])
    limit = 200 * (1 << 20)
    for size, expected in ((limit, []), (limit + 1, [(1, 1, "", "too-many-documents", "batch")])):
        monkeypatch.setattr(paths, "source_size", lambda _path, size=size: size)
        assert lint(path) == expected


def test_a_finetune_file_of_9_examples_is_refused_at_line_1(tmp_path: Path) -> None:
    assert lint(jsonl(tmp_path / "t.jsonl", [example()] * 9)) == [(1, 1, "", "too-few-documents", "finetune")]
    assert lint(jsonl(tmp_path / "t.jsonl", [example()] * 10)) == []


# -- body pointers -----------------------------------------------------------------------------------

def test_a_body_pointer_into_an_array_and_one_with_escapes(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "log.jsonl", [{"items": [{"a/b": {"c~d": {**BODY, "top_p": 2}}}]}, {"items": []}])
    found = lint(path, placing=Placing(body_pointer="/items/0/a~1b/c~0d"))
    assert [(line, p, r) for line, _, p, r, _ in found] == [
        (1, "/items/0/a~1b/c~0d/top_p", "maximum"), (2, "", "body-pointer-missing")]
    assert at(path, *found[0][:2]).startswith("2")


@pytest.mark.parametrize("pointer", ["request/body", "/a~2b", "~"])
def test_a_pointer_that_is_not_a_pointer_is_a_usage_error(tmp_path: Path, pointer: str) -> None:
    path = jsonl(tmp_path / "log.jsonl", [BODY])
    out = run_cli("lint", "--body-pointer", pointer, str(path), cwd=tmp_path)
    assert out.code == 2 and "JSON Pointer" in out.err and "Traceback" not in out.err


# -- configuration -------------------------------------------------------------------------------------

def test_the_first_matching_glob_wins_and_show_settings_says_where_each_value_came_from(tmp_path: Path) -> None:
    (tmp_path / "evals" / "deep").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.reqspec]\nkind = "body"\n\n[[tool.reqspec.files]]\nglob = "evals/**/*.jsonl"\nbody-pointer = "/request/body"\n\n'
        '[[tool.reqspec.files]]\nglob = "evals/deep/*.jsonl"\nbody-pointer = "/never"\n')
    jsonl(tmp_path / "evals" / "deep" / "log.jsonl", [{"request": {"body": {**BODY, "n": 1}}}])
    out = run_cli("lint", "--format", "json", "evals", cwd=tmp_path)
    assert [f["pointer"] for f in json.loads(out.out)["findings"]] == ["/request/body/n"]
    shown = run_cli("lint", "--show-settings", "evals", cwd=tmp_path)
    assert shown.code == 0
    assert "kind = body (" in shown.out and "[tool.reqspec])" in shown.out
    assert "body-pointer = '/request/body'" in shown.out and "glob 'evals/**/*.jsonl'" in shown.out
    over = run_cli("lint", "--show-settings", "--kind", "batch", "evals", cwd=tmp_path)
    assert "kind = batch (--kind)" in over.out


def test_a_wrong_files_entry_names_the_file_the_entry_and_the_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[[tool.reqspec.files]]\nglob = "x/*.jsonl"\nkind = "chat"\n')
    jsonl(tmp_path / "a.jsonl", [BODY])
    out = run_cli("lint", "a.jsonl", cwd=tmp_path)
    assert out.code == 2 and "entry 1" in out.err and "kind" in out.err and "batch" in out.err


def test_globs_cross_folders_only_with_two_stars() -> None:
    assert FileEntry("evals/**/*.jsonl").matches("evals/a/b/c.jsonl")
    assert FileEntry("evals/**/*.jsonl").matches("evals/c.jsonl")
    assert not FileEntry("evals/*.jsonl").matches("evals/a/c.jsonl")


# -- outputs and -j -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["batch", "body"])
def test_every_output_format_carries_the_kind(tmp_path: Path, kind: str) -> None:
    """Every format names the kind of each finding's document and counts the documents of each
    kind, bodies included (an evaluation log's bodies are found at their body pointer)."""
    if kind == "batch":
        path, rule, options = jsonl(tmp_path / "b.jsonl", [batch_line(1, url="/x")]), "enum", []
    else:
        path, rule, options = jsonl(tmp_path / "log.jsonl", [{"r": {**BODY, "n": 2}}]), "excluded-field", ["--body-pointer", "/r"]
    text = run_cli("lint", *options, str(path), cwd=tmp_path)
    assert f"error {rule} [{kind}]" in text.out and f"(1 {kind})" in text.out
    report = json.loads(run_cli("lint", "--format", "json", *options, str(path), cwd=tmp_path).out)
    assert report["findings"][0]["kind"] == kind and report["summary"]["kinds"] == {kind: 1}
    sarif = json.loads(run_cli("lint", "--format", "sarif", *options, str(path), cwd=tmp_path).out)
    assert sarif["runs"][0]["results"][0]["properties"]["kind"] == kind
    assert sarif["runs"][0]["properties"]["summary"] == report["summary"]
    github = run_cli("lint", "--format", "github", *options, str(path), cwd=tmp_path)
    assert f"title={rule} ({kind})" in github.out and f"(1 {kind})" in github.out


def test_jobs_give_the_same_output_for_every_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reqspec.linter import parallel

    monkeypatch.setattr(parallel, "PARALLEL_WORK", 0)  # processes even for a little work
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 2048)  # and the file of bodies split in ranges
    monkeypatch.setattr(parallel, "RANGE_BYTES", 8192)
    files = [jsonl(tmp_path / f"b{i}.jsonl", [batch_line(j, url="/x" if j % 7 == 0 else "/v1/chat/completions")
                                              for j in range(400)] + [batch_line(3)]) for i in range(3)]
    files.append(jsonl(tmp_path / "t.jsonl", [example({"weight": 3})] * 5))
    files.append(jsonl(tmp_path / "log.jsonl", [{"r": {**BODY, "n": 1}}] * 200))
    placing = Placing(files=(FileEntry("**/log.jsonl", body_pointer="/r"),))

    def run(jobs: int) -> tuple[list[Any], dict[str, Any]]:
        done = lint_paths([str(p) for p in files], Settings(placing=placing), jobs=jobs)
        found = [f.as_dict() for r in done.results() for f in r.findings]
        return found, done.summary.as_dict()

    assert run(1) == run(2)


# -- properties -------------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(STRATEGIES.invalid_bodies(max_mutations=2))
def test_a_body_has_the_same_findings_bare_wrapped_in_a_batch_line_and_at_a_body_pointer(drawn: Any) -> None:
    body, _ = drawn
    bare = [(e.pointer, e.rule, e.message) for e in reqspec.lint(body)]
    wrapped = [(e.pointer, e.rule, e.message) for e in reqspec.lint_batch(batch_line(1, body=body))]
    assert wrapped == [("/body" + p, r, m) for p, r, m in bare]
    try:
        bare_text = json.dumps(body, allow_nan=False) + "\n"
        placed_text = json.dumps({"log": [{"body": body}]}, allow_nan=False) + "\n"
    except (TypeError, ValueError):
        return  # not JSON text (NaN): the file readers refuse it before any rule

    def linted(text: str, pointer: str) -> list[tuple[str, str, str]]:
        run = lint_paths(["-"], Settings(stdin_format="jsonl", placing=Placing(kind="body", body_pointer=pointer)),
                         stdin=io.BytesIO(text.encode()))
        return [(f.pointer, f.rule, f.message) for r in run.results() for f in r.findings]

    expected = linted(bare_text, "")
    # (the note that a document had more findings than listed is about the whole document)
    assert linted(placed_text, "/log/0/body") == [("/log/0/body" + p if r != "more-findings" else p, r, m)
                                                  for p, r, m in expected]


#: A step of a body pointer: a key (with the characters a pointer escapes, or none at all), or an
#: array index (the array gets that many items before the one on the path).
STEPS = st.one_of(st.sampled_from(["body", "", "~", "/", "a~1b", "~0/~1", "request body", "0"]),
                  st.text(max_size=4), st.integers(min_value=0, max_value=3))


def _escape(step: str | int) -> str:
    return str(step).replace("~", "~0").replace("/", "~1")


def _holding(steps: list[str | int], body: Any) -> Any:
    """A document holding ``body`` at the end of ``steps``, with other members beside each step."""
    for step in reversed(steps):
        body = [{"other": i} for i in range(step)] + [body, None] if isinstance(step, int) else {"id": 1, step: body}
    return body


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(STRATEGIES.invalid_bodies(max_mutations=2), st.lists(STEPS, min_size=1, max_size=4), st.sampled_from(["jsonl", "json"]))
def test_a_body_has_the_same_findings_at_any_body_pointer(drawn: Any, steps: list[str | int], fmt: str) -> None:
    """Whatever the path to the body (keys to escape, array indexes, a document that is an array),
    the findings are those of the bare body, under the body pointer."""
    body, _ = drawn
    try:
        bare_text = json.dumps(body, allow_nan=False) + "\n"
        placed_text = json.dumps(_holding(steps, body), allow_nan=False) + "\n"
    except (TypeError, ValueError):
        return  # not JSON text (NaN): the file readers refuse it before any rule

    def linted(text: str, pointer: str) -> list[tuple[str, str, str]]:
        run = lint_paths(["-"], Settings(stdin_format=fmt, placing=Placing(kind="body", body_pointer=pointer)),
                         stdin=io.BytesIO(text.encode()))
        return [(f.pointer, f.rule, f.message) for r in run.results() for f in r.findings]

    pointer = "".join("/" + _escape(step) for step in steps)
    assert linted(placed_text, pointer) == [(pointer + p if r != "more-findings" else p, r, m)
                                            for p, r, m in linted(bare_text, "")]


@pytest.mark.parametrize("name, text", [
    ("log.json", '[{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}], "top_p": 3}]'),
    ("log.jsonl", '[{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}], "top_p": 3}]\n'),
    ("log.yaml", "- model: gpt-4\n  messages:\n    - role: user\n      content: Hi\n  top_p: 3\n"),
])
def test_a_body_pointer_into_a_document_that_is_an_array(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    found = json.loads(run_cli("lint", "--format", "json", "--body-pointer", "/0", name, cwd=tmp_path).out)["findings"]
    assert [(f["pointer"], f["rule"], f["line"]) for f in found] == [("/0/top_p", "maximum", 1 if name != "log.yaml" else 5)]
    # Without the pointer, such a document is no body.
    found = json.loads(run_cli("lint", "--format", "json", name, cwd=tmp_path).out)["findings"]
    assert [(f["pointer"], f["rule"]) for f in found] == [("", "not-an-object")]


@pytest.mark.parametrize("kind", ["batch", "finetune"])
def test_each_kind_has_its_json_schema_shipped_and_it_judges_like_the_validator(kind: str) -> None:
    import jsonschema

    schema = reqspec.json_schema(kind=kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = batch_line(1) if kind == "batch" else example()
    broken = batch_line(1, url="/x") if kind == "batch" else example({"weight": 0.5})
    judge = jsonschema.Draft202012Validator(schema)
    validate = getattr(reqspec, f"validate_{kind}")
    assert judge.is_valid(document) and validate(document) == []
    assert not judge.is_valid(broken) and validate(broken) != []
    with pytest.raises(ValueError, match="2020-12 only"):
        reqspec.json_schema("draft-07", kind=kind)


def test_show_settings_speaks_json_refuses_a_missing_path_and_says_when_a_pointer_is_not_used(tmp_path: Path) -> None:
    jsonl(tmp_path / "b.jsonl", [batch_line(1)])
    out = run_cli("lint", "--show-settings", "--format", "json", "--body-pointer", "/x", "b.jsonl", "nosuch", cwd=tmp_path)
    assert out.code == 2 and "no such file or folder: nosuch" in out.err
    (row,) = json.loads(out.out)
    assert (row["decided"], row["body_pointer"], row["body_pointer_used"]) == ("batch", "/x", False)
    refused = run_cli("lint", "--kind", "batch", "--body-pointer", "/x", "b.jsonl", cwd=tmp_path)
    assert refused.code == 2 and "no body pointer" in refused.err


def test_auto_decides_from_the_first_document_that_reads(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"custom_id": "a", bad\n' + json.dumps(batch_line(2, url="/x")) + "\n")
    assert [(r, k) for *_, r, k in lint(path)] == [("invalid-json", "batch"), ("enum", "batch")]


def test_each_kind_has_check_and_the_schema_command_prints_its_schema() -> None:
    with pytest.raises(reqspec.InvalidRequestError):
        reqspec.check_batch({"custom_id": ""})
    reqspec.check_finetune(example())
    out = run_cli("schema", "--kind", "finetune")
    assert out.code == 0 and json.loads(out.out)["title"] == "Fine-tuning example"
    with pytest.raises(ValueError, match="kinds: body, batch, finetune"):
        reqspec.json_schema(kind="nonsense")
