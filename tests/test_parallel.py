"""``reqspec lint -j N`` gives exactly the output of ``-j 1``: same findings, order and summary."""

from __future__ import annotations

import io
import json

import pytest

from reqspec.linter import parallel
from reqspec.linter.engine import Settings, lint_paths

from .cli.helpers import reqspec
from .conftest import ROOT

TYPICAL = json.loads((ROOT / "benchmarks" / "payloads" / "typical.json").read_text(encoding="utf-8"))


def _variant(i: int) -> dict:
    body = json.loads(json.dumps(TYPICAL))
    if i % 3 == 0:
        body["logit_bias"] = {k: round(v) for k, v in body["logit_bias"].items()}
    if i % 7 == 0:
        body["temperature"] = 5
    if i % 11 == 0:
        body["messages"][1]["role"] = "robot"
    if i % 13 == 0:
        body["top_p"] = 0.5  # a warning with temperature
    return body


def _jsonl(path, count: int) -> None:
    lines = []
    for i in range(count):
        if i % 17 == 0:
            lines.append("   ")  # blank lines count as lines, not documents
        if i % 29 == 0:
            lines.append('{"model": "gpt-4", "messages": [}')
        if i % 31 == 0:
            lines.append('{"model": "gpt-4", "model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}')
        lines.append(json.dumps(_variant(i)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def processes(monkeypatch):
    """Start processes for -j however little the work (tests have little), and send files to
    them two by two."""
    monkeypatch.setattr(parallel, "PARALLEL_WORK", 0)
    monkeypatch.setattr(parallel, "BATCH_FILES", 2)


@pytest.fixture
def small_ranges(monkeypatch, processes):
    """Split files of a few kilobytes, so small test files take the byte-range path."""
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 2048)
    monkeypatch.setattr(parallel, "RANGE_BYTES", 8192)


@pytest.fixture
def every_line(monkeypatch, processes):
    """Split files at every line start: each line is a range of its own."""
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 1)
    monkeypatch.setattr(parallel, "RANGE_BYTES", 1)


def _run(paths, jobs: int, stdin: bytes | None = None, **settings) -> tuple[list, dict]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    run = lint_paths([str(p) for p in paths], Settings(**settings), stdin=stream, jobs=jobs)
    found = [(r.file, [f.as_dict() for f in r.findings]) for r in run.results()]
    return found, run.summary.as_dict() | {"rules": sorted(run.summary.rules_seen)}


def _folder(tmp_path):
    folder = tmp_path / "prompts"
    (folder / "sub").mkdir(parents=True)
    for i in range(150):
        (folder / ("sub" if i % 2 else "") / f"body{i:03d}.json").write_text(json.dumps(_variant(i), indent=1))
    (folder / "broken.json").write_text('{"model": "gpt-4", "model": 1')
    (folder / "blank.jsonl").write_text("\n \n")
    _jsonl(folder / "few.jsonl", 40)
    return folder


def test_a_folder_of_files_gives_the_same_findings_with_jobs(tmp_path, processes):
    folder = _folder(tmp_path)
    expected = _run([folder], 1)
    assert len(expected[0]) == 153
    assert _run([folder], 2) == expected
    assert _run([folder], 3, ignore=frozenset({"type"})) == _run([folder], 1, ignore=frozenset({"type"}))


def test_a_folder_of_files_gives_the_same_output_with_jobs(tmp_path):
    folder = _folder(tmp_path)
    one = reqspec("lint", str(folder))
    for jobs in ("2", "3"):
        many = reqspec("lint", "-j", jobs, str(folder))
        assert (many.code, many.out) == (one.code, one.out)
    assert "in 153 file(s)" in one.out


def test_a_jsonl_file_split_into_ranges_gives_the_same_findings(tmp_path, small_ranges):
    path = tmp_path / "log.jsonl"
    _jsonl(path, 120)
    assert path.stat().st_size > 10 * 8192
    assert parallel.split(str(path), path.stat().st_size, 2)
    expected = _run([path], 1)
    assert _run([path], 2) == expected
    assert _run([path], 3, max_findings=1) == _run([path], 1, max_findings=1)
    lines = [f["line"] for f in expected[0][0][1]]
    assert lines == sorted(lines) and lines[-1] > 120


def test_the_command_on_a_large_jsonl_file_prints_the_same_with_jobs(tmp_path):
    path = tmp_path / "big.jsonl"
    _jsonl(path, 8000)  # megabytes: work enough for processes, split into ranges by the default sizes
    size = path.stat().st_size
    assert parallel.FILE_SECONDS + size * parallel.BYTE_SECONDS > parallel.PARALLEL_WORK
    assert parallel.split(str(path), size, 2)
    one = reqspec("lint", str(path), "--format", "json")
    two = reqspec("lint", "-j", "2", str(path), "--format", "json")
    assert (two.code, two.out) == (one.code, one.out)
    assert json.loads(one.out)["summary"]["documents"] == 8000 + len(range(0, 8000, 29)) + len(range(0, 8000, 31))


def test_a_jsonl_file_of_blank_lines_is_reported_once_as_empty(tmp_path, small_ranges):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n" * 30000)
    expected = _run([path], 1)
    assert [f["rule"] for f in expected[0][0][1]] == ["empty-file"]
    assert _run([path], 2) == expected


def test_ranges_of_one_line_each_keep_lines_documents_and_first_line_rules(tmp_path, every_line):
    """A byte order mark is dropped from the file's first line only, blank lines count as lines
    and not documents, and a last line without a newline is read."""
    path = tmp_path / "crlf.jsonl"
    body = "\r\n".join(json.dumps(_variant(i)) if i % 4 else "  " for i in range(40))
    path.write_bytes(b"\xef\xbb\xbf" + body.encode() + b"\r\n\xef\xbb\xbf{}\r\n\n{\"model\": 1}")
    assert len(parallel.split(str(path), path.stat().st_size, 2)) == 43
    expected = _run([path], 1)
    assert _run([path], 2) == expected
    rules = [(f["line"], f["rule"]) for f in expected[0][0][1]]
    assert (41, "invalid-json") in rules and (43, "type") in rules


def test_jobs_and_standard_input_and_unreadable_paths_keep_their_place(tmp_path, processes):
    for i in range(3):
        (tmp_path / f"a{i}.json").write_text(json.dumps(_variant(7)))
    (tmp_path / "b.yaml").write_text("model: gpt-4\nmessages: []\n")
    (tmp_path / "c.txt").write_text("{}")
    paths = [tmp_path / "a0.json", tmp_path / "a1.json", "-", tmp_path / "b.yaml", tmp_path / "c.txt", tmp_path / "a2.json"]
    stdin = json.dumps(_variant(1)).encode()
    expected = _run(paths, 1, stdin=stdin)
    assert _run(paths, 2, stdin=stdin) == expected
    files = [name for name, _ in expected[0]]
    assert files[-1] == "<stdin>" and files[3].endswith("c.txt")  # standard input comes last
    assert [f["rule"] for f in expected[0][3][1]] == ["unknown-format"]
